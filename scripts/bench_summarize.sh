#!/usr/bin/env bash
# Speed of the summarize stage: articles/s and MB/s per method on the CNN/DM dev articles,
# then a linear-growth check (one document made of 1, 10, 100 and ~2900 concatenated
# articles, the last about 10 MB): MB/s should stay flat as documents grow.
#
# Two measures: `wall` is pipeline-bench's best pass (wall clock; inflated when the cores are
# shared), `cpu` is user+sys CPU time per pass, measured as the difference between a run with
# N passes and a run with 0 passes (which cancels loading the corpus), divided by N, from the
# child's getrusage (microsecond resolution).
#
#   scripts/bench_summarize.sh            # builds pipeline-bench in release mode first
#   SKIP_BUILD=1 REPEAT=50 scripts/bench_summarize.sh
#   BASELINE_BIN=OTHER/pipeline-bench [ROUNDS=7] scripts/bench_summarize.sh
#       also prints the CPU time per pass of `auto` against another build's pipeline-bench (e.g. main's),
#       the two alternating ROUNDS times, medians and their ratio (machine load affects both alike)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data/summarize/cnndm_dev100.jsonl
BENCH=.build/release/pipeline-bench
REPEAT=${REPEAT:-50}
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product pipeline-bench >&2; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# cpu_seconds METHOD CORPUS PASSES -> user+sys seconds of the whole run (getrusage of the child:
# microseconds, where /usr/bin/time's figures are in units of 10 ms)
cpu_seconds() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)' "$BENCH" --stage summarize --options "{\"method\":\"$1\"}" --corpus "$2" --repeat "$3"
}
# cpu_per_pass METHOD CORPUS PASSES -> seconds per pass
cpu_per_pass() {
    local with without
    with=$(cpu_seconds "$1" "$2" "$3")
    without=$(cpu_seconds "$1" "$2" 0)
    awk -v a="$with" -v b="$without" -v n="$3" 'BEGIN { d = (a - b) / n; if (d < 0) d = 0; print d }'
}

DOCS=$(wc -l < "$DATA")
BYTES=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$DATA")
echo "## Per method: $DATA ($DOCS articles, $BYTES bytes), one core"
printf "%-20s %12s %9s %12s | %12s %9s %12s\n" method "wall art/s" "wall MB/s" "wall ms/art" "cpu art/s" "cpu MB/s" "cpu ms/art"
for m in lead auto textrank lexrank lexrank-continuous luhn; do
    line=$("$BENCH" --stage summarize --options "{\"method\":\"$m\"}" --corpus "$DATA" --repeat "$REPEAT")
    docs=$(sed -E 's/.*docs\/s=([0-9.]+).*/\1/' <<<"$line")
    mbs=$(sed -E 's/.*MB\/s=([0-9.]+).*/\1/' <<<"$line")
    ms=$(sed -E 's/.*ms\/doc=([0-9.]+).*/\1/' <<<"$line")
    cpu=$(cpu_per_pass "$m" "$DATA" "$REPEAT")
    awk -v m="$m" -v d="$docs" -v mb="$mbs" -v ms="$ms" -v c="$cpu" -v n="$DOCS" -v b="$BYTES" \
        'BEGIN { printf "%-20s %12s %9s %12s | %12.0f %9.1f %12.4f\n", m, d, mb, ms, n / c, b / 1e6 / c, c * 1000 / n }'
done

python3 - "$DATA" "$TMP" <<'PY'
import json, sys
data, tmp = sys.argv[1], sys.argv[2]
texts = [json.loads(l)["text"] for l in open(data, encoding="utf-8") if l.strip()]
for k in (1, 10, 100, 2900):
    parts = [texts[i % len(texts)] for i in range(k)]
    with open(f"{tmp}/concat{k}.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": f"x{k}", "text": "\n\n".join(parts)}) + "\n")
PY

echo
echo "## Linear growth: one document of k concatenated articles"
printf "%-20s %6s %10s %12s %9s | %12s %9s\n" method k bytes "wall ms/doc" "wall MB/s" "cpu ms/doc" "cpu MB/s"
for m in auto textrank lexrank luhn; do
    for k in 1 10 100 2900; do
        r=$REPEAT; [ "$k" -ge 100 ] && r=10; [ "$k" -ge 2900 ] && r=4
        line=$("$BENCH" --stage summarize --options "{\"method\":\"$m\"}" --corpus "$TMP/concat$k.jsonl" --repeat "$r")
        bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<<"$line")
        mbs=$(sed -E 's/.*MB\/s=([0-9.]+).*/\1/' <<<"$line")
        ms=$(sed -E 's/.*ms\/doc=([0-9.]+).*/\1/' <<<"$line")
        cr=$r; [ "$k" -le 10 ] && cr=$((r * 20))
        cpu=$(cpu_per_pass "$m" "$TMP/concat$k.jsonl" "$cr")
        awk -v m="$m" -v k="$k" -v b="$bytes" -v ms="$ms" -v mb="$mbs" -v c="$cpu" \
            'BEGIN { printf "%-20s %6s %10s %12s %9s | %12.4f %9.1f\n", m, k, b, ms, mb, c * 1000, (c > 0 ? b / 1e6 / c : 0) }'
    done
done
echo
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

if [ -n "${BASELINE_BIN:-}" ]; then
    ROUNDS=${ROUNDS:-7}
    echo
    echo "## auto against $BASELINE_BIN: CPU per pass, $ROUNDS alternating rounds (medians)"
    this=() base=()
    for _ in $(seq "$ROUNDS"); do
        this+=("$(cpu_per_pass auto "$DATA" "$REPEAT")")
        base+=("$(BENCH=$BASELINE_BIN cpu_per_pass auto "$DATA" "$REPEAT")")
    done
    python3 - "$BYTES" "${#this[@]}" "${this[@]}" "${base[@]}" <<'PY'
import statistics, sys
size, n = int(sys.argv[1]), int(sys.argv[2])
this, base = [float(x) for x in sys.argv[3:3 + n]], [float(x) for x in sys.argv[3 + n:]]
t, b = statistics.median(this), statistics.median(base)
print(f"this build: {t * 1e3:.2f} ms CPU per pass ({size / 1e6 / t:.1f} MB/s); baseline: {b * 1e3:.2f} ms ({size / 1e6 / b:.1f} MB/s); speed ratio this/baseline {b / t:.2f}")
PY
fi
