#!/usr/bin/env bash
# The GitHub Action's run step: `pipeline run INPUT_PIPELINE INPUT_INPUTS INPUT_ARGS --report …` with
# GitHub annotations on; writes `exit-code` (and `sarif`, when asked for) to GITHUB_OUTPUT and
# always exits 0, so the reports are uploaded before a later step fails the job.
set -uo pipefail
bin=$(command -v pipeline || true)
[ -n "$bin" ] || bin="${RUNNER_TEMP:-/tmp}/pipeline-action/install/bin/pipeline"
args=(run "${INPUT_PIPELINE:?the pipeline input is required}")
read -r -a inputs <<< "${INPUT_INPUTS:-}"
read -r -a extra <<< "${INPUT_ARGS:-}"
read -r -a reports <<< "${INPUT_REPORTS:-}"
args+=("${inputs[@]}" "${extra[@]}")
sarif=""
for report in "${reports[@]}"; do
  mkdir -p "$(dirname "${report#*:}")"
  args+=(--report "$report")
  case "$report" in *.sarif|sarif:*) sarif=${report#sarif:} ;; esac
done
GITHUB_ACTIONS=${GITHUB_ACTIONS:-true} "$bin" "${args[@]}" < /dev/null
code=$?
{
  echo "exit-code=$code"
  echo "sarif=$sarif"
} >> "${GITHUB_OUTPUT:-/dev/null}"
exit 0
