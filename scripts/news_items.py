#!/usr/bin/env python3
"""Writes DOCS forwarded news items as JSON lines (`{"id": "dN", "text": ...}`) to OUT, for the
benchmarks and diagnostics that need news-like input: the peer corpus
(`../shared/peers/make_corpus.py`: news articles with greetings, sign-offs and contacts) when
`../shared` is there, else items made from the bundled sample, each with a greeting and a
sign-off holding a phone number, an address or a link. With `--distinct N`, N items repeated in
turn (the end-to-end and scaling benchmarks' 10,000 items are 1,000 distinct ones, ten times
over). Prints which corpus it wrote.

    scripts/news_items.py OUT DOCS [--distinct N]
"""
import argparse, json, os, random, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "..", "shared", "peers", "make_corpus.py")


def texts(count):
    """`count` item texts, and a line naming where they come from."""
    if os.path.exists(PEERS):
        with tempfile.TemporaryDirectory() as tmp:
            items = os.path.join(tmp, "items.jsonl")
            subprocess.run([sys.executable, PEERS, items, "--docs", str(count)], check=True, stdout=subprocess.DEVNULL)
            found = [json.loads(line)["text"] for line in open(items, encoding="utf-8")]
        return found, "peer corpus (../shared/peers/make_corpus.py: news articles with greetings, sign-offs, contacts)"
    return sample_items(count), "synthetic items (the bundled sample with greetings, sign-offs, contacts; ../shared absent)"


GREETINGS = ["Hi team,", "Dear colleagues,", "Hello all,", "Bonjour à tous,"]
SIGN_OFFS = ["Best regards,\nAna\n+44 20 7946 0%03d", "Thanks,\nOmar\ndesk%d@example.org", "Cheers,\nLi\nhttps://example.com/n/%d"]


def wrap(body, rng, number):
    """`body` as a forwarded item: a greeting, the body, and a sign-off holding a phone number,
    an address or a link numbered `number`, chosen with `rng`."""
    return "%s\n\n%s\n\n%s" % (rng.choice(GREETINGS), body, rng.choice(SIGN_OFFS) % number)


def sample_items(count):
    """`count` items made from the bundled sample (`wrap`, a fixed seed): the same on every machine."""
    sample = open(os.path.join(ROOT, "pipelines/samples/talks-stall.txt"), encoding="utf-8").read()
    rng = random.Random(15)
    return [wrap(sample, rng, i) for i in range(count)]


def write(out, docs, distinct=None):
    """Writes the items (`distinct` of them repeated in turn, else all distinct); returns a line
    naming the corpus."""
    base, name = texts(min(docs, distinct or docs))
    with open(out, "w", encoding="utf-8") as f:
        for i in range(docs):
            f.write(json.dumps({"id": "d%d" % i, "text": base[i % len(base)]}, ensure_ascii=False) + "\n")
    return "%s, %d items%s" % (name, docs, ", %d distinct" % len(base) if len(base) < docs else "")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Writes news items as JSON lines.")
    parser.add_argument("out")
    parser.add_argument("docs", type=int)
    parser.add_argument("--distinct", type=int, help="this many distinct items, repeated in turn")
    args = parser.parse_args()
    print(write(args.out, args.docs, args.distinct))
