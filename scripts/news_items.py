#!/usr/bin/env python3
"""Writes DOCS forwarded news items as JSON lines to OUT, for the benchmarks and diagnostics
that need news-like input: the peer corpus (`../shared/peers/make_corpus.py`: news articles
with greetings, sign-offs and contacts) when `../shared` is there, else items made from the
bundled sample, each with a greeting and a sign-off. Prints which one it wrote.

    scripts/news_items.py OUT DOCS
"""
import json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "..", "shared", "peers", "make_corpus.py")


def write(out, docs):
    """Writes the items; returns a line naming the corpus."""
    if os.path.exists(PEERS):
        subprocess.run([sys.executable, PEERS, out, "--docs", str(docs)], check=True, stdout=subprocess.DEVNULL)
        return f"peer corpus, {docs} items"
    sample = open(os.path.join(ROOT, "pipelines/samples/talks-stall.txt"), encoding="utf-8").read()
    with open(out, "w", encoding="utf-8") as f:
        for i in range(docs):
            text = "Hi team,\n\n%s\n\nThanks,\nAna %d" % (sample, i)
            f.write(json.dumps({"id": "d%d" % i, "text": text}, ensure_ascii=False) + "\n")
    return f"synthetic items from the bundled sample (../shared absent), {docs} items"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: scripts/news_items.py OUT DOCS")
    print(write(sys.argv[1], int(sys.argv[2])))
