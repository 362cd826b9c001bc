#include "CRansReference.h"

#define REF_L ((uint64_t)1 << 31)

static inline uint64_t mul_high(uint64_t a, uint64_t b) {
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

ref_encoding_symbol ref_encoding_symbol_make(uint32_t start, uint32_t frequency, int precision) {
    ref_encoding_symbol s;
    const uint64_t f = frequency;
    s.limit = ((REF_L >> precision) << 32) * f;
    s.complement = (uint32_t)((1ull << precision) - f);
    if (f == 1) {
        s.reciprocal = ~(uint64_t)0;
        s.shift = 0;
        s.bias = (uint32_t)(start + (1ull << precision) - 1);
    } else {
        uint32_t bits = 0;
        while (f > (1ull << bits)) bits++;
        unsigned __int128 dividend = ((unsigned __int128)1 << (63 + bits)) + f - 1;
        s.reciprocal = (uint64_t)(dividend / f);
        s.shift = bits - 1;
        s.bias = start;
    }
    return s;
}

uint32_t *ref_rans64_encode(const uint8_t *bytes, size_t count, const ref_encoding_symbol *symbols, uint32_t *end) {
    uint64_t x = REF_L;
    uint32_t *out = end;
    for (size_t i = count; i > 0; i--) {
        const ref_encoding_symbol *s = &symbols[bytes[i - 1]];
        if (x >= s->limit) {
            *--out = (uint32_t)x;
            x >>= 32;
        }
        const uint64_t q = mul_high(x, s->reciprocal) >> s->shift;
        x += s->bias + q * s->complement;
    }
    *--out = (uint32_t)(x >> 32);
    *--out = (uint32_t)x;
    return out;
}

const uint32_t *ref_rans64_decode(const uint32_t *words, uint8_t *bytes, size_t count, const uint8_t *slot_symbols,
                                  const uint32_t *starts, const uint32_t *frequencies, int precision) {
    uint64_t x = (uint64_t)words[0] | ((uint64_t)words[1] << 32);
    const uint32_t *in = words + 2;
    const uint64_t mask = (1ull << precision) - 1;
    for (size_t i = 0; i < count; i++) {
        const uint64_t slot = x & mask;
        const uint8_t s = slot_symbols[slot];
        bytes[i] = s;
        x = frequencies[s] * (x >> precision) + slot - starts[s];
        if (x < REF_L) x = (x << 32) | *in++;
    }
    return in;
}
