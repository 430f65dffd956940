#!/usr/bin/env bash
# The Spark integration (integrations/spark): unit tests, then end-to-end runs of run_spark.py on
# local[2] compared record by record with single-process `pipeline run` (10,000 generated items,
# a run with failing documents and a merged report, text files, a crashing worker, a refused
# combined export).
#
# pyspark (and PyYAML) go into a venv cached outside the clone, created once:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-ci/spark-venv
# Skipped with a message when Java 17+ is missing or pyspark cannot be installed.
# Uses $PIPELINE_BIN (the debug binary .ci/run built) or builds one.
set -euo pipefail
cd "$(dirname "$0")/../.."

unit_tests() {
  echo "spark: unit tests (no Spark needed)"
  "$1" -m unittest discover -s integrations/spark/tests -p 'test_units.py'
}

java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -1 |
    awk '{ if ($1 == 1) print $2; else print $1 }'
}
major=$(java_major)
if [ "${major:-0}" -lt 17 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "spark: installing a Java runtime (found Java ${major:-none}; Spark 4 needs 17+)"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null 2>&1 || true
    major=$(java_major)
  fi
fi
if [ "${major:-0}" -lt 17 ]; then
  unit_tests python3
  echo "spark: SKIPPED the end-to-end tests: Java 17 or later is needed (found: ${major:-none})"
  exit 0
fi

venv="${XDG_CACHE_HOME:-$HOME/.cache}/pipeline-ci/spark-venv"
if ! "$venv/bin/python" -c 'import pyspark, yaml' >/dev/null 2>&1; then
  echo "spark: creating $venv with pyspark and PyYAML (once)"
  rm -rf "$venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q pyspark pyyaml; }; then
    unit_tests python3
    echo "spark: SKIPPED the end-to-end tests: pyspark could not be installed into $venv"
    rm -rf "$venv"
    exit 0
  fi
fi
"$venv/bin/python" -c 'import pyspark; print("spark: pyspark", pyspark.__version__)'

if [ -z "${PIPELINE_BIN:-}" ] || [ ! -x "$PIPELINE_BIN" ]; then
  echo "spark: building the pipeline binary (swift build)"
  swift build --product pipeline
  PIPELINE_BIN="$PWD/.build/debug/pipeline"
fi
export PIPELINE_BIN
unit_tests "$venv/bin/python"

start=$(date +%s)
log=$(mktemp)
set +e
"$venv/bin/python" -m unittest -v integrations/spark/tests/test_spark_e2e.py 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' "$log" | tail -1)
bad=$(grep -cE '\.\.\. (FAIL|ERROR)$' "$log" || true)
skipped=$(grep -cE '\.\.\. skipped' "$log" || true)
rm -f "$log"
echo "spark: end-to-end took $(( $(date +%s) - start ))s"
echo "spark: $(( ${ran:-0} - bad - skipped )) passed, $bad failed, $skipped skipped"
exit "$status"
