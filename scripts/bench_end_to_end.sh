#!/usr/bin/env bash
# End-to-end figures of the whole `pipeline` process (release build), the targets of issue 15:
#   1. start-up: `pipeline run pipelines/brief.yaml` (the bundled sample) against `/usr/bin/python3 -c pass`
#   2. per-document overhead of a pipeline with one no-op stage over JSON lines (tiny documents)
#   3. JSON lines in/out, no-op stage, one core (MB/s)
#   4. strip + redact (email, phone, url: no person), one core (MB/s); the same with a SARIF
#      report, whose findings the runner places in the input (line and column) per document
#   5. strip + redact + summarize, one core (MB/s)
#   6. --jobs 2 against --jobs 1 on 10,000 items (strip + redact + summarize), beside what two
#      --jobs 1 processes started at once get from the same cores in the same rounds (the
#      machine's own scaling at that moment)
#   7. peak RSS streaming 256 MB of JSON lines through strip + redact
# Each timing alternates the commands being compared, several rounds, and prints medians. Each
# binary runs as three copies of its file, a round using the next (`process_timing.file_copies`
# says why).
# Throughput is input bytes / (wall time - the median wall time of an empty run), so process
# start-up is not counted against the per-byte figures.
#
#   scripts/bench_end_to_end.sh [--rounds N] [--baseline PATH/TO/OTHER/pipeline] [--quick]
#
# --baseline runs every timing with a second binary too (e.g. main's build) and prints the ratio
# of medians. --quick uses smaller inputs (for a smoke test). Works without ../shared (synthetic
# news-like items from the bundled sample); with ../shared/peers it uses the peer corpus builder.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=7 baseline="" quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "usage: $0 [--rounds N] [--baseline BINARY] [--quick]" >&2; exit 2 ;;
  esac
done
. scripts/pipeline_bin.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. scripts/machine_line.sh
machine_line

python3 - "$bin" "$tmp" "$rounds" "$quick" "$baseline" <<'PY'
import json, os, statistics, subprocess, sys, time

binary, tmp, rounds, quick, baseline = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5]
binaries = [("pipeline", binary)] + ([("baseline", baseline)] if baseline else [])
scale = 8 if quick else 1

# Three copies of each binary's file (see the header), taken in turn by round.
sys.path.insert(0, "scripts")
from process_timing import file_copies
copies = {b: file_copies(b, tmp, "%s-copy" % who) for who, b in binaries}

def copy_for_round(argv, r):
    """argv with a binary under test replaced by its copy for round r."""
    return [copies[argv[0]][r % len(copies[argv[0]])]] + argv[1:] if argv[0] in copies else argv

def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path

# --- inputs ---------------------------------------------------------------------------------
import news_items

def jsonl(path, count, text_of):
    with open(path, "w") as f:
        for i in range(count):
            f.write(json.dumps({"id": "d%d" % i, "text": text_of(i)}, ensure_ascii=False) + "\n")
    return path

news_10k = os.path.join(tmp, "news-10k.jsonl")
corpus_name = news_items.write(news_10k, 10000 // scale, distinct=1000)
tiny = jsonl(os.path.join(tmp, "tiny.jsonl"), 200000 // scale, lambda i: "x")
empty = write(os.path.join(tmp, "empty.jsonl"), "")

noop = write(os.path.join(tmp, "noop.yaml"), "stages:\n  - export: {format: jsonl}\n")  # skipped under --jsonl: a no-op
strip_redact = write(os.path.join(tmp, "strip-redact.yaml"),
                     "stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n")
brief3 = write(os.path.join(tmp, "brief3.yaml"),
               "stages:\n  - strip-salutations\n  - redact: {entities: [email, phone, url]}\n  - summarize: {sentences: 3}\n")

def run(argv, stdin=None):
    with open(stdin or os.devnull, "rb") as inp:
        start = time.perf_counter()
        done = subprocess.run(argv, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
    if done.returncode not in (0,):
        sys.exit("%s exited %d: %s" % (" ".join(argv), done.returncode, done.stderr.decode(errors="replace")[-1500:]))
    return elapsed

def medians(commands, n=rounds):
    """commands: name -> argv (or (argv, stdin)); runs them in turn n times, returns name -> median."""
    times = {name: [] for name in commands}
    for r in range(n):
        # The order reverses every other round, so that no command always follows the same one.
        items = list(commands.items())
        for name, c in (items if r % 2 == 0 else items[::-1]):
            argv, stdin = c if isinstance(c, tuple) else (c, None)
            times[name].append(run(copy_for_round(argv, r), stdin))
    return {name: statistics.median(t) for name, t in times.items()}

def show(label, figure, target=None):
    print("%-62s %s%s" % (label, figure, "   (target %s)" % target if target else ""), flush=True)

print("corpus:", corpus_name)
print("rounds per figure: %d (medians; commands alternate within a round)" % rounds)

# 1. start-up: python and every binary in the same loop
startup = {"python": ["/usr/bin/python3", "-c", "pass"]}
for who, b in binaries:
    startup[who] = [b, "run", "pipelines/brief.yaml"]
m = medians(startup, n=max(rounds * 3, 15))
for who, _ in binaries:
    show("start-up, %s run pipelines/brief.yaml (sample)" % who, "%.1f ms vs python3 -c pass %.1f ms: %.2fx"
         % (m[who] * 1e3, m["python"] * 1e3, m[who] / m["python"]), "<= 1.00x")
if baseline:
    show("start-up, pipeline / baseline", "%.2fx" % (m["pipeline"] / m["baseline"]))

size = os.path.getsize(news_10k)
# Every binary's commands in one table, so the binaries alternate within each round.
commands = {}
sarif = os.path.join(tmp, "findings.sarif")
for key, pipeline_file, stdin, extra in [("empty", noop, empty, []), ("tiny", noop, tiny, []), ("noop", noop, news_10k, []),
                                         ("sr", strip_redact, news_10k, []), ("sr_sarif", strip_redact, news_10k, ["--report", sarif]),
                                         ("brief3", brief3, news_10k, [])]:
    for who, b in binaries:
        commands[(who, key)] = ([b, "run", pipeline_file, "--jsonl", "--jobs", "1"] + extra, stdin)
timed = medians(commands)
for who, b in binaries:
    m = {key: timed[(who, key)] for key in ("empty", "tiny", "noop", "sr", "sr_sarif", "brief3")}
    n_tiny = 200000 // scale
    show("[%s] per-document overhead, no-op stage, --jobs 1" % who,
         "%.2f us/doc (%d docs in %.3f s, empty run %.3f s)" % ((m["tiny"] - m["empty"]) / n_tiny * 1e6, n_tiny, m["tiny"], m["empty"]), "<= 2 us")
    for key, label, target in [("noop", "JSON lines in/out, no-op stage, --jobs 1", ">= 300 MB/s"),
                               ("sr", "strip + redact (email, phone, url), --jobs 1", ">= 300 MB/s"),
                               ("sr_sarif", "strip + redact with a SARIF report (findings placed), --jobs 1", None),
                               ("brief3", "strip + redact + summarize, --jobs 1", ">= 100 MB/s")]:
        show("[%s] %s" % (who, label), "%.1f MB/s (%.1f MB in %.3f s)" % (size / 1e6 / max(m[key] - m["empty"], 1e-9), size / 1e6, m[key]), target)

# 6. scaling, beside the machine's own: two `--jobs 1` processes at once, in the same rounds
from process_timing import peak_rss, run_together, two_process_scaling

scaling = {(who, key): [] for who, _ in binaries for key in ("1", "2", "pair", "share")}
for r in range(rounds):
    for who, b in binaries:
        argv = copy_for_round([b, "run", brief3, "--jsonl", "--jobs"], r)
        one, two = run(argv + ["1"], news_10k), run(argv + ["2"], news_10k)
        pair_wall, _ = run_together([argv + ["1"], argv + ["1"]], stdin=news_10k)
        scaling[(who, "1")].append(one)
        scaling[(who, "2")].append(two)
        scaling[(who, "pair")].append(two_process_scaling(one, pair_wall))
        scaling[(who, "share")].append((one / two) / scaling[(who, "pair")][-1])
for who, b in binaries:
    m = {key: statistics.median(scaling[(who, key)]) for key in ("1", "2", "pair", "share")}
    show("[%s] --jobs 2 vs --jobs 1, strip+redact+summarize, %d items" % (who, 10000 // scale),
         "%.2fx (%.3f s vs %.3f s); two --jobs 1 processes at once: %.2fx, --jobs 2 %.1f%% of that"
         % (m["1"] / m["2"], m["2"], m["1"], m["pair"], 100 * m["share"]), ">= 1.8x")

# 7. memory
big = os.path.join(tmp, "big.jsonl")
target_bytes = (256 << 20) // scale
with open(big, "wb") as out, open(news_10k, "rb") as src:
    chunk = src.read()
    written = 0
    while written < target_bytes:
        out.write(chunk)
        written += len(chunk)
for who, b in binaries:
    # From a fresh interpreter, not from this script: a child's ru_maxrss counts its starter's
    # memory too (see process_timing.peak_rss).
    peak_kb, elapsed, floor_kb = peak_rss([b, "run", strip_redact, "--jsonl"], big)
    figure = "%d MB" % (peak_kb // 1024) if peak_kb > floor_kb else "at most %d MB" % (peak_kb // 1024)
    show("[%s] peak RSS, %d MB of JSON lines through strip + redact" % (who, written >> 20),
         "%s (%.1f s, %.0f MB/s with %d cores)" % (figure, elapsed, written / 1e6 / elapsed, os.cpu_count()), "<= 64 MB")
PY
