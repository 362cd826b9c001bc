// What both kernel files share (not part of the module's interface).
#ifndef VLAE_TAPS_H
#define VLAE_TAPS_H

#include <stddef.h>

/// The most taps a layer has: a full 15×15 kernel, the largest a model file may declare.
enum { MAX_TAPS = 225 };

/// The taps of (y, x) inside a side×side map of C channels, as input offsets (relative to the
/// position's vector) and weight offsets (tap t's `[C][C]` block); returns their count.
ptrdiff_t vlae_taps_inside(ptrdiff_t y, ptrdiff_t x, ptrdiff_t side, ptrdiff_t channels, const ptrdiff_t *tapDy,
                           const ptrdiff_t *tapDx, ptrdiff_t taps, ptrdiff_t *xOffsets, ptrdiff_t *wOffsets);

#endif
