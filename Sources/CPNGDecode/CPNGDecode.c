#include "CPNGDecode.h"

#include <png.h>
#include <stdio.h>
#include <string.h>

/* The largest chunk libpng may allocate memory for. The only chunks it still reads whole here
 * are PLTE and tRNS (at most 768 bytes); everything else is skipped or streamed. */
#define CPNG_CHUNK_MALLOC_MAX (64 * 1024)

/* The input, the read position, and where errors are reported. */
typedef struct cpng_context {
    const uint8_t *data;
    size_t size;
    size_t offset;
    int truncated;
    char *message;
    size_t message_capacity;
    /* libpng often says what is wrong in a warning and then fails with a general error
     * ("Invalid IHDR data"), so the last warning is kept to go with the error. */
    char warning[128];
} cpng_context;

static void cpng_read(png_structp png, png_bytep out, size_t count) {
    cpng_context *context = png_get_io_ptr(png);
    if (count > context->size - context->offset) {
        context->truncated = 1;
        png_error(png, "PNG data ends before its IEND chunk");
    }
    memcpy(out, context->data + context->offset, count);
    context->offset += count;
}

/* Replaces libpng's default, which prints to stderr: the text goes to the caller instead. */
static PNG_NORETURN void cpng_error(png_structp png, png_const_charp text) {
    cpng_context *context = png_get_error_ptr(png);
    if (context->message_capacity > 0 && context->warning[0] != '\0') {
        snprintf(context->message, context->message_capacity, "%s; last warning: %s", text, context->warning);
    } else if (context->message_capacity > 0) {
        snprintf(context->message, context->message_capacity, "%s", text);
    }
    png_longjmp(png, 1);
}

/* Warnings (benign problems libpng recovers from) are not errors and must not be printed;
 * the last one is kept for an error that may follow. */
static void cpng_warning(png_structp png, png_const_charp text) {
    cpng_context *context = png_get_error_ptr(png);
    snprintf(context->warning, sizeof context->warning, "%s", text);
}

static uint32_t cpng_big_endian(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* Everything that may longjmp. Kept apart from cpng_decode so that no local variable of the
 * function that calls setjmp is changed between setjmp and longjmp: the context lives in the
 * caller's frame, and the jump branch reads nothing else. */
static cpng_status cpng_run(png_structp png, png_infop info, cpng_context *context, uint64_t max_pixels,
                            cpng_header *header, uint8_t *samples, size_t samples_capacity) {
    if (setjmp(png_jmpbuf(png))) {
        return context->truncated ? CPNG_TRUNCATED : CPNG_CORRUPT;
    }
    png_set_read_fn(png, context, cpng_read);
    /* libpng's default limits (10^6 per dimension) would refuse images the pixel limit allows;
     * neither dimension can exceed the pixel limit. */
    png_uint_32 dimension_max = max_pixels < PNG_UINT_31_MAX ? (png_uint_32)max_pixels : PNG_UINT_31_MAX;
    png_set_user_limits(png, dimension_max, dimension_max);
    png_set_chunk_malloc_max(png, CPNG_CHUNK_MALLOC_MAX);
    /* -1: skip every ancillary chunk except tRNS (text, ICC profiles, …) without decoding it. */
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
    /* A damaged ancillary chunk is an error, as a damaged critical one is. */
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);

    png_read_info(png, info);
    png_uint_32 width, height;
    int bit_depth, colour_type, interlace;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &colour_type, &interlace, NULL, NULL);
    header->width = width;
    header->height = height;
    header->bit_depth = (uint8_t)bit_depth;
    header->colour_type = (uint8_t)colour_type;
    header->interlaced = interlace != PNG_INTERLACE_NONE;
    if (colour_type != PNG_COLOR_TYPE_GRAY) return CPNG_COLOUR;
    if (bit_depth == 16) return CPNG_SIXTEEN_BIT;
    if (png_get_valid(png, info, PNG_INFO_tRNS)) return CPNG_TRANSPARENCY;
    uint64_t pixels = (uint64_t)width * height;
    if (pixels > max_pixels) return CPNG_TOO_LARGE;
    if (samples == NULL) return CPNG_OK;
    if (samples_capacity < pixels) return CPNG_BUFFER_TOO_SMALL;

    /* 1-, 2- and 4-bit rows become one byte per pixel, values unchanged; Adam7 passes are
     * combined into full rows. */
    png_set_packing(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    /* Every row read below writes rowbytes bytes: exactly one row of the buffer. */
    if (png_get_rowbytes(png, info) != width) png_error(png, "unexpected row size after unpacking");
    for (int pass = 0; pass < passes; pass++) {
        for (png_uint_32 y = 0; y < height; y++) {
            png_read_row(png, samples + (size_t)y * width, NULL);
        }
    }
    png_read_end(png, NULL);
    return CPNG_OK;
}

cpng_status cpng_decode(const uint8_t *data, size_t size, uint64_t max_pixels, cpng_header *header,
                        uint8_t *samples, size_t samples_capacity, char *message, size_t message_capacity) {
    memset(header, 0, sizeof *header);
    if (message_capacity > 0) message[0] = '\0';
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) return CPNG_BAD_SIGNATURE;
    /* IHDR must be the first chunk (libpng refuses anything else), so its width and height are
     * at bytes 16 and 20: refuse a header that announces too many pixels by its numbers, before
     * libpng's per-dimension limits see it. */
    if (size >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
        header->width = cpng_big_endian(data + 16);
        header->height = cpng_big_endian(data + 20);
        if ((uint64_t)header->width * header->height > max_pixels) return CPNG_TOO_LARGE;
    }
    cpng_context context = {data, size, 8, 0, message, message_capacity, ""};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, cpng_error, cpng_warning);
    png_infop info = png == NULL ? NULL : png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        if (message_capacity > 0) snprintf(message, message_capacity, "libpng could not allocate its state");
        return CPNG_CORRUPT;
    }
    png_set_sig_bytes(png, 8);
    cpng_status status = cpng_run(png, info, &context, max_pixels, header, samples, samples_capacity);
    png_destroy_read_struct(&png, &info, NULL);
    return status;
}
