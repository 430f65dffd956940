#!/usr/bin/env bash
# Throughput of the command stage on 300 documents (100 news articles, 200 short PII texts):
# the cost of one process per document (cat, tr, the Python example) against one persistent
# Python process. pipeline-bench runs documents one after another on one core; `pipeline run`
# overlaps one-shot processes with --jobs.
#
# usage: scripts/bench_command.sh          (from anywhere; builds pipeline-bench if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
BENCH=.build/release/pipeline-bench
[ -x "$BENCH" ] || swift build -c release --product pipeline-bench >&2

corpus=$(mktemp -d)/command_corpus.jsonl
python3 scripts/make_command_corpus.py "$DATA" > "$corpus"
echo "corpus: $(wc -l < "$corpus") documents, $(wc -c < "$corpus") bytes of JSON lines"

py='"run":["python3","Examples/python-stage/uppercase_title.py"]'
run() { # name repeat options-json
  printf '%-34s ' "$1"
  "$BENCH" --stage command --options "$3" --corpus "$corpus" --repeat "$2"
}
run "jsonl, cat, one-shot"            3 '{"run":["cat"]}'
run "text, tr a-z A-Z, one-shot"      3 '{"run":["tr","a-z","A-Z"],"protocol":"text"}'
run "text, Examples/shell-stage/wc.sh" 3 '{"run":["Examples/shell-stage/wc.sh"],"protocol":"text"}'
run "jsonl, cat, persistent"          3 '{"run":["cat"],"persistent":true}'
run "jsonl, python example, one-shot" 1 "{$py}"
# `python3` on PATH may be a version-manager shim (pyenv: a bash script, ~0.3 s per start);
# the distribution's interpreter shows the cost of Python itself.
if [ -x /usr/bin/python3 ]; then
  run "  same with /usr/bin/python3" 1 '{"run":["/usr/bin/python3","Examples/python-stage/uppercase_title.py"]}'
fi
run "jsonl, python example, persistent" 3 "{$py,\"persistent\":true}"
