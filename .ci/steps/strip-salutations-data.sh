#!/usr/bin/env bash
# strip-salutations data: the CLDR calendar file and the generated mail corpus must be what their scripts produce.
# Regenerates both into a temporary folder with the pinned Babel (CLDR) version and diffs them with the committed
# files. Skips with a message when Python or Babel cannot be installed (no network).
set -euo pipefail
BABEL_VERSION=2.19.0
if ! command -v python3 >/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-pip >/dev/null || { echo "skip: python3 unavailable"; exit 0; }
fi
if ! python3 -c "import babel, sys; sys.exit(babel.__version__ != '$BABEL_VERSION')" 2>/dev/null; then
  python3 -m pip install -q "babel==$BABEL_VERSION" 2>/dev/null || python3 -m pip install -q --break-system-packages "babel==$BABEL_VERSION" 2>/dev/null \
    || { echo "skip: cannot install babel==$BABEL_VERSION"; exit 0; }
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 scripts/build_mail_calendar.py "$TMP/calendar.tsv"
python3 scripts/build_mail_corpus.py "$TMP/mail_corpus.jsonl"
diff -q "$TMP/calendar.tsv" Sources/Stages/StripSalutations/Mail/calendar.tsv
diff -q "$TMP/mail_corpus.jsonl" Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl
echo "strip-salutations data: calendar.tsv and mail_corpus.jsonl match their generators"
