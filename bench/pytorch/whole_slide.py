#!/usr/bin/env python3
"""The whole-slide peer of CellOps' benchmark harness: the script a user would otherwise write to run a
trained network over a slide and save its probability map, with tifffile, numpy and PyTorch.

    whole_slide.py IMAGE WEIGHTS_STEM OUT_STEM THREADS BATCH

WEIGHTS_STEM.json/.bin are the CellOps network's weights (bench/CellOps.Benchmarks/Support/StateDictDump.cs)
with its architecture, input and tiling (Support/WholeSlideModel.cs); the networks are peer.py's, layer for
layer CellOps' ("tile-classifier": the Cardiomyocyte TileClassifier; "class-distribution": IpsColony's).

What it does, as a typical script does it: reads the slide whole (tifffile.imread) and cuts it the way
CellOps' InferenceTiling does:
  - tile classifier: non-overlapping tile x tile tiles, left to right, top to bottom, the partial tiles at
    the right and bottom edges dropped; each tile standardized (its own mean and standard deviation, a flat
    tile to zeros); P(class 1) pasted over the tile's pixels in a float32 map the size of the slide (pixels
    no tile covers stay 0, as in CellOps' map);
  - class distribution: tiles every `stride` pixels centred so that tile i speaks for the block starting at
    i * stride, reaching past the edges into the slide mirrored (numpy.pad "reflect" around the whole slide);
    pixels scaled to 0..1; the finest grid's cell distributions (softmax over the classes) spread over their
    cells and blended with CellOps' tent weight (highest at the tile's centre) into per-class sums and a
    weight map, then divided.
Prediction is batch after batch (eval mode, inference_mode). It writes the probability map as float32
(P(class 1) for two classes, one page per class otherwise) and the stain (uint8, 255 where P >= 0.5) or
label map (argmax) with tifffile.imwrite (uncompressed, its default).

Peak memory is measured as CellOps' side measures it: after the model is loaded and has predicted one
batch, the resident size is the baseline and the kernel's peak (VmHWM) is reset; the peak after the
work is read back. Prints one JSON line: seconds, model_seconds (inside the network), tiles, baseline
and peak bytes, and the file written.
"""
import json
import re
import sys
import time

import numpy as np
import tifffile
import torch

from peer import ClassDistributionNetwork, TileClassifierNetwork


def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


# CellOps' parameter names where peer.py's layers are named otherwise (IpsColony's ConvStage is a Sequential here).
RENAMES = [(r"\.first\.", ".0."), (r"\.second\.", ".2."), (r"^head\.perGrid\.", "heads.")]


def load_network(stem):
    with open(stem + ".json") as f:
        meta = json.load(f)
    if meta["architecture"] == "tile-classifier":
        net = TileClassifierNetwork(meta["channels"], meta["classes"], meta["depth"], meta["width"], 0.0)
    else:
        net = ClassDistributionNetwork(meta["channels"], meta["classes"], meta["width"], meta["grids"])
    flat = np.fromfile(stem + ".bin", dtype="<f4")
    state = {}
    for t in meta["tensors"]:
        n = int(np.prod(t["shape"])) if t["shape"] else 1
        name = t["name"]
        for pattern, replacement in RENAMES:
            name = re.sub(pattern, replacement, name)
        state[name] = torch.from_numpy(flat[t["offset"]:t["offset"] + n].copy()).reshape(t["shape"])
    missing, unexpected = net.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ValueError(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    return net.eval(), meta


def tent(length):
    """CellOps' MapAssembler weight: distance to the nearer edge at pixel centres, scaled to (0, 1]."""
    i = np.arange(length, dtype=np.float32)
    return (np.minimum(i + 0.5, length - i - 0.5) / np.float32(length / 2)).astype(np.float32)


def standardize(tiles):
    x = tiles.astype(np.float32)
    mean = x.mean(axis=(1, 2), keepdims=True, dtype=np.float64)
    std = x.std(axis=(1, 2), keepdims=True, dtype=np.float64)
    factor = np.where(std > 1e-6, 1.0 / np.maximum(std, 1e-300), 0.0)
    return ((x - mean) * factor).astype(np.float32)


def main():
    image, weights, out_stem = sys.argv[1], sys.argv[2], sys.argv[3]
    threads, batch = int(sys.argv[4]), int(sys.argv[5])
    torch.set_num_threads(threads)
    net, meta = load_network(weights)
    tile = int(meta["tile"])
    with torch.inference_mode():
        net(torch.randn(batch, meta["channels"], tile, tile)).softmax(1)

    baseline = status("VmRSS:")
    exact = reset_peak()
    start = time.perf_counter()
    model_seconds = 0.0

    slide = tifffile.imread(image)
    height, width = slide.shape[:2]
    classes = int(meta["classes"])
    if not meta["centered"]:
        origins = [(y, x) for y in range(0, height - tile + 1, tile) for x in range(0, width - tile + 1, tile)]
        probability = np.zeros((height, width), dtype=np.float32)
        for first in range(0, len(origins), batch):
            chunk = origins[first:first + batch]
            tiles = np.stack([slide[y:y + tile, x:x + tile] for y, x in chunk])
            inputs = torch.from_numpy(standardize(tiles)).unsqueeze(1)
            t0 = time.perf_counter()
            with torch.inference_mode():
                p = net(inputs).softmax(1)[:, 1].numpy()
            model_seconds += time.perf_counter() - t0
            for (y, x), v in zip(chunk, p):
                probability[y:y + tile, x:x + tile] = v
        tifffile.imwrite(out_stem + ".probability.tif", probability)
        tifffile.imwrite(out_stem + ".stain.tif", (probability >= 0.5).astype(np.uint8) * 255)
    else:
        stride = int(meta["stride"])
        offset = (tile - stride) // 2
        starts = lambda length: [s - offset for s in range(0, length, stride)]
        origins = [(y, x) for y in starts(height) for x in starts(width)]
        pad = tile
        padded = np.pad(slide, pad, mode="reflect")
        grids = meta["grids"]
        grid = max(grids)
        first_cell = sum(r * r for r in grids[:grids.index(grid)])
        cell = tile // grid
        weight = np.outer(tent(tile), tent(tile))
        sums = np.zeros((classes, height, width), dtype=np.float32)
        weights = np.zeros((height, width), dtype=np.float32)
        for first in range(0, len(origins), batch):
            chunk = origins[first:first + batch]
            tiles = np.stack([padded[y + pad:y + pad + tile, x + pad:x + pad + tile] for y, x in chunk])
            inputs = torch.from_numpy(tiles.astype(np.float32) / np.float32(65535)).unsqueeze(1)
            t0 = time.perf_counter()
            with torch.inference_mode():
                cells = net(inputs).softmax(1)[:, :, first_cell:first_cell + grid * grid].numpy()
            model_seconds += time.perf_counter() - t0
            cells = cells.reshape(len(chunk), classes, grid, grid)
            for (y, x), c in zip(chunk, cells):
                spread = np.repeat(np.repeat(c, cell, axis=1), cell, axis=2) * weight
                y0, y1, x0, x1 = max(0, y), min(height, y + tile), max(0, x), min(width, x + tile)
                sums[:, y0:y1, x0:x1] += spread[:, y0 - y:y1 - y, x0 - x:x1 - x]
                weights[y0:y1, x0:x1] += weight[y0 - y:y1 - y, x0 - x:x1 - x]
        probability = sums / weights
        del sums
        with tifffile.TiffWriter(out_stem + ".probability.tif") as tif:
            for k in (range(1, 2) if classes == 2 else range(classes)):
                tif.write(probability[k])
        tifffile.imwrite(out_stem + ".labels.tif", probability.argmax(0).astype(np.uint8))
    seconds = time.perf_counter() - start

    peak = status("VmHWM:")
    print("RESULT " + json.dumps({
        "seconds": seconds, "model_seconds": model_seconds, "tiles": len(origins),
        "baselineBytes": baseline, "peakBytes": peak, "peakExact": exact,
        "probability": out_stem + ".probability.tif",
        "torch": torch.__version__, "tifffile": tifffile.__version__, "numpy": np.__version__,
    }), flush=True)


if __name__ == "__main__":
    main()
