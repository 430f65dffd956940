#!/usr/bin/env python3
"""Whole-process CPU that strip-salutations adds per document, against a baseline binary.

Runs `pipeline run strip.yaml ITEMS --jsonl --jobs 1` and the same with a no-op pipeline (an
export skipped under --jsonl) for this build and a baseline build, alternating the four commands
within each round, and prints the medians of user+sys CPU (from wait4), the stage's own share
(strip minus no-op) per document, and the ratio baseline/this.

    scripts/bench_strip_process.py --baseline OTHER/pipeline [--binary .build/release/pipeline]
        [--items FILE.jsonl] [--rounds 9]

Without --items it builds 10,000 peer news items with ../shared/peers/make_corpus.py (1,000
repeated ten times, as scripts/bench_end_to_end.sh does); without ../shared it stops with a note.
CPU time, not wall time: on a shared machine the wall clock carries other people's load, the
CPU time of the process much less (it still carries cache and frequency effects: alternate, take
medians, and say what the load was).
"""
import argparse, os, statistics, subprocess, sys, tempfile


def run_cpu(argv):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0); os.dup2(devnull, 1); os.dup2(devnull, 2)
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("%s failed (status %d)" % (" ".join(argv), status))
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the other build's pipeline binary")
    parser.add_argument("--binary", default=".build/release/pipeline")
    parser.add_argument("--items", help="JSON lines input (default: 10,000 peer news items)")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    with tempfile.TemporaryDirectory() as tmp:
        items = args.items
        if not items:
            maker = "../shared/peers/make_corpus.py"
            if not os.path.exists(maker):
                print("skipped: ../shared/peers/make_corpus.py is not here (give --items FILE.jsonl)")
                return
            one = os.path.join(tmp, "items.jsonl")
            subprocess.run([sys.executable, maker, one, "--docs", "1000"], check=True, stdout=subprocess.DEVNULL)
            lines = open(one, encoding="utf-8").read().splitlines()
            items = os.path.join(tmp, "news-10k.jsonl")
            with open(items, "w", encoding="utf-8") as f:
                for i in range(10000):
                    f.write(lines[i % len(lines)] + "\n")
        docs = sum(1 for _ in open(items, encoding="utf-8"))
        strip = os.path.join(tmp, "strip.yaml")
        noop = os.path.join(tmp, "noop.yaml")
        open(strip, "w").write("stages:\n  - strip-salutations\n")
        open(noop, "w").write("stages:\n  - export: {format: jsonl}\n")
        binaries = [("this", os.path.abspath(args.binary)), ("baseline", os.path.abspath(args.baseline))]
        times = {(who, kind): [] for who, _ in binaries for kind in ("strip", "noop")}
        for r in range(args.rounds):
            order = binaries if r % 2 == 0 else binaries[::-1]
            for who, binary in order:
                for kind, yaml in (("strip", strip), ("noop", noop)):
                    times[(who, kind)].append(run_cpu([binary, "run", yaml, items, "--jsonl", "--jobs", "1"]))
        load = open("/proc/loadavg").read().split()[:3]
        print("%d documents (%.1f MB), %d alternating rounds, load average %s at the end"
              % (docs, os.path.getsize(items) / 1e6, args.rounds, " ".join(load)))
        own = {}
        for who, _ in binaries:
            s, n = statistics.median(times[(who, "strip")]), statistics.median(times[(who, "noop")])
            # The stage's share per round (strip minus no-op of the same round), then the median.
            shares = [a - b for a, b in zip(times[(who, "strip")], times[(who, "noop")])]
            own[who] = statistics.median(shares)
            print("%-8s strip run %.3f s CPU, no-op run %.3f s; strip's own %.3f s = %.2f us/doc (rounds: %s)"
                  % (who, s, n, own[who], own[who] / docs * 1e6, " ".join("%.3f" % x for x in shares)))
        if own["this"] > 0:
            print("strip's own CPU per document: baseline / this = %.2fx" % (own["baseline"] / own["this"]))


if __name__ == "__main__":
    main()
