#!/usr/bin/env bash
# Benchmarks the redact stage on ~8 MB of news text with PII sprinkled in (release build, one core).
# usage: scripts/bench_redact.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-8}"
CORPUS=.build/redact-bench.jsonl
swift build -c release --product pipeline-bench >/dev/null
python3 scripts/make_redact_bench_corpus.py "$CORPUS" "$MB"
BENCH=.build/release/pipeline-bench
echo "all detectors except person:"
$BENCH --stage redact --corpus "$CORPUS" --repeat 5 \
  --options '{"entities":["email","phone","url","ip","credit-card","iban","ssn","date","secret"]}'
echo "all detectors including person:"
$BENCH --stage redact --corpus "$CORPUS" --repeat 5
echo "person only:"
$BENCH --stage redact --corpus "$CORPUS" --repeat 5 --options '{"entities":["person"]}'
