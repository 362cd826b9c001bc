// The coding model's hot loop in C, so that it can use AVX2 where the CPU has it while the
// binary still runs on any x86-64 (Swift code is built for the baseline only).
#pragma STDC FP_CONTRACT OFF

#include "CCodingKernels.h"

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
#endif

static int cpu_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;
#endif
}

// Set once when the library loads, before any thread can call the kernels.
static int level;

__attribute__((constructor))
static void choose_level(void) {
    const char *setting = getenv("VLAE_SIMD");
    level = (setting && strcmp(setting, "portable") == 0) ? 0 : cpu_level();
}

int vlae_simd_level(void) { return level; }

int vlae_set_simd_level(int wanted) {
    level = wanted >= 1 && cpu_level() >= 1 ? 1 : 0;
    return level;
}

void vlae_conv32(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                 const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
#if defined(__x86_64__)
    if (level == 1) { conv32_avx2(acc, weights, stride, input, xOffsets, wOffsets, taps, channels); return; }
#endif
    conv32_portable(acc, weights, stride, input, xOffsets, wOffsets, taps, channels);
}

void vlae_conv32x2(float *acc0, float *acc1, const float *weights, ptrdiff_t stride, const float *input, ptrdiff_t shift,
                   const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels) {
#if defined(__x86_64__)
    if (level == 1) { conv32x2_avx2(acc0, acc1, weights, stride, input, shift, xOffsets, wOffsets, taps, channels); return; }
#endif
    conv32x2_portable(acc0, acc1, weights, stride, input, shift, xOffsets, wOffsets, taps, channels);
}

static const ptrdiff_t no_offset[1] = {0};

void vlae_axpy32(float *acc, const float *rows, ptrdiff_t stride, const float *x, ptrdiff_t n) {
    vlae_conv32(acc, rows, stride, x, no_offset, no_offset, 1, n);
}
