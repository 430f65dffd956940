#!/usr/bin/env bash
# Checks that a change to summarize (or TextKit) leaves its output byte-identical: runs this
# build's pipeline-bench and another build's (BASELINE_BIN, e.g. main's) with --emit over the
# same corpora and eleven option sets (every method, ratio, max-words, threshold, language,
# replace), and compares the outputs file by file.
#
#   BASELINE_BIN=OTHER/.build/release/pipeline-bench scripts/compare_summarize.sh [CORPUS.jsonl...]
#
# Without corpora it builds them from ../shared (the CNN/DM dev articles; the peer benchmark's
# forwarded news items; the mail, sentence and redact suites of the test fixtures; long
# documents of 2-250 concatenated articles; CRLF, hard-wrapped, titled and German-labelled
# variants). Skips when ../shared is absent and no corpus is given.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASELINE_BIN:?set BASELINE_BIN to the pipeline-bench of another build}"
BENCH=${BENCH:-.build/release/pipeline-bench}
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product pipeline-bench >&2; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CORPORA=("$@")
if [ ${#CORPORA[@]} -eq 0 ]; then
    if [ ! -f ../shared/data/summarize/cnndm_dev100.jsonl ]; then echo "compare_summarize: ../shared is absent and no corpus given: skipped"; exit 0; fi
    python3 ../shared/peers/make_corpus.py "$TMP/peer.jsonl" --docs 1000 > /dev/null
    python3 - "$TMP/misc.jsonl" <<'PY'
import json, random, sys, textwrap
out = open(sys.argv[1], "w", encoding="utf-8")
def emit(text, metadata=None):
    doc = {"text": text}
    if metadata: doc["metadata"] = metadata
    out.write(json.dumps(doc, ensure_ascii=False) + "\n")
suites = ["../shared/data/salutations/github_erp.jsonl", "../shared/data/salutations/mail_parser_reply.jsonl",
          "Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl", "Tests/StripSalutationsTests/Fixtures/own_cases.jsonl",
          "Tests/RedactTests/Fixtures/pii-suite.jsonl", "Tests/RedactTests/Fixtures/names-suite.jsonl",
          "Tests/RedactTests/Fixtures/secrets_suite.jsonl", "Tests/TextKitTests/Fixtures/golden_rules_en.jsonl"]
for path in suites:
    for line in open(path, encoding="utf-8"):
        try: doc = json.loads(line)
        except ValueError: continue
        text = doc.get("text") or doc.get("input") if isinstance(doc, dict) else None
        if isinstance(text, str): emit(text)
for doc in json.load(open("../shared/data/redact/presidio_generated_large.json", encoding="utf-8"))[:1500]:
    emit(doc["full_text"])
for line in open("Tests/TranslateTests/Fixtures/language-detection.tsv", encoding="utf-8"):
    emit(line.rstrip("\n").split("\t")[-1])
articles = [json.loads(l)["text"] for l in open("../shared/data/summarize/cnndm_dev100.jsonl", encoding="utf-8")]
rng = random.Random(7)
for k in (2, 5, 20, 60, 250):
    for _ in range(3): emit("\n\n".join(rng.choice(articles) for _ in range(k)))
for a in articles[:30]:
    emit(a.replace(". ", ".\r\n")); emit("Headline about something\n" + a)
    emit("\n".join(textwrap.wrap(a, 72))); emit(a, {"language": "de"})
PY
    CORPORA=(../shared/data/summarize/cnndm_dev100.jsonl "$TMP/peer.jsonl" "$TMP/misc.jsonl")
fi
OPTIONS=('{"method":"auto"}' '{"method":"lead"}' '{"method":"textrank"}' '{"method":"lexrank"}' '{"method":"lexrank-continuous"}'
         '{"method":"luhn"}' '{"method":"auto","ratio":0.3}' '{"method":"auto","max-words":40}'
         '{"method":"lexrank","threshold":0.3,"sentences":5}' '{"method":"auto","language":"de"}' '{"method":"auto","replace":true,"sentences":2}')
differ=0 runs=0
for corpus in "${CORPORA[@]}"; do
    docs=$(grep -c . "$corpus")
    for options in "${OPTIONS[@]}"; do
        "$BENCH" --stage summarize --options "$options" --corpus "$corpus" --emit > "$TMP/this"
        "$BASELINE_BIN" --stage summarize --options "$options" --corpus "$corpus" --emit > "$TMP/base"
        runs=$((runs + 1))
        if cmp -s "$TMP/this" "$TMP/base"; then
            echo "same      $(basename "$corpus") ($docs docs) $options"
        else
            differ=$((differ + 1))
            echo "DIFFERENT $(basename "$corpus") ($docs docs) $options: $(diff <(cat "$TMP/this") <(cat "$TMP/base") | grep -c '^<') documents"
        fi
    done
done
echo "$((runs - differ)) of $runs outputs byte-identical to $BASELINE_BIN"
[ "$differ" -eq 0 ]
