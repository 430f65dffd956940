#!/usr/bin/env bash
# CI jobs (issue 13): pipeline tests with JUnit output, the ready pipelines against
# `pipeline schema` with an independent validator (Python jsonschema), a typo rejected, the
# SARIF report checked, and the shell steps of docs/ci.md run locally with the GitHub Actions
# variables set.
set -euo pipefail
cd "$(dirname "$0")/../.."
PIPELINE_BIN="${PIPELINE_BIN:-.build/debug/pipeline}"
out=out/ci-jobs
mkdir -p "$out"

echo "-- pipeline test pipelines/ (JUnit: $out/pipeline-tests.xml)"
"$PIPELINE_BIN" test pipelines/ --junit "$out/pipeline-tests.xml"
python3 - "$out/pipeline-tests.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
tests = int(root.get("tests")); failures = int(root.get("failures"))
assert tests > 0 and failures == 0, (tests, failures)
print(f"JUnit file parsed: {tests} tests, {failures} failures")
PY

echo "-- JSON Schema: every ready pipeline validates, typos are rejected"
venv="${PIPELINE_CI_VENV:-$HOME/.cache/pipeline-ci-venv}"
python=python3
if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import jsonschema, yaml' 2>/dev/null; then
    python3 -m venv "$venv" 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q jsonschema pyyaml
  fi
  python="$venv/bin/python"
fi
"$PIPELINE_BIN" schema > "$out/pipeline.schema.json"
"$python" scripts/check_pipeline_schema.py "$out/pipeline.schema.json"
if ! cmp -s "$out/pipeline.schema.json" pipelines/pipeline.schema.json; then
  echo "pipelines/pipeline.schema.json is stale: regenerate it with: $PIPELINE_BIN schema > pipelines/pipeline.schema.json" >&2
  exit 1
fi

echo "-- docs/ci.md: the GitHub Actions and GitLab CI shell steps, run locally (GITHUB_ACTIONS=true / GITLAB_CI=true)"
work=$(mktemp -d)
"$python" scripts/run_ci_doc_steps.py "$PIPELINE_BIN" "$work"
grep -q '^::error file=incoming/leak.txt,line=3,col=' "$work"/github-leak-gate.stderr || { echo "no ::error workflow command for the planted key" >&2; exit 1; }
grep -q 'Fail-on trips' "$work/step-summary.md" || { echo "the step summary was not appended" >&2; exit 1; }
"$python" scripts/check_sarif.py "$work/out/leaks.sarif"
python3 -c 'import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); print("JUnit report parsed:", r.get("tests"), "testcases,", r.get("failures"), "failures")' "$work/out/leaks.xml"
rm -rf "$work"
echo "-- pipeline new-stage: the scaffold's pipeline carries tests and they pass"
scaffold=$(mktemp -d)
"$PIPELINE_BIN" new-stage word-count --output "$scaffold" --pipeline-path "$PWD" >/dev/null
root=$PWD
(cd "$scaffold/word-count" && swift run -q --scratch-path "$root/.build" word-count-pipeline test pipeline.yaml)
rm -rf "$scaffold"
echo "ci-jobs: all checks passed"
