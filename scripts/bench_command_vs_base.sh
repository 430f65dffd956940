#!/usr/bin/env bash
# The command stage against another build (e.g. main's), alternating runs so that load hits
# both alike: ms per document, medians, and the time ratio. Measures the cost of starting and
# feeding programs (ProcessSupport), not the programs.
#
# usage: BASE_BENCH=/other/checkout/.build/release/pipeline-bench scripts/bench_command_vs_base.sh [ROUNDS]
#        (BENCH defaults to this tree's .build/release/pipeline-bench, else .build/debug/...;
#         compare like with like: both release or both debug)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASE_BENCH:?set BASE_BENCH to the pipeline-bench of the other build}"
BENCH=${BENCH:-$( [ -x .build/release/pipeline-bench ] && echo .build/release/pipeline-bench || echo .build/debug/pipeline-bench )}
DATA=${DATA:-../shared/data}
[ -d "$DATA" ] || { echo "skip: no data folder at $DATA (set DATA=...)"; exit 0; }
corpus=$(mktemp)
trap 'rm -f "$corpus"' EXIT
python3 scripts/make_command_corpus.py "$DATA" > "$corpus"
python3 - "$BENCH" "$BASE_BENCH" "$corpus" "${1:-5}" <<'PY'
import re, statistics, subprocess, sys
this, base, corpus, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cases = [("jsonl, cat, one-shot", '{"run":["cat"]}'),
         ("text, tr, one-shot", '{"run":["tr","a-z","A-Z"],"protocol":"text"}'),
         ("jsonl, cat, persistent", '{"run":["cat"],"persistent":true}')]
for name, options in cases:
    times = {"this": [], "base": []}
    for _ in range(rounds):
        for key, binary in (("base", base), ("this", this)):
            out = subprocess.run([binary, "--stage", "command", "--options", options, "--corpus", corpus, "--repeat", "1"],
                                 capture_output=True, text=True, check=True).stdout
            times[key].append(float(re.search(r"ms/doc=([0-9.]+)", out).group(1)))
    m = {k: statistics.median(v) for k, v in times.items()}
    print(f"{name:24} base {m['base']:.3f} ms/doc  this {m['this']:.3f} ms/doc  this/base {m['this'] / m['base']:.2f}  ({rounds} rounds, medians)")
PY
