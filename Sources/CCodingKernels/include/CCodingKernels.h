#ifndef CCODINGKERNELS_H
#define CCODINGKERNELS_H

#include <stddef.h>

#include "CIntegerKernels.h"

/// acc[0..<32] += rows[k·stride + 0..<32] · x[k], for k = 0, 1, …, n − 1 in that order.
///
/// Every term is a product rounded to float, then a sum rounded to float: no fused multiply-add,
/// no reordering. Only the 32 independent outputs run side by side, so the AVX2 path and the
/// portable one (whatever vector width the compiler gives it) compute the same bits, and so does
/// a decoder on another CPU (DESIGN.md rule 1).
void vlae_axpy32(float *acc, const float *rows, ptrdiff_t stride, const float *x, ptrdiff_t n);

/// `vlae_axpy32` for two blocks of 32 outputs of the same x, from rows0 and rows1: eight
/// independent sums in flight instead of four, the same bits as two calls.
void vlae_axpy32x2(float *acc0, float *acc1, const float *rows0, const float *rows1, ptrdiff_t stride, const float *x, ptrdiff_t n);

/// `vlae_axpy32` at two inputs `shift` floats apart with the same rows (a 1×1 convolution at two
/// positions): the same bits as two calls.
void vlae_axpy32_pair(float *acc0, float *acc1, const float *rows, ptrdiff_t stride, const float *x, ptrdiff_t shift, ptrdiff_t n);

/// One position of a convolution, 32 output channels: for each tap j = 0, 1, …, taps − 1 and
/// each input channel c = 0, 1, …, channels − 1 in that order,
///     acc[0..<32] += weights[wOffsets[j] + c·stride + 0..<32] · input[xOffsets[j] + c],
/// the same terms in the same order as one `vlae_axpy32` call per tap, in one call.
void vlae_conv32(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                 const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels);

/// `vlae_conv32` for 64 output channels at once (acc and weights hold both blocks): eight
/// independent sums in flight instead of four, the same bits as two calls.
void vlae_conv64(float *acc, const float *weights, ptrdiff_t stride, const float *input,
                 const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels);

/// `vlae_conv32` at two positions that see the same taps: acc1 reads the input `shift` floats
/// after acc0's. Each weight row is read once for both.
void vlae_conv32x2(float *acc0, float *acc1, const float *weights, ptrdiff_t stride, const float *input, ptrdiff_t shift,
                   const ptrdiff_t *xOffsets, const ptrdiff_t *wOffsets, ptrdiff_t taps, ptrdiff_t channels);

/// x[i] = ELU(x[i]) for i < count, bit for bit `DMath.elu` (the same operations, lane-wise).
void vlae_elu(float *x, ptrdiff_t count);

/// A residual masked layer of the PixelCNN at positions first ..< first + count of a side×side
/// map `[side²][C]`:
///     hOut[p] = hIn[p] + ELU(bias + Σ_t Σ_c weights[t][c][:] · hIn[p + (dy_t, dx_t)][c] + term[p]),
/// taps outside the map skipped, the sums in (tap, channel) order as `vlae_conv32` does, so any
/// split of the positions into calls gives the same bits. Weights `[taps][C][C]`; at most 225
/// taps (a 15×15 kernel, the largest a model may have; more aborts); `scratch` holds 2·C floats.
void vlae_residual_layer(const float *hIn, float *hOut, const float *term, const float *weights, const float *bias,
                         ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                         ptrdiff_t first, ptrdiff_t count, float *scratch);

/// `vlae_residual_layer` at position p of two tiles decoded in lock-step (lanes), whose hIn,
/// hOut and term lie `shift` floats after the first's: one pass over the weights for both, the
/// same bits as one call per tile. `scratch` holds 2·C floats.
void vlae_residual_layer_lanes(const float *hIn, float *hOut, const float *term, const float *weights, const float *bias,
                               ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                               ptrdiff_t p, ptrdiff_t shift, float *scratch);

/// The PixelCNN's first layer (one input channel) at positions first ..< first + count of a
/// side×side tile that sits at (border, border) of a canvasHeight × canvasWidth canvas:
///     out[p] = ELU(bias + Σ_t weights[t·C + 0..<C] · canvas[p's canvas index + (dy_t, dx_t)] + condition[p]),
/// taps outside the canvas skipped, the sum in tap order. Weights `[taps][C]`; at most 225 taps
/// (more aborts); out and condition `[side²][C]`.
void vlae_first_layer(const float *canvas, ptrdiff_t canvasWidth, ptrdiff_t canvasHeight, ptrdiff_t border, ptrdiff_t side,
                      const float *weights, const float *bias, const float *condition, float *out, ptrdiff_t channels,
                      const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t count);

/// y = bias + Σ_k x[k] · weights[k][:], k in order: a dense layer with few outputs (the
/// PixelCNN's output layer), weights `[inputs][outputs]`.
void vlae_dense_small(float *y, const float *weights, const float *bias, const float *x, ptrdiff_t inputs, ptrdiff_t outputs);

/// The kernels in use: 0 portable C, 1 AVX2, 2 AVX2 with the integer kernels' multiply-adds
/// in AVX-512 VNNI (F, BW, VL and VNNI present). Chosen when the library loads: the most the CPU
/// has, unless the environment sets VLAE_SIMD=portable or VLAE_SIMD=avx2. Every level gives the
/// same bits.
int vlae_simd_level(void);

/// Selects the kernels (for tests that compare the paths); a level above the CPU's falls back to
/// the CPU's most. Returns the level now in use.
int vlae_set_simd_level(int level);

#endif
