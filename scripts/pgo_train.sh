#!/usr/bin/env bash
# The training run of the release build's profile-guided optimization (scripts/release_build.sh):
# runs an instrumented `pipeline` (built with `-ir-profile-generate`) over the training input of
# scripts/pgo_corpus.py (this repository's own documentation prose, bundled sample and test
# fixtures: not the peer corpus the benchmarks' figures are of) and merges what it counted into
# one profile.
#
#   scripts/pgo_train.sh INSTRUMENTED_PIPELINE LLVM_PROFDATA OUT.profdata
#
# What it runs, so that each stage's paths are counted as a user's runs take them: the brief's
# three stages (strip, redact email/phone/url, summarize) over JSON lines with --jobs 1 and
# --jobs 2, strip + redact, the bundled strip, redact and summarize pipelines, and the bundled
# brief on its sample (every redact entity, translate's stub, the Markdown export). A run that
# exits 1 (a document failed or a fail-on tripped: redact.yaml fails on the fixtures' cards and
# secrets) is part of the training; any other failure (2: a usage or configuration error, when
# nothing ran; a signal) fails it, so a pipeline that stopped loading cannot leave its stages
# untrained without a word.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 3 ]; then echo "usage: $0 INSTRUMENTED_PIPELINE LLVM_PROFDATA OUT.profdata" >&2; exit 2; fi
bin=$1 profdata=$2 out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 scripts/pgo_corpus.py "$work/items.jsonl" >/dev/null
# Three times over: the summarizer's vocabulary of spellings learns the first pass, as it learns
# a long run's first documents, and the later passes count the paths of words it knows.
cat "$work/items.jsonl" "$work/items.jsonl" "$work/items.jsonl" > "$work/train.jsonl"
printf 'stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n  - summarize: {sentences: 3}\n' > "$work/brief3.yaml"
printf 'stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n' > "$work/strip-redact.yaml"

mkdir "$work/raw"
export LLVM_PROFILE_FILE="$work/raw/%p.profraw"
# One `Hasher` seed: the one-worker runs count the same hash-table probes from one training to
# the next (the `--jobs 2` run's counters race; release_build.sh names a profile by what made
# it, not by its bytes, so nothing depends on that).
export SWIFT_DETERMINISTIC_HASHING=1
train() {
  local status=0
  "$bin" "$@" > /dev/null 2> "$work/stderr" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "error: the training run 'pipeline $*' failed (status $status):" >&2
    tail -5 "$work/stderr" >&2
    exit 1
  fi
}
train run "$work/brief3.yaml" "$work/train.jsonl" --jsonl --jobs 1
train run "$work/brief3.yaml" "$work/items.jsonl" --jsonl --jobs 2
train run "$work/strip-redact.yaml" "$work/train.jsonl" --jsonl --jobs 1
for name in strip redact summarize; do
  train run "pipelines/$name.yaml" "$work/items.jsonl" --jsonl --jobs 1
done
train run pipelines/brief.yaml

count=$(find "$work/raw" -name '*.profraw' | wc -l)
if [ "$count" -eq 0 ]; then
  echo "error: the training runs wrote no profile: is $bin instrumented?" >&2
  exit 1
fi
"$profdata" merge --output "$out" "$work"/raw/*.profraw
echo "profile of $count training runs: $out"
