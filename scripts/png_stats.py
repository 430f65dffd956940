#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank, with the standard library only.

    python3 scripts/png_stats.py PAGE.png [--min-colors N] [--min-ink FRACTION]

Prints `PAGE.png: WxH, N distinct colours, F% non-white pixels` and exits 1 when the image has
fewer than --min-colors distinct colours (default 8) or less than --min-ink of its pixels are
non-white (default 0.02), as a blank or failed render would. Used by the report rendering test
and .ci/steps/report-html.sh.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, color_type, _, _, interlace = header
    if depth != 8 or color_type not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {color_type}, interlace {interlace})")
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main(argv):
    args = argv[1:]
    min_colors, min_ink, paths = 8, 0.02, []
    while args:
        a = args.pop(0)
        if a == "--min-colors":
            min_colors = int(args.pop(0))
        elif a == "--min-ink":
            min_ink = float(args.pop(0))
        else:
            paths.append(a)
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        try:
            width, height, channels, rows = read_png(path)
        except (OSError, ValueError, zlib.error) as error:
            print(f"{path}: error: {error}", file=sys.stderr)
            failed = True
            continue
        colors, ink = set(), 0
        for row in rows:
            for x in range(0, len(row), channels):
                rgb = row[x:x + 3]
                colors.add(rgb)
                if rgb != b"\xff\xff\xff":
                    ink += 1
        fraction = ink / float(width * height)
        print(f"{path}: {width}x{height}, {len(colors)} distinct colours, {100 * fraction:.1f}% non-white pixels")
        if len(colors) < min_colors or fraction < min_ink:
            print(f"{path}: error: looks blank (need {min_colors}+ colours and {100 * min_ink:.0f}%+ non-white pixels)", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
