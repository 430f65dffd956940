#!/usr/bin/env bash
# Speed of the export stage.
#
#   scripts/bench_export.sh [COPIES]     (default 20: 100 CNN/DM articles x 20 = 2,000 documents, ~7.5 MB)
#
# Builds a corpus from ../shared/data/summarize/cnndm_dev100.jsonl with the metadata earlier
# stages add (title, summary, a stub French translation, source), then
#  1. rendering to stdout, per format: `pipeline-bench --repeat 5` (best pass, in-process);
#  2. writing files: one `pipeline-bench --emit` pass per destination (per-document files with
#     {id}, sqlite upserts), wall time of the whole process minus the same run to stdout, so the
#     figure is the cost of the safe writes (temp file, fsync, link/rename, folder fsync) and of
#     the sqlite upserts. (pipeline-bench never calls `finish`, so combined files are not timed
#     here and the last sqlite batch is rolled back; see docs/stages/export.md.)
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES="${1:-20}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-export.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

swift build -c release --product pipeline-bench >/dev/null
BENCH=.build/release/pipeline-bench

python3 - "$COPIES" "$WORK/corpus.jsonl" <<'PY'
import json, sys
copies, out = int(sys.argv[1]), sys.argv[2]
docs = [json.loads(l) for l in open("../shared/data/summarize/cnndm_dev100.jsonl")]
with open(out, "w") as f:
    for c in range(copies):
        for d in docs:
            text = d["text"]
            sentences = text.split(". ")
            meta = {
                "title": sentences[0][:90],
                "summary": ". ".join(sentences[:3]) + ".",
                "translations": {"fr": "[fr] " + ". ".join(sentences[:3]) + "."},
                "translation-provider": "stub",
                "source": "inbox/%s.txt" % d["id"],
                "language": "en",
            }
            f.write(json.dumps({"id": "%s-%d" % (d["id"], c), "text": text, "metadata": meta}) + "\n")
PY
DOCS=$(wc -l < "$WORK/corpus.jsonl")
MB=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1])/1e6))" "$WORK/corpus.jsonl")
echo "corpus: $DOCS documents, $MB MB of JSON lines"
echo
echo "## rendering to stdout (in-process, best of 5)"
for f in text markdown html json jsonl csv; do
  printf '%-9s ' "$f"
  $BENCH --stage export --options "{\"format\":\"$f\"}" --corpus "$WORK/corpus.jsonl" --repeat 5
done
echo
echo "## writing (one pass, wall time of the process minus the same run to stdout)"
timed() { python3 - "$@" <<'PY'
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print("%.3f" % (time.perf_counter() - t))
PY
}
run_case() { # name options
  local name="$1" options="$2" base t0 t1
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  base=$(cd "$WORK/out" && timed "$OLDPWD/$BENCH" --stage export --options "$3" --corpus "$WORK/corpus.jsonl" --emit)
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  t1=$(cd "$WORK/out" && timed "$OLDPWD/$BENCH" --stage export --options "$options" --corpus "$WORK/corpus.jsonl" --emit)
  python3 - "$name" "$DOCS" "$base" "$t1" "$WORK/out" <<'PY'
import os, sys
name, docs, base, t, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
files = sum(len(f) for _, _, f in os.walk(out))
extra = max(t - base, 1e-9)
print("%-34s total %.3fs  stdout run %.3fs  => %.3f ms/doc for the writes (%d files)" % (name, t, base, extra * 1000 / docs, files))
PY
}
run_case "markdown, one file per document" '{"format":"markdown","path":"briefs/{id}.md"}' '{"format":"markdown"}'
run_case "html, one file per document" '{"format":"html","path":"briefs/{id}.html"}' '{"format":"html"}'
run_case "json, one file per document" '{"format":"json","path":"json/{date}/{id}.json"}' '{"format":"json"}'
run_case "markdown, per document, sync: each" '{"format":"markdown","path":"briefs/{id}.md","sync":"each"}' '{"format":"markdown"}'
run_case "markdown, per document, sync: none" '{"format":"markdown","path":"briefs/{id}.md","sync":"none"}' '{"format":"markdown"}'
run_case "sqlite upsert (batches of 512)" '{"format":"sqlite","path":"briefs.sqlite"}' '{"format":"jsonl"}'
