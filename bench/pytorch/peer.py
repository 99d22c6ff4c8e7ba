#!/usr/bin/env python3
"""The PyTorch peer of CellOps' benchmark harness (bench/CellOps.Benchmarks).

The harness starts this once and talks to it over stdin/stdout, one JSON object per line each way, so
that it can alternate single timed runs between CellOps and PyTorch: load from other processes on a
shared machine then falls on both sides alike. Every timed request is timed here, around the work only.

Requests ("op" and its fields) and replies:
  hello    threads                        -> torch, threads, mkldnn, blas
  matmul   n, repeat                      -> seconds (for `repeat` products of two n x n fp32 matrices)
  network  name, batch, tile, depth, width, dropout, seed, fold_batch_norm, channels_last -> parameters
           (architecture, channels, classes, hidden, grids, loss, lr, weight_decay for the other plugins' networks;
           architecture "pix2pix": channels, outputs, width, depth, dropout, norm, discriminator_width,
           discriminator_layers, lambda, lr, beta1 -> parameters, generator_parameters)
  infer    name, batches                  -> seconds (eval mode under inference_mode, softmax included; pix2pix:
                                             the generator's images, no softmax)
  train    name, batches                  -> seconds (train mode: forward, the network's loss, backward, Adam step;
                                             pix2pix: one discriminator step and one generator step per batch)
  resnet-weights  arch, classes, seed, weights, parity, parity_tile, parity_batch -> parameters, largest_logit
           (torchvision's resnet18/resnet50 with batch norms given scales, shifts and running statistics, its
           state dict saved to `weights`; {"input", "logits"} of eval mode on a fixed batch saved to `parity`)
  forget   names                          -> (empty) drops those networks
  quit                                    -> (no reply)
A failed request replies {"error": "..."}.

The default architecture is the Cardiomyocyte TileClassifier of CellOps layer for layer: blocks of
conv3x3 (no bias), BatchNorm, ReLU and 2x2 max pool (ceil mode), global average pooling, dropout and a
linear head. The other built-in plugins' networks are here too, with the same layer shapes as their C#
definitions (see each class): "wnet" (Leukocyte.WNet), "class-distribution", "patch-classifier" and
"unet" (IpsColony's ClassDistribution, PatchClassifier and FullyConvolutional), trained with the loss
their CellOps model uses: cross entropy for the classifiers, "kl" (DistributionLoss) for the dense two.
"pix2pix" is CancerStemCell.Pix2Pix: the U-Net generator and the PatchGAN discriminator of CellOps
(UNetGenerator, PatchDiscriminator), trained as its TranslationLoop trains them (see Pix2PixSetup).
"resnet" is torchvision's own resnet18 or resnet50 ("arch"; python3-torchvision), which
NeuralFate.ResNet18/50 rebuild key for key; "weights" loads a state dict saved by resnet-weights.
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


def wnet_groups(channels):
    """WNetConvBlock's group count: eight groups as far as the width divides, else four, two, one."""
    return next((g for g in (8, 4, 2) if channels % g == 0 and channels >= g), 1)


class WNetNetwork(nn.Module):
    """Leukocyte.WNet: conv3x3, then batch norm, group norm or nothing (the conv has a bias only without
    one), ReLU, 2x2 max pool (ceil mode) per block, width doubling from base_width; global average
    pooling; dropout, linear, ReLU, dropout, linear (WNetBackbone + WNetHead)."""

    def __init__(self, cin, classes, depth, base_width, hidden, dropout, normalization="Batch"):
        super().__init__()
        layers, c, w = [], cin, base_width
        for _ in range(depth):
            layers.append(nn.Conv2d(c, w, 3, padding=1, bias=normalization == "None"))
            if normalization == "Batch":
                layers.append(nn.BatchNorm2d(w))
            elif normalization == "Group":
                layers.append(nn.GroupNorm(wnet_groups(w), w))
            layers += [nn.ReLU(), nn.MaxPool2d(2, 2, ceil_mode=True)]
            c, w = w, w * 2
        self.backbone = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(c, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, classes))

    def forward(self, x):
        return self.head(self.backbone(x).mean((2, 3)))


def conv_stage(cin, cout):
    """IpsColony's ConvStage: two conv3x3 (bias) with ReLU at one resolution, no batch norm."""
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU())


class PatchEncoder(nn.Module):
    """IpsColony's PatchEncoder: three ConvStages (width, 2 width, 4 width), each followed by 2x2 max pool."""

    def __init__(self, cin, width):
        super().__init__()
        self.stages = nn.ModuleList([conv_stage(cin, width), conv_stage(width, 2 * width), conv_stage(2 * width, 4 * width)])
        self.pool = nn.MaxPool2d(2, 2)
        self.channels = 4 * width

    def forward(self, x):
        for stage in self.stages:
            x = self.pool(stage(x))
        return x


class ClassDistributionNetwork(nn.Module):
    """IpsColony.ClassDistribution: PatchEncoder, then per grid r adaptive average pooling to r x r and a
    1x1 convolution to the class logits, flattened and joined: N x K x sum(r^2)."""

    def __init__(self, cin, classes, width, grids):
        super().__init__()
        self.backbone = PatchEncoder(cin, width)
        self.grids = list(grids)
        self.heads = nn.ModuleList([nn.Conv2d(self.backbone.channels, classes, 1) for _ in self.grids])

    def forward(self, x):
        features = self.backbone(x)
        return torch.cat([head(F.adaptive_avg_pool2d(features, r)).flatten(2) for r, head in zip(self.grids, self.heads)], 2)


class PatchClassifierNetwork(nn.Module):
    """IpsColony.PatchClassifier: PatchEncoder, flatten, dropout, linear, ReLU, linear."""

    def __init__(self, cin, tile, classes, width, hidden, dropout):
        super().__init__()
        self.backbone = PatchEncoder(cin, width)
        side = tile // 8
        self.head = nn.Sequential(nn.Flatten(1), nn.Dropout(dropout), nn.Linear(self.backbone.channels * side * side, hidden),
                                  nn.ReLU(), nn.Linear(hidden, classes))

    def forward(self, x):
        return self.head(self.backbone(x))


class UNetNetwork(nn.Module):
    """IpsColony.FullyConvolutional (UNetBody + 1x1 head): three encoder stages, two decoder stages that
    upsample with 2x2 stride-2 transposed convolutions and join the encoder's map, logits N x K x (H W)."""

    def __init__(self, cin, classes, width):
        super().__init__()
        self.down1, self.down2 = conv_stage(cin, width), conv_stage(width, 2 * width)
        self.bottom = conv_stage(2 * width, 4 * width)
        self.lift2 = nn.ConvTranspose2d(4 * width, 2 * width, 2, stride=2)
        self.up2 = conv_stage(4 * width, 2 * width)
        self.lift1 = nn.ConvTranspose2d(2 * width, width, 2, stride=2)
        self.up1 = conv_stage(2 * width, width)
        self.pool = nn.MaxPool2d(2, 2)
        self.head = nn.Conv2d(width, classes, 1)

    def forward(self, x):
        skip1 = self.down1(x)
        skip2 = self.down2(self.pool(skip1))
        deepest = self.bottom(self.pool(skip2))
        joined2 = self.up2(torch.cat([self.lift2(deepest), skip2], 1))
        joined1 = self.up1(torch.cat([self.lift1(joined2), skip1], 1))
        return self.head(joined1).flatten(2)


def kl_divergence(logits, target):
    """CellOps' DistributionLoss.KullbackLeibler without class weights: mean KL(target || softmax) over
    the cells that hold any class."""
    log_p = F.log_softmax(logits, 1)
    log_t = target.clamp_min(1e-12).log()
    per_cell = (target * (log_t - log_p)).sum(1)
    counted = (target.sum(1) > 0).float().sum().clamp_min(1)
    return per_cell.sum() / counted


def norm_layer(norm, channels):
    """CancerStemCell's NormLayer: batch norm, or instance norm without affine parameters or running statistics."""
    if norm == "Batch":
        return nn.BatchNorm2d(channels)
    if norm == "Instance":
        return nn.InstanceNorm2d(channels, affine=False, track_running_stats=False)
    raise ValueError(f"unknown norm {norm}")


def pix2pix_init(module):
    """Pix2PixInit: convolutions N(0, 0.02) with zero biases, batch-norm scales N(1, 0.02) and zero shifts."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1, 0.02)
            nn.init.zeros_(m.bias)


class UNetGenerator(nn.Module):
    """CancerStemCell's UNetGenerator: `depth` 4x4 stride-2 convolutions down (width * 2^i channels, at most
    8 width; leaky ReLU 0.2 before each but the first; norm after each but the first and the innermost; a
    bias only where no norm follows), as many 4x4 stride-2 transposed convolutions up (ReLU before each,
    each but the innermost taking its encoder map joined in front; norm after each but the outermost,
    which has a bias and tanh; dropout after the steps 4..depth-2)."""

    def __init__(self, cin, cout, width, depth, dropout, norm):
        super().__init__()
        channels = [width * 2 ** min(i, 3) for i in range(depth)]
        down = []
        for i in range(depth):
            normed = 0 < i < depth - 1
            layers = [nn.LeakyReLU(0.2)] if i > 0 else []
            layers.append(nn.Conv2d(cin if i == 0 else channels[i - 1], channels[i], 4, stride=2, padding=1, bias=not normed))
            if normed:
                layers.append(norm_layer(norm, channels[i]))
            down.append(nn.Sequential(*layers))
        up = []
        for i in range(depth):
            outermost = i == 0
            cin_up = channels[i] if i == depth - 1 else 2 * channels[i]
            layers = [nn.ReLU(), nn.ConvTranspose2d(cin_up, cout if outermost else channels[i - 1], 4, stride=2, padding=1, bias=outermost)]
            layers.append(nn.Tanh() if outermost else norm_layer(norm, channels[i - 1]))
            if 4 <= i <= depth - 2:
                layers.append(nn.Dropout(dropout))
            up.append(nn.Sequential(*layers))
        self.down, self.up = nn.ModuleList(down), nn.ModuleList(up)
        pix2pix_init(self)

    def forward(self, x):
        skips = []
        for step in self.down:
            x = step(x)
            skips.append(x)
        y = self.up[-1](x)
        for i in range(len(self.up) - 2, -1, -1):
            y = self.up[i](torch.cat([skips[i], y], 1))
        return y


class PatchDiscriminator(nn.Module):
    """CancerStemCell's PatchDiscriminator: a 4x4 stride-2 convolution (bias) and leaky ReLU 0.2, then
    `layers` 4x4 convolutions (no bias; stride 2 but the last, stride 1) each with norm and leaky ReLU
    (widths doubling to at most 8 width), and a 4x4 stride-1 convolution to one logit per patch."""

    def __init__(self, channels, width, layers, norm):
        super().__init__()
        widths = [width * 2 ** min(n, 3) for n in range(layers + 1)]
        stack = [nn.Conv2d(channels, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2)]
        for n in range(1, layers + 1):
            stack += [nn.Conv2d(widths[n - 1], widths[n], 4, stride=2 if n < layers else 1, padding=1, bias=False),
                      norm_layer(norm, widths[n]), nn.LeakyReLU(0.2)]
        stack.append(nn.Conv2d(widths[layers], 1, 4, stride=1, padding=1))
        self.layers = nn.Sequential(*stack)
        pix2pix_init(self)

    def forward(self, pairs):
        return self.layers(pairs)


def torchvision_resnet(arch, classes):
    import torchvision  # only the resnet suite needs it (python3-torchvision)
    if arch not in ("resnet18", "resnet50"):
        raise ValueError(f"unknown resnet {arch}")
    return getattr(torchvision.models, arch)(num_classes=classes)


def resnet_weights(request):
    """A seeded torchvision ResNet whose batch norms hold more than their initial identity (random scales and
    shifts, running statistics of random batches), so that a parity check sees every buffer; its state dict,
    and its eval-mode logits of a fixed batch, saved where the request says."""
    torch.manual_seed(int(request.get("seed", 0)))
    net = torchvision_resnet(request["arch"], int(request["classes"]))
    norms = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for m in norms:
            m.weight.uniform_(0.5, 1.5)
            m.bias.normal_(0, 0.1)
            m.momentum = None  # a cumulative average over the calibration batches
        net.train()
        for _ in range(2):
            net(torch.randn(4, 3, 64, 64))
        for m in norms:
            m.momentum = 0.1
        net.eval()
        tile, batch = int(request.get("parity_tile", 224)), int(request.get("parity_batch", 2))
        inputs = torch.randn(batch, 3, tile, tile)
        logits = net(inputs)
    torch.save(net.state_dict(), request["weights"])
    torch.save({"input": inputs, "logits": logits}, request["parity"])
    return {"parameters": sum(p.numel() for p in net.parameters()), "largest_logit": logits.abs().max().item()}


def build_network(request):
    architecture = request.get("architecture", "tile-classifier")
    if architecture == "resnet":
        net = torchvision_resnet(request["arch"], int(request.get("classes", 2)))
        if request.get("weights"):
            net.load_state_dict(torch.load(request["weights"]))
        return net
    cin, classes, tile = int(request.get("channels", 1)), int(request.get("classes", 2)), int(request["tile"])
    width, dropout = int(request["width"]), float(request.get("dropout", 0))
    if architecture == "tile-classifier":
        return TileClassifierNetwork(cin, classes, int(request["depth"]), width, dropout)
    if architecture == "wnet":
        return WNetNetwork(cin, classes, int(request["depth"]), width, int(request["hidden"]), dropout,
                           request.get("normalization", "Batch"))
    if architecture == "class-distribution":
        return ClassDistributionNetwork(cin, classes, width, request["grids"])
    if architecture == "patch-classifier":
        return PatchClassifierNetwork(cin, tile, classes, width, int(request["hidden"]), dropout)
    if architecture == "unet":
        return UNetNetwork(cin, classes, width)
    raise ValueError(f"unknown architecture {architecture}")


class Setup:
    """One network configuration, named by the harness, with its fixed batch of random tiles."""

    def __init__(self, request):
        torch.manual_seed(int(request.get("seed", 0)))
        batch, tile = int(request["batch"]), int(request["tile"])
        channels, classes = int(request.get("channels", 1)), int(request.get("classes", 2))
        self.network = build_network(request)
        self.inputs = torch.randn(batch, channels, tile, tile)
        if request.get("loss", "cross_entropy") == "kl":
            # Class fractions per output cell, as the dense models' ClassHistogram targets are: one
            # distribution over the classes per cell, shaped as the network's output.
            with torch.no_grad():
                shape = self.network(self.inputs[:1]).shape[1:]
            self.labels = torch.randn(batch, *shape).softmax(1)
            self.loss = kl_divergence
        else:
            self.labels = torch.randint(0, classes, (batch,), dtype=torch.int64)
            self.loss = F.cross_entropy
        self.optimizer = torch.optim.Adam(self.network.parameters(), lr=float(request.get("lr", 1e-3)),
                                          weight_decay=float(request.get("weight_decay", 1e-5)))
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

    def predict(self, net):
        return net(self.inputs).softmax(1)

    def step(self):
        self.optimizer.zero_grad()
        loss = self.loss(self.network(self.inputs), self.labels)
        loss.item()
        loss.backward()
        self.optimizer.step()


class Pix2PixSetup:
    """CancerStemCell.Pix2Pix with its fixed batch of random tiles and target images in -1..1. Inference is
    the generator alone; a training step is TranslationLoop.StepAdversarial's: the discriminator on real
    and detached generated pairs (BCE with logits, halved), Adam; then the generator through the updated
    discriminator, whose parameters take no gradient meanwhile, on BCE + lambda L1, Adam; both Adams with
    the same learning rate and beta1, beta2 0.999, no weight decay; the same five figures read out."""

    def __init__(self, request):
        torch.manual_seed(int(request.get("seed", 0)))
        batch, tile = int(request["batch"]), int(request["tile"])
        channels, outputs = int(request["channels"]), int(request["outputs"])
        norm = request.get("norm", "Batch")
        self.network = UNetGenerator(channels, outputs, int(request["width"]), int(request["depth"]), float(request["dropout"]), norm)
        self.discriminator = PatchDiscriminator(channels + outputs, int(request["discriminator_width"]),
                                                int(request["discriminator_layers"]), norm)
        self.inputs = torch.randn(batch, channels, tile, tile)
        self.targets = torch.rand(batch, outputs, tile, tile) * 2 - 1
        self.lam = float(request.get("lambda", 100))
        betas = (float(request.get("beta1", 0.5)), 0.999)
        lr = float(request.get("lr", 2e-4))
        self.optimizer_g = torch.optim.Adam(self.network.parameters(), lr=lr, betas=betas)
        self.optimizer_d = torch.optim.Adam(self.discriminator.parameters(), lr=lr, betas=betas)
        if bool(request.get("channels_last", False)):
            for module in (self.network, self.discriminator):
                module.to(memory_format=torch.channels_last)
            self.inputs = self.inputs.contiguous(memory_format=torch.channels_last)
            self.targets = self.targets.contiguous(memory_format=torch.channels_last)
        self.inference_network = self.network

    def parameters(self):
        return sum(p.numel() for p in self.network.parameters()) + sum(p.numel() for p in self.discriminator.parameters())

    def predict(self, net):
        return net(self.inputs)

    def step(self):
        self.network.train()
        self.discriminator.train()
        x, y = self.inputs, self.targets
        fake = self.network(x)
        self.optimizer_d.zero_grad()
        real_logits = self.discriminator(torch.cat([x, y], 1))
        fake_logits = self.discriminator(torch.cat([x, fake.detach()], 1))
        loss_d = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
                  + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))) * 0.5
        loss_d.backward()
        self.optimizer_d.step()
        parameters = list(self.discriminator.parameters())
        for p in parameters:
            p.requires_grad_(False)
        try:
            self.optimizer_g.zero_grad()
            fooled = self.discriminator(torch.cat([x, fake], 1))
            l1 = F.l1_loss(fake, y)
            loss_g = F.binary_cross_entropy_with_logits(fooled, torch.ones_like(fooled)) + self.lam * l1
            loss_g.backward()
            self.optimizer_g.step()
            loss_g.item(), l1.item(), loss_d.item(), real_logits.sigmoid().mean().item(), fake_logits.sigmoid().mean().item()
        finally:
            for p in parameters:
                p.requires_grad_(True)


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

    def forget(self, request):
        for name in request["names"]:
            self.setups.pop(name, None)
        return {}

    def network_setup(self, request):
        if request.get("architecture") == "pix2pix":
            setup = Pix2PixSetup(request)
            self.setups[request.get("name", "default")] = setup
            return {"parameters": setup.parameters(), "generator_parameters": sum(p.numel() for p in setup.network.parameters())}
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
                setup.predict(net)
        return {"seconds": time.perf_counter() - start}

    def train(self, request):
        setup = self.setups[request.get("name", "default")]
        batches = int(request["batches"])
        setup.network.train()
        start = time.perf_counter()
        for _ in range(batches):
            setup.step()
        return {"seconds": time.perf_counter() - start}


def main():
    peer = Peer()
    handlers = {"hello": peer.hello, "matmul": peer.matmul, "network": peer.network_setup,
                "infer": peer.infer, "train": peer.train,
                "resnet-weights": resnet_weights, "forget": peer.forget}
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
