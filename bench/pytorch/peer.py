#!/usr/bin/env python3
"""The PyTorch peer of CellOps' benchmark harness (bench/CellOps.Benchmarks).

The harness starts this once and talks to it over stdin/stdout, one JSON object per line each way, so
that it can alternate single timed runs between CellOps and PyTorch: load from other processes on a
shared machine then falls on both sides alike. Every timed request is timed here, around the work only.

Requests ("op" and its fields) and replies:
  hello    threads                        -> torch, threads, mkldnn, blas
  matmul   n, repeat                      -> seconds (for `repeat` products of two n x n fp32 matrices)
  network  name, batch, tile, depth, width, dropout, seed, fold_batch_norm, channels_last -> parameters
  infer    name, batches                  -> seconds (eval mode under inference_mode, softmax included)
  train    name, batches                  -> seconds (train mode: forward, cross entropy, backward, Adam step)
  quit                                    -> (no reply)
A failed request replies {"error": "..."}.

The network is the Cardiomyocyte TileClassifier of CellOps layer for layer: blocks of conv3x3 (no bias),
BatchNorm, ReLU and 2x2 max pool (ceil mode), global average pooling, dropout and a linear head.
"""
import copy
import json
import re
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

MAX_WIDTH = 256


class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(cout)
        self.pool = nn.MaxPool2d(2, 2, ceil_mode=True)

    def forward(self, x):
        return self.pool(F.relu(self.norm(self.conv(x)), inplace=True))


class TileClassifierNetwork(nn.Module):
    def __init__(self, cin, classes, depth, base_width, dropout):
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


class Setup:
    """One network configuration, named by the harness, with its fixed batch of random tiles."""

    def __init__(self, request):
        torch.manual_seed(int(request.get("seed", 0)))
        batch, tile = int(request["batch"]), int(request["tile"])
        self.network = TileClassifierNetwork(1, 2, int(request["depth"]), int(request["width"]), float(request["dropout"]))
        self.inputs = torch.randn(batch, 1, tile, tile)
        self.labels = torch.randint(0, 2, (batch,), dtype=torch.int64)
        self.optimizer = torch.optim.Adam(self.network.parameters(), lr=1e-3, weight_decay=1e-5)
        self.channels_last = bool(request.get("channels_last", False))
        if self.channels_last:
            # In place: the optimizer keeps the same parameters, now in NHWC order.
            self.network.to(memory_format=torch.channels_last)
            self.inputs = self.inputs.contiguous(memory_format=torch.channels_last)
        self.inference_network = self.folded_copy() if request.get("fold_batch_norm", False) else self.network
        if self.channels_last:
            self.inference_network.to(memory_format=torch.channels_last)

    def folded_copy(self):
        # The same folding CellOps' network suite measures: each eval-mode BatchNorm merged into the convolution before it.
        folded = copy.deepcopy(self.network).eval()
        for block in folded.blocks:
            block.conv = torch.nn.utils.fusion.fuse_conv_bn_eval(block.conv, block.norm)
            block.norm = nn.Identity()
        return folded


class Peer:
    def __init__(self):
        self.setups = {}

    def hello(self, request):
        torch.set_num_threads(int(request["threads"]))
        found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
        blas = found.group(1) if found else "unknown"
        return {"torch": torch.__version__, "threads": torch.get_num_threads(),
                "mkldnn": torch.backends.mkldnn.is_available(), "blas": blas}

    def matmul(self, request):
        n, repeat = int(request["n"]), int(request.get("repeat", 1))
        if getattr(self, "_matmul_n", None) != n:
            generator = torch.Generator().manual_seed(0)
            self._a = torch.randn(n, n, generator=generator)
            self._b = torch.randn(n, n, generator=generator)
            self._matmul_n = n
        start = time.perf_counter()
        for _ in range(repeat):
            torch.mm(self._a, self._b)
        return {"seconds": time.perf_counter() - start}

    def network_setup(self, request):
        setup = Setup(request)
        self.setups[request.get("name", "default")] = setup
        return {"parameters": sum(p.numel() for p in setup.network.parameters())}

    def infer(self, request):
        setup = self.setups[request.get("name", "default")]
        batches = int(request["batches"])
        net = setup.inference_network
        net.eval()
        start = time.perf_counter()
        with torch.inference_mode():
            for _ in range(batches):
                net(setup.inputs).softmax(1)
        return {"seconds": time.perf_counter() - start}

    def train(self, request):
        setup = self.setups[request.get("name", "default")]
        batches = int(request["batches"])
        setup.network.train()
        start = time.perf_counter()
        for _ in range(batches):
            setup.optimizer.zero_grad()
            loss = F.cross_entropy(setup.network(setup.inputs), setup.labels)
            loss.item()
            loss.backward()
            setup.optimizer.step()
        return {"seconds": time.perf_counter() - start}


def main():
    peer = Peer()
    handlers = {"hello": peer.hello, "matmul": peer.matmul, "network": peer.network_setup,
                "infer": peer.infer, "train": peer.train}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
            if request.get("op") == "quit":
                break
            reply = handlers[request["op"]](request)
        except Exception as error:  # the harness reports it on the row, and goes on
            reply = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
