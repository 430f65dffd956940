#!/usr/bin/env bash
# Regenerates the option table of every stage page in docs/stages from the stage's spec (the one
# declaration of its options): the lines between "<!-- options:begin ... -->" and
# "<!-- options:end -->" become `pipeline describe STAGE --markdown`. StageDocsTests fails while a
# page's table differs from its spec, naming this script.
#
# Usage: scripts/update_stage_docs.sh            (builds the debug binary first)
#        PIPELINE_BIN=path/to/pipeline scripts/update_stage_docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${PIPELINE_BIN:-}"
if [ -z "$bin" ]; then
  swift build --product pipeline >/dev/null
  bin=.build/debug/pipeline
fi
for page in docs/stages/*.md; do
  stage=$(basename "$page" .md)
  if ! grep -q '^<!-- options:begin' "$page"; then
    echo "$page: no options markers, left as it is"
    continue
  fi
  table=$(mktemp)
  "$bin" describe "$stage" --markdown > "$table"
  awk -v table="$table" '
    index($0, "<!-- options:begin") == 1 { print; while ((getline line < table) > 0) print line; skipping = 1; next }
    index($0, "<!-- options:end -->") == 1 { skipping = 0 }
    !skipping { print }
  ' "$page" > "$page.tmp"
  mv "$page.tmp" "$page"
  rm -f "$table"
  echo "$page: option table regenerated"
done
