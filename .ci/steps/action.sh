#!/usr/bin/env bash
# End-to-end test of the GitHub Action's shell steps (scripts/action/*.sh) and of a single-file
# binary: packs the debug build like scripts/release.sh does (resources embedded), installs it with
# the action's install step from that archive, runs the action's run step with the variables GitHub
# sets, and checks outputs, reports and exit codes. (The release build itself is too slow for every
# CI run on two cores; scripts/release.sh is run by hand and its figures are in the README.)
set -euo pipefail
bin=${PIPELINE_BIN:-.build/debug/pipeline}
build=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

version=$("$bin" --version)
name="pipeline-$version-linux-$(uname -m)"
mkdir -p "$tmp/stage/$name" "$tmp/dist"
python3 scripts/embed_resources.py "$bin" "$build" "$tmp/stage/$name/pipeline" >/dev/null
cp -R pipelines "$tmp/stage/$name/"
cp LICENSE NOTICE README.md "$tmp/stage/$name/"
tar -C "$tmp/stage" -czf "$tmp/dist/$name.tar.gz" "$name"
(cd "$tmp/dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

export GITHUB_ACTIONS=true GITHUB_ACTION_PATH=$PWD RUNNER_TEMP=$tmp/runner
export GITHUB_OUTPUT=$tmp/github_output GITHUB_PATH=$tmp/github_path GITHUB_STEP_SUMMARY=$tmp/step_summary
mkdir -p "$RUNNER_TEMP"; : > "$GITHUB_OUTPUT"; : > "$GITHUB_PATH"; : > "$GITHUB_STEP_SUMMARY"

echo "-- install step from a release archive"
INPUT_ARCHIVE="$tmp/dist/$name.tar.gz" bash scripts/action/install.sh
installed="$(cat "$GITHUB_PATH")/pipeline"
[ "$("$installed" --version)" = "$version" ] || { echo "FAIL: installed binary's version"; exit 1; }

echo "-- a copied binary runs from an empty folder with its data inside (env -i)"
empty="$tmp/empty"; mkdir -p "$empty"; cp "$installed" "$empty/"; cp -R pipelines "$empty/"
(cd "$empty" && env -i PATH=/usr/bin:/bin XDG_CACHE_HOME="$tmp/cache" ./pipeline run pipelines/brief.yaml < /dev/null > "$tmp/brief.md")
grep -q '^# ' "$tmp/brief.md" || { echo "FAIL: no brief printed"; exit 1; }
ls "$tmp/cache/pipeline" | grep -q '^resources-' || { echo "FAIL: the embedded resources were not used"; exit 1; }

echo "-- run step: a leak trips the gate, exit code and reports come out, the step itself exits 0"
printf 'Deploy with token ghp_R7dkP2mQ9xLw4TzB8vNc3YhJ6sKf1GaE5uWo please.\n' > "$tmp/leak.txt"
PATH="$(cat "$GITHUB_PATH"):$PATH" INPUT_PIPELINE=pipelines/redact.yaml INPUT_INPUTS="$tmp/leak.txt" \
  INPUT_ARGS="--jobs 1" INPUT_REPORTS="$tmp/reports/run.json" bash scripts/action/run.sh > "$tmp/run.out" 2> "$tmp/run.err"
grep -qx 'exit-code=1' "$GITHUB_OUTPUT" || { echo "FAIL: expected exit-code=1 in GITHUB_OUTPUT:"; cat "$GITHUB_OUTPUT"; cat "$tmp/run.err"; exit 1; }
[ -s "$tmp/reports/run.json" ] || { echo "FAIL: no JSON report"; exit 1; }
if grep -q 'R7dkP2mQ9x' "$tmp/reports/run.json" "$tmp/run.err"; then echo "FAIL: the secret leaked into a report or message"; exit 1; fi

echo "-- run step: a clean input gives exit-code=0"
: > "$GITHUB_OUTPUT"
echo "Nothing to see here." > "$tmp/clean.txt"
PATH="$(cat "$GITHUB_PATH"):$PATH" INPUT_PIPELINE=pipelines/redact.yaml INPUT_INPUTS="$tmp/clean.txt" bash scripts/action/run.sh > /dev/null 2>&1
grep -qx 'exit-code=0' "$GITHUB_OUTPUT" || { echo "FAIL: expected exit-code=0"; cat "$GITHUB_OUTPUT"; exit 1; }
echo "action: 4 passed, 0 failed"
