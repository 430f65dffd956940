#!/usr/bin/env bash
# Long fuzzing runs with libFuzzer: builds the Fuzz/ package with -sanitize=fuzzer and runs
# every target (or those in FUZZ_TARGETS) for SECONDS each (default 3600), in parallel when
# FUZZ_JOBS > 1. Each target starts from its seed corpus (Tests/FuzzRegressionTests/Corpus/T,
# made by scripts/make_fuzz_corpus.py) and keeps what it learns in .build/fuzz-corpus/T.
# A crash, timeout or out-of-memory input is copied to Corpus/T/regressions/, where
# FuzzRegressionTests replays it in every `swift test`: fix the bug, commit the file.
# Exit status: 0 no finding, 1 a finding (or libFuzzer failed), 3 the instrumented build failed.
#
#   scripts/fuzz.sh            # 1 hour per target
#   scripts/fuzz.sh 14400      # 4 hours per target
#   FUZZ_TARGETS=yaml FUZZ_BUILD=debug scripts/fuzz.sh 60
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-3600}"
targets="${FUZZ_TARGETS:-yaml jsonlines stages replies}"
config="${FUZZ_BUILD:-release}"
jobs="${FUZZ_JOBS:-1}"
scratch="$PWD/.build/fuzz"

products=()
for t in $targets; do products+=(--product "fuzz-$t"); done
for t in $targets; do
  if ! swift build --package-path Fuzz --scratch-path "$scratch" -c "$config" \
      -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library --product "fuzz-$t"; then
    echo "fuzz: building fuzz-$t with -sanitize=fuzzer failed" >&2
    exit 3
  fi
done

# Swift's own backtracer would catch the trap first and libFuzzer would never write the
# crashing input; let libFuzzer handle it. FUZZ_SEED makes a run reproducible (CI sets it).
export SWIFT_BACKTRACE=enable=no
seed_flag=()
if [ -n "${FUZZ_SEED:-}" ]; then seed_flag=(-seed="$FUZZ_SEED"); fi

status=0
for t in $targets; do
  work=".build/fuzz-corpus/$t"
  crashes=".build/fuzz-crashes/$t"
  rm -rf "$crashes"   # findings of earlier runs were copied to regressions/ already
  mkdir -p "$work" "$crashes"
  echo "== fuzz-$t for ${seconds}s"
  set +e
  "$scratch/$config/fuzz-$t" "$work" "Tests/FuzzRegressionTests/Corpus/$t" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    -jobs="$jobs" -workers="$jobs" -print_final_stats=1 -artifact_prefix="$crashes/" ${seed_flag[@]+"${seed_flag[@]}"} 2>&1 | tail -n 25
  rc=${PIPESTATUS[0]}
  set -e
  found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
  if [ -n "$found" ]; then
    status=1
    mkdir -p "Tests/FuzzRegressionTests/Corpus/$t/regressions"
    for f in $found; do
      cp "$f" "Tests/FuzzRegressionTests/Corpus/$t/regressions/"
      echo "fuzz-$t: finding saved as Tests/FuzzRegressionTests/Corpus/$t/regressions/$(basename "$f")"
    done
  elif [ "$rc" != 0 ]; then
    echo "fuzz-$t: libFuzzer exited with status $rc"
    status=1
  fi
done
exit $status
