#!/usr/bin/env bash
# The runner's own cost per document, this tree against another binary in the same run:
# `pipeline run noop.yaml --jsonl --jobs 1` over 200,000 one-character JSON lines, where the
# pipeline is one export stage that --jsonl turns into a no-op (so each document goes through
# the runner, one sink step and the JSON-lines writer, and nothing else). Per-document cost is
# (time of the tiny input - time of an empty input) / documents, in wall time and in CPU time
# (user + system, less disturbed by other processes on a loaded machine). The two binaries run
# alternately, ROUNDS times each; medians and their ratio are printed. Also JSON lines in/out
# on 10,000 news-sized items (MB/s), and strip + redact and strip + redact + summarize over
# them, the same way.
#
#   scripts/bench_runner_overhead.sh BASELINE_BINARY [THIS_BINARY] [ROUNDS]
#
# THIS_BINARY defaults to .build/release/pipeline (built when missing). Use release builds of
# both; on a loaded machine read the ratio, not the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?usage: $0 BASELINE_BINARY [THIS_BINARY] [ROUNDS]}
this=${2:-$PWD/.build/release/pipeline}
rounds=${3:-9}
[ -x "$this" ] || swift build -c release --product pipeline >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. scripts/machine_line.sh
machine_line
python3 - "$this" "$baseline" "$tmp" "$rounds" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
this, baseline, tmp, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
noop = os.path.join(tmp, "noop.yaml")
open(noop, "w").write("stages:\n  - export: {format: jsonl}\n")
def jsonl(name, count, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        for i in range(count):
            f.write(json.dumps({"id": "d%d" % i, "text": text(i)}) + "\n")
    return path
sample = open("pipelines/samples/talks-stall.txt", encoding="utf-8").read()
tiny_count = 200000
tiny = jsonl("tiny.jsonl", tiny_count, lambda i: "x")
news = jsonl("news.jsonl", 10000, lambda i: sample[: 800 + (i * 37) % 2000])
empty = jsonl("empty.jsonl", 0, lambda i: "")
news_bytes = os.path.getsize(news)
strip_redact = os.path.join(tmp, "strip-redact.yaml")
open(strip_redact, "w").write("stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n")
brief3 = os.path.join(tmp, "brief3.yaml")
open(brief3, "w").write("stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n  - summarize: {sentences: 3}\n")
def measure(binary, path, pipeline=noop):
    """Wall time and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(path, "rb") as f:
        start = time.perf_counter()
        subprocess.run([binary, "run", pipeline, "--jsonl", "--jobs", "1", "-q"], stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
runs = (("empty", empty, noop), ("tiny", tiny, noop), ("news", news, noop), ("sr", news, strip_redact), ("brief3", news, brief3))
times = {(who, what, clock): [] for who in ("this", "base") for what, _, _ in runs for clock in ("wall", "cpu")}
for r in range(rounds):
    for who, binary in (("this", this), ("base", baseline)) if r % 2 == 0 else (("base", baseline), ("this", this)):
        for what, path, pipeline in runs:
            wall, cpu = measure(binary, path, pipeline)
            times[(who, what, "wall")].append(wall)
            times[(who, what, "cpu")].append(cpu)
m = {k: statistics.median(v) for k, v in times.items()}
print("rounds: %d, alternating; medians" % rounds)
for clock in ("wall", "cpu"):
    per_doc = {who: (m[(who, "tiny", clock)] - m[(who, "empty", clock)]) / tiny_count * 1e6 for who in ("this", "base")}
    mbps = {who: news_bytes / (m[(who, "news", clock)] - m[(who, "empty", clock)]) / 1e6 for who in ("this", "base")}
    print("[%s time] per-document overhead, no-op sink, --jobs 1: this %.2f us, baseline %.2f us, ratio this/baseline %.3f"
          % (clock, per_doc["this"], per_doc["base"], per_doc["this"] / per_doc["base"]))
    print("[%s time] JSON lines in/out, no-op sink, --jobs 1 (%.1f MB): this %.1f MB/s, baseline %.1f MB/s, ratio this/baseline %.3f"
          % (clock, news_bytes / 1e6, mbps["this"], mbps["base"], mbps["this"] / mbps["base"]))
    for key, label in (("sr", "strip + redact (email, phone, url)"), ("brief3", "strip + redact + summarize")):
        rate = {who: news_bytes / (m[(who, key, clock)] - m[(who, "empty", clock)]) / 1e6 for who in ("this", "base")}
        print("[%s time] %s, --jobs 1: this %.1f MB/s, baseline %.1f MB/s, ratio this/baseline %.3f"
              % (clock, label, rate["this"], rate["base"], rate["this"] / rate["base"]))
PY
