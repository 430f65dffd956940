#!/usr/bin/env python3
"""Redact stage speed as best-pass MB/s, builds alternating, medians over rounds.

Each round runs `pipeline-bench --stage redact --repeat 15` (the best of 15 timed passes after a
warm-up, one core) for every build and configuration in turn; the figure is the median over the
rounds of each build's best pass. On a shared VM this holds better than CPU time differenced
between runs (scripts/bench_redact_cpu.py), whose corpus loading swings from run to run.

usage: scripts/bench_redact_passes.py [--rounds 7] [--corpus .build/redact-bench-64.jsonl] NAME=PIPELINE_BENCH ...
The first build is the reference of the ratios. The corpus is left by scripts/bench_redact.sh
(scripts/make_redact_bench_corpus.py).
"""
import argparse, re, statistics, subprocess

NONPERSON = '{"entities":["email","phone","url","ip","credit-card","iban","ssn","date","secret"]}'
CONFIGS = {"all detectors except person": NONPERSON, "all detectors": "{}", "person only": '{"entities":["person"]}'}

parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=7)
parser.add_argument("--corpus", default=".build/redact-bench-64.jsonl")
parser.add_argument("builds", nargs="+")
args = parser.parse_args()
builds = dict(build.split("=", 1) for build in args.builds)
figures = {(config, name): [] for config in CONFIGS for name in builds}
for _ in range(args.rounds):
    for config, options in CONFIGS.items():
        for name, binary in builds.items():
            out = subprocess.run([binary, "--stage", "redact", "--corpus", args.corpus, "--repeat", "15", "--options", options],
                                 capture_output=True, text=True, check=True).stdout
            figures[(config, name)].append(float(re.search(r"MB/s=([0-9.]+)", out).group(1)))
reference = next(iter(builds))
for config in CONFIGS:
    base = statistics.median(figures[(config, reference)])
    for name in builds:
        median = statistics.median(figures[(config, name)])
        print(f"{config:30s} {name:10s} {median:7.1f} MB/s (median of {args.rounds} best passes)  x{median / base:.3f} vs {reference}")
print("load average:", " ".join(open("/proc/loadavg").read().split()[:3]))
