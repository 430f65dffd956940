#!/usr/bin/env bash
# Checks that two builds of pipeline-bench redact byte-identically: `--emit` output on the redact
# bench corpora (one article and ~64 KB per document), the PII, secrets and names suites and, when
# ../shared is there, presidio's synthetic set; with every detector, without person, person alone
# and with pseudonyms; email, phone and url alone (the end-to-end benchmark's set), date alone and
# secret alone (the kinds that narrow what the scanner looks at). Prints one line per corpus and option set; exits 1 on any difference.
# usage: scripts/compare_redact.sh BASE_PIPELINE_BENCH [THIS_PIPELINE_BENCH]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="$1"; THIS="${2:-.build/release/pipeline-bench}"
FIX=Tests/RedactTests/Fixtures
corpora=("$FIX/pii-suite.jsonl" "$FIX/secrets_suite.jsonl" "$FIX/names-suite.jsonl")
if [ -f ../shared/data/summarize/cnndm_dev100.jsonl ]; then
  for shape in 0 64; do
    [ -f .build/redact-bench-$shape.jsonl ] || python3 scripts/make_redact_bench_corpus.py .build/redact-bench-$shape.jsonl 8 $shape
    corpora+=(".build/redact-bench-$shape.jsonl")
  done
else
  echo "skipping the bench corpora: ../shared/data is not here"
fi
if [ -f ../shared/data/redact/presidio_generated_large.json ]; then
  python3 -c 'import json,sys
with open(".build/redact-presidio.jsonl","w") as out:
    for i, d in enumerate(json.load(open("../shared/data/redact/presidio_generated_large.json"))):
        out.write(json.dumps({"id": str(i), "text": d["full_text"]}, ensure_ascii=False) + "\n")'
  corpora+=(".build/redact-presidio.jsonl")
fi
NONPERSON='{"entities":["email","phone","url","ip","credit-card","iban","ssn","date","secret"]}'
status=0
for corpus in "${corpora[@]}"; do
  for options in '{}' "$NONPERSON" '{"entities":["email","phone","url"]}' '{"entities":["date"]}' '{"entities":["secret"]}' \
                 '{"entities":["person"]}' '{"entities":["person"],"replace-with":"pseudonym"}'; do
    a=$("$BASE" --stage redact --corpus "$corpus" --options "$options" --emit | sha256sum)
    b=$("$THIS" --stage redact --corpus "$corpus" --options "$options" --emit | sha256sum)
    if [ "$a" = "$b" ]; then echo "same      $(basename "$corpus") $options"; else echo "DIFFERENT $(basename "$corpus") $options"; status=1; fi
  done
done
exit $status
