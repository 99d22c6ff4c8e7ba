/*
 * The libtiff peer of CellOps' TIFF decode benchmark: reads the first page of a TIFF with libtiff itself
 * (TIFFReadEncodedStrip / TIFFReadEncodedTile, so compression and the predictor are undone exactly as
 * libtiff users get them) and prints how long each run took.
 *
 *   tiffdecode FILE [RUNS]     prints "libtiff <version line>", then "bytes N" and one "seconds S" per run
 *   tiffdecode --version       prints libtiff's version line only
 *
 * It produces what CellOps' side produces: the image, band after band of 256 rows, in one reused band
 * buffer, as a libtiff program that wants the pixels would. Strips are decoded straight into the band
 * (no copy); tiles are decoded into a tile buffer and their rows copied into place. Each run opens the
 * file, reads, and closes it, as CellOps' side does, so both pay for reading the directory. Timing is
 * taken inside the program, so process start-up is not counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tiffio.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define BAND_ROWS 256

/* Reads the first page once, band by band; returns the bytes of image produced, or -1 on failure. */
static long long decode(const char *path, unsigned char **band, tmsize_t *band_capacity, unsigned char **tile, tmsize_t *tile_capacity)
{
    TIFF *tif = TIFFOpen(path, "r");
    if (!tif) return -1;
    uint32_t width = 0, height = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    tmsize_t row_bytes = TIFFScanlineSize(tif);
    tmsize_t band_bytes = row_bytes * BAND_ROWS;
    if (band_bytes > *band_capacity) {
        free(*band);
        *band = malloc(band_bytes);
        *band_capacity = *band ? band_bytes : 0;
        if (!*band) { TIFFClose(tif); return -1; }
    }
    long long total = 0;
    if (!TIFFIsTiled(tif)) {
        uint32_t rows_per_strip = height;
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
        if (rows_per_strip > height) rows_per_strip = height;
        /* Bands are whole strips here (256 is a multiple of the strip height in the benchmark's files). */
        for (uint32_t y = 0; y < height; y += rows_per_strip) {
            uint32_t in_band = y % BAND_ROWS;
            uint32_t rows = height - y < rows_per_strip ? height - y : rows_per_strip;
            tmsize_t n = TIFFReadEncodedStrip(tif, TIFFComputeStrip(tif, y, 0), *band + in_band * row_bytes, rows * row_bytes);
            if (n < 0) { TIFFClose(tif); return -1; }
            total += n;
        }
    } else {
        uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        tmsize_t tile_bytes = TIFFTileSize(tif), tile_row = TIFFTileRowSize(tif);
        tmsize_t pixel = row_bytes / width;
        if (tile_bytes > *tile_capacity) {
            free(*tile);
            *tile = malloc(tile_bytes);
            *tile_capacity = *tile ? tile_bytes : 0;
            if (!*tile) { TIFFClose(tif); return -1; }
        }
        for (uint32_t y = 0; y < height; y += th) {
            uint32_t rows = height - y < th ? height - y : th;
            for (uint32_t x = 0; x < width; x += tw) {
                if (TIFFReadEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, 0), *tile, tile_bytes) < 0) { TIFFClose(tif); return -1; }
                uint32_t cols = width - x < tw ? width - x : tw;
                for (uint32_t r = 0; r < rows; r++)
                    memcpy(*band + ((y + r) % BAND_ROWS) * row_bytes + x * pixel, *tile + r * tile_row, cols * pixel);
            }
            total += rows * row_bytes;
        }
    }
    TIFFClose(tif);
    return total;
}

int main(int argc, char **argv)
{
    const char *version = TIFFGetVersion();
    /* The version text spans lines; its first line names the library and version. */
    char first[256];
    snprintf(first, sizeof first, "%s", version ? version : "unknown");
    first[strcspn(first, "\n")] = 0;
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("%s\n", first);
        return 0;
    }
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: tiffdecode FILE [RUNS] | tiffdecode --version\n");
        return 2;
    }
    int runs = argc == 3 ? atoi(argv[2]) : 1;
    if (runs < 1) runs = 1;
    printf("libtiff %s\n", first);
    unsigned char *band = NULL, *tile = NULL;
    tmsize_t band_capacity = 0, tile_capacity = 0;
    long long bytes = 0;
    for (int r = 0; r < runs; r++) {
        double start = now();
        bytes = decode(argv[1], &band, &band_capacity, &tile, &tile_capacity);
        double seconds = now() - start;
        if (bytes < 0) {
            fprintf(stderr, "tiffdecode: %s could not be decoded\n", argv[1]);
            return 1;
        }
        if (r == 0) printf("bytes %lld\n", bytes);
        printf("seconds %.9f\n", seconds);
    }
    free(band);
    free(tile);
    return 0;
}
