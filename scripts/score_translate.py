#!/usr/bin/env python3
"""Quality table of the translate stage's offline language detection (from: auto).

Two labelled sets, each run through the real stage with pipeline-bench --emit
(to: xx with the stub provider, so only detection matters; metadata 'language' is the guess):
  1. Tests/TranslateTests/Fixtures/language-detection.tsv: 160 sentences, 10 per language in
     en ar ur fa hi es fr de pt it tr id ru zh ja he (written for the project).
  2. ../shared/data/salutations/*.jsonl: e-mail fixtures with a 'lang' label (only labels among
     the 16 languages count; da/nl/sv are reported as out-of-profile).
Usage (from the repository root): python3 scripts/score_translate.py
"""
import collections, json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = "en ar ur fa hi es fr de pt it tr id ru zh ja he".split()


def detect(rows):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for i, (_, text) in enumerate(rows):
            f.write(json.dumps({"id": str(i), "text": text}) + "\n")
        path = f.name
    try:
        out = subprocess.run(
            [os.path.join(ROOT, ".build/release/pipeline-bench"), "--stage", "translate",
             "--options", '{"to":"xx"}', "--corpus", path, "--emit"],
            check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    docs = [json.loads(l) for l in out.splitlines() if l.strip()]
    return [d["metadata"].get("language", "und") for d in docs]


def table(name, rows):
    guesses = detect(rows)
    per = collections.defaultdict(lambda: [0, 0])
    misses = []
    for (lang, text), guess in zip(rows, guesses):
        per[lang][1] += 1
        if guess == lang:
            per[lang][0] += 1
        else:
            misses.append((lang, guess, text[:70].replace("\n", " ")))
    right = sum(v[0] for v in per.values())
    total = sum(v[1] for v in per.values())
    print(f"\n{name}: {right}/{total} = {100 * right / total:.1f}%")
    print("| lang | correct | total |")
    print("|---|---|---|")
    for lang in sorted(per):
        print(f"| {lang} | {per[lang][0]} | {per[lang][1]} |")
    for lang, guess, text in misses:
        print(f"  miss {lang} -> {guess}: {text}")


def main():
    if not os.path.exists(os.path.join(ROOT, ".build/release/pipeline-bench")):
        subprocess.run(["swift", "build", "-c", "release", "--product", "pipeline-bench"], cwd=ROOT, check=True)
    rows = []
    for line in open(os.path.join(ROOT, "Tests/TranslateTests/Fixtures/language-detection.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        lang, text = line.rstrip("\n").split("\t", 1)
        rows.append((lang, text))
    table("labelled sentences (Fixtures/language-detection.tsv)", rows)

    shared = os.path.join(ROOT, "../shared/data/salutations")
    if os.path.isdir(shared):
        inside, outside = [], collections.Counter()
        for name in ("github_erp.jsonl", "mail_parser_reply.jsonl"):
            for line in open(os.path.join(shared, name), encoding="utf-8"):
                r = json.loads(line)
                if r.get("lang") in LANGS:
                    inside.append((r["lang"], r["text"]))
                else:
                    outside[r.get("lang")] += 1
        table("e-mail fixtures (../shared/data/salutations)", inside)
        print(f"  not scored (no profile): {dict(outside)}")


if __name__ == "__main__":
    main()
