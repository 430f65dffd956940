#!/usr/bin/env bash
# Wall time of the whole `pipeline` binary (release build):
#   1. `pipeline run pipelines/brief.yaml` on the bundled sample (best of 5),
#   2. a 10,000-document --jsonl run of brief.yaml's stages (news-sized documents),
#   3. peak memory of a ~200 MB JSON-lines stream through strip+redact (bounded memory check).
# Usage: scripts/bench_runner.sh   (reads ../shared/data/summarize/cnndm_dev100.jsonl when present)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pipeline >/dev/null
bin=.build/release/pipeline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best=999
for _ in 1 2 3 4 5; do
  s=$(date +%s.%N); $bin run pipelines/brief.yaml >/dev/null; e=$(date +%s.%N)
  best=$(python3 -c "print(min($best, $e - $s))")
done
printf 'brief.yaml on the sample: %.3f s (best of 5)\n' "$best"

corpus=../shared/data/summarize/cnndm_dev100.jsonl
python3 - "$corpus" "$tmp/10k.jsonl" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
texts = []
if os.path.exists(src):
    texts = [json.loads(l)["text"] for l in open(src)]
else:
    texts = [open("pipelines/samples/talks-stall.txt").read()]
with open(dst, "w") as f:
    for i in range(10000):
        body = texts[i % len(texts)]
        f.write(json.dumps({"id": f"doc-{i}", "text": f"Hello team,\n\n{body}\n\nBest regards,\nAna\n"}) + "\n")
PY
cat > "$tmp/stages.yaml" <<'YAML'
stages:
  - strip-salutations
  - redact
  - summarize
  - translate
YAML
mb=$(python3 -c "import os; print(round(os.path.getsize('$tmp/10k.jsonl')/1e6, 1))")
s=$(date +%s.%N); $bin run "$tmp/stages.yaml" --jsonl "$tmp/10k.jsonl" > "$tmp/out.jsonl"; e=$(date +%s.%N)
n=$(wc -l < "$tmp/out.jsonl")
python3 -c "t=$e-$s; print(f'10,000-document --jsonl run ({$mb} MB, jobs=$(nproc)): {t:.2f} s, {10000/t:.0f} docs/s, {$mb/t:.1f} MB/s, {$n} lines out')"

# Bounded memory: ~200 MB of JSON lines streamed from stdin.
for _ in $(seq 1 20); do cat "$tmp/10k.jsonl"; done > "$tmp/big.jsonl"
size=$(python3 -c "import os; print(round(os.path.getsize('$tmp/big.jsonl')/1e6))")
cat > "$tmp/stream.yaml" <<'YAML'
stages:
  - strip-salutations
  - redact: {entities: [email, phone, url]}
YAML
/usr/bin/time -f "%M %e" -o "$tmp/time.txt" $bin run "$tmp/stream.yaml" --jsonl < "$tmp/big.jsonl" > /dev/null
read -r rss secs < "$tmp/time.txt"
echo "streamed ${size} MB of JSON lines through strip+redact: ${secs} s, peak RSS $((rss / 1024)) MB"
