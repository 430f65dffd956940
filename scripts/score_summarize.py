#!/usr/bin/env python3
"""ROUGE of the summarize stage on CNN/DailyMail articles (pip install rouge-score).

Runs `.build/release/pipeline-bench --stage summarize --emit` once per method over the corpus,
reads the chosen sentences back from the `summary-sentence` annotations (Unicode scalar
offsets = Python string indices) and prints ROUGE-1/2/Lsum F1 (rouge-score, stemming on) for a
naive Lead-3 (regex sentence split, independent of TextKit) and every method. For Lsum,
summary and reference sentences are joined with newlines, as rouge-score expects.

    swift build -c release --product pipeline-bench
    python3 scripts/score_summarize.py [--data FILE] [--half odd|even] [--sentences 3]
"""
import argparse
import json
import os
import re
import subprocess
import sys

from rouge_score import rouge_scorer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
METHODS = ["lead", "auto", "textrank", "lexrank", "lexrank-continuous", "luhn"]


def reference_sentences(ref):
    # References are tokenized: each highlight ends with " ." (or " !"/" ?").
    parts = re.split(r"(?<= [.!?]) (?=\S)", ref.strip())
    return [p.strip() for p in parts if p.strip()]


def naive_lead3(text):
    parts = re.split(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])", text.strip())
    return [p.strip() for p in parts if p.strip()][:3]


def run_stage(bench, data, options):
    out = subprocess.run(
        [bench, "--stage", "summarize", "--options", json.dumps(options), "--corpus", data, "--emit"],
        check=True, capture_output=True, text=True, cwd=ROOT)
    docs = {}
    for line in out.stdout.splitlines():
        d = json.loads(line)
        anns = sorted((a for a in d["annotations"] if a["type"] == "summary-sentence"), key=lambda a: a["start"])
        docs[d["id"]] = anns
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "summarize", "cnndm_dev100.jsonl"))
    ap.add_argument("--bench", default=os.path.join(ROOT, ".build", "release", "pipeline-bench"))
    ap.add_argument("--sentences", type=int, default=3)
    ap.add_argument("--half", choices=["odd", "even"], help="score only odd or even lines (1-based)")
    ap.add_argument("--methods", default=",".join(METHODS))
    args = ap.parse_args()

    articles = [json.loads(l) for l in open(args.data, encoding="utf-8") if l.strip()]
    keep = set()
    for n, a in enumerate(articles, 1):
        if args.half is None or (args.half == "odd") == (n % 2 == 1):
            keep.add(a["id"])
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    def score(pairs):
        totals = [0.0, 0.0, 0.0]
        words = 0
        for summary_sents, ref in pairs:
            refs = reference_sentences(ref)
            s = scorer.score("\n".join(refs), "\n".join(summary_sents))
            totals[0] += s["rouge1"].fmeasure
            totals[1] += s["rouge2"].fmeasure
            totals[2] += s["rougeLsum"].fmeasure
            words += sum(len(x.split()) for x in summary_sents)
        n = len(pairs)
        return [100 * t / n for t in totals] + [words / n]

    rows = []
    pairs = [(naive_lead3(a["text"]), a["reference"]) for a in articles if a["id"] in keep]
    rows.append(("Lead-3 (naive regex split)", score(pairs)))
    for method in args.methods.split(","):
        docs = run_stage(args.bench, args.data, {"method": method, "sentences": args.sentences})
        pairs = []
        for a in articles:
            if a["id"] not in keep:
                continue
            anns = docs.get(a["id"], [])
            pairs.append(([a["text"][x["start"]:x["end"]] for x in anns], a["reference"]))
        rows.append((method + (" (Lead-3, TextKit sentences)" if method == "lead" else ""), score(pairs)))

    label = os.path.basename(args.data) + (f" ({args.half} half)" if args.half else "")
    print(f"ROUGE F1 x100 on {label}, {len(keep)} articles, {args.sentences} sentences, rouge-score stemming on")
    print()
    print("| method | R-1 | R-2 | R-Lsum | words |")
    print("|---|---:|---:|---:|---:|")
    for name, (r1, r2, rl, w) in rows:
        print(f"| {name} | {r1:.2f} | {r2:.2f} | {rl:.2f} | {w:.1f} |")


if __name__ == "__main__":
    sys.exit(main())
