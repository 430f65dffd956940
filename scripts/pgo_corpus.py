#!/usr/bin/env python3
"""Writes the training input of the release build's profile-guided optimization
(scripts/release_build.sh) as JSON lines to OUT, from material in this repository only, so that
the release build needs nothing from ../shared and never trains on the peer corpus
(../shared/peers) that the benchmarks' figures are measured on:

- prose: the paragraphs of the project's own documentation (docs/, README.md), code blocks and
  tables left out, grouped into items of ~3 KB, each with a greeting and a sign-off that holds a
  phone number, an address or a link (the shape of a forwarded news item);
- the bundled sample with greetings and sign-offs, as the benchmarks make items when ../shared is
  absent (scripts/news_items.py, whose greetings and sign-offs the prose items get too);
- the texts of the test fixtures of strip-salutations (mail in 18 languages) and redact (PII,
  names, look-alike numerals).

The items are written in a fixed order from a fixed seed: the same checkout gives the same file.

    scripts/pgo_corpus.py OUT
"""
import glob, json, os, random, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import news_items  # noqa: E402  (the items' greetings and sign-offs, and the sample items)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = ["Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl", "Tests/StripSalutationsTests/Fixtures/own_cases.jsonl",
            "Tests/StripSalutationsTests/Fixtures/mail_parser_reply.jsonl", "Tests/RedactTests/Fixtures/pii-suite.jsonl",
            "Tests/RedactTests/Fixtures/names-suite.jsonl"]


def paragraphs():
    """The prose paragraphs of the documentation, one line each."""
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True)) + [os.path.join(ROOT, "README.md")]:
        text = re.sub(r"```.*?```", "", open(path, encoding="utf-8").read(), flags=re.S)
        for paragraph in text.split("\n\n"):
            paragraph = paragraph.strip()
            if len(paragraph) > 200 and not paragraph.startswith(("|", "#", "-", "*", ">")):
                found.append(paragraph.replace("\n", " "))
    return found


def items():
    """The training texts, in order."""
    rng = random.Random(28)
    made = []
    group = []
    for paragraph in paragraphs():
        group.append(paragraph)
        if sum(map(len, group)) > 3000:
            made.append(news_items.wrap("\n\n".join(group), rng, len(made)))
            group = []
    made.extend(news_items.sample_items(100))
    for fixture in FIXTURES:
        for line in open(os.path.join(ROOT, fixture), encoding="utf-8"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                made.append(record["text"])
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/pgo_corpus.py OUT")
    texts = items()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for index, text in enumerate(texts):
            out.write(json.dumps({"id": "t%d" % index, "text": text}, ensure_ascii=False) + "\n")
    print("%d items" % len(texts))
