#!/usr/bin/env python3
"""Whole-process CPU of strip, redact and strip + redact against another build, one core.

Runs `BIN run P ITEMS --jsonl --jobs 1` for the no-op, strip, redact (email, phone, url) and strip +
redact pipelines (/tmp/p6/{noop,strip,redac,sr}.yaml unless --pipelines says where), both builds in
turn for each pipeline within a round, CPU = user + sys of the child (os.wait4). Prints the medians,
the ratio base/this, and each stage pipeline less the no-op run of the same round (median of the
per-round differences), so JSON in/out is not counted against the stages.

usage: scripts/bench_stages_process.py BASE_PIPELINE [THIS_PIPELINE] [--items news-10k.jsonl]
                                       [--pipelines DIR] [--rounds 21]
"""
import argparse, os, statistics, subprocess

parser = argparse.ArgumentParser()
parser.add_argument("base")
parser.add_argument("this", nargs="?", default=".build/release/pipeline")
parser.add_argument("--items", default="/tmp/p6/news-10k.jsonl")
parser.add_argument("--pipelines", default="/tmp/p6")
parser.add_argument("--rounds", type=int, default=21)
args = parser.parse_args()
builds = [("base", args.base), ("this", args.this)]
names = ["noop", "strip", "redac", "sr"]
megabytes = os.path.getsize(args.items) / 1e6


def cpu(binary, name):
    with open(args.items, "rb") as items:
        child = subprocess.Popen([binary, "run", os.path.join(args.pipelines, name + ".yaml"), "--jsonl", "--jobs", "1"],
                                 stdin=items, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit("%s run %s.yaml failed" % (binary, name))
    return usage.ru_utime + usage.ru_stime


runs = {(build, name): [] for build, _ in builds for name in names}
for _ in range(args.rounds):
    for name in names:
        for build, binary in builds:
            runs[(build, name)].append(cpu(binary, name))
print("items: %s (%.1f MB); %d rounds, builds alternating" % (args.items, megabytes, args.rounds))
for name in names:
    base, this = (statistics.median(runs[(build, name)]) for build, _ in builds)
    print("%-6s base %.3f s (%4.0f MB/s)  this %.3f s (%4.0f MB/s)  base/this %.2fx" % (name, base, megabytes / base, this, megabytes / this, base / this))
for name in names[1:]:
    base, this = (statistics.median([a - b for a, b in zip(runs[(build, name)], runs[(build, "noop")])]) for build, _ in builds)
    print("%-6s less no-op: base %.3f s  this %.3f s  base/this %.2fx" % (name, base, this, base / this))
print("load average:", *open("/proc/loadavg").read().split()[:3])
