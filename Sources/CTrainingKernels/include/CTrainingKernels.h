#ifndef CTRAININGKERNELS_H
#define CTRAININGKERNELS_H

#include <stddef.h>

// Direct stride-1 convolutions for training (the PixelCNN's masked layers), on channel-major
// maps `[C, N, H, W]`. An input is first copied into a padded map: per channel and image,
// H + 2·pad rows of `vlae_padded_row_stride(W, pad)` floats with the image at row `pad`, column
// `pad`, zeros around it; then a tap (dy, dx) of output (y, x) is one fixed offset from it, and
// the kernels need neither an im2col matrix nor a GEMM library's packing.
//
// These sums may use fused multiply-adds and run in a blocked order: training needs no
// cross-machine exactness (DESIGN.md rule 1 is for the coding path, which never calls them).

/// Floats per padded row: W + 2·pad rounded up to a multiple of 8.
ptrdiff_t vlae_padded_row_stride(ptrdiff_t width, ptrdiff_t pad);

/// Floats of a padded copy of `channels` maps of `batch` images, slack for vector reads included.
ptrdiff_t vlae_padded_count(ptrdiff_t channels, ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad);

/// x `[C, N, H, W]` → its padded copy (every float of `vlae_padded_count` written).
void vlae_pad(const float *x, ptrdiff_t channels, ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad,
              float *padded);

/// y[o, n, :, :] += Σ_c Σ_t w[o, c·T + t] · x[c, n, · + dy_t, · + dx_t] for output channels
/// o in [oBegin, oEnd), from the padded copy of x `[C, N, H, W]` (zero outside the image).
/// Taps satisfy |dy_t|, |dx_t| ≤ pad. y is `[O, N, H, W]`, w is `[O, C·T]`.
void vlae_conv_accumulate(const float *padded, ptrdiff_t channels, ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width,
                          ptrdiff_t pad, const int *tapDy, const int *tapDx, ptrdiff_t taps,
                          const float *w, ptrdiff_t oBegin, ptrdiff_t oEnd, float *y);

/// dw[o, c·T + t] += Σ_{n,y,x} dy[o, n, y, x] · x[c, n, y + dy_t, x + dx_t] for o in
/// [oBegin, oEnd), from the padded copies of x `[C, N, H, W]` and dy `[O, N, H, W]`.
void vlae_conv_weight_gradient(const float *paddedX, ptrdiff_t channels, const float *paddedDy,
                               ptrdiff_t batch, ptrdiff_t height, ptrdiff_t width, ptrdiff_t pad,
                               const int *tapDy, const int *tapDx, ptrdiff_t taps,
                               ptrdiff_t oBegin, ptrdiff_t oEnd, float *dw);

/// wt[c, o·T + t] = w[o, c·T + t]: the weights of the input-gradient convolution, which is
/// `vlae_conv_accumulate` over the padded dy with the taps negated.
void vlae_transpose_taps(const float *w, ptrdiff_t outChannels, ptrdiff_t inChannels, ptrdiff_t taps, float *wt);

/// The kernels in use: 0 portable C, 1 AVX2 with FMA (when the CPU has both). Chosen when the
/// library loads; VLAE_SIMD=portable forces the portable ones.
int vlae_training_simd_level(void);

/// Selects the kernels (for tests that compare the paths); a level the CPU lacks falls back to
/// the portable one. Returns the level now in use.
int vlae_set_training_simd_level(int level);

#endif
