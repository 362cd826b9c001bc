// Direct convolutions for training, in C so that they can use AVX2 and FMA where the CPU has
// them while the binary runs on any x86-64 (Swift code is built for the baseline only).
//
// One body per kernel, written with GCC vector types and inlined into two entry points: one
// compiled for AVX2 + FMA, one for the baseline (where the compiler splits each 8-float vector
// into two SSE ones).

#include "CTrainingKernels.h"

#include <stdlib.h>
#include <string.h>

typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4)));

#define INLINE static inline __attribute__((always_inline))

// Macros rather than functions: a function returning a vector type would change ABI with the target.
#define LOAD8(p) (*(const v8u *)(p))
#define SPLAT(s) ((v8){(s), (s), (s), (s), (s), (s), (s), (s)})

typedef struct {
    ptrdiff_t batch, height, width, pad, row, image, channel;
} padded_map;

ptrdiff_t vlae_padded_row_stride(ptrdiff_t width, ptrdiff_t pad) { return (width + 2 * pad + 7) / 8 * 8; }

static padded_map map_of(ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad) {
    padded_map m = {batch, height, width, pad, vlae_padded_row_stride(width, pad), 0, 0};
    m.image = (height + 2 * pad) * m.row;
    // An odd number of 64-byte lines between channels: with a power-of-two-ish stride the
    // channels a block reads would share a few L1 sets and evict each other.
    m.channel = (batch * m.image + 31) / 32 * 32 + 16;
    return m;
}

/// The farthest a read goes past the last padded image: a forward block reads 32 columns from
/// the row's first, so up to 24 − W past the image, which the row stride's 2·pad columns reduce.
enum { SLACK = 64 };

ptrdiff_t vlae_padded_count(ptrdiff_t channels, ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad) {
    return channels * map_of(batch, height, width, pad).channel + SLACK;
}

void vlae_pad(const float *x, ptrdiff_t channels, ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad,
              float *padded) {
    const padded_map m = map_of(batch, height, width, pad);
    memset(padded, 0, sizeof(float) * (size_t)vlae_padded_count(channels, batch, height, width, pad));
    for (ptrdiff_t c = 0; c < channels; c++)
        for (ptrdiff_t n = 0; n < batch; n++) {
            const float *src = x + (c * batch + n) * height * width;
            float *dst = padded + c * m.channel + n * m.image + pad * m.row + pad;
            for (ptrdiff_t y = 0; y < height; y++) memcpy(dst + y * m.row, src + y * width, sizeof(float) * (size_t)width);
        }
}

void vlae_transpose_taps(const float *w, ptrdiff_t outChannels, ptrdiff_t inChannels, ptrdiff_t taps, float *wt) {
    for (ptrdiff_t o = 0; o < outChannels; o++)
        for (ptrdiff_t c = 0; c < inChannels; c++)
            for (ptrdiff_t t = 0; t < taps; t++) wt[(c * outChannels + o) * taps + t] = w[(o * inChannels + c) * taps + t];
}

/// out[8·v + i] += vector v's lane i, for the `valid` columns that exist.
#define STORE_ADD(out, valid, ...) do { \
        const v8 parts_[] = {__VA_ARGS__}; \
        for (int v_ = 0; v_ < (int)(sizeof parts_ / sizeof parts_[0]); v_++) { \
            const ptrdiff_t lanes_ = (valid) - 8 * v_; \
            if (lanes_ >= 8) *(v8u *)((out) + 8 * v_) += parts_[v_]; \
            else for (ptrdiff_t i_ = 0; i_ < lanes_; i_++) (out)[8 * v_ + i_] += parts_[v_][i_]; \
        } \
    } while (0)

/// Four output channels × 24 columns of one output row: 12 accumulators, named so that the
/// compiler keeps them in registers (FMA latency needs about ten in flight); each (channel,
/// tap) pair's 3 input vectors are loaded once for the four channels' weights.
INLINE void conv_4x24(const float *in, const ptrdiff_t *offsets, const float *w, ptrdiff_t k,
                      float *out, ptrdiff_t outStride, ptrdiff_t valid) {
    v8 a0 = SPLAT(0.0f), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0, c0 = a0, c1 = a0, c2 = a0, d0 = a0, d1 = a0, d2 = a0;
    for (ptrdiff_t j = 0; j < k; j++) {
        const float *p = in + offsets[j];
        const v8 x0 = LOAD8(p), x1 = LOAD8(p + 8), x2 = LOAD8(p + 16);
        float weight = w[j];
        v8 s = SPLAT(weight);
        a0 += x0 * s; a1 += x1 * s; a2 += x2 * s;
        weight = w[k + j]; s = SPLAT(weight);
        b0 += x0 * s; b1 += x1 * s; b2 += x2 * s;
        weight = w[2 * k + j]; s = SPLAT(weight);
        c0 += x0 * s; c1 += x1 * s; c2 += x2 * s;
        weight = w[3 * k + j]; s = SPLAT(weight);
        d0 += x0 * s; d1 += x1 * s; d2 += x2 * s;
    }
    STORE_ADD(out, valid, a0, a1, a2);
    STORE_ADD(out + outStride, valid, b0, b1, b2);
    STORE_ADD(out + 2 * outStride, valid, c0, c1, c2);
    STORE_ADD(out + 3 * outStride, valid, d0, d1, d2);
}

#if defined(__x86_64__)
#include <immintrin.h>

/// `conv_4x24` for AVX2 + FMA with its loop in assembly: the 12 accumulators, 3 input vectors
/// and a broadcast weight take all 16 registers, and LLVM's allocator, given the C loop, spills
/// and shuffles them every iteration (measured: 33 GFLOP/s against 60+ for this loop).
__attribute__((target("avx2,fma")))
static void conv_4x24_avx2(const float *in, const ptrdiff_t *offsets, const float *w, ptrdiff_t k,
                           float *out, ptrdiff_t outStride, ptrdiff_t valid) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
    __m256 c0 = a0, c1 = a0, c2 = a0, d0 = a0, d1 = a0, d2 = a0;
    const ptrdiff_t stride = k * 4, stride3 = k * 12;
    const float *weights = w;
    const ptrdiff_t *offset = offsets;
    ptrdiff_t remaining = k;
    __asm__(
        "1:\n\t"
        "movq (%[offset]), %%rax\n\t"
        "vmovups (%[in],%%rax,4), %%ymm12\n\t"
        "vmovups 32(%[in],%%rax,4), %%ymm13\n\t"
        "vmovups 64(%[in],%%rax,4), %%ymm14\n\t"
        "vbroadcastss (%[weights]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %[a0]\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %[a1]\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %[a2]\n\t"
        "vbroadcastss (%[weights],%[stride]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %[b0]\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %[b1]\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %[b2]\n\t"
        "vbroadcastss (%[weights],%[stride],2), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %[c0]\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %[c1]\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %[c2]\n\t"
        "vbroadcastss (%[weights],%[stride3]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %[d0]\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %[d1]\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %[d2]\n\t"
        "addq $4, %[weights]\n\t"
        "addq $8, %[offset]\n\t"
        "decq %[remaining]\n\t"
        "jnz 1b\n\t"
        : [a0] "+x"(a0), [a1] "+x"(a1), [a2] "+x"(a2), [b0] "+x"(b0), [b1] "+x"(b1), [b2] "+x"(b2),
          [c0] "+x"(c0), [c1] "+x"(c1), [c2] "+x"(c2), [d0] "+x"(d0), [d1] "+x"(d1), [d2] "+x"(d2),
          [weights] "+r"(weights), [offset] "+r"(offset), [remaining] "+r"(remaining)
        : [in] "r"(in), [stride] "r"(stride), [stride3] "r"(stride3)
        : "rax", "xmm12", "xmm13", "xmm14", "xmm15", "cc", "memory");
    STORE_ADD(out, valid, (v8)a0, (v8)a1, (v8)a2);
    STORE_ADD(out + outStride, valid, (v8)b0, (v8)b1, (v8)b2);
    STORE_ADD(out + 2 * outStride, valid, (v8)c0, (v8)c1, (v8)c2);
    STORE_ADD(out + 3 * outStride, valid, (v8)d0, (v8)d1, (v8)d2);
}
#endif

/// Eight output channels × 8 columns: a row's last columns, where 24 would be mostly waste.
INLINE void conv_8x8(const float *in, const ptrdiff_t *offsets, const float *w, ptrdiff_t k,
                     float *out, ptrdiff_t outStride, ptrdiff_t valid) {
    v8 a0 = SPLAT(0.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (ptrdiff_t j = 0; j < k; j++) {
        const v8 x0 = LOAD8(in + offsets[j]);
        const float *wt = w + j;
        float weight;
        weight = wt[0]; a0 += x0 * SPLAT(weight);
        weight = wt[k]; a1 += x0 * SPLAT(weight);
        weight = wt[2 * k]; a2 += x0 * SPLAT(weight);
        weight = wt[3 * k]; a3 += x0 * SPLAT(weight);
        weight = wt[4 * k]; a4 += x0 * SPLAT(weight);
        weight = wt[5 * k]; a5 += x0 * SPLAT(weight);
        weight = wt[6 * k]; a6 += x0 * SPLAT(weight);
        weight = wt[7 * k]; a7 += x0 * SPLAT(weight);
    }
    STORE_ADD(out, valid, a0); STORE_ADD(out + outStride, valid, a1);
    STORE_ADD(out + 2 * outStride, valid, a2); STORE_ADD(out + 3 * outStride, valid, a3);
    STORE_ADD(out + 4 * outStride, valid, a4); STORE_ADD(out + 5 * outStride, valid, a5);
    STORE_ADD(out + 6 * outStride, valid, a6); STORE_ADD(out + 7 * outStride, valid, a7);
}

/// One output channel × 8 columns (channel counts that are not multiples of 4 or 8).
INLINE void conv_1x8(const float *in, const ptrdiff_t *offsets, const float *w, ptrdiff_t k, float *out, ptrdiff_t valid) {
    v8 a = SPLAT(0.0f);
    for (ptrdiff_t j = 0; j < k; j++) {
        const float weight = w[j];
        a += LOAD8(in + offsets[j]) * SPLAT(weight);
    }
    STORE_ADD(out, valid, a);
}

INLINE void conv_impl(const float *padded, ptrdiff_t channels, padded_map m, const int *tapDy, const int *tapDx, ptrdiff_t taps,
                      const float *w, ptrdiff_t oBegin, ptrdiff_t oEnd, float *y, int assembly) {
    // Each (channel, tap) pair's input, as an offset from the output pixel: one flat loop.
    const ptrdiff_t k = channels * taps, plane = m.height * m.width, outStride = m.batch * plane;
    ptrdiff_t offsets[k];
    for (ptrdiff_t j = 0; j < k; j++) offsets[j] = (j / taps) * m.channel + tapDy[j % taps] * m.row + tapDx[j % taps];
    // Rows outermost: the input rows a row of outputs reads (channels × kernel rows) stay in L1
    // while the weights, read in order, stream by.
    for (ptrdiff_t n = 0; n < m.batch; n++)
        for (ptrdiff_t y0 = 0; y0 < m.height; y0++) {
            const float *row = padded + n * m.image + (y0 + m.pad) * m.row + m.pad;
            float *outRow = y + n * plane + y0 * m.width;
            ptrdiff_t o = oBegin;
            for (; o + 8 <= oEnd; o += 8) {
                float *out = outRow + o * outStride;
                ptrdiff_t x0 = 0;
                // Blocks of 24 columns while more than 16 remain, then single vectors.
                for (; m.width - x0 > 16; x0 += 24)
                    for (int half = 0; half < 8; half += 4) {
#if defined(__x86_64__)
                        if (assembly) {
                            conv_4x24_avx2(row + x0, offsets, w + (o + half) * k, k, out + half * outStride + x0, outStride, m.width - x0);
                            continue;
                        }
#endif
                        conv_4x24(row + x0, offsets, w + (o + half) * k, k, out + half * outStride + x0, outStride, m.width - x0);
                    }
                for (; x0 < m.width; x0 += 8)
                    conv_8x8(row + x0, offsets, w + o * k, k, out + x0, outStride, m.width - x0);
            }
            for (; o < oEnd; o++)
                for (ptrdiff_t x0 = 0; x0 < m.width; x0 += 8)
                    conv_1x8(row + x0, offsets, w + o * k, k, outRow + o * outStride + x0, m.width - x0);
        }
}

#define HSUM(a) (((a)[0] + (a)[4]) + ((a)[1] + (a)[5])) + (((a)[2] + (a)[6]) + ((a)[3] + (a)[7]))

/// Sums of 4 output channels × 3 (channel, tap) pairs over `images` consecutive images (12 named
/// accumulators). The padded dy is zero past each row's end, so a row's last vector adds nothing
/// from beyond the image.
INLINE void weight_4x3(const float *const *dy, const float *const *x, padded_map m, ptrdiff_t images, float *dw, ptrdiff_t k) {
    v8 a0 = SPLAT(0.0f), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0, c0 = a0, c1 = a0, c2 = a0, d0 = a0, d1 = a0, d2 = a0;
    for (ptrdiff_t n = 0; n < images; n++)
        for (ptrdiff_t y0 = 0; y0 < m.height; y0++)
            for (ptrdiff_t x0 = 0; x0 < m.width; x0 += 8) {
                const ptrdiff_t i = n * m.image + y0 * m.row + x0;
                const v8 x0v = LOAD8(x[0] + i), x1v = LOAD8(x[1] + i), x2v = LOAD8(x[2] + i);
                v8 d = LOAD8(dy[0] + i);
                a0 += d * x0v; a1 += d * x1v; a2 += d * x2v;
                d = LOAD8(dy[1] + i);
                b0 += d * x0v; b1 += d * x1v; b2 += d * x2v;
                d = LOAD8(dy[2] + i);
                c0 += d * x0v; c1 += d * x1v; c2 += d * x2v;
                d = LOAD8(dy[3] + i);
                d0 += d * x0v; d1 += d * x1v; d2 += d * x2v;
            }
    dw[0] += HSUM(a0); dw[1] += HSUM(a1); dw[2] += HSUM(a2);
    dw[k] += HSUM(b0); dw[k + 1] += HSUM(b1); dw[k + 2] += HSUM(b2);
    dw[2 * k] += HSUM(c0); dw[2 * k + 1] += HSUM(c1); dw[2 * k + 2] += HSUM(c2);
    dw[3 * k] += HSUM(d0); dw[3 * k + 1] += HSUM(d1); dw[3 * k + 2] += HSUM(d2);
}

/// One output channel × one pair (the edges of the blocking).
INLINE void weight_1x1(const float *dy, const float *x, padded_map m, ptrdiff_t images, float *dw) {
    v8 a = SPLAT(0.0f);
    for (ptrdiff_t n = 0; n < images; n++)
        for (ptrdiff_t y0 = 0; y0 < m.height; y0++)
            for (ptrdiff_t x0 = 0; x0 < m.width; x0 += 8) {
                const ptrdiff_t i = n * m.image + y0 * m.row + x0;
                a += LOAD8(dy + i) * LOAD8(x + i);
            }
    *dw += HSUM(a);
}

INLINE void weight_impl(const float *paddedX, ptrdiff_t channels, const float *paddedDy, padded_map m,
                        const int *tapDy, const int *tapDx, ptrdiff_t taps, ptrdiff_t oBegin, ptrdiff_t oEnd, float *dw) {
    const ptrdiff_t k = channels * taps, origin = m.pad * m.row + m.pad;
    // A group of images per pass: one image of a large map (its 7 planes stay in L1 while every
    // weight's sum runs over them), all of them for small maps such as the decoder's 7×7 and
    // 14×14, whose few vectors per image would not pay for the 12 horizontal sums.
    const ptrdiff_t group = m.image <= 512 ? m.batch : 1;
    for (ptrdiff_t n = 0; n < m.batch; n += group)
        for (ptrdiff_t o = oBegin; o < oEnd; o += 4) {
            const int blocks = oEnd - o < 4 ? (int)(oEnd - o) : 4;
            const float *dy[4];
            for (int b = 0; b < blocks; b++) dy[b] = paddedDy + (o + b) * m.channel + n * m.image + origin;
            for (ptrdiff_t j = 0; j < k; j += 3) {
                const int pairs = k - j < 3 ? (int)(k - j) : 3;
                const float *x[3];
                for (int p = 0; p < pairs; p++) {
                    const ptrdiff_t c = (j + p) / taps, t = (j + p) % taps;
                    x[p] = paddedX + c * m.channel + n * m.image + origin + tapDy[t] * m.row + tapDx[t];
                }
                float *out = dw + o * k + j;
                if (blocks == 4 && pairs == 3)
                    weight_4x3(dy, x, m, group, out, k);
                else
                    for (int b = 0; b < blocks; b++)
                        for (int p = 0; p < pairs; p++) weight_1x1(dy[b], x[p], m, group, out + b * k + p);
            }
        }
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void conv_avx2(const float *padded, ptrdiff_t channels, padded_map m, const int *tapDy, const int *tapDx, ptrdiff_t taps,
                      const float *w, ptrdiff_t oBegin, ptrdiff_t oEnd, float *y) {
    conv_impl(padded, channels, m, tapDy, tapDx, taps, w, oBegin, oEnd, y, 1);
}

__attribute__((target("avx2,fma")))
static void weight_avx2(const float *paddedX, ptrdiff_t channels, const float *paddedDy, padded_map m,
                        const int *tapDy, const int *tapDx, ptrdiff_t taps, ptrdiff_t oBegin, ptrdiff_t oEnd, float *dw) {
    weight_impl(paddedX, channels, paddedDy, m, tapDy, tapDx, taps, oBegin, oEnd, dw);
}
#endif

static void conv_portable(const float *padded, ptrdiff_t channels, padded_map m, const int *tapDy, const int *tapDx, ptrdiff_t taps,
                          const float *w, ptrdiff_t oBegin, ptrdiff_t oEnd, float *y) {
    conv_impl(padded, channels, m, tapDy, tapDx, taps, w, oBegin, oEnd, y, 0);
}

static void weight_portable(const float *paddedX, ptrdiff_t channels, const float *paddedDy, padded_map m,
                            const int *tapDy, const int *tapDx, ptrdiff_t taps, ptrdiff_t oBegin, ptrdiff_t oEnd, float *dw) {
    weight_impl(paddedX, channels, paddedDy, m, tapDy, tapDx, taps, oBegin, oEnd, dw);
}

static int level = 0;

__attribute__((constructor))
static void choose_level(void) {
    const char *forced = getenv("VLAE_SIMD");
    if (forced && strcmp(forced, "portable") == 0) return;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 1;
#endif
}

int vlae_training_simd_level(void) { return level; }

int vlae_set_training_simd_level(int requested) {
    level = 0;
#if defined(__x86_64__)
    if (requested == 1 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) level = 1;
#endif
    return level;
}

void vlae_conv_accumulate(const float *padded, ptrdiff_t channels, ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width,
                          ptrdiff_t pad, const int *tapDy, const int *tapDx, ptrdiff_t taps,
                          const float *w, ptrdiff_t oBegin, ptrdiff_t oEnd, float *y) {
    const padded_map m = map_of(batch, height, width, pad);
#if defined(__x86_64__)
    if (level == 1) { conv_avx2(padded, channels, m, tapDy, tapDx, taps, w, oBegin, oEnd, y); return; }
#endif
    conv_portable(padded, channels, m, tapDy, tapDx, taps, w, oBegin, oEnd, y);
}

void vlae_conv_weight_gradient(const float *paddedX, ptrdiff_t channels, const float *paddedDy,
                               ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad,
                               const int *tapDy, const int *tapDx, ptrdiff_t taps,
                               ptrdiff_t oBegin, ptrdiff_t oEnd, float *dw) {
    const padded_map m = map_of(batch, height, width, pad);
#if defined(__x86_64__)
    if (level == 1) { weight_avx2(paddedX, channels, paddedDy, m, tapDy, tapDx, taps, oBegin, oEnd, dw); return; }
#endif
    weight_portable(paddedX, channels, paddedDy, m, tapDy, tapDx, taps, oBegin, oEnd, dw);
}
