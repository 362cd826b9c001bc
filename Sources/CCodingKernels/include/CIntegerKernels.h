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

/// The first (mask-A, one input channel) layer at positions first ..< first + count of a tile:
///     s = bias + Σ_t w[t]·canvas[index[p·taps + t]] + condition[p];  out[p] = ELU of (s rounded >> shift) as above
/// weights `[⌈taps/2⌉][C][2]` (taps 2j and 2j + 1 side by side, a zero for an odd count's last);
/// `index` gives each position's taps in the canvas, a tap outside it the index of a zero. At most 225 taps.
void vlae_q_first_layer(const int16_t *canvas, const int32_t *index, ptrdiff_t taps, const int16_t *weights, const int32_t *bias,
                        const int32_t *condition, int16_t *out, ptrdiff_t channels, ptrdiff_t first, ptrdiff_t count,
                        int shift, const int16_t *elu, ptrdiff_t eluCount);

/// A whole integer PixelCNN as the decoder steps it, with up to four lanes (tiles) side by side:
/// lane k's canvas at canvas + k·canvasStride, its first layer's conditioning `[S²][C]` at
/// condition + k·S²·C, its residual terms `[L][S²][C]` at terms + k·L·S²·C, its activations
/// h_0 … h_L `[L + 1][S²][C]` at hidden + k·(L + 1)·S²·C. Per position p: the first layer's canvas
/// indices at firstIndex + p·firstTaps (as vlae_q_first_layer), the residual layers' taps inside the
/// map (tapCount[p] of them, as input and weight offsets at tapXo / tapWo + p·residualTaps).
/// shifts: the first layer's, then each residual layer's.
typedef struct {
    ptrdiff_t channels, positions, layers, outputs;
    const int16_t *elu;
    ptrdiff_t eluCount;
    const int *shifts;
    const int16_t *firstWeights;
    const int32_t *firstBias;
    const int32_t *firstIndex;
    ptrdiff_t firstTaps;
    const int16_t *const *residualWeights;
    const int32_t *const *residualBias;
    const ptrdiff_t *tapCount, *tapXo, *tapWo;
    ptrdiff_t residualTaps;
    const int16_t *outputWeights;
    const int32_t *outputBias;
    float outputScale;
    const int16_t *canvas;
    ptrdiff_t canvasStride;
    const int32_t *condition, *terms;
    int16_t *hidden;
    int32_t *scratch;
} vlae_q_pixelcnn;

/// Position p of lanes lane ..< lane + lanes (at most 4): h_0 … h_L there, then the P outputs of
/// lane + k into out + k·P (as vlae_q_output_layer). The same bits as the layer kernels one lane at a time.
void vlae_q_pixel_step(const vlae_q_pixelcnn *net, ptrdiff_t p, ptrdiff_t lane, ptrdiff_t lanes, float *out);

/// y[p·P + k] = (float)(bias[k] + Σ_c weights[k·C + c]·x[p·C + c]) · scale for k < P = outputs at
/// each of `positions` vectors of C = channels values (mod 2^32 sums; the conversion rounds to
/// nearest even, the multiplication by a power of two is exact).
void vlae_q_output_layer(float *y, const int16_t *weights, const int32_t *bias, const int16_t *x, ptrdiff_t channels,
                         ptrdiff_t outputs, float scale, ptrdiff_t positions);

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
/// for up to four entries (eight for at most 16 outputs).
void vlae_q_gather(int32_t *sums, ptrdiff_t sumStride, const int32_t *bias, const int16_t *x, ptrdiff_t xStride, ptrdiff_t batch,
                   const ptrdiff_t *xo, const int16_t *w, ptrdiff_t panel, const ptrdiff_t *wo, ptrdiff_t n, ptrdiff_t inputs,
                   ptrdiff_t outputs);

/// y[i] = clamp((sums[i] + 2^(shift−1)) >> shift, ±32767), negative values through the ELU
/// table as in vlae_q_residual_layer when `elu` is not NULL. shift ≥ 1.
void vlae_q_activate(const int32_t *sums, int16_t *y, ptrdiff_t count, int shift, const int16_t *elu, ptrdiff_t eluCount);

/// y[i] = x[i] at a scale 2^−shift times its own, mod 2^32: (x + 2^(shift−1)) >> shift for
/// shift > 0, x·2^−shift for shift ≤ 0 (the conditioning's sums moved to the scale of the sums they join).
void vlae_q_rescale(const int32_t *x, int32_t *y, ptrdiff_t count, int shift);

/// The integer MADE (`IntegerMADE`): D latents, H hidden units per layer sorted by degree, rows
/// `w1[j·D + k]`, `w2[j·H + j']`, `w3[o·H + j]` (o < D means, o ≥ D log-scales); each hidden
/// layer's shift and ELU table as vlae_q_activate's.
typedef struct {
    ptrdiff_t latents, hidden;
    const int16_t *w1, *w2, *w3;
    const int32_t *b1, *b2, *b3;
    int shift1, shift2;
    const int16_t *elu1, *elu2;
    ptrdiff_t elu1Count, elu2Count;
} vlae_q_made;

/// Step i of the MADE, z_0 … z_{i−1} in z: for i > 0, the units [lo, hi) of both hidden layers
/// (those of degree i; every unit before them is set) from the first `i` latents and the first
/// `hi` units of h1,
///     h1[j] = act1(b1[j] + Σ_{k < i} w1[j·D + k]·z[k]),  h2[j] = act2(b2[j] + Σ_{j' < hi} w2[j·H + j']·h1[j'])
/// then mean = b3[i] + Σ_{j < hi} w3[i·H + j]·h2[j] and logScale likewise from row D + i (mod 2^32).
/// z and h1, h2 must hold zeros past the set values (a tile starts from all zeros), up to a
/// multiple of 16; each weight array must have 16 readable values past its end.
void vlae_q_made_step(const vlae_q_made *made, ptrdiff_t i, ptrdiff_t lo, ptrdiff_t hi, const int16_t *z, int16_t *h1, int16_t *h2,
                      int32_t *mean, int32_t *logScale);

#endif
