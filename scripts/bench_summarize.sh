#!/usr/bin/env bash
# Speed of the summarize stage: articles/s and MB/s per method on the CNN/DM dev articles,
# then a linear-growth check (one document made of 1, 10, 100 and ~2900 concatenated
# articles, the last about 10 MB): MB/s should stay flat as documents grow.
#
#   scripts/bench_summarize.sh            # builds pipeline-bench in release mode first
#   SKIP_BUILD=1 scripts/bench_summarize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data/summarize/cnndm_dev100.jsonl
BENCH=.build/release/pipeline-bench
REPEAT=${REPEAT:-50}
if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product pipeline-bench >&2; fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "## Per method: $DATA ($(wc -l < "$DATA") articles), best of $REPEAT passes, one core"
printf "%-20s %10s %8s %10s\n" method articles/s MB/s ms/article
for m in lead auto textrank lexrank lexrank-continuous luhn; do
    line=$("$BENCH" --stage summarize --options "{\"method\":\"$m\"}" --corpus "$DATA" --repeat "$REPEAT")
    docs=$(sed -E 's/.*docs\/s=([0-9.]+).*/\1/' <<<"$line")
    mbs=$(sed -E 's/.*MB\/s=([0-9.]+).*/\1/' <<<"$line")
    ms=$(sed -E 's/.*ms\/doc=([0-9.]+).*/\1/' <<<"$line")
    printf "%-20s %10s %8s %10s\n" "$m" "$docs" "$mbs" "$ms"
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
printf "%-20s %6s %10s %10s %8s\n" method k bytes ms/doc MB/s
for m in auto textrank lexrank luhn; do
    for k in 1 10 100 2900; do
        r=$REPEAT; [ "$k" -ge 100 ] && r=3; [ "$k" -ge 2900 ] && r=1
        line=$("$BENCH" --stage summarize --options "{\"method\":\"$m\"}" --corpus "$TMP/concat$k.jsonl" --repeat "$r")
        bytes=$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<<"$line")
        mbs=$(sed -E 's/.*MB\/s=([0-9.]+).*/\1/' <<<"$line")
        ms=$(sed -E 's/.*ms\/doc=([0-9.]+).*/\1/' <<<"$line")
        printf "%-20s %6s %10s %10s %8s\n" "$m" "$k" "$bytes" "$ms" "$mbs"
    done
done
echo
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
