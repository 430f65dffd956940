#!/usr/bin/env python3
"""Whole-process CPU time of `pipeline run PIPELINE ITEMS --jsonl --jobs 1` for this build and a
baseline build, per pipeline, the commands alternating within each round (this/baseline, then
baseline/this), with medians, the ratio baseline / this of the medians and the median of the rounds'
ratios.

    scripts/bench_cpu_alternating.py --baseline OTHER/pipeline --items FILE.jsonl \
        PIPELINE.yaml [PIPELINE.yaml ...] [--binary .build/release/pipeline] [--rounds 9] [--copies 3]

CPU time (user + sys from wait4), not wall time: on a shared machine the wall clock carries other
people's load, the process's CPU time much less (it still carries cache and frequency effects:
alternate, take medians, and say what the load was). MB/s here is input bytes per CPU second,
start-up included.

Each binary runs as --copies copies of its file (3 by default), a round going through all of them
(`process_timing.file_copies` says why).
"""
import argparse, os, statistics, sys, tempfile

from bench_strip_process import run_cpu  # CPU time (user + sys from wait4) of one process
from process_timing import file_copies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pipelines", nargs="+", help="pipeline YAML files")
    parser.add_argument("--baseline", required=True, help="the other build's pipeline binary")
    parser.add_argument("--binary", default=".build/release/pipeline")
    parser.add_argument("--items", required=True, help="JSON lines input")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--copies", type=int, default=3, help="copies of each binary's file, taken in turn")
    args = parser.parse_args()
    megabytes = os.path.getsize(args.items) / 1e6
    with tempfile.TemporaryDirectory() as scratch:
        copies = {who: file_copies(binary, scratch, who, args.copies) for who, binary in (("this", args.binary), ("baseline", args.baseline))}
        times = {(who, p): [] for who in copies for p in args.pipelines}
        for r in range(args.rounds):
            for k in range(len(copies["this"])):
                order = ["this", "baseline"] if (r + k) % 2 == 0 else ["baseline", "this"]
                for pipeline in args.pipelines:
                    for who in order:
                        times[(who, pipeline)].append(run_cpu([copies[who][k], "run", pipeline, args.items, "--jsonl", "--jobs", "1"]))
    load = open("/proc/loadavg").read().split()[:3]
    print("%s (%.1f MB), %d alternating rounds through %d copies of each binary, load average %s at the end"
          % (args.items, megabytes, args.rounds, max(1, args.copies), " ".join(load)))
    for pipeline in args.pipelines:
        this, base = statistics.median(times[("this", pipeline)]), statistics.median(times[("baseline", pipeline)])
        # Each pair of runs ran back to back (one copy of each binary): the median of their ratios
        # is less sensitive to load that changes between rounds than the ratio of the medians.
        paired = statistics.median(b / t for b, t in zip(times[("baseline", pipeline)], times[("this", pipeline)]))
        print("%-28s this %.3f s CPU (%.0f MB/s), baseline %.3f s (%.0f MB/s): baseline / this = %.3fx (median of round ratios %.3fx)"
              % (os.path.basename(pipeline), this, megabytes / this, base, megabytes / base, base / this, paired))


if __name__ == "__main__":
    main()
