#!/usr/bin/env python3
"""Fidelity of the command stage: runs the corpus through pipeline-bench --emit in several
configurations and checks every document that comes back against what it must be.

- jsonl + cat (one-shot and persistent): id, text, metadata and annotations unchanged;
- text + cat: text unchanged byte for byte;
- the Python example (one-shot and persistent): text unchanged, word-count == len(text.split()),
  title title-cased as the example defines it.

Prints one row per configuration: documents in, documents out, exact, wrong, errors.
usage: scripts/score_command.py   (from anywhere; needs .build/release/pipeline-bench)
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build/release/pipeline-bench")
DATA = os.path.join(ROOT, "..", "shared", "data")


def title_case(title):
    return " ".join(w[0].upper() + w[1:] if w and not w.isupper() else w for w in title.split(" "))


def expect_same(doc, out):
    return out == {"id": doc["id"], "text": doc["text"], "metadata": doc.get("metadata", {}), "annotations": []}


def expect_text(doc, out):
    return out["text"] == doc["text"]


def expect_python(doc, out):
    metadata = dict(doc.get("metadata", {}))
    metadata["word-count"] = len(doc["text"].split())
    if "title" in metadata:
        metadata["title"] = title_case(metadata["title"])
    return out["text"] == doc["text"] and out["metadata"] == metadata and out["id"] == doc["id"]


def main():
    if not os.access(BENCH, os.X_OK):
        sys.exit("build first: swift build -c release --product pipeline-bench")
    corpus = os.path.join(tempfile.mkdtemp(), "command_corpus.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/make_command_corpus.py"), DATA], stdout=f, check=True)
    with open(corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    py = ["python3", "Examples/python-stage/uppercase_title.py"]
    configs = [
        ("jsonl, cat, one-shot", {"run": ["cat"]}, expect_same),
        ("jsonl, cat, persistent", {"run": ["cat"], "persistent": True}, expect_same),
        ("text, cat, one-shot", {"run": ["cat"], "protocol": "text"}, expect_text),
        ("python example, one-shot", {"run": py}, expect_python),
        ("python example, persistent", {"run": py, "persistent": True}, expect_python),
    ]
    print(f"| configuration | docs in | docs out | exact | wrong | errors |")
    print(f"|---|---|---|---|---|---|")
    for name, options, check in configs:
        result = subprocess.run([BENCH, "--stage", "command", "--options", json.dumps(options), "--corpus", corpus, "--emit"],
                                cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
        outs = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        by_id = {o["id"]: o for o in outs}
        exact = sum(1 for d in docs if d["id"] in by_id and check(d, by_id[d["id"]]))
        errors = len([l for l in result.stderr.splitlines() if l.strip()])
        print(f"| {name} | {len(docs)} | {len(outs)} | {exact} | {len(outs) - exact} | {errors} |")


if __name__ == "__main__":
    main()
