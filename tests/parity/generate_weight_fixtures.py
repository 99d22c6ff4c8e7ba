#!/usr/bin/env python3
"""Writes the weight files that CellOps' PyTorch/safetensors readers are tested against.

Two sets of outputs, both committed so that the tests need no PyTorch:

tests/CellOps.Tests/Parity/Fixtures/weights/
    tiny.pth, tiny-fp16.pth      a small conv + BatchNorm + linear network's state dict, torch.save
                                 (zip format), in float32 and in float16
    wrapped.pth                  the same state dict inside a training checkpoint
                                 {"state_dict": ..., "epoch": 3, ...}
    views.pth                    tensors that are views: a transposed (non-contiguous) tensor, a
                                 row at a storage offset, a strided slice, all sharing one storage
    dtypes.pth                   float64, bfloat16, float16 and int64 tensors
    tiny.safetensors, tiny-fp16.safetensors, dtypes.safetensors
                                 the same tensors as safetensors (written by hand below, so the
                                 safetensors package is not needed)
    expected.json                every tensor's dtype, shape and flat values as float32 (or int64),
                                 per file; an input and the tiny network's output in evaluation
    hostile files                made by writing bytes, never by loading them: pickles that call
                                 os.system and builtins.eval, a whole pickled nn.Module, the legacy
                                 (pre-1.6) format, a truncated zip, an int32 tensor, a tensor that
                                 claims more than its storage holds, safetensors with an offset past
                                 the end, overlapping tensors and a huge header length

tests/CellOps.Tests/Parity/Fixtures/resnet18/
    resnet18-fp16.pth            torchvision's resnet18() (1000 classes), seeded, every conv and
                                 linear weight magnitude-pruned to its largest 10% (the rest exactly
                                 0, so git's zlib shrinks the file), random BatchNorm statistics,
                                 saved in float16
    input0.bin, output0.bin, ... inputs and the logits of that network, converted back to float32
                                 from exactly the saved float16 values, in evaluation mode
    resnet18.json                shapes and file names of those, little-endian float32 row-major

Run from the repository root with Debian 12's python3-torch and python3-torchvision:

    apt-get install -y python3-torch python3-torchvision
    /usr/bin/python3 tests/parity/generate_weight_fixtures.py
"""

import io
import json
import os
import struct
import zipfile

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "CellOps.Tests", "Parity", "Fixtures")
WEIGHTS = os.path.join(FIXTURES, "weights")
RESNET = os.path.join(FIXTURES, "resnet18")

# The hostile pickles would create these files if anything ran them; the tests assert they do not exist.
MARKER_SYSTEM = "/tmp/cellops-weights-marker-os-system"
MARKER_EVAL = "/tmp/cellops-weights-marker-eval"


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.fc(x.mean(dim=(2, 3)))


def tiny_network():
    torch.manual_seed(7)
    net = Tiny()
    with torch.no_grad():
        net.bn.weight.uniform_(0.5, 1.5)
        net.bn.bias.normal_(0, 0.1)
        net.bn.running_mean.normal_(0, 0.1)
        net.bn.running_var.uniform_(0.5, 1.5)
        net.bn.num_batches_tracked.fill_(5)
    return net.eval()


def path(name):
    return os.path.join(WEIGHTS, name)


def save(obj, name, **kwargs):
    torch.save(obj, path(name), **kwargs)


def expected_entry(tensors):
    out = []
    for name, t in tensors.items():
        if t.dtype == torch.int64:
            values, dtype = [int(v) for v in t.flatten().tolist()], "int64"
        else:
            values, dtype = [float(v) for v in t.float().flatten().tolist()], str(t.dtype).replace("torch.", "")
        out.append({"name": name, "dtype": dtype, "shape": list(t.shape), "values": values})
    return out


# --- safetensors, written by hand -----------------------------------------------------------------

SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
                      torch.float64: "F64", torch.int64: "I64"}


def tensor_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().tobytes()  # the machine is little-endian, as safetensors is


def safetensors_bytes(tensors, metadata=None, header_override=None):
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if header_override:
        header_override(header)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


# --- pickles written opcode by opcode, for the hostile files ---------------------------------------

def pk_str(s):
    b = s.encode("utf-8")
    return b"X" + struct.pack("<I", len(b)) + b


def pk_global(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def pk_int(i):
    return b"J" + struct.pack("<i", i)


def pk_tuple(*items):
    return b"(" + b"".join(items) + b"t"


def pk_tensor(key, storage, numel, offset, size, stride):
    """A torch._utils._rebuild_tensor_v2 call as torch.save writes it."""
    persid = pk_tuple(pk_str("storage"), pk_global("torch", storage), pk_str(key), pk_str("cpu"), pk_int(numel)) + b"Q"
    return (pk_global("torch._utils", "_rebuild_tensor_v2")
            + b"(" + persid + pk_int(offset) + pk_tuple(*map(pk_int, size)) + pk_tuple(*map(pk_int, stride))
            + b"\x89" + pk_global("collections", "OrderedDict") + b")R" + b"tR")


def pk_state_dict(items):
    """items: (key, pickled value) pairs, as an OrderedDict."""
    body = b"".join(pk_str(k) + v for k, v in items)
    return b"\x80\x02" + pk_global("collections", "OrderedDict") + b")R(" + body + b"u."


def zip_file(name, pickle_bytes, storages, root="archive"):
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{root}/data.pkl", pickle_bytes)
        for key, data in storages.items():
            z.writestr(f"{root}/data/{key}", data)
        z.writestr(f"{root}/version", b"3\n")


def hostile_files(sd):
    good_weight = sd["fc.bias"]
    good = pk_tensor("0", "FloatStorage", 2, 0, [2], [1])
    storages = {"0": tensor_bytes(good_weight)}
    call_system = pk_global("os", "system") + pk_tuple(pk_str(f"touch {MARKER_SYSTEM}")) + b"R"
    zip_file("hostile-os-system.pth", pk_state_dict([("fc.bias", good), ("fc.weight", call_system)]), storages)
    call_eval = pk_global("builtins", "eval") + pk_tuple(pk_str(f"__import__('os').system('touch {MARKER_EVAL}')")) + b"R"
    zip_file("hostile-eval.pth", pk_state_dict([("fc.bias", good), ("fc.weight", call_eval)]), storages)
    oversized = pk_tensor("0", "FloatStorage", 2, 0, [1000], [1])
    zip_file("hostile-oversized.pth", pk_state_dict([("fc.bias", oversized)]), storages)
    lying_numel = pk_tensor("0", "FloatStorage", 1000, 0, [1000], [1])
    zip_file("hostile-numel.pth", pk_state_dict([("fc.bias", lying_numel)]), storages)
    negative = pk_tensor("0", "FloatStorage", 2, 0, [-2], [1])
    zip_file("hostile-negative.pth", pk_state_dict([("fc.bias", negative)]), storages)

    torch.save(nn.Sequential(nn.Linear(2, 2)), path("whole-model.pth"))
    torch.save(sd, path("legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"conv.weight": torch.arange(6, dtype=torch.int32)}, path("int32.pth"))
    whole = open(path("tiny.pth"), "rb").read()
    write("truncated.pth", whole[: len(whole) // 2])

    small = {"a": torch.ones(4), "b": torch.zeros(2)}

    def past_end(h):
        h["b"]["data_offsets"] = [16, 28]
    write("bad-offset.safetensors", safetensors_bytes(small, header_override=past_end))

    def overlap(h):
        h["b"]["data_offsets"] = [8, 16]
    write("overlap.safetensors", safetensors_bytes(small, header_override=overlap))
    write("huge-header.safetensors", struct.pack("<Q", 1 << 62) + b'{"a":{}}' + b"\0" * 64)


def weight_fixtures():
    os.makedirs(WEIGHTS, exist_ok=True)
    net = tiny_network()
    sd = net.state_dict()
    half = {k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}
    save(sd, "tiny.pth")
    save(half, "tiny-fp16.pth")
    save({"epoch": 3, "state_dict": sd, "best_loss": 0.25, "optimizer": {"state": {}, "param_groups": [{"lr": 0.1}]}},
         "wrapped.pth")

    torch.manual_seed(11)
    base = torch.randn(3, 4)
    views = {"base": base, "transposed": base.t(), "row": base[1], "every_other": base[:, ::2],
             "own": torch.randn(2, 2)}
    assert not views["transposed"].is_contiguous() and views["row"].storage_offset() == 4
    save(views, "views.pth")

    torch.manual_seed(13)
    dtypes = {"f64": torch.randn(3, dtype=torch.float64), "bf16": torch.randn(2, 3).bfloat16(),
              "f16": torch.randn(4).half(), "i64": torch.tensor([3, -1, 1 << 40])}
    save(dtypes, "dtypes.pth")

    write("tiny.safetensors", safetensors_bytes(sd, metadata={"format": "pt", "source": "CellOps fixture"}))
    write("tiny-fp16.safetensors", safetensors_bytes(half))
    write("dtypes.safetensors", safetensors_bytes(dtypes))

    torch.manual_seed(17)
    x = torch.randn(2, 2, 5, 5)
    with torch.no_grad():
        y = net(x)
        half_net = tiny_network()
        half_net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in half.items()})
        y_half = half_net(x)
    expected = {
        "torch": torch.__version__,
        "files": {"tiny.pth": expected_entry(sd), "tiny-fp16.pth": expected_entry(half),
                  "wrapped.pth": expected_entry(sd), "views.pth": expected_entry(views),
                  "dtypes.pth": expected_entry(dtypes), "tiny.safetensors": expected_entry(sd),
                  "tiny-fp16.safetensors": expected_entry(half), "dtypes.safetensors": expected_entry(dtypes)},
        "forward": {"input_shape": list(x.shape), "input": x.flatten().tolist(),
                    "output_shape": list(y.shape), "output": y.flatten().tolist(), "output_fp16": y_half.flatten().tolist()},
        "markers": [MARKER_SYSTEM, MARKER_EVAL],
    }
    with open(path("expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    hostile_files(sd)


def prune_to_largest(weight, fraction):
    """Keeps the largest |w| fraction of one tensor's entries, sets the rest to exactly 0."""
    flat = weight.abs().flatten()
    keep = max(1, int(round(fraction * flat.numel())))
    threshold = flat.kthvalue(flat.numel() - keep + 1).values
    weight.mul_((weight.abs() >= threshold).to(weight.dtype))


def resnet_fixtures():
    import torchvision
    os.makedirs(RESNET, exist_ok=True)
    torch.manual_seed(2024)
    net = torchvision.models.resnet18()  # torchvision's own initialisation of every layer
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                prune_to_largest(module.weight, 0.10)
            elif isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0, 0.1)
                module.running_mean.normal_(0, 0.1)
                module.running_var.uniform_(0.5, 1.5)
                module.num_batches_tracked.fill_(int(torch.randint(1, 10000, ())))
    net = net.half()
    torch.save(net.state_dict(), os.path.join(RESNET, "resnet18-fp16.pth"))
    net = net.float().eval()  # exactly the saved float16 values, widened

    torch.manual_seed(99)
    inputs = [torch.randn(2, 3, 64, 64), torch.randn(1, 3, 97, 113)]
    cases = []
    for i, x in enumerate(inputs):
        with torch.no_grad():
            y = net(x)
        for kind, t in (("input", x), ("output", y)):
            with open(os.path.join(RESNET, f"{kind}{i}.bin"), "wb") as f:
                f.write(t.contiguous().numpy().astype("<f4").tobytes())
        cases.append({"input": f"input{i}.bin", "input_shape": list(x.shape),
                      "output": f"output{i}.bin", "output_shape": list(y.shape)})
    sd = net.state_dict()
    meta = {"torch": torch.__version__, "torchvision": torchvision.__version__, "seed": 2024,
            "pruning": "conv and linear weights: largest 10% |w| per tensor kept, rest 0",
            "tensor_count": len(sd), "cases": cases}
    with open(os.path.join(RESNET, "resnet18.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    weight_fixtures()
    resnet_fixtures()
