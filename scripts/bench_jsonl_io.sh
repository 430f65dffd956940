#!/usr/bin/env bash
# JSON lines in and out, one core: CPU time (user + system, from wait4) of
# `pipeline run noop.yaml INPUT --jsonl --jobs 1` (one export stage, which --jsonl makes a
# no-op: the run only reads JSON lines into documents and writes them back) for this build and
# a baseline build, alternating within each round; medians. The CPU of an empty input (start-up)
# is subtracted, so the figures are the JSON path's cost per MB. CPU time, not wall time:
# the ratio holds on a loaded machine. Also checks that both binaries print the same bytes.
#
#   scripts/bench_jsonl_io.sh BASELINE_BINARY [THIS_BINARY] [--rounds N]
#
# Inputs: the peer corpus (10,000 news items, 36 MB, ../shared/peers/make_corpus.py; items cut
# from the bundled sample when ../shared is absent), the same items with every text non-ASCII
# heavy (Cyrillic and accents), and 200,000 one-letter lines (per-document cost).
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?usage: $0 BASELINE_BINARY [THIS_BINARY] [--rounds N]}
shift
this=$PWD/.build/release/pipeline
rounds=9
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    *) this=$1; shift ;;
  esac
done
[ -x "$this" ] || swift build -c release --product pipeline >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. scripts/machine_line.sh
machine_line
python3 - "$this" "$baseline" "$tmp" "$rounds" <<'PY'
import json, os, statistics, subprocess, sys
this, baseline, tmp, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def path(name): return os.path.join(tmp, name)

news = path("news.jsonl")
if os.path.exists("../shared/peers/make_corpus.py"):
    subprocess.run([sys.executable, "../shared/peers/make_corpus.py", news, "--docs", "10000"], check=True, stdout=subprocess.DEVNULL)
    corpus = "peer corpus, 10,000 news items"
else:
    sample = open("pipelines/samples/talks-stall.txt", encoding="utf-8").read()
    with open(news, "w") as f:
        for i in range(10000): f.write(json.dumps({"id": "n%d" % i, "text": sample[: 1000 + (i * 37) % 3000]}, ensure_ascii=False) + "\n")
    corpus = "10,000 items cut from the bundled sample (../shared absent)"
table = str.maketrans("aeiouAEIOU", "аеіоуÀÉÍÓÚ")
with open(news) as f, open(path("nonascii.jsonl"), "w") as out:
    for line in f:
        item = json.loads(line)
        item["text"] = item["text"].translate(table)
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
with open(path("tiny.jsonl"), "w") as f:
    for i in range(200000): f.write(json.dumps({"id": "d%d" % i, "text": "x"}) + "\n")
open(path("empty.jsonl"), "w").close()
with open(path("noop.yaml"), "w") as f: f.write("stages:\n  - export: {format: jsonl}\n")

def cpu(binary, name):
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen([binary, "run", path("noop.yaml"), path(name), "--jsonl", "--jobs", "1"],
                                 stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0: sys.exit("%s failed on %s" % (binary, name))
    return usage.ru_utime + usage.ru_stime

for name in ["news.jsonl", "nonascii.jsonl", "tiny.jsonl"]:
    outputs = [subprocess.run([b, "run", path("noop.yaml"), path(name), "--jsonl", "--jobs", "1"], capture_output=True).stdout
               for b in (this, baseline)]
    if outputs[0] != outputs[1]: sys.exit("outputs differ on %s" % name)
print("outputs identical on all inputs; %s; %d alternating rounds, medians of CPU (user+sys)" % (corpus, rounds))
names = ["empty.jsonl", "news.jsonl", "nonascii.jsonl", "tiny.jsonl"]
times = {(b, n): [] for b in ("this", "baseline") for n in names}
for r in range(rounds):
    for n in names:
        order = [("this", this), ("baseline", baseline)] if r % 2 == 0 else [("baseline", baseline), ("this", this)]
        for label, binary in order: times[(label, n)].append(cpu(binary, n))
med = {k: statistics.median(v) for k, v in times.items()}
print("%-16s %12s %12s %8s" % ("input", "this", "baseline", "ratio"))
print("%-16s %9.1f ms %9.1f ms" % ("empty (start-up)", med[("this", "empty.jsonl")] * 1e3, med[("baseline", "empty.jsonl")] * 1e3))
for n in names[1:]:
    size = os.path.getsize(path(n)) / 1e6
    net = {b: max(1e-9, med[(b, n)] - med[(b, "empty.jsonl")]) for b in ("this", "baseline")}
    if n == "tiny.jsonl":
        per = {b: net[b] / 200000 * 1e6 for b in net}
        print("%-16s %9.2f us %9.2f us %7.2fx  (CPU per document, 200,000 one-letter lines)" % (n, per["this"], per["baseline"], per["baseline"] / per["this"]))
    else:
        print("%-16s %7.0f MB/s %7.0f MB/s %7.2fx  (%.1f MB; CPU-seconds %.3f vs %.3f)" % (
            n, size / net["this"], size / net["baseline"], net["baseline"] / net["this"], size, net["this"], net["baseline"]))
print("load average at the end: %s" % open("/proc/loadavg").read().split()[:3])
PY
