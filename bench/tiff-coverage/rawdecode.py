"""A plain reference decoder for the TIFF layouts tifffile leaves to the imagecodecs package (absent here):
LZW, Deflate, PackBits, Zstandard (with the zstd command) or no compression; odd bit widths; horizontal and floating-point predictors;
strips or tiles, chunky or planar. Written from the TIFF 6.0 specification and its Adobe supplements,
independent of the CellOps reader it checks. Returns (samples, height, width) like tifffile without the
photometric steps, or raises for anything else."""
import subprocess
import zlib
import numpy as np


def lzw_decode(data):
    out = bytearray()
    table = [bytes([i]) for i in range(256)] + [b'', b'']
    width, bitpos, previous = 9, 0, None
    total = len(data) * 8
    while bitpos + width <= total:
        word = int.from_bytes(data[bitpos // 8: bitpos // 8 + 4].ljust(4, b'\0'), 'big')
        code = (word >> (32 - (bitpos % 8) - width)) & ((1 << width) - 1)
        bitpos += width
        if code == 257:
            break
        if code == 256:
            table = table[:258]
            width, previous = 9, None
            continue
        if previous is None:
            entry = table[code]
        else:
            entry = table[code] if code < len(table) else previous + previous[:1]
            table.append(previous + entry[:1])
        out += entry
        previous = entry
        if len(table) + 1 >= (1 << width) and width < 12:
            width += 1
    return bytes(out)


def packbits_decode(data):
    out, i = bytearray(), 0
    while i < len(data):
        n = data[i] if data[i] < 128 else data[i] - 256
        i += 1
        if n >= 0:
            out += data[i:i + n + 1]
            i += n + 1
        elif n != -128:
            out += data[i:i + 1] * (1 - n)
            i += 1
    return bytes(out)


def decode(path):
    import tifffile
    with tifffile.TiffFile(path) as tif:
        page = tif.pages[0]
        fh = tif.filehandle
        chunks = []
        for offset, count in zip(page.dataoffsets, page.databytecounts):
            fh.seek(offset)
            chunks.append(fh.read(count))
        order = tif.byteorder
        bits, fmt, spp = page.bitspersample, int(page.sampleformat), page.samplesperpixel
        compression, predictor = int(page.compression), int(page.predictor)
        planar = int(page.planarconfig) == 2 and spp > 1
        height, width = page.imagelength, page.imagewidth
        tiled = page.is_tiled
        cw, ch = (page.tilewidth, page.tilelength) if tiled else (width, page.rowsperstrip or height)
        fillorder = int(page.fillorder)
    if fillorder != 1:
        raise ValueError('bit-reversed fill order')
    per_chunk = 1 if planar else spp
    row_bytes = (cw * per_chunk * bits + 7) // 8
    across, down = -(-width // cw), -(-height // ch)
    planes = spp if planar else 1
    out = np.zeros((spp, height, width), dtype=np.float64)
    for index, raw in enumerate(chunks):
        plane, rest = divmod(index, across * down)
        cy, cx = divmod(rest, across)
        if compression == 1:
            data = raw
        elif compression == 5:
            data = lzw_decode(raw)
        elif compression in (8, 32946):
            data = zlib.decompressobj().decompress(raw)
        elif compression == 50000:  # Zstandard, through the zstd command
            data = subprocess.run(['zstd', '-d', '-c', '-q'], input=raw, capture_output=True, check=True).stdout
        elif compression == 32773:
            data = packbits_decode(raw)
        else:
            raise ValueError(f'compression {compression}')
        rows = ch if tiled else min(ch, height - cy * ch)
        data = np.frombuffer(data[:rows * row_bytes].ljust(rows * row_bytes, b'\0'), dtype=np.uint8).reshape(rows, row_bytes)
        n = cw * per_chunk
        if predictor == 3:
            size = bits // 8
            b = data.astype(np.uint64).reshape(rows, n * size)
            b = (np.cumsum(b.reshape(rows, -1, per_chunk), axis=1) & 0xFF).reshape(rows, n * size).astype(np.uint8)
            b = b.reshape(rows, size, n).transpose(0, 2, 1)  # most significant byte first
            dtype = {16: '>f2', 32: '>f4', 64: '>f8'}[bits]
            values = np.ascontiguousarray(b).view(dtype).reshape(rows, n).astype(np.float64)
        else:
            if bits in (8, 16, 32, 64):
                kind = {1: 'u', 4: 'u', 2: 'i', 3: 'f'}[fmt]
                values = data[:, :n * bits // 8].copy().view(f'{order}{kind}{bits // 8}').reshape(rows, n)
            elif bits == 24:
                b = data[:, :n * 3].reshape(rows, n, 3).astype(np.uint64)
                values = (b[..., 0] | b[..., 1] << 8 | b[..., 2] << 16) if order == '<' else (b[..., 2] | b[..., 1] << 8 | b[..., 0] << 16)
            else:
                unpacked = np.unpackbits(data, axis=1)[:, :n * bits].reshape(rows, n, bits).astype(np.uint64)
                values = (unpacked << np.arange(bits - 1, -1, -1, dtype=np.uint64)).sum(axis=2)
            if predictor == 2:
                if fmt == 3:
                    raise ValueError('horizontal predictor on floats')
                acc = np.cumsum(values.astype(np.uint64).reshape(rows, cw, per_chunk), axis=1, dtype=np.uint64)
                values = (acc & np.uint64((1 << bits) - 1 if bits < 64 else 2 ** 64 - 1)).reshape(rows, n)
                if fmt == 2:
                    values = values.astype(f'u{bits // 8}').view(f'i{bits // 8}')
            values = values.astype(np.float64)
        values = values.reshape(rows, cw, per_chunk)
        y0, x0 = cy * ch, cx * cw
        h, w = min(rows, height - y0), min(cw, width - x0)
        for c in range(per_chunk):
            out[plane if planar else c, y0:y0 + h, x0:x0 + w] = values[:h, :w, c]
    return out
