#!/usr/bin/env python3
"""Builds the redact benchmark corpus: CNN/DailyMail news texts (../shared/data/summarize/
cnndm_dev100.jsonl) repeated to the requested size, with synthetic PII sprinkled in (about
one item per 400 bytes: emails, phones, URLs, IPs, cards, IBANs, SSNs, dates, names, keys).

usage: make_redact_bench_corpus.py OUT.jsonl [MEGABYTES] [DOC_KB]

DOC_KB (default 0: one article per document, ~3.7 KB) joins articles into documents of at
least that many kilobytes, to separate the stage's own speed from per-document overhead.
"""
import json, os, random, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = os.path.join(root, "../shared/data/summarize/cnndm_dev100.jsonl")
out_path = sys.argv[1]
target = float(sys.argv[2] if len(sys.argv) > 2 else 8) * 1_000_000
doc_bytes = int(float(sys.argv[3] if len(sys.argv) > 3 else 0) * 1000)
rng = random.Random(7)

def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    s = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        s += d
    return "".join(map(str, digits)) + str((10 - s % 10) % 10)

def iban():
    bban = "".join(str(rng.randrange(10)) for _ in range(18))
    num = int(bban + "1611" + "00")  # GB -> 16 11
    check = 98 - num % 97
    return f"GB{check:02d}{bban}"

PII = [
    lambda: f"{rng.choice(['anna', 'j.smith', 'press', 'info'])}{rng.randrange(100)}@{rng.choice(['example.com', 'mail.co.uk', 'news.org'])}",
    lambda: f"+1 ({rng.randrange(200, 999)}) {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
    lambda: f"0{rng.randrange(10, 99)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
    lambda: f"https://www.example{rng.randrange(100)}.com/news/{rng.randrange(10**6)}",
    lambda: f"{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
    lambda: luhn_complete(rng.choice(["4", "51", "2221", "37"]), 16),
    iban,
    lambda: f"{rng.randrange(100, 665)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
    lambda: f"{rng.randrange(1, 12)}/{rng.randrange(1, 28)}/{rng.randrange(1950, 2020)}",
    lambda: f"{rng.choice(['Mr.', 'Dr.', ''])} {rng.choice(['Maria Garcia', 'John Miller', 'Abdul Hameed Jalili', 'Sarah Connor'])}".strip(),
    lambda: "key AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
]

texts = [json.loads(l)["text"] for l in open(src, encoding="utf-8")]
size = 0
n = 0
buffer = []
with open(out_path, "w", encoding="utf-8") as out:
    while size < target:
        for t in texts:
            words = t.split(" ")
            i = rng.randrange(40, 80)
            while i < len(words):
                words.insert(i, rng.choice(PII)())
                i += rng.randrange(50, 90)
            text = " ".join(words)
            buffer.append(text)
            if sum(len(t) for t in buffer) < doc_bytes:
                continue
            text = "\n\n".join(buffer)
            buffer = []
            out.write(json.dumps({"id": f"bench-{n}", "text": text}, ensure_ascii=False) + "\n")
            size += len(text.encode("utf-8"))
            n += 1
            if size >= target:
                break
print(f"{out_path}: {n} documents, {size / 1e6:.1f} MB", file=sys.stderr)
