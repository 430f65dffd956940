#!/usr/bin/env python3
"""Builds the command stage's benchmark corpus from ../shared/data: 100 CNN/DailyMail articles
(with a lower-case `title` made from the reference's first words) and the first 200 synthetic
PII texts of presidio-research (non-ASCII names, e-mail addresses, numbers).

usage: make_command_corpus.py DATA_DIR > corpus.jsonl
"""
import json
import sys

data = sys.argv[1]
out = sys.stdout
with open(f"{data}/summarize/cnndm_dev100.jsonl", encoding="utf-8") as f:
    for line in f:
        row = json.loads(line)
        title = " ".join(row["reference"].lower().split()[:8])
        out.write(json.dumps({"id": f"cnndm-{row['id']}", "text": row["text"], "metadata": {"title": title}}, ensure_ascii=False) + "\n")
with open(f"{data}/redact/presidio_generated_large.json", encoding="utf-8") as f:
    for n, row in enumerate(json.load(f)[:200]):
        out.write(json.dumps({"id": f"presidio-{n}", "text": row["full_text"]}, ensure_ascii=False) + "\n")
