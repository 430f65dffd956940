# Sourced (from the repository root) by scripts/release.sh and scripts/pipeline_bin.sh: the one
# place that says how the release `pipeline` is built, so that the benchmarks time the binary
# that ships.
#
#   release_build          builds it; sets `release_bin` to its path
#
# The build goes to its own scratch folder (.build-release), so it never rebuilds the modules of
# a plain `swift build -c release` in .build (other flags) and a plain build never rebuilds it.
# - `--static-swift-stdlib`: Package.swift links the `pipeline` executable with -static-stdlib
#   already; the flag keeps the dependencies' products consistent with it.
# - `--experimental-lto-mode=thin`: LLVM's ThinLTO over every module, linked with the toolchain's
#   lld (the Swift driver picks it for LTO). With the whole program at link time, functions with
#   one caller are inlined across modules and within them (the sentence scanner's `scan` into
#   `next`, summarize's weights into their caller, the JSON reader's unescaping into its string
#   read): the brief's three stages take ~1.7% less CPU, strip + redact ~1% (round 27 in
#   docs/performance-log.md), with byte-identical outputs. A toolchain whose SwiftPM lacks the
#   option gets the plain build, with a warning.
release_scratch=.build-release
release_build() {
  if ! swift build -c release --static-swift-stdlib --experimental-lto-mode=thin --product pipeline \
      --scratch-path "$release_scratch" "$@"; then
    echo "warning: the ThinLTO build failed; building without it (the brief ~2% slower)" >&2
    swift build -c release --static-swift-stdlib --product pipeline --scratch-path "$release_scratch" "$@"
  fi
  release_bin=$PWD/$release_scratch/release/pipeline
}
