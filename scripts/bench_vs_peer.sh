#!/usr/bin/env bash
# `pipeline` against the Python pipeline a user would assemble instead (../shared/peers/), as whole
# processes on the same 1,000 forwarded news items, run in turn for several rounds.
# Prints each round, the median wall time of each side and the ratio of the medians.
#
#   scripts/bench_vs_peer.sh [--rounds N] [--docs N] [--jobs N] [--sync end|none|each] [--baseline PATH/TO/OTHER/pipeline]
#                            [--alone N]
#
# Each run writes into a folder of its own, and the folders are removed only at the end: on ext4,
# creating files right after deleting a thousand costs ~0.6 ms each (the inode allocator skips
# recently deleted inodes, `recently_deleted` in a profile), which measured the previous round's
# clean-up rather than either side. Dirty data of earlier runs is flushed (`sync`) before each
# timed run, untimed, so `sync: end` (the export default; the peer flushes nothing) pays only for
# its own files. --sync sets the export's mode (default: end).
#
# PIPELINE_BIN=path uses that binary instead of building .build/release/pipeline. --baseline times a
# second pipeline binary (main's build, say) in the same rounds and prints its ratio too.
# --alone N adds N rounds of the pipeline alone (alternating with the baseline when given, no
# peer), and prints the medians of wall, user and system time of every pipeline run.
# Skips (exit 0, with a message) when ../shared/peers is absent or its venv cannot be set up.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5 docs=1000 jobs=1 baseline="" sync=end alone=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --docs) docs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --sync) sync=$2; shift 2 ;;
    --alone) alone=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--docs N] [--jobs N] [--sync end|none|each] [--baseline BINARY] [--alone N]" >&2; exit 2 ;;
  esac
done
peers=../shared/peers
if [ ! -f "$peers/brief_peer.py" ]; then
  echo "skipped: $peers is not here (the peer pipeline and its corpus generator live in the shared folder)"
  exit 0
fi

. scripts/pipeline_bin.sh
export PEERS_VENV=${PEERS_VENV:-/tmp/peers-venv}
if ! bash "$peers/setup.sh" >"${TMPDIR:-/tmp}/bench_vs_peer-setup.log" 2>&1; then
  echo "skipped: the peer's Python environment could not be set up (needs Python 3.11 and PyPI; log: ${TMPDIR:-/tmp}/bench_vs_peer-setup.log)"
  exit 0
fi
. scripts/machine_line.sh
machine_line
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy_binaries "$tmp"  # timed as copies (see scripts/pipeline_bin.sh)
python3 "$peers/make_corpus.py" "$tmp/corpus.jsonl" --docs "$docs" >/dev/null

python3 - "$bin" "$tmp" "$rounds" "$jobs" "$PEERS_VENV/bin/python" "$peers/brief_peer.py" "$baseline" "$sync" "$alone" <<'PY'
import os, resource, statistics, subprocess, sys, time
binary, tmp, rounds, jobs, peer_python, peer_script = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
baseline, sync, alone = sys.argv[7], sys.argv[8], int(sys.argv[9])
# (wall, user, sys) of every run of each binary.
times = {binary: [], baseline: []}
runs = 0
corpus = os.path.join(tmp, "corpus.jsonl")
size = os.path.getsize(corpus)

def timed(argv, env=None):
    os.sync()  # untimed: earlier runs' dirty data is not this run's to flush
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if argv[0] in times:
        times[argv[0]].append((elapsed, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
    if done.returncode != 0:
        sys.exit(f"{argv[0]} exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed

def fresh(name):
    """A new, empty folder for one run (kept until the end: see the note at the top)."""
    global runs
    runs += 1
    path = os.path.join(tmp, f"{name}-{runs}")
    os.makedirs(path)
    return path

def run_pipeline(path):
    out = fresh("pipeline-out")
    env = dict(os.environ, PERF_OUT=out, PERF_SYNC=sync)
    elapsed = timed([path, "run", "Benchmarks/vs-peer/perf.yaml", corpus, "--jsonl", "--jobs", jobs], env)
    return elapsed, len(os.listdir(out))

ours, base, peer = [], [], []
for r in range(rounds):
    elapsed, written = run_pipeline(binary)
    ours.append(elapsed)
    line = f"round {r + 1}: pipeline {ours[-1]:.3f} s ({written} files)"
    if baseline:
        elapsed, written = run_pipeline(baseline)
        base.append(elapsed)
        line += f", baseline {base[-1]:.3f} s ({written} files)"
    peer_out = fresh("peer-out")
    peer.append(timed([peer_python, peer_script, corpus, "--redactor", "scrubadub", "--out", peer_out]))
    print(f"{line}, peer {peer[-1]:.2f} s", flush=True)

mo, mp = statistics.median(ours), statistics.median(peer)
print(f"corpus: {sum(1 for _ in open(corpus))} items, {size / 1e6:.1f} MB; pipeline --jobs {jobs}, export sync: {sync}")
print(f"median wall: pipeline {mo:.3f} s, peer {mp:.2f} s; ratio {mp / mo:.1f}x")
if baseline:
    mb = statistics.median(base)
    print(f"median wall: baseline {mb:.3f} s; ratio {mp / mb:.1f}x (pipeline is {mb / mo:.2f}x the baseline's speed)")
for r in range(alone):
    run_pipeline(binary)
    if baseline:
        run_pipeline(baseline)
def medians(runs):
    return [statistics.median(run[i] for run in runs) for i in range(3)]
w, u, s = medians(times[binary])
line = f"pipeline alone, median of {len(times[binary])} runs: wall {w:.3f} s, user {u:.3f} s, sys {s:.3f} s"
if baseline:
    bw, bu, bs = medians(times[baseline])
    line += f"; baseline wall {bw:.3f} s, user {bu:.3f} s, sys {bs:.3f} s; wall ratio {bw / w:.2f}x, cpu ratio {(bu + bs) / (u + s):.2f}x"
print(line)
print(f"load average at end: {' '.join(open('/proc/loadavg').read().split()[:3])}")
PY
