#!/bin/bash
# The perf-ratio measure of summarize's word pass, which cancels most of a shared machine's load:
# for each binary, ROUNDS runs alternating of `BIN run YAML --jsonl --jobs 1 < ITEMS` under
# `perf record -F 4000 -e cpu-clock`, printing the samples of the word pass (DocumentWords,
# DocumentModel.init, SpellingKeys, TermVocabulary) and of functions it does not touch
# (TermCounts, SentenceScanner, detectBasicLatin, centroidCentrality), and their ratio.
# Compare the ratios' medians between binaries.
#
#   scripts/perf_word_pass_ratio.sh ROUNDS PIPELINE.yaml BIN_A BIN_B [BIN...]   (ITEMS=/tmp/p6/news-10k.jsonl)
set -euo pipefail
rounds=$1; yaml=$2; shift 2
items=${ITEMS:-/tmp/p6/news-10k.jsonl}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for r in $(seq 1 "$rounds"); do
  for b in "$@"; do
    perf record -q -F 4000 -e cpu-clock -o "$work/p.data" "$b" run "$yaml" --jsonl --jobs 1 < "$items" > /dev/null 2>&1
    perf report -i "$work/p.data" --stdio --no-children -n --sort symbol 2>/dev/null | grep -v "^#" | grep -v "^$" > "$work/rep.txt"
    total=$(awk '{s+=$2} END{print s}' "$work/rep.txt")
    words=$(grep -E "DocumentWords|DocumentModelV5bytes|touchSpellings|touchDocumentIDs|gatherWords|SpellingKeys|TermVocabulary" "$work/rep.txt" | awk '{s+=$2} END{print s+0}')
    ref=$(grep -E "TermCounts|SentenceScanner|detectBasicLatin|centroidCentrality" "$work/rep.txt" | awk '{s+=$2} END{print s+0}')
    echo "round $r $b total=$total words=$words reference=$ref ratio=$(echo "scale=3; $words/$ref" | bc)"
  done
done
