#ifndef CPNGDECODE_H
#define CPNGDECODE_H

#include <stddef.h>
#include <stdint.h>

/* Decodes grayscale PNG files with libpng, for Swift.
 *
 * libpng reports errors by longjmp, which must not cross Swift frames; this shim keeps the
 * setjmp and every libpng call on the C side and returns a status and a message instead.
 * It reads raw samples only: no gamma, no scaling, no colour conversion. */

/* What cpng_decode found. Everything but CPNG_OK is a refusal; the header fields named below
 * are set for the refusals that need them. */
typedef enum cpng_status {
    CPNG_OK = 0,
    CPNG_BAD_SIGNATURE = 1,   /* the first 8 bytes are not PNG's signature */
    CPNG_TRUNCATED = 2,       /* the data ends before IEND */
    CPNG_CORRUPT = 3,         /* libpng refused the data (bad CRC, zlib stream, IHDR, chunk order…) */
    CPNG_TOO_LARGE = 4,       /* width × height > max_pixels; width and height set */
    CPNG_COLOUR = 5,          /* colour type other than 0 (grayscale); colour_type set */
    CPNG_SIXTEEN_BIT = 6,     /* grayscale with 16-bit samples */
    CPNG_TRANSPARENCY = 7,    /* a tRNS chunk: one gray level is transparent */
    CPNG_BUFFER_TOO_SMALL = 8 /* samples_capacity < width × height: the caller's mistake */
} cpng_status;

/* The image header (IHDR). bit_depth is 1, 2, 4 or 8 when the status is CPNG_OK. */
typedef struct cpng_header {
    uint32_t width;
    uint32_t height;
    uint8_t bit_depth;
    uint8_t colour_type;
    uint8_t interlaced;
} cpng_header;

/* Decodes the PNG file data[0 ..< size].
 *
 * With samples == NULL, reads every chunk before the image data, checks what it announces and
 * stops: call it so first, allocate width × height bytes, and call it again with them. With a
 * buffer, also decodes the image (Adam7 included) into it, one byte per pixel in raster order,
 * each the raw sample 0 … 2^bit_depth − 1 (PNG: 0 is black), then reads the chunks up to IEND.
 *
 * Refused, before any memory proportional to the image is allocated: colour types other than
 * 0, bit depth 16, a tRNS chunk, and more than max_pixels pixels. libpng's own limits are set
 * from max_pixels too. Ancillary chunks other than tRNS are skipped unread (their CRC is still
 * checked); bytes after IEND are not looked at.
 *
 * For CPNG_CORRUPT and CPNG_TRUNCATED, message receives libpng's one-line reason, NUL-terminated
 * and cut to message_capacity bytes; it is left empty otherwise. */
cpng_status cpng_decode(const uint8_t *data, size_t size, uint64_t max_pixels, cpng_header *header,
                        uint8_t *samples, size_t samples_capacity, char *message, size_t message_capacity);

#endif
