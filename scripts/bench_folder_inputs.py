#!/usr/bin/env python3
"""Whole-process wall time of `pipeline run` over a folder of text files and with reports, the
paths a CI job over an `incoming/` folder takes (round 25 in docs/performance-log.md):

  1. strip + redact (email, phone, url) over a folder of DOCS news items, one file each;
  2. the same with `--report run.sarif` (each finding placed at its file's line and column);
  3. the bundled brief pipeline (`pipelines/brief.yaml`: strip, redact with names, summarize,
     stub translation, a Markdown brief on stdout) over the folder;
  4. strip + redact over the same items as JSON lines on stdin with `--report run.sarif` (each
     finding at its record's line).

The commands alternate within each round (this build, then the baseline when given, then the
other order in the next round); the figures are medians, and with `--baseline` the ratio
baseline / this of the medians. Each binary runs as three copies of its file, a round using the
next (`process_timing.file_copies` says why). Works without ../shared (items made from the
bundled sample; `scripts/news_items.py`).

    scripts/bench_folder_inputs.py [--binary .build/release/pipeline] [--baseline OTHER] [--docs 10000] [--rounds 5]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import news_items
from process_timing import file_copies

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/pipeline"))
    parser.add_argument("--baseline", help="another build's pipeline binary, timed in the same rounds")
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "pipeline"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        items = os.path.join(tmp, "items.jsonl")
        corpus = news_items.write(items, args.docs, distinct=min(args.docs, 1000))
        folder = os.path.join(tmp, "incoming")
        os.mkdir(folder)
        size = 0
        with open(items, encoding="utf-8") as lines:
            for n, line in enumerate(lines):
                text = json.loads(line)["text"]
                with open(os.path.join(folder, "item-%05d.txt" % n), "w", encoding="utf-8") as f:
                    f.write(text)
                size += len(text.encode())
        strip_redact = os.path.join(tmp, "strip-redact.yaml")
        with open(strip_redact, "w") as f:
            f.write("stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n")
        brief = os.path.join(ROOT, "pipelines/brief.yaml")
        sarif = os.path.join(tmp, "run.sarif")
        cases = [
            ("strip + redact, folder of %d files" % args.docs, ["run", strip_redact, folder], None),
            ("strip + redact, folder, --report run.sarif", ["run", strip_redact, folder, "--report", sarif], None),
            ("brief (pipelines/brief.yaml), folder", ["run", brief, folder], None),
            ("strip + redact, JSON lines on stdin, --report run.sarif", ["run", strip_redact, "--jsonl", "--report", sarif], items),
        ]
        binaries = [("this", args.binary)] + ([("baseline", args.baseline)] if args.baseline else [])
        copies = {who: file_copies(path, tmp, who) for who, path in binaries}
        times = {(who, k): [] for who, _ in binaries for k in range(len(cases))}
        for r in range(args.rounds):
            order = binaries if r % 2 == 0 else list(reversed(binaries))
            for k, (_, argv, stdin) in enumerate(cases):
                for who, _ in order:
                    binary = copies[who][r % len(copies[who])]
                    times[(who, k)].append(wall([binary] + argv, stdin))
        print("corpus: %s (%.1f MB of text)" % (corpus, size / 1e6))
        print("%d rounds (medians; the builds alternate), load average %s at the end"
              % (args.rounds, " ".join("%.2f" % x for x in os.getloadavg())))
        for k, (label, _, _) in enumerate(cases):
            this = statistics.median(times[("this", k)])
            line = "%-58s %.3f s" % (label, this)
            if args.baseline:
                other = statistics.median(times[("baseline", k)])
                line += "   baseline %.3f s: %.2fx" % (other, other / this)
            print(line)


def wall(argv, stdin):
    """Wall seconds of one run of `argv` (stdout discarded; exit 1, a fail-on trip, counts as run)."""
    started = time.monotonic()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
        done = subprocess.run(argv, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - started
    if done.returncode not in (0, 1):
        sys.exit("%s failed (%d): %s" % (" ".join(argv), done.returncode, done.stderr[-1500:].decode(errors="replace")))
    return elapsed


if __name__ == "__main__":
    main()
