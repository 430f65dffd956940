#!/usr/bin/env bash
# Benchmarks the redact stage on ~8 MB of CNN/DailyMail news text with PII sprinkled in
# (release build, one core, best of 10 passes after a warm-up), in two document shapes:
# one article per document (~3.7 KB, per-document overhead of the harness included) and
# articles joined into ~64 KB documents (the stage's own scanning speed).
# usage: scripts/bench_redact.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-8}"
swift build -c release --product pipeline-bench >/dev/null
BENCH=.build/release/pipeline-bench
NONPERSON='{"entities":["email","phone","url","ip","credit-card","iban","ssn","date","secret"]}'
for shape in 0 64; do
  CORPUS=.build/redact-bench-$shape.jsonl
  python3 scripts/make_redact_bench_corpus.py "$CORPUS" "$MB" "$shape"
  echo "== documents: $([ "$shape" = 0 ] && echo 'one article each' || echo "~${shape} KB each")"
  echo "harness baseline (redact with no detector: the document passes through untouched):"
  $BENCH --stage redact --corpus "$CORPUS" --repeat 10 --options '{"entities":[]}'
  echo "all detectors except person:"
  $BENCH --stage redact --corpus "$CORPUS" --repeat 10 --options "$NONPERSON"
  echo "all detectors including person:"
  $BENCH --stage redact --corpus "$CORPUS" --repeat 10
  echo "person only:"
  $BENCH --stage redact --corpus "$CORPUS" --repeat 10 --options '{"entities":["person"]}'
done
