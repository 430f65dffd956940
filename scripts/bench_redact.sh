#!/usr/bin/env bash
# Benchmarks the redact stage on ~8 MB of CNN/DailyMail news text with PII sprinkled in
# (release build, one core, best of 10 passes after a warm-up), in two document shapes:
# one article per document (~3.7 KB, per-document overhead of the harness included) and
# articles joined into ~64 KB documents (the stage's own scanning speed).
# usage: scripts/bench_redact.sh [MEGABYTES]
#   BASE_BENCH=/path/to/other/pipeline-bench scripts/bench_redact.sh   also runs that binary (e.g. main's,
#   built in a scratch path) on the same corpus, alternating five rounds, and prints the median MB/s of
#   both and their ratio for "all detectors except person": a figure that holds on a loaded machine;
#   then this build's median with person, as a share of the other build's median without it (the
#   issue's 50 MB/s with person against ~229 MB/s without it, idle, is a share of about 0.22).
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

if [ -n "${BASE_BENCH:-}" ]; then
  CORPUS=.build/redact-bench-64.jsonl
  echo "== ratio against $BASE_BENCH (~64 KB documents, medians of 5 alternating rounds)"
  python3 - "$BASE_BENCH" "$BENCH" "$CORPUS" "$NONPERSON" <<'PY'
import re, statistics, subprocess, sys
base, this, corpus, options = sys.argv[1:]
runs = {"base": [], "this": [], "person": []}
for _ in range(5):
    for name, binary in (("base", base), ("this", this)):
        out = subprocess.run([binary, "--stage", "redact", "--corpus", corpus, "--repeat", "3", "--options", options],
                             capture_output=True, text=True, check=True).stdout
        runs[name].append(float(re.search(r"MB/s=([0-9.]+)", out).group(1)))
    out = subprocess.run([this, "--stage", "redact", "--corpus", corpus, "--repeat", "3"],
                         capture_output=True, text=True, check=True).stdout
    runs["person"].append(float(re.search(r"MB/s=([0-9.]+)", out).group(1)))
b, t, p = statistics.median(runs["base"]), statistics.median(runs["this"]), statistics.median(runs["person"])
print(f"base {b:.1f} MB/s, this {t:.1f} MB/s, ratio {t / b:.3f}")
print(f"this with person {p:.1f} MB/s, {p / b:.3f} of base without person")
PY
fi
