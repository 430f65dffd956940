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
#   docs/performance-log.md), with byte-identical outputs. A SwiftPM without the option (asked
#   once, from `swift build --help-hidden`) gets the plain build, with a warning; a build that
#   fails for any other reason fails here, once, with its own errors.
release_scratch=.build-release
release_build() {
  # The help read whole, not piped to `grep -q` (which would stop reading and, under pipefail,
  # turn the writer's SIGPIPE into "no such option").
  local help lto=--experimental-lto-mode=thin
  help=$(swift build --help-hidden 2>/dev/null || true)
  if [[ $help != *--experimental-lto-mode* ]]; then
    echo "warning: this SwiftPM has no --experimental-lto-mode; building without ThinLTO (the brief ~2% slower)" >&2
    lto=
  fi
  swift build -c release --static-swift-stdlib ${lto:+"$lto"} --product pipeline --scratch-path "$release_scratch"
  release_bin=$PWD/$release_scratch/release/pipeline
}
