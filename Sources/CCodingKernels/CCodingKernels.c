// The coding model's hot loop in C, so that it can use AVX2 where the CPU has it while the
// binary still runs on any x86-64 (Swift code is built for the baseline only).
#pragma STDC FP_CONTRACT OFF

#include "CCodingKernels.h"
#include "Taps.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static void conv32_portable(float *restrict acc, const float *restrict weights, ptrdiff_t stride, const float *restrict input,
                            const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
    float a[32];
    memcpy(a, acc, sizeof a);
    for (ptrdiff_t j = 0; j < taps; j++) {
        const float *restrict x = input + xOffsets[j], *restrict w = weights + wOffsets[j];
        for (ptrdiff_t c = 0; c < channels; c++) {
            const float v = x[c], *restrict r = w + c * stride;
            for (int i = 0; i < 32; i++) {
                const float product = r[i] * v;
                a[i] = a[i] + product;
            }
        }
    }
    memcpy(acc, a, sizeof a);
}

static void conv32x2_portable(float *restrict acc0, float *restrict acc1, const float *restrict weights, ptrdiff_t stride,
                              const float *restrict input, ptrdiff_t shift,
                              const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
    conv32_portable(acc0, weights, stride, input, xOffsets, wOffsets, taps, channels);
    conv32_portable(acc1, weights, stride, input + shift, xOffsets, wOffsets, taps, channels);
}

static void conv64_portable(float *restrict acc, const float *restrict weights, ptrdiff_t stride, const float *restrict input,
                            const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
    conv32_portable(acc, weights, stride, input, xOffsets, wOffsets, taps, channels);
    conv32_portable(acc + 32, weights + 32, stride, input, xOffsets, wOffsets, taps, channels);
}

static const ptrdiff_t no_offset[1] = {0};

static void axpy32x2_portable(float *restrict acc0, float *restrict acc1, const float *restrict rows0, const float *restrict rows1,
                              ptrdiff_t stride, const float *restrict x, ptrdiff_t n) {
    conv32_portable(acc0, rows0, stride, x, no_offset, no_offset, 1, n);
    conv32_portable(acc1, rows1, stride, x, no_offset, no_offset, 1, n);
}

#if defined(__x86_64__)
// target("avx2") without "fma": the compiler has no fused multiply-add to contract into.
__attribute__((target("avx2")))
static void conv32_avx2(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                        const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
    __m256 a0 = _mm256_loadu_ps(acc), a1 = _mm256_loadu_ps(acc + 8);
    __m256 a2 = _mm256_loadu_ps(acc + 16), a3 = _mm256_loadu_ps(acc + 24);
    for (ptrdiff_t j = 0; j < taps; j++) {
        const float *x = input + xOffsets[j], *w = weights + wOffsets[j];
        for (ptrdiff_t c = 0; c < channels; c++) {
            const __m256 v = _mm256_set1_ps(x[c]);
            const float *r = w + c * stride;
            a0 = _mm256_add_ps(a0, _mm256_mul_ps(_mm256_loadu_ps(r), v));
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(_mm256_loadu_ps(r + 8), v));
            a2 = _mm256_add_ps(a2, _mm256_mul_ps(_mm256_loadu_ps(r + 16), v));
            a3 = _mm256_add_ps(a3, _mm256_mul_ps(_mm256_loadu_ps(r + 24), v));
        }
    }
    _mm256_storeu_ps(acc, a0);
    _mm256_storeu_ps(acc + 8, a1);
    _mm256_storeu_ps(acc + 16, a2);
    _mm256_storeu_ps(acc + 24, a3);
}

__attribute__((target("avx2")))
static void conv64_avx2(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                        const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
    __m256 a0 = _mm256_loadu_ps(acc), a1 = _mm256_loadu_ps(acc + 8), a2 = _mm256_loadu_ps(acc + 16), a3 = _mm256_loadu_ps(acc + 24);
    __m256 a4 = _mm256_loadu_ps(acc + 32), a5 = _mm256_loadu_ps(acc + 40), a6 = _mm256_loadu_ps(acc + 48), a7 = _mm256_loadu_ps(acc + 56);
    for (ptrdiff_t j = 0; j < taps; j++) {
        const float *x = input + xOffsets[j], *w = weights + wOffsets[j];
        for (ptrdiff_t c = 0; c < channels; c++) {
            const __m256 v = _mm256_set1_ps(x[c]);
            const float *r = w + c * stride;
            a0 = _mm256_add_ps(a0, _mm256_mul_ps(_mm256_loadu_ps(r), v));
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(_mm256_loadu_ps(r + 8), v));
            a2 = _mm256_add_ps(a2, _mm256_mul_ps(_mm256_loadu_ps(r + 16), v));
            a3 = _mm256_add_ps(a3, _mm256_mul_ps(_mm256_loadu_ps(r + 24), v));
            a4 = _mm256_add_ps(a4, _mm256_mul_ps(_mm256_loadu_ps(r + 32), v));
            a5 = _mm256_add_ps(a5, _mm256_mul_ps(_mm256_loadu_ps(r + 40), v));
            a6 = _mm256_add_ps(a6, _mm256_mul_ps(_mm256_loadu_ps(r + 48), v));
            a7 = _mm256_add_ps(a7, _mm256_mul_ps(_mm256_loadu_ps(r + 56), v));
        }
    }
    _mm256_storeu_ps(acc, a0);
    _mm256_storeu_ps(acc + 8, a1);
    _mm256_storeu_ps(acc + 16, a2);
    _mm256_storeu_ps(acc + 24, a3);
    _mm256_storeu_ps(acc + 32, a4);
    _mm256_storeu_ps(acc + 40, a5);
    _mm256_storeu_ps(acc + 48, a6);
    _mm256_storeu_ps(acc + 56, a7);
}

__attribute__((target("avx2")))
static void conv32x2_avx2(float *acc0, float *acc1, const float *weights, ptrdiff_t stride, const float *input, ptrdiff_t shift,
                          const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
    __m256 a0 = _mm256_loadu_ps(acc0), a1 = _mm256_loadu_ps(acc0 + 8);
    __m256 a2 = _mm256_loadu_ps(acc0 + 16), a3 = _mm256_loadu_ps(acc0 + 24);
    __m256 b0 = _mm256_loadu_ps(acc1), b1 = _mm256_loadu_ps(acc1 + 8);
    __m256 b2 = _mm256_loadu_ps(acc1 + 16), b3 = _mm256_loadu_ps(acc1 + 24);
    for (ptrdiff_t j = 0; j < taps; j++) {
        const float *x = input + xOffsets[j], *w = weights + wOffsets[j];
        for (ptrdiff_t c = 0; c < channels; c++) {
            const __m256 u = _mm256_set1_ps(x[c]), v = _mm256_set1_ps(x[c + shift]);
            const float *r = w + c * stride;
            __m256 row = _mm256_loadu_ps(r);
            a0 = _mm256_add_ps(a0, _mm256_mul_ps(row, u));
            b0 = _mm256_add_ps(b0, _mm256_mul_ps(row, v));
            row = _mm256_loadu_ps(r + 8);
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(row, u));
            b1 = _mm256_add_ps(b1, _mm256_mul_ps(row, v));
            row = _mm256_loadu_ps(r + 16);
            a2 = _mm256_add_ps(a2, _mm256_mul_ps(row, u));
            b2 = _mm256_add_ps(b2, _mm256_mul_ps(row, v));
            row = _mm256_loadu_ps(r + 24);
            a3 = _mm256_add_ps(a3, _mm256_mul_ps(row, u));
            b3 = _mm256_add_ps(b3, _mm256_mul_ps(row, v));
        }
    }
    _mm256_storeu_ps(acc0, a0);
    _mm256_storeu_ps(acc0 + 8, a1);
    _mm256_storeu_ps(acc0 + 16, a2);
    _mm256_storeu_ps(acc0 + 24, a3);
    _mm256_storeu_ps(acc1, b0);
    _mm256_storeu_ps(acc1 + 8, b1);
    _mm256_storeu_ps(acc1 + 16, b2);
    _mm256_storeu_ps(acc1 + 24, b3);
}

__attribute__((target("avx2")))
static void axpy32x2_avx2(float *acc0, float *acc1, const float *rows0, const float *rows1, ptrdiff_t stride,
                          const float *x, ptrdiff_t n) {
    __m256 a0 = _mm256_loadu_ps(acc0), a1 = _mm256_loadu_ps(acc0 + 8);
    __m256 a2 = _mm256_loadu_ps(acc0 + 16), a3 = _mm256_loadu_ps(acc0 + 24);
    __m256 b0 = _mm256_loadu_ps(acc1), b1 = _mm256_loadu_ps(acc1 + 8);
    __m256 b2 = _mm256_loadu_ps(acc1 + 16), b3 = _mm256_loadu_ps(acc1 + 24);
    for (ptrdiff_t k = 0; k < n; k++) {
        const __m256 v = _mm256_set1_ps(x[k]);
        const float *r = rows0 + k * stride, *q = rows1 + k * stride;
        a0 = _mm256_add_ps(a0, _mm256_mul_ps(_mm256_loadu_ps(r), v));
        b0 = _mm256_add_ps(b0, _mm256_mul_ps(_mm256_loadu_ps(q), v));
        a1 = _mm256_add_ps(a1, _mm256_mul_ps(_mm256_loadu_ps(r + 8), v));
        b1 = _mm256_add_ps(b1, _mm256_mul_ps(_mm256_loadu_ps(q + 8), v));
        a2 = _mm256_add_ps(a2, _mm256_mul_ps(_mm256_loadu_ps(r + 16), v));
        b2 = _mm256_add_ps(b2, _mm256_mul_ps(_mm256_loadu_ps(q + 16), v));
        a3 = _mm256_add_ps(a3, _mm256_mul_ps(_mm256_loadu_ps(r + 24), v));
        b3 = _mm256_add_ps(b3, _mm256_mul_ps(_mm256_loadu_ps(q + 24), v));
    }
    _mm256_storeu_ps(acc0, a0);
    _mm256_storeu_ps(acc0 + 8, a1);
    _mm256_storeu_ps(acc0 + 16, a2);
    _mm256_storeu_ps(acc0 + 24, a3);
    _mm256_storeu_ps(acc1, b0);
    _mm256_storeu_ps(acc1 + 8, b1);
    _mm256_storeu_ps(acc1 + 16, b2);
    _mm256_storeu_ps(acc1 + 24, b3);
}
#endif

static int cpu_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2")) return 0;
    // The cpu model's AVX-512 bits include the OS's saving of the registers (XCR0).
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
                   && __builtin_cpu_supports("avx512vnni") ? 2 : 1;
#else
    return 0;
#endif
}

// Set once when the library loads, before any thread can call the kernels.
static int level;

__attribute__((constructor))
static void choose_level(void) {
    const char *setting = getenv("VLAE_SIMD");
    const int most = cpu_level();
    level = !setting ? most : strcmp(setting, "portable") == 0 ? 0 : strcmp(setting, "avx2") == 0 && most > 1 ? 1 : most;
}

int vlae_simd_level(void) { return level; }

int vlae_set_simd_level(int wanted) {
    const int most = cpu_level();
    level = wanted < 0 ? 0 : wanted > most ? most : wanted;
    return level;
}

void vlae_conv32(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                 const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
#if defined(__x86_64__)
    if (level >= 1) { conv32_avx2(acc, weights, stride, input, xOffsets, wOffsets, taps, channels); return; }
#endif
    conv32_portable(acc, weights, stride, input, xOffsets, wOffsets, taps, channels);
}

void vlae_conv32x2(float *acc0, float *acc1, const float *weights, ptrdiff_t stride, const float *input, ptrdiff_t shift,
                   const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
#if defined(__x86_64__)
    if (level >= 1) { conv32x2_avx2(acc0, acc1, weights, stride, input, shift, xOffsets, wOffsets, taps, channels); return; }
#endif
    conv32x2_portable(acc0, acc1, weights, stride, input, shift, xOffsets, wOffsets, taps, channels);
}


// ELU on 8 floats at once: DMath.elu's operations (DeterministicMath/DMath+ELU.swift) in the
// same order, each lane-wise and correctly rounded, so every lane equals the Swift scalar.
// Selections follow Swift's min(x, y) = y < x ? y : x and max(x, y) = y >= x ? y : x.
typedef float v8f __attribute__((vector_size(32)));
typedef float v8fu __attribute__((vector_size(32), aligned(4)));
typedef int v8i __attribute__((vector_size(32)));
#define INLINE static inline __attribute__((always_inline))
#define SPLAT8(s) ((v8f){(s), (s), (s), (s), (s), (s), (s), (s)})
#define SPLAT8I(s) ((v8i){(s), (s), (s), (s), (s), (s), (s), (s)})
#define SELECT(mask, a, b) ((v8f)(((mask) & (v8i)(a)) | (~(mask) & (v8i)(b))))

// A statement expression rather than a function: a function taking or returning a vector type
// would change ABI with the target.
#define ELU8(input) ({ \
        const v8f x_ = (input), low_ = SPLAT8(-87.0f), zero_ = SPLAT8(0.0f), magic_ = SPLAT8(12582912.0f); \
        const v8f clampedBelow_ = SELECT((v8i)(low_ >= x_), low_, x_); \
        const v8f xc_ = SELECT((v8i)(zero_ < clampedBelow_), zero_, clampedBelow_); \
        const v8f shifted_ = xc_ * SPLAT8(1.44269504f) + magic_; \
        const v8i k_ = (v8i)shifted_ - SPLAT8I(0x4B400000); \
        const v8f kf_ = shifted_ - magic_; \
        const v8f r_ = xc_ - kf_ * SPLAT8(0.693145751953125f) - kf_ * SPLAT8(1.428606765330187e-06f); \
        const v8f p_ = r_ * (SPLAT8(1.0f) + r_ * (SPLAT8(0.5f) + r_ * (SPLAT8(1.0f / 6) + r_ * (SPLAT8(1.0f / 24) \
                       + r_ * (SPLAT8(1.0f / 120) + r_ * SPLAT8(1.0f / 720)))))); \
        const v8f scale_ = (v8f)((k_ + SPLAT8I(127)) << 23); \
        const v8f e_ = scale_ * p_ + (scale_ - SPLAT8(1.0f)); \
        SELECT((v8i)(x_ > zero_), x_, e_); \
    })

/// x[i] = ELU(x[i]) for i < count, by vectors of 8 (the tail through a zero-filled vector).
INLINE void elu_body(float *x, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) *(v8fu *)(x + i) = ELU8(*(const v8fu *)(x + i));
    if (i == count) return;
    float tail[8] = {0};
    memcpy(tail, x + i, sizeof(float) * (size_t)(count - i));
    *(v8fu *)tail = ELU8(*(const v8fu *)tail);
    memcpy(x + i, tail, sizeof(float) * (size_t)(count - i));
}

/// out[i] = in[i] + ELU(acc[i] + term[i]): the end of a residual layer, in DMath's order.
INLINE void finish_residual_body(const float *acc, const float *term, const float *in, float *out, ptrdiff_t count) {
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const v8f s = *(const v8fu *)(acc + i) + *(const v8fu *)(term + i);
        *(v8fu *)(out + i) = ELU8(s) + *(const v8fu *)(in + i);
    }
    for (; i < count; i++) {
        float s = acc[i] + term[i];
        elu_body(&s, 1);
        out[i] = s + in[i];
    }
}

static void elu_portable(float *x, ptrdiff_t count) { elu_body(x, count); }
static void finish_residual_portable(const float *acc, const float *term, const float *in, float *out, ptrdiff_t count) {
    finish_residual_body(acc, term, in, out, count);
}
#if defined(__x86_64__)
__attribute__((target("avx2"))) static void elu_avx2(float *x, ptrdiff_t count) { elu_body(x, count); }
__attribute__((target("avx2")))
static void finish_residual_avx2(const float *acc, const float *term, const float *in, float *out, ptrdiff_t count) {
    finish_residual_body(acc, term, in, out, count);
}
#endif

void vlae_elu(float *x, ptrdiff_t count) {
#if defined(__x86_64__)
    if (level >= 1) { elu_avx2(x, count); return; }
#endif
    elu_portable(x, count);
}

static void finish_residual(const float *acc, const float *term, const float *in, float *out, ptrdiff_t count) {
#if defined(__x86_64__)
    if (level >= 1) { finish_residual_avx2(acc, term, in, out, count); return; }
#endif
    finish_residual_portable(acc, term, in, out, count);
}

/// See Taps.h.
ptrdiff_t vlae_taps_inside(ptrdiff_t y, ptrdiff_t x, ptrdiff_t side, ptrdiff_t channels, const ptrdiff_t *tapDy,
                           const ptrdiff_t *tapDx, ptrdiff_t taps, ptrdiff_t *xOffsets, ptrdiff_t *wOffsets) {
    ptrdiff_t n = 0;
    for (ptrdiff_t t = 0; t < taps; t++) {
        const ptrdiff_t iy = y + tapDy[t], ix = x + tapDx[t];
        if (iy < 0 || iy >= side || ix < 0 || ix >= side) continue;
        xOffsets[n] = (tapDy[t] * side + tapDx[t]) * channels;
        wOffsets[n] = t * channels * channels;
        n++;
    }
    return n;
}

void vlae_residual_layer(const float *hIn, float *hOut, const float *term, const float *weights, const float *bias,
                         ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                         ptrdiff_t first, ptrdiff_t count, float *scratch) {
    const ptrdiff_t c = channels, end = first + count;
    if (taps > MAX_TAPS) abort();
    ptrdiff_t xo[MAX_TAPS], wo[MAX_TAPS], xo1[MAX_TAPS], wo1[MAX_TAPS];
    float *acc0 = scratch, *acc1 = scratch + c;
    for (ptrdiff_t p = first; p < end;) {
        const ptrdiff_t n = vlae_taps_inside(p / side, p % side, side, c, tapDy, tapDx, taps, xo, wo);
        // The same taps inside (the same weight offsets) at p + 1 of the same row: one pass for both.
        const int pair = c % 32 == 0 && p + 1 < end && (p + 1) % side != 0
                         && vlae_taps_inside((p + 1) / side, (p + 1) % side, side, c, tapDy, tapDx, taps, xo1, wo1) == n
                         && memcmp(wo, wo1, sizeof(ptrdiff_t) * (size_t)n) == 0;
        const float *origin = hIn + p * c;
        memcpy(acc0, bias, sizeof(float) * (size_t)c);
        if (pair) {
            memcpy(acc1, bias, sizeof(float) * (size_t)c);
            for (ptrdiff_t o = 0; o < c; o += 32) vlae_conv32x2(acc0 + o, acc1 + o, weights + o, c, origin, c, xo, wo, n, c);
        } else if (c % 32 == 0) {
            ptrdiff_t o = 0;
            for (; o + 64 <= c; o += 64) vlae_conv64(acc0 + o, weights + o, c, origin, xo, wo, n, c);
            if (o < c) vlae_conv32(acc0 + o, weights + o, c, origin, xo, wo, n, c);
        } else {
            for (ptrdiff_t j = 0; j < n; j++)
                for (ptrdiff_t ci = 0; ci < c; ci++) {
                    const float v = origin[xo[j] + ci], *row = weights + wo[j] + ci * c;
                    for (ptrdiff_t i = 0; i < c; i++) acc0[i] = acc0[i] + row[i] * v;
                }
        }
        finish_residual(acc0, term + p * c, hIn + p * c, hOut + p * c, c);
        if (pair) finish_residual(acc1, term + (p + 1) * c, hIn + (p + 1) * c, hOut + (p + 1) * c, c);
        p += pair ? 2 : 1;
    }
}

void vlae_residual_layer_lanes(const float *hIn, float *hOut, const float *term, const float *weights, const float *bias,
                               ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                               ptrdiff_t p, ptrdiff_t shift, float *scratch) {
    const ptrdiff_t c = channels;
    if (c % 32 != 0) {   // no blocked kernel for this width: one tile after the other
        vlae_residual_layer(hIn, hOut, term, weights, bias, c, side, tapDy, tapDx, taps, p, 1, scratch);
        vlae_residual_layer(hIn + shift, hOut + shift, term + shift, weights, bias, c, side, tapDy, tapDx, taps, p, 1, scratch);
        return;
    }
    if (taps > MAX_TAPS) abort();
    ptrdiff_t xo[MAX_TAPS], wo[MAX_TAPS];
    const ptrdiff_t n = vlae_taps_inside(p / side, p % side, side, c, tapDy, tapDx, taps, xo, wo);
    float *acc0 = scratch, *acc1 = scratch + c;
    memcpy(acc0, bias, sizeof(float) * (size_t)c);
    memcpy(acc1, bias, sizeof(float) * (size_t)c);
    for (ptrdiff_t o = 0; o < c; o += 32) vlae_conv32x2(acc0 + o, acc1 + o, weights + o, c, hIn + p * c, shift, xo, wo, n, c);
    finish_residual(acc0, term + p * c, hIn + p * c, hOut + p * c, c);
    finish_residual(acc1, term + shift + p * c, hIn + shift + p * c, hOut + shift + p * c, c);
}

/// out[i] = ELU(acc[i] + condition[i]), acc[i] = bias[i] + Σ_t weights[t·C + i] · x_t over the
/// taps inside (one input channel): the first layer at one position, eight outputs at a time.
INLINE void first_layer_body(const float *x, const ptrdiff_t *inputOffsets, const ptrdiff_t *taps, ptrdiff_t n,
                             const float *weights, const float *bias, const float *condition, float *out, ptrdiff_t c) {
    ptrdiff_t i = 0;
    for (; i + 8 <= c; i += 8) {
        v8f acc = *(const v8fu *)(bias + i);
        for (ptrdiff_t j = 0; j < n; j++) acc = acc + *(const v8fu *)(weights + taps[j] * c + i) * SPLAT8(x[inputOffsets[j]]);
        *(v8fu *)(out + i) = ELU8(acc + *(const v8fu *)(condition + i));
    }
    for (; i < c; i++) {
        float acc = bias[i];
        for (ptrdiff_t j = 0; j < n; j++) acc = acc + weights[taps[j] * c + i] * x[inputOffsets[j]];
        acc = acc + condition[i];
        elu_body(&acc, 1);
        out[i] = acc;
    }
}

static void first_layer_portable(const float *x, const ptrdiff_t *inputOffsets, const ptrdiff_t *taps, ptrdiff_t n,
                                 const float *weights, const float *bias, const float *condition, float *out, ptrdiff_t c) {
    first_layer_body(x, inputOffsets, taps, n, weights, bias, condition, out, c);
}
#if defined(__x86_64__)
__attribute__((target("avx2")))
static void first_layer_avx2(const float *x, const ptrdiff_t *inputOffsets, const ptrdiff_t *taps, ptrdiff_t n,
                             const float *weights, const float *bias, const float *condition, float *out, ptrdiff_t c) {
    first_layer_body(x, inputOffsets, taps, n, weights, bias, condition, out, c);
}
#endif

void vlae_first_layer(const float *canvas, ptrdiff_t canvasWidth, ptrdiff_t canvasHeight, ptrdiff_t border, ptrdiff_t side,
                      const float *weights, const float *bias, const float *condition, float *out, ptrdiff_t channels,
                      const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t count) {
    if (taps > MAX_TAPS) abort();
    ptrdiff_t inputOffsets[MAX_TAPS], inside[MAX_TAPS];
    for (ptrdiff_t p = first; p < first + count; p++) {
        const ptrdiff_t y = p / side + border, x = p % side + border;
        ptrdiff_t n = 0;
        for (ptrdiff_t t = 0; t < taps; t++) {
            const ptrdiff_t iy = y + tapDy[t], ix = x + tapDx[t];
            if (iy < 0 || iy >= canvasHeight || ix < 0 || ix >= canvasWidth) continue;
            inputOffsets[n] = iy * canvasWidth + ix;
            inside[n++] = t;
        }
        const float *c = condition + p * channels;
        float *o = out + p * channels;
#if defined(__x86_64__)
        if (level >= 1) { first_layer_avx2(canvas, inputOffsets, inside, n, weights, bias, c, o, channels); continue; }
#endif
        first_layer_portable(canvas, inputOffsets, inside, n, weights, bias, c, o, channels);
    }
}

void vlae_dense_small(float *restrict y, const float *restrict weights, const float *restrict bias, const float *restrict x,
                      ptrdiff_t inputs, ptrdiff_t outputs) {
    for (ptrdiff_t o = 0; o < outputs; o++) y[o] = bias[o];
    for (ptrdiff_t k = 0; k < inputs; k++)
        for (ptrdiff_t o = 0; o < outputs; o++) y[o] = y[o] + weights[k * outputs + o] * x[k];
}

void vlae_axpy32(float *acc, const float *rows, ptrdiff_t stride, const float *x, ptrdiff_t n) {
    vlae_conv32(acc, rows, stride, x, no_offset, no_offset, 1, n);
}

void vlae_axpy32x2(float *acc0, float *acc1, const float *rows0, const float *rows1, ptrdiff_t stride, const float *x, ptrdiff_t n) {
#if defined(__x86_64__)
    if (level >= 1) { axpy32x2_avx2(acc0, acc1, rows0, rows1, stride, x, n); return; }
#endif
    axpy32x2_portable(acc0, acc1, rows0, rows1, stride, x, n);
}

void vlae_conv64(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                 const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
#if defined(__x86_64__)
    if (level >= 1) { conv64_avx2(acc, weights, stride, input, xOffsets, wOffsets, taps, channels); return; }
#endif
    conv64_portable(acc, weights, stride, input, xOffsets, wOffsets, taps, channels);
}

void vlae_axpy32_pair(float *acc0, float *acc1, const float *rows, ptrdiff_t stride, const float *x, ptrdiff_t shift, ptrdiff_t n) {
    vlae_conv32x2(acc0, acc1, rows, stride, x, shift, no_offset, no_offset, 1, n);
}
