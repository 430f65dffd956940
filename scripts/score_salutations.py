#!/usr/bin/env python3
"""Scores strip-salutations against JSON-lines suites of {"id","text","expected",...}.

Runs `.build/release/pipeline-bench --stage strip-salutations --emit` over each suite, compares the
output text to `expected` after normalizing (trailing spaces dropped, runs of blank lines folded,
whole text stripped), prints pass counts per file and lists the failures.

usage: scripts/score_salutations.py [SUITE.jsonl ...] [--bin PATH] [--options JSON] [-v]
default suites: ../shared/data/salutations/*.jsonl and Tests/StripSalutationsTests/Fixtures/own_cases.jsonl
"""
import glob, json, os, re, subprocess, sys, tempfile

def norm(s):
    lines = [l.rstrip() for l in s.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out = []
    for l in lines:
        if l == "" and out and out[-1] == "":
            continue
        out.append(l)
    return "\n".join(out).strip()

def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    binary = ".build/release/pipeline-bench"
    options = "{}"
    if "--bin" in args:
        i = args.index("--bin"); binary = args[i + 1]; del args[i:i + 2]
    if "--options" in args:
        i = args.index("--options"); options = args[i + 1]; del args[i:i + 2]
    suites = args or sorted(glob.glob("../shared/data/salutations/*.jsonl")) + ["Tests/StripSalutationsTests/Fixtures/own_cases.jsonl"]
    total_pass = total = 0
    failures = []
    rows = []
    for path in suites:
        if not os.path.exists(path):
            continue
        cases = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps({"id": c["id"], "text": c["text"]}, ensure_ascii=False) + "\n")
            corpus = f.name
        out = subprocess.run([binary, "--stage", "strip-salutations", "--options", options, "--corpus", corpus, "--emit"],
                             capture_output=True, text=True, check=True).stdout
        os.unlink(corpus)
        got = {}
        for line in out.splitlines():
            if line.strip():
                d = json.loads(line); got[d["id"]] = d["text"]
        passed = 0
        for c in cases:
            ok = norm(got.get(c["id"], "")) == norm(c["expected"])
            passed += ok
            if not ok:
                failures.append((path, c, got.get(c["id"], "")))
        rows.append((os.path.basename(path), passed, len(cases)))
        total_pass += passed; total += len(cases)
    print(f"{'suite':40s} {'pass':>5s} {'total':>5s}  {'%':>6s}")
    for name, p, t in rows:
        print(f"{name:40s} {p:5d} {t:5d}  {100.0 * p / max(t, 1):6.1f}")
    print(f"{'ALL':40s} {total_pass:5d} {total:5d}  {100.0 * total_pass / max(total, 1):6.1f}")
    if failures:
        print("\nfailures:")
        for path, c, g in failures:
            print(f"- {os.path.basename(path)} :: {c['id']}" + (f"  ({c.get('note','')})" if c.get('note') else ""))
            if verbose:
                print("  --- got:\n    " + norm(g)[:1500].replace("\n", "\n    "))
                print("  --- expected:\n    " + norm(c["expected"])[:1500].replace("\n", "\n    "))
    return 0 if not failures else 1

if __name__ == "__main__":
    sys.exit(main())
