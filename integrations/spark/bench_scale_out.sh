#!/usr/bin/env bash
# Scale-out figures for docs/scale-out.md: documents per second of one pipeline over N generated
# items, as a single process (one core, two cores, through a pipe), with GNU parallel, and with
# run_spark.py on local[1] and local[2]; plus Spark's own overheads: session start (JVM), and a
# pass-through run whose "binary" only copies lines (reading, Python, pipes, serialization,
# writing). Every run's output is checked against the single process's.
#
#   integrations/spark/bench_scale_out.sh [ITEMS] [RUNS]
#   PIPELINE_BIN=.build/release/pipeline SPARK_PYTHON=~/.cache/pipeline-ci/spark-venv/bin/python \
#     integrations/spark/bench_scale_out.sh 20000 3
#
# Prints one line per configuration: the median wall time of RUNS runs and documents/s, and the
# median CPU time of the whole process tree, documents per CPU-second (what one core does) and
# microseconds of CPU per document. Wall times need an idle machine; CPU times hold up under load.
set -euo pipefail
cd "$(dirname "$0")/../.."
items=${1:-20000}
runs=${2:-3}
bin=${PIPELINE_BIN:-.build/release/pipeline}
python=${SPARK_PYTHON:-${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-ci/spark-venv/bin/python}
pipeline=integrations/spark/tests/fixtures/pipelines/bench.yaml
[ -x "$bin" ] || { echo "no binary at $bin (swift build -c release, or set PIPELINE_BIN)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 integrations/spark/tests/generate_items.py "$items" > "$work/items.jsonl"
# GNU parallel's chunks are read from stdin, so every record carries its own id and source there.
python3 - "$work/items.jsonl" "$work/items-ided.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as dst:
    for n, line in enumerate(src, 1):
        if line.strip():
            r = json.loads(line)
            r.setdefault("id", f"items-{n}")
            r.setdefault("metadata", {}).setdefault("source", sys.argv[1])
            dst.write(json.dumps(r, ensure_ascii=False) + "\n")
EOF
echo "items: $items ($(du -h "$work/items.jsonl" | cut -f1)), binary: $bin, pipeline: $pipeline, runs: $runs, $(nproc) cores, load now: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# time_runs LABEL EXPECTED_OUTPUT COMMAND...: runs COMMAND (stdout to $work/out) RUNS times and
# prints the medians of wall and CPU time (measure_command.py), and whether the output matches.
time_runs() {
  local label=$1 expected=$2; shift 2
  local walls=() cpus=() wall cpu code
  for _ in $(seq "$runs"); do
    rm -rf "$work/spark-out"
    read -r wall cpu code < <(python3 integrations/spark/measure_command.py "$work/out" "$work/err" "$@")
    if [ "$code" != 0 ] && [ "$code" != 1 ]; then cat "$work/err" >&2; exit 1; fi
    walls+=("$wall"); cpus+=("$cpu")
  done
  local out="$work/out"
  [ -d "$work/spark-out" ] && { cat "$work/spark-out"/part-* > "$work/out-spark"; out="$work/out-spark"; }
  local same=""
  if [ -n "$expected" ]; then
    if cmp -s "$out" "$expected"; then same="same records"; else same="OUTPUT DIFFERS"; fi
  fi
  local w c
  w=$(printf '%s\n' "${walls[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  printf '%-46s wall %7.2f s %6.0f docs/s | CPU %7.2f s %6.0f docs/CPU-s %6.0f us/doc  %s\n' "$label" "$w" \
    "$(echo "$items / $w" | bc -l)" "$c" "$(echo "$items / $c" | bc -l)" "$(echo "$c * 1000000 / $items" | bc -l)" "$same"
}

"$bin" run "$pipeline" --jsonl "$work/items.jsonl" --jobs 1 > "$work/expected"
"$bin" run "$pipeline" --jsonl "$work/items-ided.jsonl" --jobs 1 > "$work/expected-ided"
time_runs "single process, --jobs 1 (file)" "$work/expected" "$bin" run "$pipeline" --jsonl "$work/items.jsonl" --jobs 1
time_runs "single process, --jobs 1 (stdin pipe)" "$work/expected-ided" sh -c "cat '$work/items-ided.jsonl' | '$bin' run '$pipeline' --jsonl --jobs 1"
time_runs "single process, --jobs 2" "$work/expected" "$bin" run "$pipeline" --jsonl "$work/items.jsonl" --jobs 2
if command -v parallel >/dev/null 2>&1; then
  time_runs "GNU parallel --pipepart -j 2 (--jobs 1 each)" "$work/expected-ided" \
    parallel --pipepart -a "$work/items-ided.jsonl" --block -1 -j 2 --keep-order "$bin" run "$pipeline" --jsonl --jobs 1
else
  echo "GNU parallel: not installed (apt-get install parallel)"
fi

if ! "$python" -c 'import pyspark' 2>/dev/null; then
  echo "Spark: skipped (no pyspark for $python)"
  exit 0
fi
# The Spark session alone: JVM start, Py4J, context, stop.
time_runs "Spark session start and stop only (JVM)" "" "$python" -c "$(cat <<'PY'
from pyspark.sql import SparkSession
spark = SparkSession.builder.master("local[2]").getOrCreate()
gateway = spark.sparkContext._gateway
spark.stop()
gateway.shutdown()
gateway.proc.stdin.close()
gateway.proc.wait()
PY
)"
# A binary that only copies its input: what Spark, Python and the pipes cost per document.
cat > "$work/copy-binary" <<'EOF'
#!/bin/sh
[ "$1" = run ] || exit 0
report=""; while [ $# -gt 0 ]; do [ "$1" = --report ] && report=$2; shift; done
cat
printf '{"items": [], "documents": {}, "exit-code": 0}\n' > "$report"
EOF
chmod +x "$work/copy-binary"
time_runs "run_spark.py local[2], copying binary (overhead)" "" \
  "$python" integrations/spark/run_spark.py "$pipeline" "$work/items.jsonl" "$work/spark-out" --master 'local[2]' --binary "$work/copy-binary"
time_runs "run_spark.py local[1]" "$work/expected" \
  "$python" integrations/spark/run_spark.py "$pipeline" "$work/items.jsonl" "$work/spark-out" --master 'local[1]' --binary "$bin" --partitions 1
time_runs "run_spark.py local[2]" "$work/expected" \
  "$python" integrations/spark/run_spark.py "$pipeline" "$work/items.jsonl" "$work/spark-out" --master 'local[2]' --binary "$bin" --partitions 2
