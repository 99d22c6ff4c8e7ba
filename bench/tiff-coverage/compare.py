"""Checks the pixels CellOps read from TIFF files against tifffile's reading of the same files.

Called by bench/tiff-coverage.ps1 with the folder it dumped into: one <n>.json (file, outcome, reason,
width, height, channels, metadata) and, for files read, <n>.f32 (frame 0, channel-planar float32) per
file. Prints one line per file and the totals; exit status 0.
"""
import json, os, sys
import numpy as np
import tifffile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rawdecode  # noqa: E402


def expected(path, meta):
    """tifffile's pixels of page 1, turned into what CellOps promises: channel-planar, MinIsWhite inverted,
    palette expanded, CMYK converted, N-bit kept as their values, floats widened to float32."""
    with tifffile.TiffFile(path) as tif:
        page = tif.pages[0]
        try:
            a = page.asarray()
            raw = False
        except Exception:
            a = rawdecode.decode(path)
            raw = True
        photometric = int(page.photometric)
        bits = page.bitspersample
        fmt = int(page.sampleformat)
        spp = page.samplesperpixel
        planar = int(page.planarconfig) == 2 and spp > 1
        colormap = page.colormap
    if raw:
        pass
    elif a.ndim == 2:
        a = a[None]
    elif planar:
        pass
    else:
        a = np.moveaxis(a, -1, 0)
    a = a.astype(np.float64)
    if photometric == 0 and fmt != 3:  # MinIsWhite
        a = (2.0 ** bits - 1) - a if fmt != 2 else -1 - a
    if photometric == 3 and colormap is not None:  # palette
        idx = a[0].astype(np.int64)
        a = np.stack([colormap[c][idx] for c in range(3)]).astype(np.float64)
    if photometric == 5:  # separated (CMYK); ink has no sign, signed samples are taken as their bit patterns
        top = 1.0 if fmt == 3 else 2.0 ** bits - 1
        if fmt == 2:
            a = np.mod(a, 2.0 ** bits)
        c, m, y, k = a[:4]
        rgb = [(top - c) * (top - k) / top, (top - m) * (top - k) / top, (top - y) * (top - k) / top]
        if fmt != 3:
            rgb = [np.floor(v + 0.5) for v in rgb]
        a = np.stack(rgb + list(a[4:]))
    return a


def main(folder):
    counts = {}
    for name in sorted(os.listdir(folder), key=lambda n: int(n.split('.')[0]) if n.split('.')[0].isdigit() else 0):
        if not name.endswith('.json'):
            continue
        info = json.load(open(os.path.join(folder, name)))
        path, group = info['file'], info['group']
        outcome, detail = info['outcome'], info.get('reason', '')
        if outcome == 'read':
            got = np.fromfile(os.path.join(folder, name[:-5] + '.f32'), dtype=np.float32).astype(np.float64)
            got = got.reshape(info['channels'], info['height'], info['width'])
            try:
                want = expected(path, info['metadata'])
            except Exception as e:  # tifffile cannot decode it: nothing to compare with
                outcome, detail = 'unverified', f'tifffile: {type(e).__name__}: {e}'[:160]
            else:
                lossy = info['metadata'].get('Compression', '') in ('JPEG', 'OJPEG')
                via_rgba = 'DecodedAs' in info['metadata']
                if want.shape != got.shape:
                    outcome, detail = 'wrong', f'shape {got.shape}, tifffile {want.shape}'
                else:
                    with np.errstate(invalid='ignore'):
                        diff = np.abs(np.nan_to_num(want.astype(np.float32).astype(np.float64), nan=1e30) - np.nan_to_num(got, nan=1e30))
                    worst = float(diff.max()) if diff.size else 0.0
                    # JPEG and LibTiff's 8-bit RGBA conversion round differently from tifffile.
                    tolerance = 3.0 if lossy else (1.0 if via_rgba else 0.0)
                    if worst <= tolerance:
                        outcome, detail = 'right', f'max |diff| {worst:g}'
                    elif lossy and float(diff.mean()) < 2.0:
                        outcome, detail = 'right', f'lossy: mean |diff| {float(diff.mean()):.2f}'
                    else:
                        outcome, detail = 'wrong', f'max |diff| {worst:g}, mean {float(diff.mean()):.3g}'
        key = (group, outcome)
        counts[key] = counts.get(key, 0) + 1
        print(f'{group:12} {outcome:10} {os.path.relpath(path, os.path.dirname(os.path.dirname(path)))}: {detail}')
    print()
    for group in sorted({g for g, _ in counts}):
        parts = [f'{o} {counts[(group, o)]}' for o in ('right', 'unverified', 'refused', 'wrong') if (group, o) in counts]
        total = sum(v for (g, _), v in counts.items() if g == group)
        print(f'{group}: {total} files: ' + ', '.join(parts))


if __name__ == '__main__':
    main(sys.argv[1])
