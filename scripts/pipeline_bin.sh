# Sourced (from the repository root) by the bench scripts that time the `pipeline` executable:
# sets `bin` to $PIPELINE_BIN when given, else builds .build/release/pipeline and uses that.
bin=${PIPELINE_BIN:-}
if [ -z "$bin" ]; then
  swift build -c release --product pipeline >/dev/null
  bin=$PWD/.build/release/pipeline
fi
