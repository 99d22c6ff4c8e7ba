#!/usr/bin/env python3
"""The whole-slide peer of CellOps' benchmark harness: the script a user would otherwise write to run a
tile classifier over a slide and save its probability map, with tifffile, numpy and PyTorch.

    whole_slide.py IMAGE WEIGHTS_STEM OUT_STEM THREADS BATCH

WEIGHTS_STEM.json/.bin are the CellOps network's weights (bench/CellOps.Benchmarks/Support/StateDictDump.cs)
and its configuration; the network is peer.py's TileClassifierNetwork, layer for layer CellOps'.

What it does, as a typical script does it: reads the slide whole (tifffile.imread), cuts it into
non-overlapping tile x tile tiles left to right, top to bottom (the partial tiles at the right and bottom
edges are dropped, as CellOps' tiling for a tile classifier drops them), standardizes each tile (its own
mean and standard deviation, a flat tile to zeros: CellOps' PerTileStandardize), predicts batch after
batch (eval mode, inference_mode, softmax), pastes P(class 1) over each tile's pixels in a float32 map the
size of the slide (pixels no tile covers stay 0, as in CellOps' map), and writes the map (float32) and
the binarized stain (uint8, 255 where P >= 0.5) with tifffile.imwrite (uncompressed, its default).

Peak memory is measured as CellOps' side measures it: after the model is loaded and has predicted one
batch, the resident size is the baseline and the kernel's peak (VmHWM) is reset; the peak after the
work is read back. Prints one JSON line: seconds, model_seconds (inside the network), tiles, baseline
and peak bytes, and the file written.
"""
import json
import sys
import time

import numpy as np
import tifffile
import torch

from peer import TileClassifierNetwork


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


def load_network(stem):
    with open(stem + ".json") as f:
        meta = json.load(f)
    net = TileClassifierNetwork(meta["channels"], meta["classes"], meta["depth"], meta["width"], 0.0)
    flat = np.fromfile(stem + ".bin", dtype="<f4")
    state = {}
    for t in meta["tensors"]:
        n = int(np.prod(t["shape"])) if t["shape"] else 1
        state[t["name"]] = torch.from_numpy(flat[t["offset"]:t["offset"] + n].copy()).reshape(t["shape"])
    missing, unexpected = net.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ValueError(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    return net.eval(), meta


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
