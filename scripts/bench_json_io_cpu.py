#!/usr/bin/env python3
"""CPU time (user + sys, from wait4) of whole `pipeline run ... --jsonl --jobs 1` processes, this
build against a baseline binary, the two alternating within each round (which goes first swaps
every round); medians and their ratio per pipeline. CPU time is what a loaded machine disturbs
least; read the ratio, not the absolute figures.

  scripts/bench_json_io_cpu.py BASELINE_BINARY THIS_BINARY [ROUNDS] [PIPELINE ...]

PIPELINE is a name under /tmp/p6 (noop, sr, b3; default noop sr) run over /tmp/p6/news-10k.jsonl
(the session's peer corpus: 10,000 news items, 36.3 MB).
"""
import os
import statistics
import subprocess
import sys

base, this = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
pipelines = sys.argv[4:] or ["noop", "sr"]
corpus = "/tmp/p6/news-10k.jsonl"
size = os.path.getsize(corpus)


def cpu_seconds(binary, pipeline):
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen([binary, "run", "/tmp/p6/%s.yaml" % pipeline, corpus, "--jsonl", "--jobs", "1"],
                                   stdout=null, stderr=null)
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit("%s exited with status %d on %s" % (binary, status, pipeline))
    return usage.ru_utime + usage.ru_stime


times = {(who, p): [] for who in ("this", "base") for p in pipelines}
for r in range(rounds):
    order = (("this", this), ("base", base)) if r % 2 == 0 else (("base", base), ("this", this))
    for pipeline in pipelines:
        for who, binary in order:
            times[(who, pipeline)].append(cpu_seconds(binary, pipeline))
print("rounds: %d, alternating; CPU seconds (user + sys), medians; load %s" % (rounds, os.getloadavg()))
for pipeline in pipelines:
    this_s, base_s = statistics.median(times[("this", pipeline)]), statistics.median(times[("base", pipeline)])
    print("%-5s this %.3f s (%.0f MB/s)  base %.3f s (%.0f MB/s)  base/this %.3fx"
          % (pipeline, this_s, size / this_s / 1e6, base_s, size / base_s / 1e6, base_s / this_s))
