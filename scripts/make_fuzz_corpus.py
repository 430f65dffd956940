#!/usr/bin/env python3
"""Builds the fuzz seed corpus in Tests/FuzzRegressionTests/Corpus/<target>/ from the
project's own pipelines, samples and test fixtures (no outside data).

Targets: yaml (pipeline files), jsonlines (JSON-lines input), stages (byte 0 picks a stage,
byte 1 its variant, the rest is text), replies (a command program's stdout).
Crashes that scripts/fuzz.sh finds are saved beside the seeds under regressions/ and kept.

Run from the repository root: python3 scripts/make_fuzz_corpus.py
"""
import glob
import hashlib
import json
import os
import shutil

ROOT = "Tests/FuzzRegressionTests/Corpus"
MAX = 4096


def save(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data[:MAX]
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    for target in ["yaml", "jsonlines", "stages", "replies"]:
        folder = os.path.join(ROOT, target)
        if os.path.isdir(folder):
            for entry in os.listdir(folder):
                if entry != "regressions":
                    os.remove(os.path.join(folder, entry))

    # yaml: every ready pipeline, plus the hostile shapes the tests use.
    for path in sorted(glob.glob("pipelines/*.yaml")):
        save("yaml", open(path, "rb").read())
    for text in [
        "stages:\n  - count: {sentences: three}\n",
        "stages:\n\t- echo\n",
        "stages:\n  - redact:\n      entities: [email, phone]\n      fail-on: [secret]\n",
        "stages: [strip-salutations, summarize]\nname: ${NAME:-x}\n",
        "a: &a [*a]\n",
        "stages:\n  - export: {format: sqlite, path: \"out/{id}.db\"}\n",
        "stages:\n  - summarize: {sentences: \"${FUZZ}\"}\n",
    ]:
        save("yaml", text)
    save("yaml", b"stages:\n  - co\x00unt\n")

    # jsonlines: lines from the test fixtures, and edge cases.
    lines = []
    for path in sorted(glob.glob("Tests/**/*.jsonl", recursive=True)):
        with open(path, "rb") as f:
            lines.extend(f.read().splitlines()[:3])
    for i in range(0, len(lines), 3):
        save("jsonlines", b"\n".join(lines[i:i + 3]) + b"\n")
    for data in [
        b'\xef\xbb\xbf{"text":"bom"}\n',
        b'{"id":"a","text":"x","annotations":[{"stage":"s","type":"t","start":0,"end":1}]}\r\n',
        b'{"text":"\\ud83d\\ude00 \\u00e9","metadata":{"title":"t","n":1.5e3}}\n',
        b'{"text":"ab\xff"}\n',
        b'[1,2,{"text":3}]\n\n   \n{"text":""}',
    ]:
        save("jsonlines", data)

    # stages: the bundled sample and a few short texts, for every stage choice.
    texts = [open("pipelines/samples/talks-stall.txt", encoding="utf-8").read()[:1500]]
    texts += [
        "Hi Anna,\n\nCall me at +1 415 555 0132 or mail jane.doe@example.com.\n\nBest,\nBob",
        "Sehr geehrte Damen und Herren,\n\nDer Bericht ist fertig.\n\nMit freundlichen Grüßen\nJörg",
        "Token sk_live_51HqLyjWDarjtT1zdp7dcXYZ and card 4111 1111 1111 1111 on 2026-01-05.",
        "a1:b2:c3:d4:e5:f6 1 2 3 4 5 6 7 8 9 0",
    ]
    for choice in range(10):
        for text in texts:
            save("stages", bytes([choice, 7]) + text.encode("utf-8"))

    # replies: the answers the protocol allows, and broken ones.
    for text in [
        '{"text":"done"}\n',
        '[{"text":"a"},{"id":"b","text":"b","metadata":{"k":1}}]\n',
        '{"drop": true}\n',
        '{"text":"abc","annotations":[{"type":"t","start":0,"end":3,"score":0.5}]}\n',
        'loading model...\n{"text":"x"}\n',
        '{"text":"abc","annotations":[{"type":"t","start":0,"end":99}]}\n',
        '{"txt":"typo"}\n',
    ]:
        save("replies", text)


if __name__ == "__main__":
    main()
