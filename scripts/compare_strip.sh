#!/usr/bin/env bash
# Checks that two builds of pipeline-bench strip salutations byte-identically: the `--emit` output
# (text, metadata, annotations) of strip-salutations on the repo's suites (the reply-parser dev
# suites, own cases, the generated mail corpus, the sample), the bench corpora of
# scripts/bench_salutations.sh and, when ../shared is there, the peer corpus of forwarded news
# items, each with several option sets (defaults, quotes off, headers off, keep-removed, a
# `languages` subset, added phrases, every detector off). Prints one line per corpus and option
# set; exits 1 on any difference.
# usage: scripts/compare_strip.sh BASE_PIPELINE_BENCH [THIS_PIPELINE_BENCH]
#   (build the corpora first with scripts/bench_salutations.sh, or they are skipped with a note)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="$1"; THIS="${2:-.build/release/pipeline-bench}"
FIX=Tests/StripSalutationsTests/Fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpora=("$FIX/github_erp.jsonl" "$FIX/mail_parser_reply.jsonl" "$FIX/own_cases.jsonl" "$FIX/mail_corpus.jsonl")
# The sample as one document, and every line of it as its own document (short texts).
python3 - "$FIX/talks-stall.txt" "$tmp/sample.jsonl" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(json.dumps({"id": "sample", "text": text}, ensure_ascii=False) + "\n")
    for i, line in enumerate(text.split("\n")):
        out.write(json.dumps({"id": f"line-{i}", "text": line}, ensure_ascii=False) + "\n")
    # The same with CRLF and lone CR line ends.
    out.write(json.dumps({"id": "crlf", "text": text.replace("\n", "\r\n")}, ensure_ascii=False) + "\n")
    out.write(json.dumps({"id": "cr", "text": text.replace("\n", "\r")}, ensure_ascii=False) + "\n")
PY
corpora+=("$tmp/sample.jsonl")
# Random texts (seeded) built from greetings, sign-offs, headers and odd scalars (accents, Arabic
# "و", hyphens, tabs, CR, zero-width and bidi marks, emoji, full-width colons, ß, İ), to reach the
# normalizer and the byte gates on inputs nobody wrote by hand.
python3 - "$tmp/random.jsonl" <<'PY'
import json, random, sys
rng = random.Random(15)
pieces = ["Hi team,", "Dear Sir/Madam,", "Assalamualaikum.", "As-salamu alaykum", "و السلام", "Best regards,", "Thanks!",
          "Mit freundlichen Grüßen", "Grüße", "С уважением,", "با احترام", "May Allah bless you.", "Sent from my iPhone",
          "-- ", "-Ana", "On Mon, 3 Nov 2025 at 10:00, Jane <jane@example.com> wrote:", "> quoted", "From: Ana <ana@x.org>",
          "Sent: Monday, 9:00", "To: Bob", "Subject: Fwd: news", "-----Original Message-----", "İstanbul", "STRASSE ß",
          "Hello\u200bthere", "\u202eBye", "Cheers 😀", "Re：test", "well-known hi-tech", "Mr. Smith said so.", "Ok. Thanks.",
          "https://example.com/a", "Source: Reuters", "Talks stalled on Tuesday.", "Ana Ruiz", "+1 555 010 0199", "\t tabbed",
          "ｆｕｌｌ ｗｉｄｔｈ", "Ελληνικά κείμενα.", "日本語です。", "田中様", "שלום רב,", "नमस्ते", "Xin chào,"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i in range(3000):
        lines = []
        for _ in range(rng.randrange(1, 14)):
            line = " ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 4)))
            lines.append(line if rng.random() > 0.15 else "")
        sep = rng.choice(["\n", "\n", "\n", "\r\n", "\r", "\n\n"])
        out.write(json.dumps({"id": f"r{i}", "text": sep.join(lines) + rng.choice(["", "\n"])}, ensure_ascii=False) + "\n")
PY
corpora+=("$tmp/random.jsonl")
for bench in .build/bench-salutations.jsonl .build/bench-salutations-long.jsonl; do
  if [ -f "$bench" ]; then corpora+=("$bench"); else echo "skipping $bench: run scripts/bench_salutations.sh first"; fi
done
if [ -f ../shared/peers/make_corpus.py ] && [ -f ../shared/data/summarize/cnndm_dev100.jsonl ]; then
  python3 ../shared/peers/make_corpus.py "$tmp/peer.jsonl" --docs 10000 > /dev/null
  corpora+=("$tmp/peer.jsonl")
else
  echo "skipping the peer corpus: ../shared/peers is not here"
fi
option_sets=('{}' '{"quotes":false}' '{"headers":false}' '{"keep-removed":true}' '{"languages":["en","de","ar"]}'
             '{"phrases":{"greeting":["ahoy"],"closing":["yours in code","may the force *"]}}'
             '{"greetings":false,"closings":false,"signatures":false,"quotes":false,"headers":false}')
status=0
for corpus in "${corpora[@]}"; do
  for options in "${option_sets[@]}"; do
    a=$("$BASE" --stage strip-salutations --corpus "$corpus" --options "$options" --emit | sha256sum)
    b=$("$THIS" --stage strip-salutations --corpus "$corpus" --options "$options" --emit | sha256sum)
    if [ "$a" = "$b" ]; then echo "same      $(basename "$corpus") $options"; else echo "DIFFERENT $(basename "$corpus") $options"; status=1; fi
  done
done
exit $status
