#!/usr/bin/env python3
"""Precision/recall/F1 of redact's `person` and `date` detectors on the Faker suite, by locale.

usage: scripts/score_redact_names.py [--suite Tests/RedactTests/Fixtures/names-suite.jsonl]
                                     [--bench .build/release/pipeline-bench] [--errors TYPE]

The suite is written by scripts/make_redact_names_suite.py. Runs `pipeline-bench --stage redact
--emit` with entities [person, date]. A prediction is correct when it overlaps a gold span of its
type; a gold span is found when a prediction of its type overlaps it (offsets in code points).
"""
import argparse, collections, json, os, subprocess, sys, tempfile

TYPES = ["person", "date"]


def run(bench, docs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
        corpus = f.name
    try:
        out = subprocess.run([bench, "--stage", "redact", "--options", json.dumps({"entities": TYPES}),
                              "--corpus", corpus, "--emit"], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(corpus)
    preds = {}
    for line in out.splitlines():
        doc = json.loads(line)
        preds[doc["id"]] = [(a["type"], a["start"], a["end"]) for a in doc["annotations"] if a.get("stage") == "redact"]
    return preds


def prf(c):
    p = c["tp_p"] / c["n_p"] if c["n_p"] else 1.0
    r = c["tp_g"] / c["n_g"] if c["n_g"] else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--suite", default=os.path.join(root, "Tests/RedactTests/Fixtures/names-suite.jsonl"))
    ap.add_argument("--bench", default=os.path.join(root, ".build/release/pipeline-bench"))
    ap.add_argument("--errors", choices=TYPES, help="print false positives and misses of this type to stderr")
    args = ap.parse_args()
    docs = [json.loads(l) for l in open(args.suite, encoding="utf-8") if l.strip()]
    preds = run(args.bench, docs)
    counts = collections.defaultdict(lambda: {"tp_p": 0, "n_p": 0, "tp_g": 0, "n_g": 0})
    for d in docs:
        gold = [(s["type"], s["start"], s["end"]) for s in d["spans"]]
        pred = preds.get(d["id"], [])
        # Predictions against gold (precision), then gold against predictions (recall).
        for spans, other, hit_key, n_key, label in ((pred, gold, "tp_p", "n_p", "FP  "), (gold, pred, "tp_g", "n_g", "MISS")):
            for t, s, e in spans:
                hit = any(o[0] == t and o[1] < e and s < o[2] for o in other)
                for key in (d["locale"], "all"):
                    counts[(key, t)][n_key] += 1
                    counts[(key, t)][hit_key] += hit
                if not hit and args.errors == t:
                    print(label, repr(d["text"][s:e]), "   ", repr(d["text"]), file=sys.stderr)
    locales = sorted({d["locale"] for d in docs}) + ["all"]
    print("| locale | person P | person R | person F | date P | date R | date F |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for loc in locales:
        cells = []
        for t in TYPES:
            p, r, f = prf(counts[(loc, t)])
            cells += [f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"]
        name = f"**{loc}**" if loc == "all" else loc
        print(f"| {name} | " + " | ".join(cells) + " |")
    for t in TYPES:
        c = counts[("all", t)]
        print(f"{t}: gold {c['n_g']}, predicted {c['n_p']}, correct predictions {c['tp_p']}, found {c['tp_g']}")


if __name__ == "__main__":
    main()
