#ifndef CINTEGERKERNELS_H
#define CINTEGERKERNELS_H

#include <stddef.h>
#include <stdint.h>

// The integer PixelCNN (`IntegerPixelLayers`): int16 activations and weights, int32 sums.
//
// Every sum is taken modulo 2^32 (two's complement wrap-around), which is what AVX2's
// vpmaddwd and vpaddd compute and what the portable path computes in uint32_t. Modular
// addition is associative, so any order, any vector width and any number of tiles decoded side
// by side give the same bits: the tables are exact by construction on every CPU. A sum that
// wraps gives a wrong but agreed value; the quantisation (PixelArithmetic) is chosen so that
// none does on the data it was calibrated on.
//
// Maps are position-major `[positions][C]` with C a multiple of 16 (channels padded with zeros).
// Weights of a layer with C inputs and C outputs are `[tap][C/2][C][2]`: for each tap and input
// pair (2k, 2k + 1), each output's two weights side by side, the operand layout of vpmaddwd.

/// A residual masked layer at positions first ..< first + count of a side×side map:
///     s = bias + Σ_taps Σ_c w·hIn[p + tap][c] + term[p]   (mod 2^32)
///     y = clamp((s + 2^(shift−1)) >> shift, ±32767);  e = y ≥ 0 ? y : elu[min(−y, eluCount − 1)]
///     hOut[p] = clamp(hIn[p] + e, ±32767)
/// taps outside the map skipped; at most 225 taps (more aborts); shift ≥ 1; scratch holds C int32.
void vlae_q_residual_layer(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int16_t *weights, const int32_t *bias,
                           ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                           ptrdiff_t first, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount, int32_t *scratch);

/// `vlae_q_residual_layer` at position p of 1 … 4 tiles decoded in lock-step (lanes), lane k's
/// hIn and hOut k·laneShift values and its term k·termShift values after the first's: one pass
/// over the weights for all.
void vlae_q_residual_layer_lanes(const int16_t *hIn, int16_t *hOut, const int32_t *term, const int16_t *weights, const int32_t *bias,
                                 ptrdiff_t channels, ptrdiff_t side, const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps,
                                 ptrdiff_t p, ptrdiff_t lanes, ptrdiff_t shift, ptrdiff_t laneShift, ptrdiff_t termShift,
                                 const int16_t *elu, ptrdiff_t eluCount, int32_t *scratch);

/// The first (mask-A, one input channel) layer at positions first ..< first + count of a
/// side×side tile at (border, border) of a canvasHeight × canvasWidth int16 canvas:
///     s = bias + Σ_taps w[t]·canvas[…] + condition[p];  out[p] = ELU of (s rounded >> shift) as above
/// weights `[⌈taps/2⌉][C][2]` (taps 2j and 2j + 1 side by side, a zero for an odd count's last),
/// taps outside the canvas read as 0; at most 225 taps.
void vlae_q_first_layer(const int16_t *canvas, ptrdiff_t canvasWidth, ptrdiff_t canvasHeight, ptrdiff_t border, ptrdiff_t side,
                        const int16_t *weights, const int32_t *bias, const int32_t *condition, int16_t *out, ptrdiff_t channels,
                        const ptrdiff_t *tapDy, const ptrdiff_t *tapDx, ptrdiff_t taps, ptrdiff_t first, ptrdiff_t count,
                        int shift, const int16_t *elu, ptrdiff_t eluCount);

/// y[k] = (float)(bias[k] + Σ_c weights[k·C + c]·x[c]) · scale for k < outputs (mod 2^32 sums;
/// the conversion rounds to nearest even, the multiplication by a power of two is exact).
void vlae_q_output_layer(float *y, const int16_t *weights, const int32_t *bias, const int16_t *x, ptrdiff_t channels,
                         ptrdiff_t outputs, float scale);

/// y[i] = round-to-nearest-even(clamp(x[i] · scale, ±limit)) for i < count: a float map (the
/// conditioning computed per tile) into the integer layers' sums. scale is a power of two.
void vlae_q_quantize(const float *x, int32_t *y, ptrdiff_t count, float scale, float limit);

// The per-tile layers (`IntegerTileLayers`: encoder, MADE, upsampling, conditioning) use the same
// arithmetic through three general kernels.

/// sums[o] = bias[o] + Σ_{j < n} Σ_{k < inputs} w[⌊o/8⌋·panel + wo[j] + 16·⌊k/2⌋ + 2·(o mod 8) + k mod 2] · x[xo[j] + k]
/// (mod 2^32) for o < outputs: n sources, each an input vector and its weights (a dense layer is
/// one source; a convolution's sources are its taps inside the map). The weights are in panels of
/// 8 outputs, `[outputs/8][panel]`, a source's `[inputs/2][8][2]` at wo[j] in each (the vpmaddwd
/// layout), so that each block of outputs streams through contiguous memory. inputs even, outputs
/// a multiple of 8.
/// Done for `batch` inputs with the same sources (tiles, or the positions of a 1×1 layer): entry b
/// reads x + b·xStride and writes sums + b·sumStride; the AVX2 path reads each weight vector once
/// for up to four entries.
void vlae_q_gather(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride, ptrdiff_t batch,
                   const ptrdiff_t *xo, const int16_t *w, ptrdiff_t panel, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs,
                   ptrdiff_t outputs);

/// y[i] = clamp((sums[i] + 2^(shift−1)) >> shift, ±32767), negative values through the ELU
/// table as in vlae_q_residual_layer when `elu` is not NULL. shift ≥ 1.
void vlae_q_activate(const int32_t *sums, int16_t *y, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount);

/// y[i] = x[i] at a scale 2^−shift times its own, mod 2^32: (x + 2^(shift−1)) >> shift for
/// shift > 0, x·2^−shift for shift ≤ 0 (the conditioning's sums moved to the scale of the sums they join).
void vlae_q_rescale(const int32_t *x, int32_t *y, ptrdiff_t count, int shift);

/// Σ_{i < n} a[i]·b[i] (mod 2^32): the integer MADE's sums.
int32_t vlae_q_dot(const int16_t *a, const int16_t *b, ptrdiff_t n);

#endif
