// The integer PixelCNN's per-position layers (CIntegerKernels.h). The portable path sums in
// uint32_t, the AVX2 path with vpmaddwd and vpaddd, the VNNI path (level 2) with vpdpwssd, which
// adds the same two products: all modulo 2^32, hence the same bits.

#include "CIntegerKernels.h"
#include "CCodingKernels.h"
#include "Taps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// acc[o] += Σ_j Σ_k w[wo[j] + (k·C + o)·2 + {0, 1}] · x[xo[j] + 2k + {0, 1}] for o < C.
static void qconv_portable(uint32_t *restrict acc, const int16_t *restrict w, ptrdiff_t c, const int16_t *restrict x,
                           const ptrdiff_t *xo, const ptrdiff_t *wo, ptrdiff_t taps) {
    for (ptrdiff_t j = 0; j < taps; j++) {
        const int16_t *restrict xs = x + xo[j], *restrict ws = w + wo[j];
        for (ptrdiff_t k = 0; k < c / 2; k++) {
            const int32_t a = xs[2 * k], b = xs[2 * k + 1];
            const int16_t *restrict row = ws + k * 2 * c;
            for (ptrdiff_t o = 0; o < c; o++) acc[o] += (uint32_t)(row[2 * o] * a) + (uint32_t)(row[2 * o + 1] * b);
        }
    }
}

static inline int32_t clamp(int32_t v) { return v > 32767 ? 32767 : v < -32767 ? -32767 : v; }

/// The rounded shift, clamp and table ELU of one sum (see vlae_q_residual_layer).
static inline int32_t requantize_elu(uint32_t s, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    const int32_t y = clamp((int32_t)(s + (1u << (shift - 1))) >> shift);
    return y >= 0 ? y : elu[-y < eluCount ? -y : eluCount - 1];
}

#if defined(__x86_64__)
#define AVX2_INLINE static inline __attribute__((target("avx2"), always_inline))
// The VNNI kernels (level 2) fuse each vpmaddwd + vpaddd into one vpdpwssd, in 512-bit registers
// where the weights' layout allows.
#define VNNI_TARGET "avx2,avx512f,avx512bw,avx512vl,avx512vnni"

/// a + r[2i]·v[2i] + r[2i+1]·v[2i+1] in each 32-bit lane i, modulo 2^32.
#define MULADD_AVX2(a, r, v) _mm256_add_epi32(a, _mm256_madd_epi16(r, v))
#define MULADD_VNNI(a, r, v) _mm256_dpwssd_epi32(a, r, v)

/// clamp on 8 values.
AVX2_INLINE __m256i clamp8(__m256i v) {
    const __m256i limit = _mm256_set1_epi32(32767);
    return _mm256_max_epi32(_mm256_min_epi32(v, limit), _mm256_sub_epi32(_mm256_setzero_si256(), limit));
}

/// requantize_elu on 8 sums.
AVX2_INLINE __m256i requantize_elu8(__m256i s, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i y = clamp8(_mm256_sra_epi32(_mm256_add_epi32(s, _mm256_set1_epi32(1 << (shift - 1))), _mm_cvtsi32_si128(shift)));
    const __m256i index = _mm256_max_epi32(_mm256_min_epi32(_mm256_sub_epi32(zero, y), _mm256_set1_epi32((int)eluCount - 1)), zero);
    // 32-bit gathers at 2-byte steps (the table has one entry of padding); the low half is the entry.
    const __m256i gathered = _mm256_i32gather_epi32((const int *)elu, index, 2);
    const __m256i e = _mm256_srai_epi32(_mm256_slli_epi32(gathered, 16), 16);
    return _mm256_blendv_epi8(y, e, _mm256_cmpgt_epi32(zero, y));
}

/// 8 int32 values in ±32767 as int16.
AVX2_INLINE __m128i narrow8(__m256i v) {
    return _mm256_castsi256_si128(_mm256_permute4x64_epi64(_mm256_packs_epi32(v, v), 0x08));
}

// A residual layer at position p of LANES tiles (hIn, hOut, term of lane k at k·laneShift),
// NB blocks of 8 outputs from `first`: the sums start from bias + term and stay in registers
// through the taps, the requantisation, the ELU and the skip connection.
#define RESIDUAL_BLOCKS(NB, LANES)                                                                                     \
    do {                                                                                                         \
        __m256i a[LANES][NB];                                                                                    \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++)                                                                         \
                a[l][i] = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(bias + first + 8 * i)),          \
                                           _mm256_loadu_si256((const __m256i *)(term + l * termShift + first + 8 * i))); \
        for (ptrdiff_t j = 0; j < n; j++) {                                                                      \
            const int16_t *ws = w + wo[j] + 2 * first;                                                           \
            for (ptrdiff_t k = 0; k < c / 2; k++) {                                                              \
                __m256i v[LANES];                                                                                \
                for (int l = 0; l < LANES; l++) {                                                                \
                    int32_t pair;                                                                                \
                    memcpy(&pair, hIn + l * laneShift + xo[j] + 2 * k, sizeof pair);                             \
                    v[l] = _mm256_set1_epi32(pair);                                                              \
                }                                                                                                \
                const int16_t *row = ws + k * 2 * c;                                                             \
                for (int i = 0; i < NB; i++) {                                                                   \
                    const __m256i r = _mm256_loadu_si256((const __m256i *)(row + 16 * i));                       \
                    for (int l = 0; l < LANES; l++) a[l][i] = MULADD_AVX2(a[l][i], r, v[l]);                 \
                }                                                                                                \
            }                                                                                                    \
        }                                                                                                        \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) {                                                                       \
                const ptrdiff_t at = l * laneShift + first + 8 * i;                                              \
                const __m256i e = requantize_elu8(a[l][i], shift, elu, eluCount);                                \
                const __m256i h = _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(hIn + at)));           \
                _mm_storeu_si128((__m128i *)(hOut + at), narrow8(clamp8(_mm256_add_epi32(h, e))));               \
            }                                                                                                    \
    } while (0)

__attribute__((target("avx2")))
static void residual_position_avx2(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int32_t *bias, const int16_t *w,
                                   ptrdiff_t c, const ptrdiff_t *xo, const ptrdiff_t *wo, ptrdiff_t n, int shift, const int16_t *elu,
                                   ptrdiff_t eluCount, ptrdiff_t laneShift, ptrdiff_t termShift, int lanes) {
    ptrdiff_t first = 0;
    switch (lanes) {
    case 4:
        for (; first < c; first += 16) RESIDUAL_BLOCKS(2, 4);
        return;
    case 3:
        for (; first < c; first += 16) RESIDUAL_BLOCKS(2, 3);
        return;
    case 2:
        for (; first + 32 <= c; first += 32) RESIDUAL_BLOCKS(4, 2);
        for (; first + 16 <= c; first += 16) RESIDUAL_BLOCKS(2, 2);
        return;
    }
    for (; first + 64 <= c; first += 64) RESIDUAL_BLOCKS(8, 1);
    for (; first + 32 <= c; first += 32) RESIDUAL_BLOCKS(4, 1);
    for (; first + 16 <= c; first += 16) RESIDUAL_BLOCKS(2, 1);
}

#define VNNI_INLINE static inline __attribute__((target(VNNI_TARGET), always_inline))

/// requantize_elu on 16 sums.
VNNI_INLINE __m512i requantize_elu16(__m512i s, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    const __m512i zero = _mm512_setzero_si512(), limit = _mm512_set1_epi32(32767);
    const __m512i shifted = _mm512_sra_epi32(_mm512_add_epi32(s, _mm512_set1_epi32(1 << (shift - 1))), _mm_cvtsi32_si128(shift));
    const __m512i y = _mm512_max_epi32(_mm512_min_epi32(shifted, limit), _mm512_sub_epi32(zero, limit));
    const __m512i index = _mm512_max_epi32(_mm512_min_epi32(_mm512_sub_epi32(zero, y), _mm512_set1_epi32((int)eluCount - 1)), zero);
    const __m512i gathered = _mm512_i32gather_epi32(index, (const void *)elu, 2);   // as in requantize_elu8
    const __m512i e = _mm512_srai_epi32(_mm512_slli_epi32(gathered, 16), 16);
    return _mm512_mask_blend_epi32(_mm512_cmplt_epi32_mask(y, zero), y, e);
}

// RESIDUAL_BLOCKS with NB blocks of 16 outputs in 512-bit registers, summed by vpdpwssd into two
// sets of sums (even and odd pairs, so that twice as many multiply-adds are in flight), added at the end.
#define RESIDUAL_BLOCKS16(NB, LANES)                                                                             \
    do {                                                                                                         \
        __m512i a[LANES][NB], b[LANES][NB];                                                                      \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) {                                                                       \
                a[l][i] = _mm512_add_epi32(_mm512_loadu_si512(bias + first + 16 * i),                            \
                                           _mm512_loadu_si512(term + l * termShift + first + 16 * i));           \
                b[l][i] = _mm512_setzero_si512();                                                                \
            }                                                                                                    \
        for (ptrdiff_t j = 0; j < n; j++) {                                                                      \
            const int16_t *ws = w + wo[j] + 2 * first;                                                           \
            for (ptrdiff_t k = 0; k < c / 2; k += 2) {                                                           \
                __m512i v[LANES], u[LANES];                                                                      \
                for (int l = 0; l < LANES; l++) {                                                                \
                    int32_t pair[2];                                                                             \
                    memcpy(pair, hIn + l * laneShift + xo[j] + 2 * k, sizeof pair);                              \
                    v[l] = _mm512_set1_epi32(pair[0]);                                                           \
                    u[l] = _mm512_set1_epi32(pair[1]);                                                           \
                }                                                                                                \
                const int16_t *row = ws + k * 2 * c;                                                             \
                for (int i = 0; i < NB; i++) {                                                                   \
                    const __m512i r = _mm512_loadu_si512(row + 32 * i), q = _mm512_loadu_si512(row + 2 * c + 32 * i); \
                    for (int l = 0; l < LANES; l++) {                                                            \
                        a[l][i] = _mm512_dpwssd_epi32(a[l][i], r, v[l]);                                         \
                        b[l][i] = _mm512_dpwssd_epi32(b[l][i], q, u[l]);                                         \
                    }                                                                                            \
                }                                                                                                \
            }                                                                                                    \
        }                                                                                                        \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) {                                                                       \
                const ptrdiff_t at = l * laneShift + first + 16 * i;                                             \
                const __m512i e = requantize_elu16(_mm512_add_epi32(a[l][i], b[l][i]), shift, elu, eluCount);    \
                const __m512i h = _mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *)(hIn + at)));        \
                const __m512i limit = _mm512_set1_epi32(32767);                                                  \
                const __m512i sum = _mm512_max_epi32(_mm512_min_epi32(_mm512_add_epi32(h, e), limit),            \
                                                     _mm512_sub_epi32(_mm512_setzero_si512(), limit));           \
                _mm256_storeu_si256((__m256i *)(hOut + at), _mm512_cvtsepi32_epi16(sum));                        \
            }                                                                                                    \
    } while (0)

/// residual_position_avx2 in 512-bit registers with VNNI (c a multiple of 16).
__attribute__((target(VNNI_TARGET)))
static void residual_position_vnni(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int32_t *bias, const int16_t *w,
                                   ptrdiff_t c, const ptrdiff_t *xo, const ptrdiff_t *wo, ptrdiff_t n, int shift, const int16_t *elu,
                                   ptrdiff_t eluCount, ptrdiff_t laneShift, ptrdiff_t termShift, int lanes) {
    ptrdiff_t first = 0;
    switch (lanes) {
    case 4:
        for (; first < c; first += 16) RESIDUAL_BLOCKS16(1, 4);
        return;
    case 3:
        for (; first < c; first += 16) RESIDUAL_BLOCKS16(1, 3);
        return;
    case 2:
        for (; first + 32 <= c; first += 32) RESIDUAL_BLOCKS16(2, 2);
        for (; first < c; first += 16) RESIDUAL_BLOCKS16(1, 2);
        return;
    }
    for (; first + 64 <= c; first += 64) RESIDUAL_BLOCKS16(4, 1);
    for (; first + 32 <= c; first += 32) RESIDUAL_BLOCKS16(2, 1);
    for (; first < c; first += 16) RESIDUAL_BLOCKS16(1, 1);
}

// The first layer at N positions, 8 outputs from o: x holds each position's `pairs` tap pairs'
// canvas values (low half the even tap's), one vpmaddwd per pair and position, each weight
// vector loaded once for all N.
#define FIRST_BLOCK(N, MULADD)                                                                                         \
    do {                                                                                                         \
        __m256i a[N];                                                                                            \
        for (int k = 0; k < N; k++)                                                                              \
            a[k] = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(bias + o)),                             \
                                    _mm256_loadu_si256((const __m256i *)(cond[k] + o)));                         \
        for (ptrdiff_t j = 0; j < pairs; j++) {                                                                  \
            const __m256i w = _mm256_loadu_si256((const __m256i *)(weights + (j * c + o) * 2));                  \
            for (int k = 0; k < N; k++) a[k] = MULADD(a[k], w, _mm256_set1_epi32(x[k * pairs + j]));     \
        }                                                                                                        \
        for (int k = 0; k < N; k++) _mm_storeu_si128((__m128i *)(out[k] + o), narrow8(requantize_elu8(a[k], shift, elu, eluCount))); \
    } while (0)

#define FIRST_POSITIONS(NAME, TARGET, MULADD)                                                                     \
    __attribute__((target(TARGET))) static void NAME(                                                            \
        const int32_t *x, ptrdiff_t pairs, const int16_t *weights, const int32_t *bias, const int32_t *const *cond, \
        int16_t *const *out, int n, ptrdiff_t c, int shift, const int16_t *elu, ptrdiff_t eluCount) {            \
        for (ptrdiff_t o = 0; o < c; o += 8) {                                                                   \
            switch (n) {                                                                                         \
            case 4: FIRST_BLOCK(4, MULADD); break;                                                               \
            case 3: FIRST_BLOCK(3, MULADD); break;                                                               \
            case 2: FIRST_BLOCK(2, MULADD); break;                                                               \
            default: FIRST_BLOCK(1, MULADD); break;                                                              \
            }                                                                                                    \
        }                                                                                                        \
    }

FIRST_POSITIONS(first_positions_avx2, "avx2", MULADD_AVX2)
FIRST_POSITIONS(first_positions_vnni, VNNI_TARGET, MULADD_VNNI)
#endif

static void first_position_portable(const int16_t *x, ptrdiff_t taps, const int16_t *weights, const int32_t *bias, const int32_t *cond,
                                    int16_t *out, ptrdiff_t c, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    for (ptrdiff_t o = 0; o < c; o++) {
        uint32_t s = (uint32_t)bias[o] + (uint32_t)cond[o];
        for (ptrdiff_t t = 0; t < taps; t++) s += (uint32_t)(weights[(t / 2 * c + o) * 2 + t % 2] * x[t]);
        out[o] = (int16_t)requantize_elu(s, shift, elu, eluCount);
    }
}

/// The residual layer at position p of `lanes` tiles `laneShift` values apart, portably.
static void residual_position_portable(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int32_t *bias, const int16_t *w,
                                       ptrdiff_t c, const ptrdiff_t *xo, const ptrdiff_t *wo, ptrdiff_t n, int shift,
                                       const int16_t *elu, ptrdiff_t eluCount, ptrdiff_t laneShift, ptrdiff_t termShift, int lanes, uint32_t *acc) {
    for (int l = 0; l < lanes; l++) {
        const ptrdiff_t at = l * laneShift;
        for (ptrdiff_t o = 0; o < c; o++) acc[o] = (uint32_t)bias[o] + (uint32_t)term[l * termShift + o];
        qconv_portable(acc, w, c, hIn + at, xo, wo, n);
        for (ptrdiff_t o = 0; o < c; o++) hOut[at + o] = (int16_t)clamp(hIn[at + o] + requantize_elu(acc[o], shift, elu, eluCount));
    }
}

static void residual_position(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int32_t *bias, const int16_t *w,
                              ptrdiff_t c, const ptrdiff_t *xo, const ptrdiff_t *wo, ptrdiff_t n, int shift, const int16_t *elu,
                              ptrdiff_t eluCount, ptrdiff_t laneShift, ptrdiff_t termShift, int lanes, uint32_t *acc, int simd) {
#if defined(__x86_64__)
    if (simd == 2) { residual_position_vnni(hIn, hOut, term, bias, w, c, xo, wo, n, shift, elu, eluCount, laneShift, termShift, lanes); return; }
    if (simd == 1) { residual_position_avx2(hIn, hOut, term, bias, w, c, xo, wo, n, shift, elu, eluCount, laneShift, termShift, lanes); return; }
#endif
    residual_position_portable(hIn, hOut, term, bias, w, c, xo, wo, n, shift, elu, eluCount, laneShift, termShift, lanes, acc);
    (void)simd;
}

/// Up to four positions from p on (not past `end`, in p's row) whose taps inside are p's: the
/// layer's positions are independent, so these go through as lanes, each weight read once.
static int lanes_with_taps_of(ptrdiff_t p, ptrdiff_t end, ptrdiff_t side, ptrdiff_t c, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx,
                              ptrdiff_t taps, ptrdiff_t n, const ptrdiff_t *wo) {
    ptrdiff_t xoNext[MAX_TAPS], woNext[MAX_TAPS];
    int lanes = 1;
    while (lanes < 4 && p + lanes < end && (p + lanes) % side != 0
           && vlae_taps_inside((p + lanes) / side, (p + lanes) % side, side, c, tapDy, tapDx, taps, xoNext, woNext) == n
           && memcmp(wo, woNext, sizeof(ptrdiff_t) * (size_t)n) == 0)
        lanes++;
    return lanes;
}

/// The most side × taps for which vlae_q_residual_layer keeps each column's taps on the stack.
enum { COLUMN_TAPS = 2048 };

void vlae_q_residual_layer(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int16_t *weights, const int32_t *bias,
                           ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                           ptrdiff_t first, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount, int32_t *scratch) {
    const ptrdiff_t c = channels;
    if (taps > MAX_TAPS || c % 16 != 0 || shift < 1) abort();
    ptrdiff_t xo[MAX_TAPS], wo[MAX_TAPS];
    const ptrdiff_t end = first + count;
    const int simd = vlae_simd_level();
    // In rows whose taps are all inside vertically, a position's taps depend on its column only:
    // each column's, and how many columns from it on share them, found once per call.
    ptrdiff_t minDy = 0, maxDy = 0;
    for (ptrdiff_t t = 0; t < taps; t++) {
        minDy = tapDy[t] < minDy ? tapDy[t] : minDy;
        maxDy = tapDy[t] > maxDy ? tapDy[t] : maxDy;
    }
    const ptrdiff_t innerTop = -minDy, innerEnd = side - maxDy;   // rows [innerTop, innerEnd)
    const int cached = side * taps <= COLUMN_TAPS && innerTop < innerEnd;
    ptrdiff_t columnXo[cached ? side * taps : 1], columnWo[cached ? side * taps : 1], columnN[cached ? side : 1];
    int columnLanes[cached ? side : 1];
    if (cached) {
        for (ptrdiff_t x = 0; x < side; x++)
            columnN[x] = vlae_taps_inside(innerTop, x, side, c, tapDy, tapDx, taps, columnXo + x * taps, columnWo + x * taps);
        for (ptrdiff_t x = side - 1; x >= 0; x--) {
            const int same = x + 1 < side && columnN[x + 1] == columnN[x]
                             && memcmp(columnWo + x * taps, columnWo + (x + 1) * taps, sizeof(ptrdiff_t) * (size_t)columnN[x]) == 0;
            columnLanes[x] = same ? (columnLanes[x + 1] < 4 ? columnLanes[x + 1] + 1 : 4) : 1;
        }
    }
    for (ptrdiff_t p = first; p < end;) {
        const ptrdiff_t y = p / side, x = p % side, at = p * c;
        ptrdiff_t n;
        const ptrdiff_t *pxo = xo, *pwo = wo;
        int lanes;
        if (cached && y >= innerTop && y < innerEnd) {
            n = columnN[x];
            pxo = columnXo + x * taps, pwo = columnWo + x * taps;
            lanes = columnLanes[x];
            if (p + lanes > end) lanes = (int)(end - p);
        } else {
            n = vlae_taps_inside(y, x, side, c, tapDy, tapDx, taps, xo, wo);
            lanes = lanes_with_taps_of(p, end, side, c, tapDy, tapDx, taps, n, wo);
        }
        residual_position(hIn + at, hOut + at, term + at, bias, weights, c, pxo, pwo, n, shift, elu, eluCount, c, c, lanes, (uint32_t *)scratch,
                          simd);
        p += lanes;
    }
}

/// The first layer at n ≤ 4 positions: at position k, tap t reads canvas[k][index[k][t]]; the
/// sums start from bias + cond[k] and go to out[k].
static void first_positions(const int16_t *const *canvas, const int32_t *const *index, ptrdiff_t taps, const int16_t *weights,
                            const int32_t *bias, const int32_t *const *cond, int16_t *const *out, int n, ptrdiff_t c, int shift,
                            const int16_t *elu, ptrdiff_t eluCount, int simd) {
#if defined(__x86_64__)
    if (simd) {
        const ptrdiff_t pairs = (taps + 1) / 2;
        int32_t x[4 * ((MAX_TAPS + 1) / 2)];
        for (int k = 0; k < n; k++) {
            const int16_t *v = canvas[k];
            const int32_t *at = index[k];
            ptrdiff_t j = 0;
            for (; 2 * j + 1 < taps; j++) x[k * pairs + j] = (int32_t)((uint32_t)(uint16_t)v[at[2 * j]] | (uint32_t)(uint16_t)v[at[2 * j + 1]] << 16);
            if (taps % 2) x[k * pairs + j] = (int32_t)(uint32_t)(uint16_t)v[at[2 * j]];
        }
        (simd == 2 ? first_positions_vnni : first_positions_avx2)(x, pairs, weights, bias, cond, out, n, c, shift, elu, eluCount);
        return;
    }
#endif
    for (int k = 0; k < n; k++) {
        int16_t x[MAX_TAPS];
        for (ptrdiff_t t = 0; t < taps; t++) x[t] = canvas[k][index[k][t]];
        first_position_portable(x, taps, weights, bias, cond[k], out[k], c, shift, elu, eluCount);
    }
    (void)simd;
}

void vlae_q_first_layer(const int16_t *canvas, const int32_t *index, ptrdiff_t taps, const int16_t *weights, const int32_t *bias,
                        const int32_t *condition, int16_t *out, ptrdiff_t channels, ptrdiff_t first, ptrdiff_t count,
                        int shift, const int16_t *elu, ptrdiff_t eluCount) {
    const ptrdiff_t c = channels;
    if (taps > MAX_TAPS || c % 16 != 0 || shift < 1) abort();
    const int simd = vlae_simd_level();
    for (ptrdiff_t p = first; p < first + count; p += 4) {
        const int n = first + count - p < 4 ? (int)(first + count - p) : 4;
        const int16_t *canvases[4];
        const int32_t *indices[4], *conds[4];
        int16_t *outs[4];
        for (int k = 0; k < n; k++) {
            canvases[k] = canvas;
            indices[k] = index + (p + k) * taps;
            conds[k] = condition + (p + k) * c;
            outs[k] = out + (p + k) * c;
        }
        first_positions(canvases, indices, taps, weights, bias, conds, outs, n, c, shift, elu, eluCount, simd);
    }
}

void vlae_q_pixel_step(const vlae_q_pixelcnn *net, ptrdiff_t p, ptrdiff_t lane, ptrdiff_t lanes, float *out) {
    const ptrdiff_t c = net->channels, map = net->positions * c, layers = net->layers;
    if (net->firstTaps > MAX_TAPS || net->residualTaps > MAX_TAPS || c % 16 != 0 || lanes < 1 || lanes > 4) abort();
    const int simd = vlae_simd_level();
    const ptrdiff_t hiddenShift = (layers + 1) * map, termShift = layers * map, at = p * c;
    int16_t *hidden = net->hidden + lane * hiddenShift + at;
    const int32_t *terms = net->terms + lane * termShift + at;
    const int16_t *canvases[4];
    const int32_t *indices[4], *conds[4];
    int16_t *outs[4];
    for (ptrdiff_t k = 0; k < lanes; k++) {
        canvases[k] = net->canvas + (lane + k) * net->canvasStride;
        indices[k] = net->firstIndex + p * net->firstTaps;
        conds[k] = net->condition + (lane + k) * map + at;
        outs[k] = hidden + k * hiddenShift;
    }
    first_positions(canvases, indices, net->firstTaps, net->firstWeights, net->firstBias, conds, outs, (int)lanes, c, net->shifts[0],
                    net->elu, net->eluCount, simd);
    const ptrdiff_t n = net->tapCount[p], *xo = net->tapXo + p * net->residualTaps, *wo = net->tapWo + p * net->residualTaps;
    for (ptrdiff_t l = 0; l < layers; l++)
        residual_position(hidden + l * map, hidden + (l + 1) * map, terms + l * map, net->residualBias[l], net->residualWeights[l], c, xo,
                          wo, n, net->shifts[l + 1], net->elu, net->eluCount, hiddenShift, termShift, (int)lanes, (uint32_t *)net->scratch,
                          simd);
    for (ptrdiff_t k = 0; k < lanes; k++)
        vlae_q_output_layer(out + k * net->outputs, net->outputWeights, net->outputBias, hidden + k * hiddenShift + layers * map, c,
                            net->outputs, net->outputScale, 1);
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static ptrdiff_t dot_avx2(const int16_t *a, const int16_t *b, ptrdiff_t n, uint32_t *sum) {
    __m256i acc = _mm256_setzero_si256();
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16)
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(a + i)), _mm256_loadu_si256((const __m256i *)(b + i))));
    const __m128i half = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    const __m128i quarter = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4e));
    *sum = (uint32_t)_mm_cvtsi128_si32(_mm_add_epi32(quarter, _mm_shuffle_epi32(quarter, 0xb1)));
    return i;
}
#endif

/// Σ_{i < n} a[i]·b[i] (mod 2^32).
static inline uint32_t dot(const int16_t *a, const int16_t *b, ptrdiff_t n, int simd) {
    uint32_t sum = 0;
    ptrdiff_t i = 0;
#if defined(__x86_64__)
    if (simd) i = dot_avx2(a, b, n, &sum);
#endif
    for (; i < n; i++) sum += (uint32_t)(a[i] * b[i]);
    (void)simd;
    return sum;
}

#if defined(__x86_64__)
/// vlae_q_output_layer's output k (weights w, y at its first entry) at the 8 positions x begins
/// with: one vector of partial sums per position, added across by three rounds of vphaddd into the 8 positions' sums.
__attribute__((target("avx2")))
static void output_8_positions_avx2(float *y, const int16_t *w, int32_t bias, const int16_t *x, ptrdiff_t c, ptrdiff_t outputs,
                                    float scale) {
    __m256i s[8];
    for (int p = 0; p < 8; p++) {
        __m256i acc = _mm256_setzero_si256();
        for (ptrdiff_t i = 0; i < c; i += 16)
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(w + i)), _mm256_loadu_si256((const __m256i *)(x + p * c + i))));
        s[p] = acc;
    }
    // Each round adds neighbouring pairs; the lanes end as positions 0–3 (low half) and 4–7 (high)
    // of each 128-bit half, which the permute and the add fold together.
    const __m256i a = _mm256_hadd_epi32(_mm256_hadd_epi32(s[0], s[1]), _mm256_hadd_epi32(s[2], s[3]));
    const __m256i b = _mm256_hadd_epi32(_mm256_hadd_epi32(s[4], s[5]), _mm256_hadd_epi32(s[6], s[7]));
    const __m256i sums = _mm256_add_epi32(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
    const __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_add_epi32(sums, _mm256_set1_epi32(bias))), _mm256_set1_ps(scale));
    float out[8];
    _mm256_storeu_ps(out, v);
    for (int p = 0; p < 8; p++) y[p * outputs] = out[p];
}
#endif

void vlae_q_output_layer(float *y, const int16_t *weights, const int32_t *bias, const int16_t *x, ptrdiff_t channels,
                         ptrdiff_t outputs, float scale, ptrdiff_t positions) {
    ptrdiff_t p = 0;
    const int simd = vlae_simd_level();
#if defined(__x86_64__)
    if (simd && channels % 16 == 0) {
        for (; p + 8 <= positions; p += 8)
            for (ptrdiff_t k = 0; k < outputs; k++)
                output_8_positions_avx2(y + p * outputs + k, weights + k * channels, bias[k], x + p * channels, channels, outputs, scale);
    }
#endif
    for (; p < positions; p++)
        for (ptrdiff_t k = 0; k < outputs; k++) {
            const uint32_t s = (uint32_t)bias[k] + dot(weights + k * channels, x + p * channels, channels, simd);
            y[p * outputs + k] = (float)(int32_t)s * scale;
        }
}

#if defined(__x86_64__)
/// cvtps2dq rounds to nearest even (the default MXCSR mode), as rintf does; NaN gives 0 below.
__attribute__((target("avx2")))
static ptrdiff_t quantize_avx2(const float *x, int32_t *y, ptrdiff_t count, float scale, float limit) {
    const __m256 s = _mm256_set1_ps(scale), hi = _mm256_set1_ps(limit), lo = _mm256_set1_ps(-limit);
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 v = _mm256_mul_ps(_mm256_loadu_ps(x + i), s);
        const __m256 ordered = _mm256_cmp_ps(v, v, _CMP_ORD_Q);
        const __m256 clamped = _mm256_and_ps(_mm256_max_ps(_mm256_min_ps(v, hi), lo), ordered);
        _mm256_storeu_si256((__m256i *)(y + i), _mm256_cvtps_epi32(clamped));
    }
    return i;
}
#endif

void vlae_q_quantize(const float *x, int32_t *y, ptrdiff_t count, float scale, float limit) {
    ptrdiff_t i = 0;
#if defined(__x86_64__)
    if (vlae_simd_level() >= 1) i = quantize_avx2(x, y, count, scale, limit);
#endif
    for (; i < count; i++) {
        const float v = x[i] * scale;
        if (v != v) { y[i] = 0; continue; }   // NaN: no defined conversion
        y[i] = (int32_t)rintf(v > limit ? limit : v < -limit ? -limit : v);
    }
}

#if defined(__x86_64__)
// NB blocks of 8 outputs from `first` of vlae_q_gather for LANES entries of the batch: the sums in
// registers through all sources, each weight vector loaded once for all entries.
#define GATHER_BLOCKS(NB, LANES, MULADD)                                                                               \
    do {                                                                                                         \
        __m256i a[LANES][NB];                                                                                    \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) a[l][i] = _mm256_loadu_si256((const __m256i *)(bias + first + 8 * i));  \
        for (ptrdiff_t j = 0; j < n; j++) {                                                                      \
            const int16_t *xs = x + xo[j], *ws = w + first / 8 * panel + wo[j];                                  \
            for (ptrdiff_t k = 0; k < inputs / 2; k++) {                                                         \
                __m256i v[LANES];                                                                                \
                for (int l = 0; l < LANES; l++) {                                                                \
                    int32_t pair;                                                                                \
                    memcpy(&pair, xs + l * xStride + 2 * k, sizeof pair);                                        \
                    v[l] = _mm256_set1_epi32(pair);                                                              \
                }                                                                                                \
                for (int i = 0; i < NB; i++) {                                                                   \
                    const __m256i r = _mm256_loadu_si256((const __m256i *)(ws + i * panel + 16 * k));            \
                    for (int l = 0; l < LANES; l++) a[l][i] = MULADD(a[l][i], r, v[l]);                      \
                }                                                                                                \
            }                                                                                                    \
        }                                                                                                        \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) _mm256_storeu_si256((__m256i *)(sums + l * sumStride + first + 8 * i), a[l][i]); \
    } while (0)

/// vlae_q_gather for 1 … 4 entries of the batch.
__attribute__((target("avx2")))
static void gather_avx2(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride, int lanes,
                        const ptrdiff_t *xo, const int16_t *w, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs, ptrdiff_t outputs,
                        ptrdiff_t panel) {
    ptrdiff_t first = 0;
    switch (lanes) {
    case 4:
        for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS(2, 4, MULADD_AVX2);
        for (; first < outputs; first += 8) GATHER_BLOCKS(1, 4, MULADD_AVX2);
        return;
    case 3:
        for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS(2, 3, MULADD_AVX2);
        for (; first < outputs; first += 8) GATHER_BLOCKS(1, 3, MULADD_AVX2);
        return;
    case 2:
        for (; first + 32 <= outputs; first += 32) GATHER_BLOCKS(4, 2, MULADD_AVX2);
        for (; first < outputs; first += 8) GATHER_BLOCKS(1, 2, MULADD_AVX2);
        return;
    }
    for (; first + 32 <= outputs; first += 32) GATHER_BLOCKS(4, 1, MULADD_AVX2);
    for (; first < outputs; first += 8) GATHER_BLOCKS(1, 1, MULADD_AVX2);
}

/// vlae_q_gather for 8 entries of the batch, 8 outputs at a time: for layers of at most 16
/// outputs (the decoder's 16-channel maps), where four entries leave a call's overhead beside
/// little arithmetic.
__attribute__((target("avx2")))
static void gather8_avx2(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride,
                         const ptrdiff_t *xo, const int16_t *w, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs, ptrdiff_t outputs,
                         ptrdiff_t panel) {
    for (ptrdiff_t first = 0; first < outputs; first += 8) GATHER_BLOCKS(1, 8, MULADD_AVX2);
}

// GATHER_BLOCKS with NB blocks of 16 outputs in 512-bit registers: each block's weights are two
// panels' rows side by side.
#define GATHER_BLOCKS16(NB, LANES)                                                                               \
    do {                                                                                                         \
        __m512i a[LANES][NB];                                                                                    \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) a[l][i] = _mm512_loadu_si512(bias + first + 16 * i);                   \
        for (ptrdiff_t j = 0; j < n; j++) {                                                                      \
            const int16_t *xs = x + xo[j], *ws = w + first / 8 * panel + wo[j];                                  \
            for (ptrdiff_t k = 0; k < inputs / 2; k++) {                                                         \
                __m512i v[LANES];                                                                                \
                for (int l = 0; l < LANES; l++) {                                                                \
                    int32_t pair;                                                                                \
                    memcpy(&pair, xs + l * xStride + 2 * k, sizeof pair);                                        \
                    v[l] = _mm512_set1_epi32(pair);                                                              \
                }                                                                                                \
                for (int i = 0; i < NB; i++) {                                                                   \
                    const __m256i lo = _mm256_loadu_si256((const __m256i *)(ws + 2 * i * panel + 16 * k));       \
                    const __m256i hi = _mm256_loadu_si256((const __m256i *)(ws + (2 * i + 1) * panel + 16 * k)); \
                    const __m512i r = _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);                     \
                    for (int l = 0; l < LANES; l++) a[l][i] = _mm512_dpwssd_epi32(a[l][i], r, v[l]);             \
                }                                                                                                \
            }                                                                                                    \
        }                                                                                                        \
        for (int l = 0; l < LANES; l++)                                                                          \
            for (int i = 0; i < NB; i++) _mm512_storeu_si512(sums + l * sumStride + first + 16 * i, a[l][i]);    \
    } while (0)

/// gather_avx2 for 1 … 4 entries in 512-bit registers with VNNI; a last 8 outputs in 256-bit ones.
__attribute__((target(VNNI_TARGET)))
static void gather_vnni(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride, int lanes,
                        const ptrdiff_t *xo, const int16_t *w, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs, ptrdiff_t outputs,
                        ptrdiff_t panel) {
    ptrdiff_t first = 0;
    switch (lanes) {
    case 4:
        for (; first + 32 <= outputs; first += 32) GATHER_BLOCKS16(2, 4);
        for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS16(1, 4);
        for (; first < outputs; first += 8) GATHER_BLOCKS(1, 4, MULADD_VNNI);
        return;
    case 3:
        for (; first + 32 <= outputs; first += 32) GATHER_BLOCKS16(2, 3);
        for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS16(1, 3);
        for (; first < outputs; first += 8) GATHER_BLOCKS(1, 3, MULADD_VNNI);
        return;
    case 2:
        for (; first + 64 <= outputs; first += 64) GATHER_BLOCKS16(4, 2);
        for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS16(1, 2);
        for (; first < outputs; first += 8) GATHER_BLOCKS(1, 2, MULADD_VNNI);
        return;
    }
    for (; first + 64 <= outputs; first += 64) GATHER_BLOCKS16(4, 1);
    for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS16(1, 1);
    for (; first < outputs; first += 8) GATHER_BLOCKS(1, 1, MULADD_VNNI);
}

/// gather8_avx2 in 512-bit registers with VNNI.
__attribute__((target(VNNI_TARGET)))
static void gather8_vnni(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride,
                         const ptrdiff_t *xo, const int16_t *w, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs, ptrdiff_t outputs,
                         ptrdiff_t panel) {
    ptrdiff_t first = 0;
    for (; first + 16 <= outputs; first += 16) GATHER_BLOCKS16(1, 8);
    for (; first < outputs; first += 8) GATHER_BLOCKS(1, 8, MULADD_VNNI);
}

__attribute__((target("avx2")))
static ptrdiff_t activate_avx2(const int32_t *sums, int16_t *y, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    ptrdiff_t i = 0;
    const __m128i by = _mm_cvtsi32_si128(shift);
    const __m256i half = _mm256_set1_epi32(1 << (shift - 1));
    for (; i + 8 <= count; i += 8) {
        const __m256i s = _mm256_loadu_si256((const __m256i *)(sums + i));
        const __m256i v = elu ? requantize_elu8(s, shift, elu, eluCount) : clamp8(_mm256_sra_epi32(_mm256_add_epi32(s, half), by));
        _mm_storeu_si128((__m128i *)(y + i), narrow8(v));
    }
    return i;
}

/// activate_avx2 16 values at a time (the AVX-512 level).
__attribute__((target(VNNI_TARGET)))
static ptrdiff_t activate_vnni(const int32_t *sums, int16_t *y, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    ptrdiff_t i = 0;
    const __m128i by = _mm_cvtsi32_si128(shift);
    const __m512i half = _mm512_set1_epi32(1 << (shift - 1)), limit = _mm512_set1_epi32(32767);
    const __m512i negativeLimit = _mm512_sub_epi32(_mm512_setzero_si512(), limit);
    for (; i + 16 <= count; i += 16) {
        const __m512i s = _mm512_loadu_si512(sums + i);
        const __m512i v = elu ? requantize_elu16(s, shift, elu, eluCount)
                              : _mm512_max_epi32(_mm512_min_epi32(_mm512_sra_epi32(_mm512_add_epi32(s, half), by), limit), negativeLimit);
        _mm256_storeu_si256((__m256i *)(y + i), _mm512_cvtsepi32_epi16(v));
    }
    return i;
}
#endif

void vlae_q_gather(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride, ptrdiff_t batch,
                   const ptrdiff_t *xo, const int16_t *w, ptrdiff_t panel, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs,
                   ptrdiff_t outputs) {
    if (inputs % 2 != 0 || outputs % 8 != 0) abort();
#if defined(__x86_64__)
    if (vlae_simd_level() >= 1) {
        const int vnni = vlae_simd_level() == 2;
        ptrdiff_t b = 0;
        if (outputs <= 16)
            for (; b + 8 <= batch; b += 8)
                (vnni ? gather8_vnni : gather8_avx2)(sums + b * sumStride, sumStride, bias, x + b * xStride, xStride, xo, w, wo, n, inputs,
                                                     outputs, panel);
        for (; b < batch; b += 4) {
            (vnni ? gather_vnni : gather_avx2)(sums + b * sumStride, sumStride, bias, x + b * xStride, xStride, batch - b < 4 ? (int)(batch - b) : 4, xo, w, wo, n,
                        inputs, outputs, panel);
        }
        return;
    }
#endif
    for (ptrdiff_t b = 0; b < batch; b++) {
        uint32_t *acc = (uint32_t *)(sums + b * sumStride);
        for (ptrdiff_t o = 0; o < outputs; o++) acc[o] = (uint32_t)bias[o];
        for (ptrdiff_t j = 0; j < n; j++) {
            const int16_t *xs = x + b * xStride + xo[j];
            for (ptrdiff_t k = 0; k < inputs / 2; k++) {
                const int32_t a = xs[2 * k], c = xs[2 * k + 1];
                for (ptrdiff_t o = 0; o < outputs; o++) {
                    const int16_t *pair = w + o / 8 * panel + wo[j] + 16 * k + 2 * (o % 8);
                    acc[o] += (uint32_t)(pair[0] * a) + (uint32_t)(pair[1] * c);
                }
            }
        }
    }
}

void vlae_q_activate(const int32_t *sums, int16_t *y, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount) {
    if (shift < 1 || shift > 30) abort();
    ptrdiff_t i = 0;
#if defined(__x86_64__)
    if (vlae_simd_level() == 2) i = activate_vnni(sums, y, count, shift, elu, eluCount);
    if (vlae_simd_level() >= 1) i += activate_avx2(sums + i, y + i, count - i, shift, elu, eluCount);
#endif
    for (; i < count; i++) {
        y[i] = (int16_t)(elu ? requantize_elu((uint32_t)sums[i], shift, elu, eluCount)
                             : clamp((int32_t)((uint32_t)sums[i] + (1u << (shift - 1))) >> shift));
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static ptrdiff_t rescale_avx2(const int32_t *x, int32_t *y, ptrdiff_t count, int shift) {
    ptrdiff_t i = 0;
    const __m128i by = _mm_cvtsi32_si128(shift > 0 ? shift : -shift);
    const __m256i half = _mm256_set1_epi32(shift > 0 ? 1 << (shift - 1) : 0);
    for (; i + 8 <= count; i += 8) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(x + i));
        const __m256i r = shift > 0 ? _mm256_sra_epi32(_mm256_add_epi32(v, half), by) : _mm256_sll_epi32(v, by);
        _mm256_storeu_si256((__m256i *)(y + i), r);
    }
    return i;
}
#endif

void vlae_q_rescale(const int32_t *x, int32_t *y, ptrdiff_t count, int shift) {
    if (shift > 30 || shift < -30) abort();
    ptrdiff_t i = 0;
#if defined(__x86_64__)
    if (vlae_simd_level() >= 1) i = rescale_avx2(x, y, count, shift);
#endif
    for (; i < count; i++) {
        const uint32_t v = (uint32_t)x[i];
        y[i] = shift > 0 ? (int32_t)(v + (1u << (shift - 1))) >> shift : (int32_t)(v << -shift);
    }
}

void vlae_q_made_step(const vlae_q_made *made, ptrdiff_t i, ptrdiff_t lo, ptrdiff_t hi, const int16_t *z, int16_t *h1, int16_t *h2,
                      int32_t *mean, int32_t *logScale) {
    const ptrdiff_t d = made->latents, h = made->hidden;
    if (made->shift1 < 1 || made->shift2 < 1) abort();
    const int simd = vlae_simd_level();
    // The AVX2 path runs each dot product on to a multiple of 16: the values past the set ones
    // are zeros, and the weights past a row's end those of the next row or the padding.
    const ptrdiff_t zs = simd ? (i + 15) & ~(ptrdiff_t)15 : i, hs = simd ? (hi + 15) & ~(ptrdiff_t)15 : hi;
    if (i > 0) {
        for (ptrdiff_t j = lo; j < hi; j++)
            h1[j] = (int16_t)requantize_elu((uint32_t)made->b1[j] + dot(made->w1 + j * d, z, zs, simd), made->shift1, made->elu1, made->elu1Count);
        for (ptrdiff_t j = lo; j < hi; j++)
            h2[j] = (int16_t)requantize_elu((uint32_t)made->b2[j] + dot(made->w2 + j * h, h1, hs, simd), made->shift2, made->elu2, made->elu2Count);
    }
    *mean = (int32_t)((uint32_t)made->b3[i] + dot(made->w3 + i * h, h2, hs, simd));
    *logScale = (int32_t)((uint32_t)made->b3[d + i] + dot(made->w3 + (d + i) * h, h2, hs, simd));
}
