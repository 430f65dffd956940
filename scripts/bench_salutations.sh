#!/usr/bin/env bash
# Benchmark for strip-salutations: wraps the CNN/DailyMail dev articles in greetings, sign-offs,
# signatures and quoted replies (many languages), then times the stage with pipeline-bench.
# usage: scripts/bench_salutations.sh [COPIES]   (default 40 copies of the 100 articles ≈ 14 MB)
#        BASELINE=main scripts/bench_salutations.sh   also builds that git ref's pipeline-bench (git archive into
#        .build/bench-baseline, release, its own scratch path) and prints the speed ratio new/baseline from
#        alternating runs in this one invocation (medians of ROUNDS best-of-REPEAT figures), so machine load
#        affects both sides alike. BASELINE_BIN=PATH uses an already built baseline pipeline-bench instead.
#        With a baseline it also prints the CPU time per pass of both, on the short and the long corpus,
#        alternating, medians of ROUNDS: perf's cpu-clock samples inside the stage's strip() over PASSES
#        passes (default 20) when perf works, else user+sys of PASSES + 1 passes minus that of one.
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-40}"
SRC=../shared/data/summarize/cnndm_dev100.jsonl
CORPUS=.build/bench-salutations.jsonl
mkdir -p .build
python3 - "$SRC" "$CORPUS" "$COPIES" <<'PY'
import json, os, sys, random
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Each corpus is written beside its final name and renamed over it, so a compare_strip.sh reading
# the previous copy at the same time keeps reading a whole file (the content is seeded: the same).
def replace_when_written(path, write):
    partial = f"{path}.{os.getpid()}.partial"
    with open(partial, "w", encoding="utf-8") as f:
        write(f)
    os.replace(partial, path)
rnd = random.Random(7)
openers = ["Hi team,\n\n", "Assalamualaikum.\n", "Dear Sir/Madam,\n\n", "Good morning everyone!\n\n", "Hallo zusammen,\n\n",
           "Bonjour à tous,\n\n", "السلام عليكم\n\n", "Здравствуйте, коллеги!\n\n", "Hola María,\n\n", "", "Assalamualaikum. "]
closers = ["\n\nBest regards,\nJohn Smith\nSenior Analyst\n+1 555 010 0199\nhttps://example.com",
           "\nMay Allah protect the region and guide leaders toward a just and lasting peace. Wa alaikum assalam.",
           "\n\nThanks,\nAnna\n\nSent from my iPhone", "\n\nMit freundlichen Grüßen\nMax Mustermann",
           "\n\n-- \nJane Doe | Editor\njane@example.com", "\n\nCordialement,\nJean",
           "\n\nOn Mon, 3 Nov 2025 at 10:00, Jane <jane@example.com> wrote:\n> Any update?\n> Jane",
           "\n\n-----Original Message-----\nFrom: Bob\nSent: Monday, November 3, 2025 9:00 AM\nTo: Alice\nSubject: News\n\nSee below.",
           "\n\nمع خالص التحيات،\nأحمد", ""]
docs = [json.loads(l) for l in open(src, encoding="utf-8")]
# Long bodies: ten articles as paragraphs (≈ 35 KB), to show the cost does not grow with the body.
def write_long(f):
    for c in range(max(1, copies // 10)):
        for i in range(0, len(docs), 10):
            body = "\n\n".join(d["text"] for d in docs[i:i + 10])
            f.write(json.dumps({"id": f"long-{i}-{c}", "text": rnd.choice(openers) + body + rnd.choice(closers)}, ensure_ascii=False) + "\n")
def write_short(f):
    for c in range(copies):
        for d in docs:
            text = rnd.choice(openers) + d["text"] + rnd.choice(closers)
            f.write(json.dumps({"id": f"{d['id']}-{c}", "text": text}, ensure_ascii=False) + "\n")
replace_when_written(dst.replace(".jsonl", "-long.jsonl"), write_long)
replace_when_written(dst, write_short)
print(f"corpus: {dst} ({copies * len(docs)} docs)", file=sys.stderr)
PY
swift build -c release --product pipeline-bench 2>&1 | grep -E "error|warning: .*StripSalutations" || true
REPEAT="${REPEAT:-20}"
run() { .build/release/pipeline-bench --stage strip-salutations --options "$1" --corpus "$CORPUS" --repeat "$REPEAT"; }
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (figures are best-of-$REPEAT, one core)"
run '{}' > /dev/null   # warm-up (the build above may still be settling)
FULL=$(run '{}'); echo "default options:        $FULL"
NOQ=$(run '{"quotes":false}'); echo "quotes off:             $NOQ"
BASE=$(run '{"greetings":false,"closings":false,"signatures":false,"quotes":false}'); echo "every detector off:     $BASE"
LONG=$(.build/release/pipeline-bench --stage strip-salutations --corpus "${CORPUS%.jsonl}-long.jsonl" --repeat "$REPEAT"); echo "35 KB bodies (10x):     $LONG"
MAIL=Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl
if [ -f "$MAIL" ]; then echo "mail corpus (834 cases):  $(.build/release/pipeline-bench --stage strip-salutations --corpus "$MAIL" --repeat "$REPEAT")"; fi
python3 - "$FULL" "$BASE" <<'PY'
import re, sys
def secs(line): return float(re.search(r"seconds=([0-9.]+)", line).group(1))
def mb(line): return float(re.search(r"bytes=([0-9]+)", line).group(1)) / 1e6
full, base = sys.argv[1], sys.argv[2]
own = secs(full) - secs(base)
docs = int(re.search(r"docs=([0-9]+)", full).group(1))
print(f"harness + line scan only: {mb(base)/secs(base):.0f} MB/s; detectors' own cost: {own*1e6/docs:.1f} µs/doc "
      f"(≈ {mb(full)/own:.0f} MB/s if the harness were free)" if own > 0 else "detectors' own cost below timer noise")
PY

# Ratio against a baseline build, measured in this run.
BASELINE_BIN="${BASELINE_BIN:-}"
if [ -z "$BASELINE_BIN" ] && [ -n "${BASELINE:-}" ]; then
  DIR=.build/bench-baseline
  rm -rf "$DIR/src" && mkdir -p "$DIR/src"
  git archive "$BASELINE" | tar -x -C "$DIR/src"
  echo "# building $BASELINE's pipeline-bench in $DIR (release; the first build takes minutes)"
  swift build -c release --product pipeline-bench --package-path "$DIR/src" --scratch-path "$DIR/build" 2>&1 | grep -E "error" || true
  BASELINE_BIN="$DIR/build/release/pipeline-bench"
fi
if [ -n "$BASELINE_BIN" ]; then
  ROUNDS="${ROUNDS:-5}"
  PASSES="${PASSES:-20}"
  for corpus in "$CORPUS" "${CORPUS%.jsonl}-long.jsonl"; do
  python3 - "$BASELINE_BIN" "$corpus" "$REPEAT" "$ROUNDS" "${BASELINE:-baseline}" "$PASSES" <<'PY'
import os, re, resource, statistics, subprocess, sys, tempfile
base_bin, corpus, repeat, rounds, label, passes = sys.argv[1:7]
rounds, passes = int(rounds), int(passes)
new_bin = ".build/release/pipeline-bench"
def mbps(binary):
    out = subprocess.run([binary, "--stage", "strip-salutations", "--corpus", corpus, "--repeat", repeat], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"MB/s=([0-9.]+)", out).group(1))
def cpu(binary, count):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, "--stage", "strip-salutations", "--corpus", corpus, "--repeat", str(count)], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
HAVE_PERF = subprocess.run(["sh", "-c", "command -v perf && perf record -q -o /dev/null true"], capture_output=True).returncode == 0
def cpu_per_pass(binary):
    if not HAVE_PERF:
        # CPU (user + sys) of 1 + PASSES passes minus that of 1 pass (noisy on a loaded machine:
        # the corpus loading of the two runs does not cancel exactly).
        return (cpu(binary, 1 + passes) - cpu(binary, 1)) / passes
    # CPU time inside the stage's strip() only, from perf's cpu-clock samples (2 kHz).
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "perf.data")
        subprocess.run(["perf", "record", "-q", "-F", "2000", "-g", "-o", data, binary, "--stage", "strip-salutations", "--corpus", corpus, "--repeat", str(passes)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        script = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym"], capture_output=True, text=True).stdout
    inside = sum(1 for block in script.split("\n\n") if re.search(r"StripSalutations0aB5StageV5stripy11PipelineKit8DocumentVAGF\s*$", block, re.M))
    return inside / 2000 / (passes + 1)   # + the warm-up pass
new, old, new_cpu, old_cpu = [], [], [], []
for r in range(rounds):
    for binary, walls, cpus in ([(new_bin, new, new_cpu), (base_bin, old, old_cpu)] if r % 2 == 0 else [(base_bin, old, old_cpu), (new_bin, new, new_cpu)]):
        walls.append(mbps(binary))
        cpus.append(cpu_per_pass(binary))
name = os.path.basename(corpus)
mb = os.path.getsize(corpus) / 1e6
print(f"{name}: this branch wall median {statistics.median(new):.0f} MB/s {[round(x) for x in new]}; {label} {statistics.median(old):.0f} MB/s {[round(x) for x in old]}; "
      f"ratio {statistics.median(new) / statistics.median(old):.2f} (best-of-{repeat} wall, {rounds} alternating rounds)")
n, o = statistics.median(new_cpu), statistics.median(old_cpu)
method = "perf cpu-clock samples inside strip()" if HAVE_PERF else f"user+sys, {passes} passes minus 1"
print(f"{name}: CPU per pass ({method}) this branch {n*1000:.1f} ms ({mb/n:.0f} MB/s of CPU) {[round(x*1000, 1) for x in new_cpu]}; "
      f"{label} {o*1000:.1f} ms ({mb/o:.0f} MB/s) {[round(x*1000, 1) for x in old_cpu]}; ratio {label}/this {o/n:.2f}x (medians of {rounds} alternating rounds)")
PY
  done
fi
