/*
 * The libtiff peer of CellOps' TIFF decode benchmark: decodes every strip or tile of the first page
 * of a TIFF with libtiff itself (TIFFReadEncodedStrip / TIFFReadEncodedTile, so compression and the
 * predictor are undone exactly as libtiff users get them) and prints how long each run took.
 *
 *   tiffdecode FILE [RUNS]     prints "libtiff <version line>", then "bytes N" and one "seconds S" per run
 *   tiffdecode --version       prints libtiff's version line only
 *
 * Each run opens the file, decodes, and closes it, as CellOps' side does, so both pay for reading the
 * directory. Timing is taken inside the program, so process start-up is not counted.
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

/* Decodes the first page once; returns the bytes decoded, or -1 on failure. */
static long long decode(const char *path, unsigned char **buffer, tmsize_t *capacity)
{
    TIFF *tif = TIFFOpen(path, "r");
    if (!tif) return -1;
    int tiled = TIFFIsTiled(tif);
    tmsize_t size = tiled ? TIFFTileSize(tif) : TIFFStripSize(tif);
    uint32_t count = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
    if (size > *capacity) {
        free(*buffer);
        *buffer = malloc(size);
        *capacity = *buffer ? size : 0;
        if (!*buffer) { TIFFClose(tif); return -1; }
    }
    long long total = 0;
    for (uint32_t i = 0; i < count; i++) {
        tmsize_t n = tiled ? TIFFReadEncodedTile(tif, i, *buffer, size) : TIFFReadEncodedStrip(tif, i, *buffer, size);
        if (n < 0) { TIFFClose(tif); return -1; }
        total += n;
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
    unsigned char *buffer = NULL;
    tmsize_t capacity = 0;
    long long bytes = 0;
    for (int r = 0; r < runs; r++) {
        double start = now();
        bytes = decode(argv[1], &buffer, &capacity);
        double seconds = now() - start;
        if (bytes < 0) {
            fprintf(stderr, "tiffdecode: %s could not be decoded\n", argv[1]);
            return 1;
        }
        if (r == 0) printf("bytes %lld\n", bytes);
        printf("seconds %.9f\n", seconds);
    }
    free(buffer);
    return 0;
}
