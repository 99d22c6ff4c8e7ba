#!/usr/bin/env python3
"""The Cardiomyocyte tile classifier in PyTorch, measured exactly as CellOps.Benchmarks' `cardiomyocyte`
benchmark measures the CellOps (TorchSharp) one: same layers and shapes, batch, threads, warm-up and
timing protocol. Prints a table and `RESULT pytorch inference=... training=...` (tiles/s)."""
import argparse
import os
import resource
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

BATCH = 64
TILE = 64
MAX_WIDTH = 256


class ConvBlock(nn.Module):
    """conv3x3 (no bias) - BatchNorm - ReLU - 2x2 max pool (ceil mode)."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(cout)
        self.pool = nn.MaxPool2d(2, 2, ceil_mode=True)

    def forward(self, x):
        return self.pool(F.relu(self.norm(self.conv(x)), inplace=True))


class TileClassifierNetwork(nn.Module):
    def __init__(self, cin=1, classes=2, depth=4, base_width=32, dropout=0.3):
        super().__init__()
        widths = [min(base_width * 2 ** i, max(MAX_WIDTH, base_width)) for i in range(depth)]
        blocks, c = [], cin
        for w in widths:
            blocks.append(ConvBlock(c, w))
            c = w
        self.blocks = nn.ModuleList(blocks)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(c, classes)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(self.dropout(x.mean((2, 3))))


def timed(runs, action):
    """One untimed run, then `runs` timed runs (seconds each): CellOps' Measurement.Time."""
    action()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    warmup, runs = (1, 1) if args.quick else (3, 5)
    inference_batches, training_batches = (2, 2) if args.quick else (10, 4)

    threads = os.cpu_count()
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    network = TileClassifierNetwork()
    inputs = torch.randn(BATCH, 1, TILE, TILE)
    labels = torch.randint(0, 2, (BATCH,), dtype=torch.int64)
    parameters = sum(p.numel() for p in network.parameters())
    print(f"PyTorch TileClassifierNetwork (depth 4, width 32, dropout 0.3), {parameters:,} parameters, "
          f"batch {BATCH}x1x{TILE}x{TILE}, {threads} threads, torch {torch.__version__}")
    print(f"  protocol: {warmup} warm-up batches, then median of {runs} runs "
          f"({inference_batches} inference / {training_batches} training batches each)")
    before = rss_mb()

    network.eval()

    def infer():
        with torch.inference_mode():
            network(inputs).argmax(1)

    for _ in range(warmup):
        infer()
    inference_seconds = timed(runs, lambda: [infer() for _ in range(inference_batches)])
    after_inference = rss_mb()

    network.train()
    optimizer = torch.optim.Adam(network.parameters(), lr=1e-3, weight_decay=1e-5)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(network(inputs), labels)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    training_seconds = timed(runs, lambda: [step() for _ in range(training_batches)])
    after = rss_mb()

    def rate(batches, s):
        return batches * BATCH / s

    inference = rate(inference_batches, statistics.median(inference_seconds))
    training = rate(training_batches, statistics.median(training_seconds))
    print(f"  {'phase':<10} {'tiles/s':>10} {'min':>10} {'max':>10}")
    for name, batches, seconds in (("inference", inference_batches, inference_seconds),
                                   ("training", training_batches, training_seconds)):
        print(f"  {name:<10} {rate(batches, statistics.median(seconds)):>10.1f} "
              f"{rate(batches, max(seconds)):>10.1f} {rate(batches, min(seconds)):>10.1f}")
    print(f"  resident set: {before:.0f} MB before, {after_inference:.0f} MB after inference, {after:.0f} MB after training")
    inference_best = rate(inference_batches, min(inference_seconds))
    training_best = rate(training_batches, min(training_seconds))
    print(f"RESULT pytorch inference={inference:.1f} training={training:.1f} "
          f"inference_best={inference_best:.1f} training_best={training_best:.1f}")


if __name__ == "__main__":
    main()
