#!/usr/bin/env python3
"""Builds the awkward JSON-lines corpus and records what a reference `pipeline` made of it.

The corpus (escapes of every kind at every position around the 8- and 16-byte word
boundaries, surrogate pairs and unpaired halves, invalid UTF-8 of each kind, raw control
bytes, deep metadata, huge strings, numbers, duplicate keys, a BOM, CRLF, blank lines) is
run through REFERENCE_BINARY (`pipeline run noop.yaml awkward.jsonl --jsonl --jobs 1`, a
no-op stage), and the cases with the reference's output lines (length and FNV-1a 64 hash)
and error messages are written as Swift source for `JSONLinesAwkwardTests`, which checks
that today's reader and writer give the same bytes and the same errors (line and column).

    scripts/make_json_awkward_cases.py REFERENCE_BINARY > Tests/PipelineRunnerTests/JSONLinesAwkwardCases.swift

The reference is main's release build from before the JSON fast paths (see
docs/performance-log.md, "JSON lines in and out"); regenerate only to add cases, with a reference
binary whose behaviour is the contract. Regenerated once since, on purpose: with main's build
that refuses numbers past a double's range (lines 1280-1281, `1e309` and `-1e309`, read as
infinity and written back as `null` before; they are errors now), nothing else moved.
"""
import base64
import os
import subprocess
import sys
import tempfile


def cases():
    """(prefix, unit, count, suffix) per line: the line is prefix + unit * count + suffix."""
    out = []

    def line(b, unit=b"", count=0, suffix=b""):
        out.append((b, unit, count, suffix))

    def text(body):
        line(b'{"id":"t","text":"' + body + b'"}')

    # A BOM before line 1 (dropped; error columns on line 1 count it).
    line(b'\xef\xbb\xbf{"text":"after a byte-order mark"}')
    # Every kind of special at every position of strings 0..33 bytes long.
    specials = [b'\\"', b"\\\\", b"\\n", b"\\u0001", b"\\/", b"\\t", b"\\b", b"\\f", b"\\r"]
    for n in range(0, 34):
        text(b"a" * n)
        for p in range(n):
            text(b"a" * p + specials[(n + p) % len(specials)] + b"b" * (n - p - 1))
    # Non-ASCII raw (2, 3, 4 bytes) at every position, with and without a later escape.
    for n in range(0, 34):
        for k, ch in enumerate(["é", "€", "𝄞"]):
            raw = ch.encode()
            text(b"x" * n + raw + b"y" * ((n * 7) % 19))
            text(b"x" * n + raw + b"\\n" + b"z" * (n % 5))
    # Invalid UTF-8 of each kind at positions around the word boundaries.
    invalid = [b"\x80", b"\xc3", b"\xc3\x28", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80",
               b"\xf5\x80\x80\x80", b"\xff", b"\xe2\x82", b"\xf0\x9d\x84"]
    for n in [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33]:
        for bad in invalid:
            text(b"v" * n + bad)
            text(b"v" * n + bad + b"w" * 20)
            text(b"\\n" + b"v" * n + bad + b"w")
    # Error order inside a string: the first escape or control-byte error wins over invalid UTF-8.
    text(b"\xc3\x28 then \\q")
    text(b"\xc3\x28 then \x01")
    text(b"\\n \xc3\x28 then \\uZZZZ")
    text(b"\\q then \xc3\x28")
    text(b"\xc3\x28 unterminated")
    line(b'{"text":"\xc3\x28 unterminated')
    line(b'{"text":"ends with a backslash\\')
    line(b'{"text":"ends with a backslash and u\\u')
    line(b'{"text":"ends with a short escape\\u12')
    # Invalid UTF-8 in a key, the id and metadata.
    line(b'{"te\xc3\x28xt":"k","text":"v"}')
    line(b'{"id":"\xff","text":"v"}')
    line(b'{"text":"v","metadata":{"k":"\xed\xbf\xbf"}}')
    line(b'{"text":"v","metadata":{"\x80":"k"}}')
    # Unicode escapes.
    for esc in [b"\\u00e9", b"\\u00C9", b"\\u20AC", b"\\uD834\\uDD1E", b"\\ud834\\udd1e", b"\\uD834", b"\\uDD1E", b"\\uD834\\u0041",
                b"\\uD834x", b"\\uD834\\", b"\\uD834\\uD834", b"\\u12", b"\\uZZZZ", b"\\u0000", b"\\u001f", b"\\u007f", b"\\u0080",
                b"\\u07FF", b"\\u0800", b"\\uFFFF", b"\\uFEFF", b"\\u2028", b"\\u0022", b"\\u005C", b"\\x41", b"\\'", b"\\U0041"]:
        text(esc)
        text(b"pre " + esc + b" post \xc3\xa9")
    # Every control byte raw inside a string (an error), and raw DEL (allowed).
    for c in list(range(0, 0x20)) + [0x7F]:
        if c in (0x0A, 0x0D):
            continue
        text(b"ctl " + bytes([c]) + b" end")
    # Every control character escaped: the writer's escapes for each.
    text(b"".join(b"\\u%04x" % c for c in range(0x20)) + b"\\u007f")
    # White space between tokens (tabs, CR inside a line), and around the object.
    line(b' \t{ "id" : "w" ,\t"text" :\r"ws" } \t')
    line(b'{"text":"crlf line"}\r')
    line(b"")
    line(b"   \t ")
    # Numbers in metadata.
    for num in [b"0", b"-0", b"1.0", b"1.5e3", b"1E-2", b"1e+2", b"0.1", b"123456789012345678901234567890", b"-9223372036854775808",
                b"9223372036854775807", b"9223372036854775808", b"-9223372036854775809", b"1e308", b"1e309", b"-1e309", b"5e-324",
                b"2.5E-400", b"1000000000000000", b"999999999999999.0", b"1e15", b"1e16", b"0.30000000000000004", b"-1.25",
                b"01", b"1.", b"-", b".5", b"1e", b"+1", b"--1", b"1.e3", b"0x10", b"1e+", b"NaN", b"Infinity", b"-0.0e0"]:
        line(b'{"text":"n","metadata":{"n":' + num + b"}}")
    line(b'{"id":12,"text":"integer id"}')
    line(b'{"id":-3,"text":"negative id"}')
    line(b'{"id":1.5,"text":"number id"}')
    line(b'{"id":1e2,"text":"exponent id"}')
    line(b'{"id":null,"text":"null id"}')
    line(b'{"id":true,"text":"bool id"}')
    # Deep metadata around the 512-level limit, arrays and objects.
    for depth in [1, 2, 100, 509, 510, 511, 512, 513]:
        line(b'{"text":"deep","metadata":{"a":', b"[", depth, b"1" + b"]" * depth + b"}}")
        line(b'{"text":"deep","metadata":', b'{"k":', depth, b"{}" + b"}" * depth + b"}")
    line(b'{"text":"deep unclosed","metadata":', b"[", 600, b"")
    # Duplicate keys: the last one counts, at the top level and in metadata.
    line(b'{"text":"first","text":"second"}')
    line(b'{"text":"t","id":"a","id":"b"}')
    line(b'{"text":"t","metadata":{"a":1},"metadata":{"b":2}}')
    line(b'{"text":"t","metadata":{"a":1,"a":2,"b":{"c":1,"c":[3]}}}')
    line(b'{"te\\u0078t":"escaped key","\\u0069d":"escaped id"}')
    line(b'{"text":1}')
    line(b'{"text":null}')
    line(b'{"id":"only id"}')
    line(b'{"text":"t","metadata":[1]}')
    line(b'{"text":"t","metadata":null}')
    line(b'{"text":"t","metadata":{"source":"kept"}}')
    line(b'{"text":"t","extra":{"ignored":[1,2,{"x":null}]},"z":false}')
    # Annotations (with and without attributes, valid and not).
    line(b'{"text":"hello world","annotations":[{"stage":"s","type":"t","start":0,"end":5},'
         b'{"stage":"s","type":"u","start":6,"end":11,"score":0.5,"replacement":"[X]"}]}')
    line(b'{"text":"hi","annotations":[{"stage":"s","type":"t","start":0,"end":99}]}')
    line(b'{"text":"hi","annotations":[{"stage":"s","type":"t","start":3,"end":1}]}')
    line(b'{"text":"hi","annotations":[{"stage":"s","start":0,"end":1}]}')
    line(b'{"text":"hi","annotations":"not a list"}')
    # Not objects, broken objects.
    for bad in [b"null", b"1", b'"s"', b"[]", b"[1,2]", b"true", b"{}", b'{"text":"t"} x', b'{"text":"t"}}', b'{"text":"t",}',
                b'{"text" "t"}', b'{text:"t"}', b'{"text":"t"', b'{"text":', b"{", b"}", b'{"text":tru}', b'{"text":nul}',
                b'{"text":"t","a":[1,]}', b'{"text":"t","a":[1 2]}', b"\x01", b"\xef\xbb\xbf{}", b'{"text":"t"}\x00']:
        line(bad)
    # Huge strings: plain, with escapes, non-ASCII, invalid at the far end, an escape split
    # at the end.
    line(b'{"id":"huge-plain","text":"', b"abcdefghij", 100_000, b'"}')
    line(b'{"id":"huge-escapes","text":"', b'abc\\"def\\\\ghi\\njk\\u00e9', 40_000, b'"}')
    line(b'{"id":"huge-utf8","text":"', "héllo wörld ✓ 𝄞 ".encode(), 40_000, b'"}')
    line(b'{"id":"huge-invalid","text":"', b"abcdefghij", 50_000, b'\xc3\x28"}')
    line(b'{"id":"huge-unterminated","text":"', b"abcdefghij", 50_000, b"")
    line(b'{"id":"huge-metadata","text":"m","metadata":{"list":[', b'{"k":"v\\t","n":1.5},', 20_000, b"null]}}")
    return out


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_json_awkward_cases.py REFERENCE_BINARY")
    binary = os.path.abspath(sys.argv[1])
    all_cases = cases()
    corpus = b"\n".join(p + u * c + s for p, u, c, s in all_cases) + b"\n"
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "awkward.jsonl"), "wb") as f:
            f.write(corpus)
        with open(os.path.join(tmp, "noop.yaml"), "w") as f:
            f.write("stages:\n  - export: {format: jsonl}\n")
        run = subprocess.run([binary, "run", "noop.yaml", "awkward.jsonl", "--jsonl", "--jobs", "1"], cwd=tmp, capture_output=True)
    outputs = run.stdout.split(b"\n")
    assert outputs[-1] == b""
    outputs = outputs[:-1]
    errors = {}
    prefix = b"awkward.jsonl:"
    for entry in run.stderr.split(b"\n"):
        if entry.startswith(prefix) and b": error: " in entry:
            number, message = entry[len(prefix):].split(b": error: ", 1)
            errors[int(number)] = message.decode()
    numbers = [n + 1 for n, (p, u, c, s) in enumerate(all_cases) if (p + u * c + s).strip(b" \t\r") not in (b"", b"\xef\xbb\xbf")]
    expected, next_output = [], 0
    for number in numbers:
        if number in errors:
            expected.append("        .error(line: %d, %s)," % (number, swift_string(errors[number])))
        else:
            data = outputs[next_output]
            next_output += 1
            expected.append("        .document(line: %d, bytes: %d, fnv: 0x%016X)," % (number, len(data), fnv1a64(data)))
    assert next_output == len(outputs), "outputs left over: %d of %d" % (len(outputs) - next_output, len(outputs))
    print("// Generated by scripts/make_json_awkward_cases.py from the reference binary's output: do not edit.")
    print("// %d lines, %d documents, %d errors." % (len(all_cases), len(outputs), len(errors)))
    print()
    print("/// The awkward JSON-lines corpus and what the reference `pipeline` made of it.")
    print("enum JSONLinesAwkwardCases {")
    print("    /// Line N of the corpus is `prefix + unit * count + suffix` (base64), lines joined by `\\n`.")
    print("    static let lines: [(prefix: String, unit: String, count: Int, suffix: String)] = [")
    for p, u, c, s in all_cases:
        print('        ("%s", "%s", %d, "%s"),' % (b64(p), b64(u), c, b64(s)))
    print("    ]")
    print()
    print("    /// Per non-blank line: the output line's length and FNV-1a 64 hash, or the error message.")
    print("    static let expected: [JSONLinesAwkwardExpectation] = [")
    print("\n".join(expected))
    print("    ]")
    print("}")


def b64(data):
    return base64.b64encode(data).decode()


def swift_string(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % escaped


if __name__ == "__main__":
    main()
