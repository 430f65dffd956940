#!/usr/bin/env python3
"""Append a build's resource bundles to a `pipeline` executable, so the one file carries its data.

usage: embed_resources.py BINARY BUILD_DIR OUTPUT

Every `*.resources` folder in BUILD_DIR (the phrase lists, name lists, rule catalogues and
templates the stages read) is packed in the format `Sources/PipelineKit/EmbeddedResources.swift`
reads: entries (u32 path length, path, u64 data length, data), then a 32-byte trailer
("PIPELINE-RES-v1\\0", u64 payload length, u64 FNV-1a hash), little-endian. The output is the
binary followed by the payload; the ELF loader ignores the trailing bytes.
"""
import os, struct, sys


def fnv1a(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main() -> int:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, build, output = sys.argv[1:]
    payload = bytearray()
    count = 0
    for bundle in sorted(d for d in os.listdir(build) if d.endswith(".resources")):
        for folder, dirs, files in os.walk(os.path.join(build, bundle)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, build).replace(os.sep, "/").encode()
                data = open(path, "rb").read()
                payload += struct.pack("<I", len(rel)) + rel + struct.pack("<Q", len(data)) + data
                count += 1
    exe = open(binary, "rb").read()
    if len(exe) >= 32 and exe[-32:-16] == b"PIPELINE-RES-v1\0":
        sys.exit(f"{binary} already carries resources")
    # FNV-1a byte by byte, as the Swift side checks it (about a second for 10 MB).
    trailer = b"PIPELINE-RES-v1\0" + struct.pack("<QQ", len(payload), fnv1a(bytes(payload)))
    tmp = output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(exe + payload + trailer)
    os.chmod(tmp, 0o755)
    os.replace(tmp, output)
    print(f"embedded {count} files ({len(payload) / 1e6:.1f} MB) into {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
