#!/usr/bin/env bash
# Speed of the translate stage's offline paths (stub, pseudo, glossary, detection only) on
# news articles: 100 CNN/DailyMail articles from ../shared/data, repeated to ~10 MB.
#   scripts/bench_translate.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data/summarize/cnndm_dev100.jsonl
[ -f "$DATA" ] || { echo "missing $DATA" >&2; exit 2; }
CORPUS=$(mktemp -t translate-corpus.XXXXXX.jsonl)
trap 'rm -f "$CORPUS"' EXIT
python3 - "$DATA" "$CORPUS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
with open(sys.argv[2], "w") as out:
    n = 0
    while out.tell() < 10_000_000:
        for r in rows:
            out.write(json.dumps({"id": f"{r['id']}-{n}", "text": r["text"]}) + "\n")
        n += 1
PY
swift build -c release --product pipeline-bench >/dev/null
BENCH=.build/release/pipeline-bench
GLOSSARY="$PWD/pipelines/glossaries/news.csv"
echo "corpus: $(wc -l < "$CORPUS") documents, $(du -h "$CORPUS" | cut -f1)"
run() {
    printf '%-34s ' "$1"
    "$BENCH" --stage translate --options "$2" --corpus "$CORPUS" --repeat 3
}
run "stub, from: en"                  '{"to":"fr","from":"en"}'
run "stub, from: auto (detection)"    '{"to":"fr"}'
run "stub pseudo, from: en"           '{"to":"fr","from":"en","stub-mode":"pseudo"}'
run "stub, 3 targets, from: en"       '{"to":["fr","de","es"],"from":"en"}'
run "glossary (21 terms), from: en"   "{\"to\":\"fr\",\"from\":\"en\",\"provider\":\"glossary\",\"glossary\":\"$GLOSSARY\",\"replace\":true}"
run "pass-through (to: en, detection)" '{"to":"en"}'
