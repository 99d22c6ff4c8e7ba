#!/usr/bin/env python3
"""Regenerates the white-cell masks shipped beside the BCCD smears in this folder.

Each WBC box of the BCCD annotations (test.csv) is drawn as the ellipse inscribed in it (255) on a
black 640x480 8-bit PNG. The ellipse is closer to a white cell's outline than its box. Needs only the
standard library. Usage: render_wbc_masks.py /path/to/shared/data/bccd-smears
"""
import csv
import os
import struct
import sys
import zlib


def write_png(path, width, height, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y * width:(y + 1) * width]) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(source):
    here = os.path.dirname(os.path.abspath(__file__))
    boxes = {}
    with open(os.path.join(source, "test.csv")) as f:
        for row in csv.DictReader(f):
            boxes.setdefault(row["filename"], []).append(row)
    for image in sorted(n for n in os.listdir(here) if n.endswith(".jpg")):
        width, height = 640, 480
        pixels = bytearray(width * height)
        for row in boxes.get(image, []):
            if row["cell_type"] != "WBC":
                continue
            x0, x1, y0, y1 = (int(row[k]) for k in ("xmin", "xmax", "ymin", "ymax"))
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            rx, ry = max(1, (x1 - x0) / 2), max(1, (y1 - y0) / 2)
            for y in range(max(0, y0), min(height, y1 + 1)):
                for x in range(max(0, x0), min(width, x1 + 1)):
                    if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1:
                        pixels[y * width + x] = 255
        write_png(os.path.join(here, image[:-4] + "_wbc.png"), width, height, pixels)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/data/bccd-smears")
