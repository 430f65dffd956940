#!/usr/bin/env bash
# Start-up of the whole `pipeline` process against a bare Python interpreter (issue 15's target:
# `pipeline run pipelines/brief.yaml` on the bundled sample no slower than `/usr/bin/python3 -c pass`).
# Runs every command in turn, round after round (so machine load hits them alike), and prints the
# median wall time of each and its ratio to Python's median.
#
#   scripts/bench_startup.sh [--rounds N] [--baseline PATH/TO/OTHER/pipeline]
#
# Commands: `python3 -c pass`; `pipeline --help` (process start, argument parsing); `validate` of a
# one-stage pipeline (translate, stub); `validate pipelines/brief.yaml` (+ building every brief stage);
# `run pipelines/brief.yaml` (+ the sample document and its Markdown). --baseline times a second
# binary's commands in the same rounds (main's build, say). PIPELINE_BIN=path uses that binary
# instead of building .build/release/pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=31 baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--rounds N] [--baseline BINARY]" >&2; exit 2 ;;
  esac
done
. scripts/pipeline_bin.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy_binaries "$tmp"  # timed as copies (see scripts/pipeline_bin.sh)
printf 'stages:\n  - translate: {to: [fr], provider: stub}\n' > "$tmp/translate.yaml"
. scripts/machine_line.sh
machine_line

python3 - "$rounds" "$tmp/translate.yaml" "$bin" "$baseline" <<'PY'
import os, statistics, subprocess, sys, time
rounds, one_stage, binaries = int(sys.argv[1]), sys.argv[2], [("pipeline", sys.argv[3])]
if sys.argv[4]:
    binaries.append(("baseline", sys.argv[4]))
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
commands = [("python3 -c pass", [python, "-c", "pass"])]
for label, binary in binaries:
    commands += [
        (f"{label} --help", [binary, "--help"]),
        (f"{label} validate (one stage: translate, stub)", [binary, "validate", one_stage]),
        (f"{label} validate pipelines/brief.yaml", [binary, "validate", "pipelines/brief.yaml"]),
        (f"{label} run pipelines/brief.yaml", [binary, "run", "pipelines/brief.yaml"]),
    ]
times = {name: [] for name, _ in commands}
for name, argv in commands:  # warm the page cache once
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(rounds):
    for name, argv in commands:
        start = time.perf_counter()
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times[name].append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{name} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
base = statistics.median(times["python3 -c pass"])
print(f"medians of {rounds} alternating rounds (wall time of the whole process):")
for name, _ in commands:
    m = statistics.median(times[name])
    print(f"  {name:<48} {m * 1000:7.1f} ms  {m / base:5.2f}x python")
PY
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
