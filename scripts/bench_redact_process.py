#!/usr/bin/env python3
"""Whole-process CPU of the redact stage alone, builds compared in the same run.

Runs `pipeline run P --jsonl --jobs 1 < CORPUS` for a redact-only pipeline and for a no-op one
(an export stage, which --jsonl skips), every build in turn within each round; CPU is user + sys
of the child (os.wait4), so a loaded machine shifts it far less than wall time. The redact
figure is the median of (redact CPU - no-op CPU) per round, per document and per byte; the ratio
is the first build's figure over each other's.

usage: scripts/bench_redact_process.py [--rounds 9] [--corpus news-10k.jsonl]
                                       [--entities email,phone,url] NAME=PIPELINE ...
Without --corpus it builds 10,000 peer news items with ../shared/peers/make_corpus.py (1,000
items repeated ten times, as scripts/bench_end_to_end.sh does).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=9)
parser.add_argument("--corpus")
parser.add_argument("--entities", default="email,phone,url")
parser.add_argument("builds", nargs="+", help="NAME=path/to/pipeline (the first is the reference)")
args = parser.parse_args()
builds = [b.split("=", 1) for b in args.builds]
tmp = tempfile.mkdtemp()

corpus = args.corpus
if corpus is None:
    peers = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "peers", "make_corpus.py")
    if not os.path.exists(peers):
        sys.exit("no --corpus and no ../shared/peers/make_corpus.py to build one")
    items = os.path.join(tmp, "items.jsonl")
    subprocess.run([sys.executable, peers, items, "--docs", "1000"], check=True, stdout=subprocess.DEVNULL)
    texts = [json.loads(line)["text"] for line in open(items, encoding="utf-8")]
    corpus = os.path.join(tmp, "news-10k.jsonl")
    with open(corpus, "w", encoding="utf-8") as out:
        for i in range(10000):
            out.write(json.dumps({"id": "d%d" % i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
docs = sum(1 for _ in open(corpus, "rb"))
size = os.path.getsize(corpus)

noop = os.path.join(tmp, "noop.yaml")
redact = os.path.join(tmp, "redact.yaml")
open(noop, "w").write("stages:\n  - export: {format: jsonl}\n")
open(redact, "w").write("stages:\n  - redact: {entities: [%s]}\n" % ", ".join(args.entities.split(",")))


def cpu(binary, pipeline):
    with open(corpus, "rb") as inp:
        child = subprocess.Popen([binary, "run", pipeline, "--jsonl", "--jobs", "1"], stdin=inp,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        err = child.stderr.read().decode(errors="replace")
    if status != 0:
        sys.exit("%s run %s failed: %s" % (binary, pipeline, err[-1500:]))
    return usage.ru_utime + usage.ru_stime


redact_cpu = {name: [] for name, _ in builds}
noop_cpu = {name: [] for name, _ in builds}
for _ in range(args.rounds):
    for name, binary in builds:
        n = cpu(binary, noop)
        r = cpu(binary, redact)
        noop_cpu[name].append(n)
        redact_cpu[name].append(r - n)

print("corpus: %s (%d documents, %.1f MB); redact entities: %s; %d rounds, builds alternating"
      % (corpus, docs, size / 1e6, args.entities, args.rounds))
reference = statistics.median(redact_cpu[builds[0][0]])
for name, _ in builds:
    stage = statistics.median(redact_cpu[name])
    print("%-10s redact CPU (minus no-op) %6.3f s median: %5.2f us/doc, %7.1f MB/s; no-op run %.3f s; %s / %s: %.2fx"
          % (name, stage, stage / docs * 1e6, size / 1e6 / max(stage, 1e-9), statistics.median(noop_cpu[name]),
             builds[0][0], name, reference / max(stage, 1e-9)))
print("load average:", *open("/proc/loadavg").read().split()[:3])
