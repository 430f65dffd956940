#!/usr/bin/env python3
"""A pipeline stage in Python, run by the `command` stage over JSON lines.

Protocol (see docs/command-stage.md): every line on stdin is one document,
    {"id": "...", "text": "...", "metadata": {...}, "annotations": [...]}
and for every input line this program writes exactly one line back: the changed
document. (It could also write a JSON array of documents to split one, or
{"drop": true} to drop it.) Fields left out of the answer keep their values.

What it does:
  - metadata "word-count": the number of whitespace-separated words in the text;
  - metadata "title", when present: title-cased ("the talks stall" -> "The Talks Stall"),
    leaving words that are already upper-case alone ("NATO") and not touching
    apostrophes ("don't" -> "Don't", where str.title() would give "Don'T").

It answers each line as soon as it has read it and flushes, so the same program works
once per document (the default) and as one long-lived process (`persistent: true`).
Standard library only. Diagnostics go to stderr, never the document text (it may hold
personal data).
"""

import io
import json
import sys


def title_case(title: str) -> str:
    words = []
    for word in title.split(" "):
        if word and not word.isupper():
            word = word[0].upper() + word[1:]
        words.append(word)
    return " ".join(words)


def transform(document: dict) -> dict:
    text = document.get("text", "")
    metadata = document.get("metadata") or {}
    metadata["word-count"] = len(text.split())
    title = metadata.get("title")
    if isinstance(title, str):
        metadata["title"] = title_case(title)
    document["metadata"] = metadata
    return document


def main() -> int:
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="\n")
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as error:
            # Say where, not what: the line is document text.
            print(f"uppercase_title.py: input line {number} is not JSON ({error.msg})", file=sys.stderr)
            return 1
        stdout.write(json.dumps(transform(document), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
