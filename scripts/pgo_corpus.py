#!/usr/bin/env python3
"""Writes the training input of the release build's profile-guided optimization
(scripts/release_build.sh) as JSON lines to OUT, from material in this repository only, so that
the release build needs nothing from ../shared and never trains on what the benchmarks time:

- prose: the paragraphs of the project's own documentation (docs/, README.md), code blocks and
  tables left out, grouped into items of ~3 KB, each with a greeting and a sign-off that holds a
  phone number, an address or a link (the shape of a forwarded news item);
- the bundled sample (pipelines/samples/talks-stall.txt) with greetings and sign-offs;
- the texts of the test fixtures of strip-salutations (mail in 18 languages) and redact (PII,
  names, look-alike numerals).

The items are written in a fixed order from a fixed seed: the same checkout gives the same file.

    scripts/pgo_corpus.py OUT
"""
import glob, json, os, random, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GREETINGS = ["Hi team,", "Dear colleagues,", "Hello all,", "Bonjour à tous,", "Assalamualaikum,", "Hola a todos,", "Liebe Kollegen,"]
SIGN_OFFS = ["Best regards,\nAna\n+44 20 7946 0%03d", "Thanks,\nOmar\ndesk%d@example.org",
             "Cheers,\nLi\nhttps://example.com/n/%d", "Wa alaikum assalam\nKarim\n+1 415 555 %04d"]
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

    def wrap(body):
        return "%s\n\n%s\n\n%s" % (rng.choice(GREETINGS), body, rng.choice(SIGN_OFFS) % len(made))

    group = []
    for paragraph in paragraphs():
        group.append(paragraph)
        if sum(map(len, group)) > 3000:
            made.append(wrap("\n\n".join(group)))
            group = []
    sample = open(os.path.join(ROOT, "pipelines/samples/talks-stall.txt"), encoding="utf-8").read()
    for _ in range(100):
        made.append(wrap(sample))
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
