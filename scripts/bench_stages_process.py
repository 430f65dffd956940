#!/usr/bin/env python3
"""Whole-process CPU of strip, redact and strip + redact against another build, one core.

Runs `BIN run P ITEMS --jsonl --jobs 1` for the no-op, strip, redact (email, phone, url) and strip +
redact pipelines (written to a temporary folder unless --pipelines names one holding
{noop,strip,redac,sr}.yaml), both builds in
turn for each pipeline within a round, CPU = user + sys of the child (os.wait4). Prints the medians,
the ratio base/this, and each stage pipeline less the no-op run of the same round (median of the
per-round differences), so JSON in/out is not counted against the stages. Without --items it
builds 10,000 peer news items with ../shared/peers/make_corpus.py (1,000 ten times over, as
scripts/bench_end_to_end.sh does); without ../shared it stops with a note.

usage: scripts/bench_stages_process.py BASE_PIPELINE [THIS_PIPELINE] [--items news-10k.jsonl]
                                       [--pipelines DIR] [--rounds 21]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

parser = argparse.ArgumentParser()
parser.add_argument("base")
parser.add_argument("this", nargs="?", default=".build/release/pipeline")
parser.add_argument("--items")
parser.add_argument("--pipelines")
parser.add_argument("--rounds", type=int, default=21)
args = parser.parse_args()
scratch = tempfile.TemporaryDirectory()
if args.pipelines is None:
    args.pipelines = scratch.name
    for name, stages in (("noop", "  - export: {format: jsonl}\n"), ("strip", "  - strip-salutations\n"),
                         ("redac", "  - redact: {entities: [email, phone, url]}\n"),
                         ("sr", "  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n")):
        with open(os.path.join(scratch.name, name + ".yaml"), "w") as f:
            f.write("stages:\n" + stages)
if args.items is None:
    maker = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../shared/peers/make_corpus.py")
    if not os.path.exists(maker):
        sys.exit("skipped: no --items given and ../shared/peers/make_corpus.py is absent")
    items = os.path.join(scratch.name, "items.jsonl")
    subprocess.run([sys.executable, maker, items, "--docs", "1000"], check=True, stdout=subprocess.DEVNULL)
    texts = [json.loads(line)["text"] for line in open(items, encoding="utf-8")]
    args.items = os.path.join(scratch.name, "news-10k.jsonl")
    with open(args.items, "w", encoding="utf-8") as f:
        for i in range(10000):
            f.write(json.dumps({"id": "d%d" % i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
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
