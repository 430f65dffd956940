#!/usr/bin/env python3
"""Scores the redact stage's `secret` detector on Tests/RedactTests/Fixtures/secrets_suite.jsonl.

    swift build -c release && scripts/score_secrets.py [--binary .build/release/pipeline] [--misses N]

A secret case counts as found when a `secret` annotation exists and the known secret value (when
the case names one) no longer appears in the output; a clean case is falsely flagged when any
`secret` annotation exists. Prints recall, precision and the false-flag rate per family and
overall; `--misses N` lists up to N missed and N falsely flagged cases.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/pipeline"))
    ap.add_argument("--suite", default=os.path.join(ROOT, "Tests/RedactTests/Fixtures/secrets_suite.jsonl"))
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--by-rule", action="store_true", help="one row per rule instead of per family")
    args = ap.parse_args()
    cases = [json.loads(line) for line in open(args.suite, encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        yaml = os.path.join(tmp, "secrets.yaml")
        with open(yaml, "w") as f:
            f.write("stages:\n  - redact:\n      entities: [secret]\n")
        inp = "".join(json.dumps({"id": c["id"], "text": c["text"]}) + "\n" for c in cases)
        r = subprocess.run([args.binary, "run", "--jsonl", yaml], input=inp.encode(), capture_output=True)
        if r.returncode not in (0, 1):
            sys.exit(r.stderr.decode())
    out = {}
    for line in r.stdout.decode().splitlines():
        d = json.loads(line)
        out[d["id"]] = d
    rows = collections.defaultdict(lambda: [0, 0, 0, 0])  # secrets, found, clean, flagged
    missed, flagged = [], []
    for c in cases:
        d = out.get(c["id"])
        if d is None:
            sys.exit(f"no output for {c['id']}")
        hits = [a for a in d.get("annotations", []) if a.get("type") == "secret"]
        fam = c["family"] if args.by_rule else c["family"].split(":")[0]
        row = rows[fam]
        if c["label"] == "secret":
            row[0] += 1
            ok = bool(hits) and (not c.get("secret") or c["secret"] not in d["text"])
            row[1] += ok
            if not ok:
                missed.append((c, d["text"]))
        else:
            row[2] += 1
            row[3] += bool(hits)
            if hits:
                flagged.append((c, d["text"]))
    total = [sum(r[k] for r in rows.values()) for k in range(4)]

    def fmt(name, r):
        recall = f"{r[1] / r[0]:.3f}" if r[0] else "  -  "
        prec = f"{r[1] / (r[1] + r[3]):.3f}" if r[1] + r[3] else "  -  "
        ff = f"{r[3] / r[2]:.3f}" if r[2] else "  -  "
        return f"{name:<48} {r[0]:>6} {recall:>7} {r[2]:>6} {ff:>8} {prec:>9}"

    print(f"{'family':<48} {'secret':>6} {'recall':>7} {'clean':>6} {'flagged':>8} {'precision':>9}")
    for name in sorted(rows):
        print(fmt(name, rows[name]))
    print(fmt("ALL", total))
    for title, items in (("missed", missed), ("falsely flagged", flagged)):
        for c, text in items[: args.misses]:
            print(f"{title}: {c['id']}: {c['text'][:160]!r} -> {text[:160]!r}")


if __name__ == "__main__":
    main()
