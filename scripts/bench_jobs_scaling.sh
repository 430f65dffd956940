#!/usr/bin/env bash
# What bounds `--jobs 2`: per binary (this tree and a baseline, alternating within each round),
# over a JSON-lines corpus and a pipeline:
#   - wall and CPU (user + sys, from wait4) of `--jobs 1` and of `--jobs 2`, and their wall ratio;
#   - the same `--jobs 1` run twice at once as two processes (nothing shared but the machine):
#     the CPU each then takes shows what two busy cores cost by themselves (shared caches,
#     memory bandwidth, a host that runs both vCPUs on one physical core), apart from anything
#     the runner does. When `--jobs 2` takes about that much CPU, the runner's own sharing
#     (reader/writer task, reorder window, locks, allocator) is not what bounds the scaling.
#   - from that pair's wall time, what two processes get out of the two cores at that moment
#     (`2 procs`: twice the corpus in the pair's wall time, against one `--jobs 1` run): the
#     machine's own scaling, which no runner can beat; `j2 of 2p` is `--jobs 2`'s ratio as a share
#     of it (per round, then the median), the part of the scaling that is the runner's doing.
# Medians over ROUNDS; read ratios, not absolute figures, on a loaded machine. Each binary runs
# as three copies of its file, a round taking the next (`process_timing.file_copies` says why).
#
#   scripts/bench_jobs_scaling.sh BASELINE_BINARY [THIS_BINARY] [ROUNDS] [PIPELINE] [CORPUS]
#
# PIPELINE defaults to the brief's three stages (strip-salutations, redact email/phone/url,
# summarize 3 sentences), CORPUS to 10,000 news items, 1,000 distinct ones ten times over
# (scripts/news_items.py, as scripts/bench_end_to_end.sh uses them: the peer corpus, else items
# made from the bundled sample).
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?usage: $0 BASELINE_BINARY [THIS_BINARY] [ROUNDS] [PIPELINE] [CORPUS]}
this=${2:-}
rounds=${3:-7}
pipeline=${4:-}
corpus=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$pipeline" ]; then
  pipeline=$tmp/brief3.yaml
  printf 'stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n  - summarize: {sentences: 3}\n' > "$pipeline"
fi
if [ -z "$corpus" ]; then
  corpus=$tmp/news-10k.jsonl
  echo "corpus: $(python3 scripts/news_items.py "$corpus" 10000 --distinct 1000)"
fi
# THIS defaults to the release build the other figures are of (scripts/pipeline_bin.sh).
if [ -z "$this" ]; then . scripts/pipeline_bin.sh; this=$bin; fi
. scripts/machine_line.sh
machine_line
python3 - "$this" "$baseline" "$rounds" "$pipeline" "$corpus" "$tmp" <<'PY'
import os, statistics, sys
sys.path.insert(0, "scripts")
from process_timing import file_copies, run_together, two_process_scaling
this, baseline, rounds, pipeline, corpus, tmp = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
# Three copies of each binary's file, a round taking the next (see the header).
copies = {this: file_copies(this, tmp, "this"), baseline: file_copies(baseline, tmp, "baseline")}

def command(binary, jobs, r):
    return [copies[binary][r % len(copies[binary])], "run", pipeline, corpus, "--jsonl", "--jobs", str(jobs)]

figures = {b: {k: [] for k in ("wall1", "cpu1", "wall2", "cpu2", "pair", "procs", "share")} for b in (this, baseline)}
for r in range(rounds):
    # The binaries' order reverses every other round.
    for binary in ((this, baseline) if r % 2 == 0 else (baseline, this)):
        f = figures[binary]
        wall1, cpu = run_together([command(binary, 1, r)]); f["wall1"].append(wall1); f["cpu1"] += cpu
        wall2, cpu = run_together([command(binary, 2, r)]); f["wall2"].append(wall2); f["cpu2"] += cpu
        pair_wall, cpu = run_together([command(binary, 1, r), command(binary, 1, r)]); f["pair"] += cpu
        f["procs"].append(two_process_scaling(wall1, pair_wall))
        f["share"].append((wall1 / wall2) / f["procs"][-1])

med = statistics.median
print(f"{os.path.basename(pipeline)} over {os.path.basename(corpus)}, medians of {rounds} rounds")
print(f"{'binary':10} {'wall j1':>8} {'wall j2':>8} {'j1/j2':>6} {'2 procs':>7} {'j2 of 2p':>8} {'cpu j1':>7} {'cpu j2':>7} {'cpu 2x j1':>9} {'j2/j1 cpu':>9} {'pair/j1 cpu':>11}")
for name, binary in (("this", this), ("baseline", baseline)):
    f = figures[binary]
    print(f"{name:10} {med(f['wall1']):8.3f} {med(f['wall2']):8.3f} {med(f['wall1']) / med(f['wall2']):6.2f} "
          f"{med(f['procs']):7.2f} {100 * med(f['share']):7.1f}% "
          f"{med(f['cpu1']):7.3f} {med(f['cpu2']):7.3f} {med(f['pair']):9.3f} "
          f"{med(f['cpu2']) / med(f['cpu1']):9.2f} {med(f['pair']) / med(f['cpu1']):11.2f}")
print(f"load average at end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
PY
