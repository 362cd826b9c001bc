#ifndef CRANSREFERENCE_H
#define CRANSREFERENCE_H

#include <stddef.h>
#include <stdint.h>

/// The scheme of Giesen's rans64.h (64-bit state in [2^31, 2^63), 32-bit output words, encoder
/// divisions replaced by reciprocals, decoder slot-to-symbol table), written here in plain C
/// from its description so that bench-coder can time the same job side by side with our
/// Swift coder, in one run, with the same compiler back end. It is a benchmark yardstick only.

typedef struct {
    uint64_t reciprocal;   // ceil(2^(63+s) / f), or 2^64 - 1 for f = 1
    uint64_t limit;        // encode renormalises when the state is at least this
    uint32_t bias;         // start, or start + 2^precision - 1 for f = 1
    uint32_t complement;   // 2^precision - f
    uint32_t shift;        // s - 1
} ref_encoding_symbol;

/// Prepares symbol [start, start + frequency) of 2^precision slots (precision ≤ 31).
ref_encoding_symbol ref_encoding_symbol_make(uint32_t start, uint32_t frequency, int precision);

/// Encodes `count` bytes (last first), writing words downwards from `end`; returns the first
/// word written. The final state's two words come first.
uint32_t *ref_rans64_encode(const uint8_t *bytes, size_t count, const ref_encoding_symbol *symbols, uint32_t *end);

/// Decodes `count` bytes from words starting at `words`: `slot_symbols` maps each of the
/// 2^precision slots to its byte, `starts`/`frequencies` give each byte's interval. Returns the
/// word after the last one read.
const uint32_t *ref_rans64_decode(const uint32_t *words, uint8_t *bytes, size_t count, const uint8_t *slot_symbols,
                                  const uint32_t *starts, const uint32_t *frequencies, int precision);

#endif
