#!/usr/bin/env python3
"""CPU time (user + sys, from wait4) of whole `pipeline run` processes, several binaries on the
same pipeline and input, alternating round by round (the order reversed every other round, so
load drifts hit all alike); prints each binary's median and minimum and the ratio of the first
binary's median to each one's (above 1: faster than the first).

  scripts/bench_run_cpu.py ROUNDS PIPELINE.yaml INPUT.jsonl BASELINE_BIN OTHER_BIN... [-- RUN ARGS]

RUN ARGS default to `--jsonl --jobs 1`. Example (summarize over the peer news items):
  scripts/bench_run_cpu.py 15 /tmp/p6/summa.yaml /tmp/p6/news-10k.jsonl BASE/pipeline .build/release/pipeline
"""
import os
import statistics
import subprocess
import sys


def main(argv):
    if "--" in argv:
        cut = argv.index("--")
        argv, run_args = argv[:cut], argv[cut + 1:]
    else:
        run_args = ["--jsonl", "--jobs", "1"]
    if len(argv) < 5:
        sys.exit(__doc__)
    rounds, pipeline, source, binaries = int(argv[1]), argv[2], argv[3], argv[4:]
    seconds = {binary: [] for binary in binaries}
    with open(os.devnull, "w") as devnull:
        for round_index in range(rounds):
            for binary in binaries if round_index % 2 == 0 else binaries[::-1]:
                process = subprocess.Popen([binary, "run", pipeline, source, *run_args], stdout=devnull, stderr=devnull)
                _, status, usage = os.wait4(process.pid, 0)
                if status != 0:
                    sys.exit(f"{binary} exited with status {status}")
                seconds[binary].append(usage.ru_utime + usage.ru_stime)
    first = statistics.median(seconds[binaries[0]])
    print(f"{rounds} rounds, load average {open('/proc/loadavg').read().split()[:3]} at the end")
    for binary in binaries:
        median = statistics.median(seconds[binary])
        print(f"{binary:<45} median {median:.3f} s  min {min(seconds[binary]):.3f} s  first/this {first / median:.3f}x")


if __name__ == "__main__":
    main(sys.argv)
