#!/usr/bin/env python3
"""Writes the scikit-image reference scores that CellOps' translation-metric tests compare against.

Each case is a truth image and a predicted image (one channel each, a few thousand pixels), made
from a seeded generator, and the scores scikit-image and numpy give for them, in one small file
under tests/CellOps.Tests/Parity/Fixtures/Translation/<case>.bin:

    line 1   UTF-8 JSON header, ending in a newline: {"case", "skimage", "numpy", "scipy",
             "params": {"truth_threshold", "prediction_threshold"}, "expected": {...},
             "arrays": [{"name", "dtype" ("float32" | "uint16"), "shape", "offset"}]}; offsets
             count bytes from the first byte after the newline
    rest     the arrays' values, little-endian, row-major, one after another

Expected scores, with L = max(truth) - min(truth):

    ssim       skimage.metrics.structural_similarity(truth, prediction, gaussian_weights=True,
               sigma=1.5, use_sample_covariance=False, data_range=L) on float64 copies (Wang et
               al. 2004; float64 so that the reference is not limited by float32 filtering)
    psnr       skimage.metrics.peak_signal_noise_ratio(truth, prediction, data_range=L)
    mae, mse   numpy means of |p - t| and (p - t)^2, in float64
    pearson    numpy.corrcoef of the flattened images, in float64
    tp, fp, fn, tn, dice, iou, precision, recall, truth_fraction, prediction_fraction
               counts of (t > truth_threshold) against (p > prediction_threshold) and the
               scores made from them (no Otsu here: CellOps' Otsu is tested on its own)

Regenerate with

    apt-get install -y python3-skimage python3-numpy
    /usr/bin/python3 tests/parity/generate_translation_metrics.py

from the repository root; the output is deterministic for given numpy/scikit-image builds. The
tests (tests/CellOps.Tests/Parity/TranslationMetricsParityTests.cs) need only the committed files.
"""

import json
import os

import numpy as np
import scipy
import skimage
from scipy import ndimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "CellOps.Tests", "Parity", "Fixtures", "Translation")
HEIGHT, WIDTH = 64, 80


def blobs(rng, count, radius, height=HEIGHT, width=WIDTH):
    """Soft round 'nuclei' of unit height at random places."""
    yy, xx = np.mgrid[0:height, 0:width]
    image = np.zeros((height, width))
    for _ in range(count):
        cy, cx = rng.uniform(0, height), rng.uniform(0, width)
        r = rng.uniform(0.6, 1.4) * radius
        image += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
    return image


def scores(truth, prediction, truth_threshold, prediction_threshold):
    t = truth.astype(np.float64)
    p = prediction.astype(np.float64)
    L = float(t.max() - t.min())
    ssim = structural_similarity(t, p, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=L)
    psnr = peak_signal_noise_ratio(t, p, data_range=L)
    a, b = t > truth_threshold, p > prediction_threshold
    tp, fp = int(np.sum(a & b)), int(np.sum(~a & b))
    fn, tn = int(np.sum(a & ~b)), int(np.sum(~a & ~b))
    n = t.size
    return {
        "data_range": L,
        "ssim": float(ssim),
        "psnr": float(psnr),
        "mae": float(np.mean(np.abs(p - t))),
        "mse": float(np.mean((p - t) ** 2)),
        "pearson": float(np.corrcoef(t.ravel(), p.ravel())[0, 1]),
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "dice": 2 * tp / (2 * tp + fp + fn),
        "iou": tp / (tp + fp + fn),
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "truth_fraction": (tp + fn) / n,
        "prediction_fraction": (tp + fp) / n,
    }


def write_case(name, truth, prediction, truth_threshold, prediction_threshold):
    expected = scores(truth, prediction, truth_threshold, prediction_threshold)
    arrays, blobs_out, offset = [], [], 0
    for aname, a in (("truth", truth), ("prediction", prediction)):
        if a.dtype == np.float32:
            dtype, data = "float32", a.astype("<f4").tobytes()
        elif a.dtype == np.uint16:
            dtype, data = "uint16", a.astype("<u2").tobytes()
        else:
            raise TypeError(f"{name}/{aname}: unsupported dtype {a.dtype}")
        arrays.append({"name": aname, "dtype": dtype, "shape": list(a.shape), "offset": offset})
        blobs_out.append(data)
        offset += len(data)
    header = {
        "case": name,
        "skimage": skimage.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "params": {"truth_threshold": truth_threshold, "prediction_threshold": prediction_threshold},
        "expected": expected,
        "arrays": arrays,
    }
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n")
        for b in blobs_out:
            f.write(b)


def float_case():
    """Float DAPI-like truth; the prediction blurred, dimmer, noisy and offset."""
    rng = np.random.default_rng(14)
    truth = 120 + 1800 * blobs(rng, 12, 4.0) + rng.normal(0, 25, (HEIGHT, WIDTH))
    prediction = 0.9 * ndimage.gaussian_filter(truth, 1.2) + 40 + rng.normal(0, 60, (HEIGHT, WIDTH))
    write_case("float_blobs", truth.astype(np.float32), prediction.astype(np.float32), 700.0, 650.0)


def uint16_case():
    """16-bit MAP2-like truth (thin bright processes on a dark field); a float prediction."""
    rng = np.random.default_rng(2004)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    lines = np.zeros((HEIGHT, WIDTH))
    for _ in range(6):
        angle, offset = rng.uniform(0, np.pi), rng.uniform(-40, 40)
        distance = np.abs(np.cos(angle) * (xx - WIDTH / 2) + np.sin(angle) * (yy - HEIGHT / 2) - offset)
        lines += np.exp(-distance ** 2 / 4.5)
    truth = np.clip(900 + 30000 * lines + rng.normal(0, 300, (HEIGHT, WIDTH)), 0, 65535).astype(np.uint16)
    prediction = (ndimage.gaussian_filter(truth.astype(np.float64), 0.8) * 1.05 - 500
                  + rng.normal(0, 900, (HEIGHT, WIDTH))).astype(np.float32)
    write_case("uint16_processes", truth, prediction, 8000.0, 9000.0)


def constant_regions_case():
    """Flat regions in both images (zero variance under whole windows, and equal flats), beside texture."""
    rng = np.random.default_rng(7)
    truth = np.zeros((HEIGHT, WIDTH), dtype=np.float32)
    truth[:, 40:] = 500
    truth[20:44, 10:30] = 1000
    truth[48:, :] = (200 + 100 * rng.standard_normal((HEIGHT - 48, WIDTH))).astype(np.float32)
    prediction = truth.copy()
    prediction[:, 40:] = 450                     # a flat region predicted flat, but dimmer
    prediction[:30, :20] = 0                     # equal to the truth there (flat and exact)
    prediction[48:, :] += (60 * rng.standard_normal((HEIGHT - 48, WIDTH))).astype(np.float32)
    write_case("constant_regions", truth, prediction, 250.0, 300.0)


def small_case():
    """Just over one window tall (12 rows): only two rows of SSIM pixels."""
    rng = np.random.default_rng(3)
    truth = (rng.uniform(0, 1, (12, 17)) * 255).astype(np.float32)
    prediction = (truth + rng.normal(0, 20, truth.shape)).astype(np.float32)
    write_case("small_12x17", truth, prediction, 128.0, 128.0)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    float_case()
    uint16_case()
    constant_regions_case()
    small_case()
