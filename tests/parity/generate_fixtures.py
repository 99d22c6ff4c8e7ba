#!/usr/bin/env python3
"""Writes the PyTorch reference values that CellOps' layer-by-layer parity tests compare against.

Each case fixes weights and inputs from a seeded generator, runs the PyTorch layer (or loss, or
optimiser) forward and, through an upstream gradient g (loss = sum(y * g)), backward, and writes
everything to one small file under tests/CellOps.Tests/Parity/Fixtures/<case>.bin:

    line 1   UTF-8 JSON header, ending in a newline: {"case", "torch", "params", "tensors": [
             {"name", "dtype" ("float32" | "int64"), "shape", "offset"}]}; offsets count bytes
             from the first byte after the newline
    rest     the tensors' values, little-endian, row-major, one after another

The committed files were made by Debian 12's python3-torch (torch.__version__ "1.13.0a0", see the
"torch" field of every header), on the CPU, in float32. Regenerate them with

    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 tests/parity/generate_fixtures.py

from the repository root; the output is deterministic for a given PyTorch build. The tests
(tests/CellOps.Tests/Parity) need only the committed files, not PyTorch.
"""

import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "CellOps.Tests", "Parity", "Fixtures")


def write_case(name, tensors, params=None):
    """Writes tensors (an ordered list of (name, tensor)) and params (a dict) as one fixture file."""
    header_tensors, blobs, offset = [], [], 0
    for tname, t in tensors:
        t = t.detach().contiguous().cpu()
        if t.dtype == torch.float32:
            dtype, data = "float32", t.numpy().astype("<f4").tobytes()
        elif t.dtype == torch.int64:
            dtype, data = "int64", t.numpy().astype("<i8").tobytes()
        else:
            raise TypeError(f"{name}/{tname}: unsupported dtype {t.dtype}")
        header_tensors.append({"name": tname, "dtype": dtype, "shape": list(t.shape), "offset": offset})
        blobs.append(data)
        offset += len(data)
    header = {"case": name, "torch": torch.__version__, "params": params or {}, "tensors": header_tensors}
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n")
        for b in blobs:
            f.write(b)


def seeded(seed):
    torch.manual_seed(seed)


def backward_through(y):
    """Backpropagates a fixed random upstream gradient g through y; returns g."""
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    return g


def module_case(name, module, x, params):
    """Forward and backward through a module whose parameters were set by the caller."""
    x = x.clone().requires_grad_(True)
    y = module(x)
    g = backward_through(y)
    tensors = [("x", x)]
    for pname, p in module.named_parameters():
        tensors.append((pname, p))
    tensors += [("g", g), ("y", y), ("dx", x.grad)]
    for pname, p in module.named_parameters():
        tensors.append(("d" + pname, p.grad))
    write_case(name, tensors, params)


def randomise(module, scale=1.0):
    """Replaces every parameter with seeded normal values (norm weights around 1)."""
    with torch.no_grad():
        for pname, p in module.named_parameters():
            if isinstance(module, (nn.BatchNorm2d, nn.GroupNorm, nn.InstanceNorm2d)) and pname == "weight":
                p.copy_(1.0 + 0.3 * torch.randn(p.shape))
            else:
                p.copy_(scale * torch.randn(p.shape))


def convolutions():
    specs = [
        ("conv2d_k3s1p1", dict(in_channels=3, out_channels=4, kernel_size=3, stride=1, padding=1, bias=True), (2, 3, 8, 8)),
        ("conv2d_k4s2p1_nobias", dict(in_channels=3, out_channels=5, kernel_size=4, stride=2, padding=1, bias=False), (2, 3, 9, 9)),
        ("conv2d_k3s1p2d2", dict(in_channels=2, out_channels=3, kernel_size=3, stride=1, padding=2, dilation=2, bias=True), (1, 2, 7, 7)),
    ]
    for i, (name, kw, shape) in enumerate(specs):
        seeded(100 + i)
        m = nn.Conv2d(**kw)
        randomise(m, 0.3)
        module_case(name, m, torch.randn(shape), kw)
    tspecs = [
        ("conv_transpose2d_k4s2p1", dict(in_channels=4, out_channels=3, kernel_size=4, stride=2, padding=1, bias=True), (2, 4, 5, 5)),
        ("conv_transpose2d_k2s2", dict(in_channels=4, out_channels=2, kernel_size=2, stride=2, bias=True), (2, 4, 4, 4)),
        ("conv_transpose2d_k3s2p1op1_nobias", dict(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1, output_padding=1, bias=False), (1, 3, 4, 4)),
    ]
    for i, (name, kw, shape) in enumerate(tspecs):
        seeded(200 + i)
        m = nn.ConvTranspose2d(**kw)
        randomise(m, 0.3)
        module_case(name, m, torch.randn(shape), kw)


def linear():
    seeded(300)
    m = nn.Linear(7, 4)
    randomise(m, 0.5)
    module_case("linear", m, torch.randn(5, 7), dict(in_features=7, out_features=4))


def norms():
    # BatchNorm2d in training over two steps, then in evaluation with the running statistics it kept.
    seeded(400)
    m = nn.BatchNorm2d(3)
    randomise(m)
    tensors = [("weight", m.weight.detach().clone()), ("bias", m.bias.detach().clone())]
    m.train()
    for step, (shift, scale) in enumerate([(0.5, 2.0), (-1.0, 0.7)], start=1):
        x = (shift + scale * torch.randn(4, 3, 5, 5)).requires_grad_(True)
        y = m(x)
        g = backward_through(y)
        tensors += [(f"x{step}", x), (f"g{step}", g), (f"y{step}", y), (f"dx{step}", x.grad),
                    (f"dweight{step}", m.weight.grad.clone()), (f"dbias{step}", m.bias.grad.clone()),
                    (f"running_mean{step}", m.running_mean.clone()), (f"running_var{step}", m.running_var.clone()),
                    (f"num_batches_tracked{step}", m.num_batches_tracked.clone().reshape(1))]
        m.zero_grad()
    m.eval()
    x = (0.2 + 1.5 * torch.randn(2, 3, 5, 5)).requires_grad_(True)
    y = m(x)
    g = backward_through(y)
    tensors += [("x_eval", x), ("g_eval", g), ("y_eval", y), ("dx_eval", x.grad),
                ("dweight_eval", m.weight.grad.clone()), ("dbias_eval", m.bias.grad.clone()),
                ("running_mean_eval", m.running_mean.clone()), ("running_var_eval", m.running_var.clone())]
    write_case("batchnorm2d_train_eval", tensors, dict(num_features=3, eps=m.eps, momentum=m.momentum))

    seeded(410)
    m = nn.GroupNorm(2, 6)
    randomise(m)
    module_case("groupnorm_g2c6", m, 0.5 + 2.0 * torch.randn(2, 6, 4, 4), dict(num_groups=2, num_channels=6, eps=m.eps))
    seeded(411)
    m = nn.GroupNorm(1, 4)
    randomise(m)
    module_case("groupnorm_g1c4", m, torch.randn(3, 4, 3, 5), dict(num_groups=1, num_channels=4, eps=m.eps))

    seeded(420)
    m = nn.InstanceNorm2d(3)  # PyTorch's defaults: affine=False, track_running_stats=False
    module_case("instancenorm2d_default", m, 1.0 + 2.0 * torch.randn(2, 3, 5, 5), dict(num_features=3, eps=m.eps))
    seeded(421)
    m = nn.InstanceNorm2d(3, affine=True)
    randomise(m)
    module_case("instancenorm2d_affine", m, torch.randn(2, 3, 4, 6) - 0.5, dict(num_features=3, eps=m.eps))


def dropout_pool_upsample():
    seeded(500)
    m = nn.Dropout(0.5).eval()
    module_case("dropout_eval", m, torch.randn(4, 6), dict(p=0.5))

    seeded(510)
    module_case("maxpool2d_k2s2", nn.MaxPool2d(2, 2), torch.randn(2, 3, 7, 7), dict(kernel_size=2, stride=2, ceil_mode=False))
    seeded(511)
    module_case("maxpool2d_k2s2_ceil", nn.MaxPool2d(2, 2, ceil_mode=True), torch.randn(2, 3, 7, 7), dict(kernel_size=2, stride=2, ceil_mode=True))
    seeded(512)
    module_case("maxpool2d_k3s2p1", nn.MaxPool2d(3, 2, padding=1), torch.randn(1, 2, 8, 8), dict(kernel_size=3, stride=2, padding=1))
    seeded(520)
    module_case("avgpool2d_k2s2", nn.AvgPool2d(2, 2), torch.randn(2, 3, 7, 7), dict(kernel_size=2, stride=2))
    seeded(521)
    module_case("avgpool2d_k3s2p1", nn.AvgPool2d(3, 2, padding=1), torch.randn(1, 2, 8, 8), dict(kernel_size=3, stride=2, padding=1, count_include_pad=True))
    seeded(522)
    module_case("adaptive_avgpool2d_1", nn.AdaptiveAvgPool2d(1), torch.randn(2, 3, 7, 5), dict(output_size=[1, 1]))
    seeded(523)
    module_case("adaptive_avgpool2d_3x2", nn.AdaptiveAvgPool2d((3, 2)), torch.randn(2, 3, 7, 5), dict(output_size=[3, 2]))

    seeded(530)
    module_case("upsample_nearest_x2", nn.Upsample(scale_factor=2, mode="nearest"), torch.randn(1, 2, 3, 4),
                dict(scale_factor=2.0, mode="nearest"))
    seeded(531)
    module_case("upsample_bilinear_x2", nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), torch.randn(1, 2, 3, 4),
                dict(scale_factor=2.0, mode="bilinear", align_corners=False))
    seeded(532)
    module_case("upsample_bilinear_size_aligned", nn.Upsample(size=(7, 9), mode="bilinear", align_corners=True), torch.randn(1, 2, 3, 4),
                dict(size=[7, 9], mode="bilinear", align_corners=True))


def activations():
    seeded(600)
    x = 2.0 * torch.randn(4, 5)
    fns = {
        "relu": torch.relu,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "leaky_relu_0.2": lambda t: F.leaky_relu(t, 0.2),
        "softmax_dim1": lambda t: F.softmax(t, dim=1),
        "log_softmax_dim1": lambda t: F.log_softmax(t, dim=1),
    }
    tensors = [("x", x)]
    for fname, fn in fns.items():
        xi = x.clone().requires_grad_(True)
        y = fn(xi)
        g = backward_through(y)
        tensors += [(f"g_{fname}", g), (f"y_{fname}", y), (f"dx_{fname}", xi.grad)]
    write_case("activations", tensors, dict(names=list(fns)))


def loss_case(name, inputs, fn, params):
    """inputs: ordered (name, tensor); the first is the one differentiated."""
    first = inputs[0][1].clone().requires_grad_(True)
    rest = [t for _, t in inputs[1:]]
    loss = fn(first, *rest)
    loss.backward()
    write_case(name, [(inputs[0][0], first)] + inputs[1:] + [("loss", loss.reshape(1)), ("dinput", first.grad)], params)


def distribution_kl(logits, target, class_weights=None):
    """CellOps' IpsColony DistributionLoss.KullbackLeibler, written in PyTorch."""
    log_p = F.log_softmax(logits, dim=1)
    log_t = target.clamp_min(1e-12).log()
    per_cell = (target * (log_t - log_p)).sum(1)
    mass = target.sum(1)
    if class_weights is not None:
        weight = (target * class_weights.view(1, -1, 1)).sum(1)
        per_cell = per_cell * weight
        mass = weight
    counted = (mass > 0).float().sum().clamp_min(1)
    return per_cell.sum() / counted


def losses():
    seeded(700)
    logits = torch.randn(6, 4)
    target = torch.tensor([0, 3, 1, 2, 3, 1])
    loss_case("cross_entropy", [("input", logits), ("target", target)], lambda a, t: F.cross_entropy(a, t), {})

    seeded(701)
    logits = torch.randn(6, 4)
    target = torch.tensor([0, 3, -100, 2, 3, -100])
    weight = torch.tensor([0.5, 2.0, 1.0, 3.0])
    loss_case("cross_entropy_weight_ignore_default", [("input", logits), ("target", target), ("weight", weight)],
              lambda a, t, w: F.cross_entropy(a, t, weight=w), dict(ignore_index=-100))

    seeded(702)
    logits = torch.randn(2, 3, 4, 5)
    target = torch.randint(0, 3, (2, 4, 5))
    target[0, 1, 2] = 255
    target[1, 0, :3] = 255
    weight = torch.tensor([0.2, 1.0, 4.0])
    loss_case("cross_entropy_dense_weight_ignore255", [("input", logits), ("target", target), ("weight", weight)],
              lambda a, t, w: F.cross_entropy(a, t, weight=w, ignore_index=255), dict(ignore_index=255))
    seeded(703)
    logits = torch.randn(2, 3, 4, 5)
    target = torch.randint(0, 3, (2, 4, 5))
    target[0, 0, :] = 255
    weight = torch.tensor([0.2, 1.0, 4.0])
    loss_case("cross_entropy_dense_weight_ignore255_sum", [("input", logits), ("target", target), ("weight", weight)],
              lambda a, t, w: F.cross_entropy(a, t, weight=w, ignore_index=255, reduction="sum"), dict(ignore_index=255, reduction="sum"))

    seeded(710)
    log_p = F.log_softmax(torch.randn(3, 5), dim=1)
    target = F.softmax(torch.randn(3, 5), dim=1)
    loss_case("kl_div_mean", [("input", log_p), ("target", target)], lambda a, t: F.kl_div(a, t, reduction="mean", log_target=False),
              dict(reduction="mean", log_target=False))
    loss_case("kl_div_sum", [("input", log_p), ("target", target)], lambda a, t: F.kl_div(a, t, reduction="sum", log_target=False),
              dict(reduction="sum", log_target=False))
    loss_case("kl_div_mean_logtarget", [("input", log_p), ("target", target.log())],
              lambda a, t: F.kl_div(a, t, reduction="mean", log_target=True), dict(reduction="mean", log_target=True))

    seeded(720)
    logits = 2.0 * torch.randn(4, 3)
    target = torch.rand(4, 3)
    loss_case("bce_with_logits", [("input", logits), ("target", target)], lambda a, t: F.binary_cross_entropy_with_logits(a, t), {})
    seeded(721)
    logits = 3.0 * torch.randn(2, 1, 4, 4)
    target = (torch.rand(2, 1, 4, 4) > 0.5).float()
    weight = torch.rand(2, 1, 4, 4) + 0.5
    pos_weight = torch.tensor([2.5])
    loss_case("bce_with_logits_weight_posweight", [("input", logits), ("target", target), ("weight", weight), ("pos_weight", pos_weight)],
              lambda a, t, w, pw: F.binary_cross_entropy_with_logits(a, t, weight=w, pos_weight=pw), {})

    seeded(730)
    pred = torch.randn(3, 4, 5)
    target = torch.randn(3, 4, 5)
    loss_case("l1_mean", [("input", pred), ("target", target)], lambda a, t: F.l1_loss(a, t), dict(reduction="mean"))
    loss_case("l1_sum", [("input", pred), ("target", target)], lambda a, t: F.l1_loss(a, t, reduction="sum"), dict(reduction="sum"))

    seeded(740)
    logits = 1.5 * torch.randn(2, 4, 6)
    target = F.softmax(2.0 * torch.randn(2, 4, 6), dim=1)
    target[:, 2, 0] = 0.0  # a class absent from a cell
    target[:, :, 0] = target[:, :, 0] / target[:, :, 0].sum(1, keepdim=True)
    target[0, :, 3] = 0.0  # cells with no class at all: ignored
    target[1, :, 5] = 0.0
    target[1, :, 1] = torch.tensor([0.0, 1.0, 0.0, 0.0])  # a one-hot cell
    class_weights = torch.tensor([1.0, 0.5, 2.0, 3.0])
    loss_case("distribution_kl", [("logits", logits), ("target", target)], lambda a, t: distribution_kl(a, t), {})
    loss_case("distribution_kl_weighted", [("logits", logits), ("target", target), ("class_weights", class_weights)],
              lambda a, t, w: distribution_kl(a, t, w), {})


def adam():
    for name, kw in [("adam_weight_decay", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1, amsgrad=False)),
                     ("adam_amsgrad", dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.0, amsgrad=True))]:
        seeded(800)
        p1 = nn.Parameter(torch.randn(3, 4))
        p2 = nn.Parameter(torch.randn(4))
        tensors = [("p1_0", p1.detach().clone()), ("p2_0", p2.detach().clone())]
        opt = torch.optim.Adam([p1, p2], **kw)
        for step in range(1, 5):
            # Gradients of loss = sum(p1 * g1) + sum(p2 * g2): exactly g1 and g2. Step 3's shrink, so
            # AMSGrad's running maximum of the second moment matters.
            g1 = torch.randn(3, 4) * (0.1 if step == 3 else 1.0)
            g2 = torch.randn(4) * (0.1 if step == 3 else 1.0)
            opt.zero_grad()
            ((p1 * g1).sum() + (p2 * g2).sum()).backward()
            opt.step()
            tensors += [(f"g1_{step}", g1), (f"g2_{step}", g2), (f"p1_{step}", p1.detach().clone()), (f"p2_{step}", p2.detach().clone())]
        params = dict(kw)
        params["betas"] = list(kw["betas"])
        params["steps"] = 4
        write_case(name, tensors, params)


def initialisation():
    """PyTorch's default initialisation rule for each layer, with the statistics PyTorch's own layer shows."""
    layers = [
        ("Conv2d", dict(in_channels=64, out_channels=128, kernel_size=3), lambda: nn.Conv2d(64, 128, 3)),
        ("ConvTranspose2d", dict(in_channels=128, out_channels=64, kernel_size=4), lambda: nn.ConvTranspose2d(128, 64, 4)),
        ("Linear", dict(in_features=512, out_features=256), lambda: nn.Linear(512, 256)),
    ]
    specs = []
    seeded(900)
    for kind, kw, make in layers:
        m = make()
        fan_in, _ = nn.init._calculate_fan_in_and_fan_out(m.weight)
        bound = 1.0 / math.sqrt(fan_in)  # kaiming_uniform_(a=sqrt(5)) gives gain*sqrt(3/fan_in) = 1/sqrt(fan_in)
        w, b = m.weight.detach(), m.bias.detach()
        specs.append(dict(kind=kind, args=kw, fan_in=fan_in, weight_bound=bound, bias_bound=bound,
                          weight_shape=list(w.shape), uniform_std=bound / math.sqrt(3),
                          torch_weight_max_abs=w.abs().max().item(), torch_weight_std=w.std().item(),
                          torch_weight_mean=w.mean().item(), torch_bias_max_abs=b.abs().max().item()))
    for kind, kw, m in [("BatchNorm2d", dict(num_features=64), nn.BatchNorm2d(64)), ("GroupNorm", dict(num_groups=8, num_channels=64), nn.GroupNorm(8, 64))]:
        spec = dict(kind=kind, args=kw, weight="ones", bias="zeros",
                    torch_weight_all_one=bool((m.weight == 1).all()), torch_bias_all_zero=bool((m.bias == 0).all()))
        if kind == "BatchNorm2d":
            spec.update(running_mean="zeros", running_var="ones", num_batches_tracked=int(m.num_batches_tracked))
        specs.append(spec)
    write_case("initialisation", [], dict(layers=specs))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    for f in os.listdir(OUT):
        if f.endswith(".bin"):
            os.remove(os.path.join(OUT, f))
    convolutions()
    linear()
    norms()
    dropout_pool_upsample()
    activations()
    losses()
    adam()
    initialisation()
    files = sorted(f for f in os.listdir(OUT) if f.endswith(".bin"))
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in files)
    print(f"torch {torch.__version__}: wrote {len(files)} fixtures, {total} bytes, to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
