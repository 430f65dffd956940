#!/usr/bin/env bash
# The GitHub Action's install step: puts `pipeline` on PATH, from INPUT_ARCHIVE (a path or an https
# URL of a release archive, checked against its .sha256 when one is beside it) or, when empty, by
# building the release archive from the action's own source (scripts/release.sh).
# Reads GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_PATH, like GitHub sets them.
set -euo pipefail
action=${GITHUB_ACTION_PATH:?set by GitHub}
tmp=${RUNNER_TEMP:-$(mktemp -d)}/pipeline-action
mkdir -p "$tmp"
archive=${INPUT_ARCHIVE:-}
case "$archive" in
  https://*)
    curl --fail --silent --show-error --location --output "$tmp/pipeline.tar.gz" "$archive"
    if curl --fail --silent --location --output "$tmp/pipeline.tar.gz.sha256" "$archive.sha256"; then
      want=$(cut -d' ' -f1 < "$tmp/pipeline.tar.gz.sha256")
      echo "$want  $tmp/pipeline.tar.gz" | sha256sum --check --status || { echo "::error::$archive does not match its .sha256"; exit 1; }
    fi
    archive="$tmp/pipeline.tar.gz" ;;
  "")
    (cd "$action" && scripts/release.sh --output "$tmp/release")
    archive=$(ls "$tmp"/release/pipeline-*.tar.gz) ;;
esac
"$action/scripts/install.sh" --prefix "$tmp/install" --archive "$archive"
echo "$tmp/install/bin" >> "${GITHUB_PATH:-/dev/null}"
