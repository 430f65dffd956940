#!/usr/bin/env bash
# CPU time of the summarize stage in the whole process, against another build: runs
# `pipeline run <pipeline> - --jsonl --jobs 1` of a summarize-only pipeline and of a no-op pipeline
# over the same JSON lines with this build and BASELINE (e.g. main's release binary), binaries
# alternating round by round, and prints medians of user+sys CPU time (from wait4, so machine load
# inflates wall time but hardly CPU time): the whole run, and the stage alone (run minus no-op,
# paired within each round), with the ratios.
#
#   scripts/bench_summarize_run.sh --baseline OTHER/pipeline [--rounds N] [--docs N] [--stages 'YAML LIST']
#
# --stages replaces the stage list (default `summarize: {sentences: 3}`), e.g. the three brief stages:
#   --stages '[strip-salutations, {redact: {entities: [email, phone, url]}}, {summarize: {sentences: 3}}]'
# The corpus is the peer benchmark's news items (../shared/peers/make_corpus.py, 10,000 by default);
# without ../shared, synthetic items made from the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5 docs=10000 baseline="" stages='[{summarize: {sentences: 3}}]'
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --docs) docs=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --stages) stages=$2; shift 2 ;;
    *) echo "usage: $0 --baseline BINARY [--rounds N] [--docs N] [--stages YAML]" >&2; exit 2 ;;
  esac
done
[ -n "$baseline" ] || { echo "usage: $0 --baseline BINARY [--rounds N] [--docs N] [--stages YAML]" >&2; exit 2; }
. scripts/pipeline_bin.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'stages: %s\n' "$stages" > "$tmp/stage.yaml"
printf 'stages:\n  - export: {format: jsonl}\n' > "$tmp/noop.yaml"   # skipped under --jsonl: a no-op
corpus=$(python3 scripts/news_items.py "$tmp/items.jsonl" "$docs")
echo "corpus: $corpus; load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
python3 - "$bin" "$baseline" "$tmp" "$rounds" <<'PY'
import os, statistics, subprocess, sys
binary, baseline, tmp, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
items = os.path.join(tmp, "items.jsonl")
size = os.path.getsize(items)
def cpu(b, yaml):
    with open(items, "rb") as inp, open(os.devnull, "wb") as out:
        p = subprocess.Popen([b, "run", yaml, "-", "--jsonl", "--jobs", "1", "--quiet"], stdin=inp, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
    if status != 0: sys.exit("%s run %s failed (status %d)" % (b, yaml, status))
    return usage.ru_utime + usage.ru_stime
binaries = [("this build", binary), ("baseline", baseline)]
runs = {name: [] for name, _ in binaries}
stage = {name: [] for name, _ in binaries}
for r in range(rounds):
    for name, b in (binaries if r % 2 == 0 else binaries[::-1]):
        whole = cpu(b, os.path.join(tmp, "stage.yaml"))
        noop = cpu(b, os.path.join(tmp, "noop.yaml"))
        runs[name].append(whole)
        stage[name].append(whole - noop)
print("rounds: %d, binaries alternating; CPU = user + sys; %.1f MB of JSON lines" % (rounds, size / 1e6))
for name, _ in binaries:
    w, s = statistics.median(runs[name]), statistics.median(stage[name])
    print("%-11s whole run %.3f s CPU (%.1f MB/s)   stages alone (run - no-op) %.3f s CPU (%.1f MB/s, %.2f us/doc)"
          % (name, w, size / 1e6 / w, s, size / 1e6 / s, s / sum(1 for _ in open(items)) * 1e6))
w = statistics.median(runs["baseline"]) / statistics.median(runs["this build"])
s = statistics.median(stage["baseline"]) / statistics.median(stage["this build"])
print("ratio baseline / this build: whole run %.2fx, stages alone %.2fx" % (w, s))
print("load average at end:", " ".join(open("/proc/loadavg").read().split()[:3]))
PY
