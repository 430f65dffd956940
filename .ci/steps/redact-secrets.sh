#!/usr/bin/env bash
# Scores the redact `secret` detector on its suite (Tests/RedactTests/Fixtures/secrets_suite.jsonl)
# with the debug binary `swift test` already built, and fails when recall, precision or the
# false-flag rate fall below the figures of the commit that added the suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null || { echo "redact-secrets: python3 missing, skipped"; exit 0; }
bin="${PIPELINE_BIN:-.build/debug/pipeline}"
[ -x "$bin" ] || swift build --product pipeline
python3 scripts/score_secrets.py --binary "$bin" | tee /tmp/pipeline-secrets-score.txt
python3 - <<'PY'
import sys
row = [l.split() for l in open("/tmp/pipeline-secrets-score.txt") if l.startswith("ALL")][0]
recall, flagged, precision = float(row[2]), float(row[4]), float(row[5])
ok = recall >= 0.95 and precision >= 0.99 and flagged <= 0.03
print(f"redact-secrets: recall {recall}, precision {precision}, flagged {flagged}: {'ok' if ok else 'BELOW THE FLOOR'}")
sys.exit(0 if ok else 1)
PY
