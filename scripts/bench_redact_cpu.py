#!/usr/bin/env python3
"""CPU time per pass of the redact stage, for builds compared in the same run (holds on a loaded
machine better than wall-clock MB/s): `perf stat -e task-clock` of `pipeline-bench --stage redact
--repeat 7` minus `--repeat 1` (corpus loading and the warm-up cancel out), divided by 6; rounds
alternate the builds; medians (and minima) per build and configuration.

usage: scripts/bench_redact_cpu.py [--rounds 5] [--corpus .build/redact-bench-64.jsonl]
                                   [--configs nonperson,all,person] NAME=PIPELINE_BENCH ...
The first build is the reference of the printed ratios. Needs `perf` (apt-get install linux-perf).
The corpus is written by scripts/make_redact_bench_corpus.py (scripts/bench_redact.sh leaves one).
"""
import argparse, re, statistics, subprocess

NONPERSON = '{"entities":["email","phone","url","ip","credit-card","iban","ssn","date","secret"]}'
CONFIGS = {"nonperson": NONPERSON, "all": "{}", "person": '{"entities":["person"]}'}


def task_clock_ms(binary, corpus, options, repeat):
    run = subprocess.run(["perf", "stat", "-x,", "-e", "task-clock", binary, "--stage", "redact", "--corpus", corpus,
                          "--repeat", str(repeat), "--options", options], capture_output=True, text=True, check=True)
    size = int(re.search(r"bytes=(\d+)", run.stdout).group(1))
    return float(run.stderr.strip().splitlines()[-1].split(",")[0]), size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", default=".build/redact-bench-64.jsonl")
    ap.add_argument("--configs", default="nonperson,all,person")
    ap.add_argument("builds", nargs="+", help="NAME=path/to/pipeline-bench")
    args = ap.parse_args()
    builds = [b.split("=", 1) for b in args.builds]
    configs = args.configs.split(",")
    per_pass, size = {}, 0
    for _ in range(args.rounds):
        for config in configs:
            for name, binary in builds:
                seven, size = task_clock_ms(binary, args.corpus, CONFIGS[config], 7)
                one, _ = task_clock_ms(binary, args.corpus, CONFIGS[config], 1)
                per_pass.setdefault((config, name), []).append((seven - one) / 6)
    for config in configs:
        reference = statistics.median(per_pass[(config, builds[0][0])])
        for name, _ in builds:
            runs = per_pass[(config, name)]
            median = statistics.median(runs)
            print(f"{config:10s} {name:12s} {median:7.1f} ms/pass (median)  {size / median / 1000:6.1f} MB/s  "
                  f"x{reference / median:.3f} vs {builds[0][0]}  min {min(runs):.1f} ms")
    print("load average:", *open("/proc/loadavg").read().split()[:3])


if __name__ == "__main__":
    main()
