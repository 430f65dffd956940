#!/usr/bin/env bash
# Reliability in CI: every libFuzzer target for a bounded time (FUZZ_SECONDS each, default 40,
# so about 3 minutes in all, plus the instrumented build), starting from the seed corpus.
# Skips the libFuzzer part with a message when this toolchain cannot build with
# -sanitize=fuzzer, and then runs the seeded mutation pass of FuzzRegressionTests longer
# instead. The fault-injection tests (signals, full disks, read-only folders, closed stdout)
# run in the main `swift test` (EndToEndTests/FaultInjectionTests, PipelineRunnerTests/
# ReliabilityTests); this step needs root only for their tmpfs cases, which skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${FUZZ_SECONDS:-40}"
probe=$(mktemp -d)
cat > "$probe/probe.swift" <<'SWIFT'
@_cdecl("LLVMFuzzerTestOneInput")
public func probe(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { 0 }
SWIFT
if swiftc -sanitize=fuzzer -parse-as-library "$probe/probe.swift" -o "$probe/probe" >/dev/null 2>&1; then
  rm -rf "$probe"
  status=0
  # A fixed seed keeps CI reproducible: the same tree fuzzes the same inputs. Long runs
  # with fresh seeds are scripts/fuzz.sh's job; their findings land in regressions/.
  FUZZ_SEED="${FUZZ_SEED:-20261202}" FUZZ_BUILD=debug scripts/fuzz.sh "$seconds" || status=$?
  if [ "$status" = 3 ]; then
    echo "reliability: the instrumented build of Fuzz/ failed (see above); running the seeded mutation pass instead"
    PIPELINE_FUZZ_ITERATIONS=3000 swift test --filter FuzzRegressionTests
  elif [ "$status" != 0 ]; then
    exit "$status"
  fi
else
  rm -rf "$probe"
  echo "reliability: this toolchain cannot link -sanitize=fuzzer; skipping libFuzzer, running the seeded mutation pass instead"
  PIPELINE_FUZZ_ITERATIONS=3000 swift test --filter FuzzRegressionTests
fi
