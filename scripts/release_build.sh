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
# - Profile-guided optimization (LLVM's IR-level PGO, round 28): an instrumented build first (in
#   .build-pgo), run over this repository's own texts by scripts/pgo_train.sh (never the peer
#   corpus the benchmarks' figures are of), whose merged counts the release build reads: LLVM
#   lays out the hot paths straight, inlines where the counts say calls are hot and keeps cold
#   code out of the loops.
#   ~4% less CPU on the brief and on strip + redact, byte-identical outputs. The profile is
#   made again only when the instrumented binary or the training scripts (pgo_train.sh,
#   pgo_corpus.py and the news_items.py it uses) change: it is kept under .build-release/pgo,
#   named by their checksum, so an unchanged checkout rebuilds nothing (an edit of the
#   documentation alone, which the training reads, keeps the profile made before it; a clean
#   clone trains on its own). `PIPELINE_PGO=0` builds without it, and so does a
#   toolchain without the profile runtime or llvm-profdata (with a warning). The flags go to the
#   frontend with `-Xfrontend`: swiftc's driver drops `-ir-profile-generate`/`-ir-profile-use`
#   (6.3.1), and the instrumented link gets the profile runtime by hand for the same reason.
#   Context-sensitive PGO on top (a second instrumented build, lld's `--lto-cs-profile-*`)
#   measured 1.000x and is not used.
release_scratch=.build-release
pgo_scratch=.build-pgo

# pgo_tools: sets `pgo_runtime` (the compiler's profile runtime library) and `pgo_profdata`
# (the toolchain's llvm-profdata: its profile format is the compiler's), or says what is
# missing and returns 1.
pgo_tools() {
  local swift_dir resource
  swift_dir=$(dirname "$(readlink -f "$(command -v swift)")")
  pgo_profdata=$swift_dir/llvm-profdata
  resource=$(swiftc -print-target-info 2>/dev/null | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p')
  pgo_runtime=$resource/clang/lib/linux/libclang_rt.profile-$(uname -m).a
  if [ ! -x "$pgo_profdata" ] || [ ! -f "$pgo_runtime" ] || ! command -v python3 >/dev/null; then
    echo "warning: no llvm-profdata beside swift, profile runtime ($pgo_runtime) or python3: building without profile-guided optimization (the brief ~4% slower)" >&2
    return 1
  fi
}

release_build() {
  # The help read whole, not piped to `grep -q` (which would stop reading and, under pipefail,
  # turn the writer's SIGPIPE into "no such option").
  local help lto=--experimental-lto-mode=thin
  help=$(swift build --help-hidden 2>/dev/null || true)
  if [[ $help != *--experimental-lto-mode* ]]; then
    echo "warning: this SwiftPM has no --experimental-lto-mode; building without ThinLTO (the brief ~2% slower)" >&2
    lto=
  fi
  local pgo=()
  if [ "${PIPELINE_PGO:-1}" != 0 ] && pgo_tools; then
    swift build -c release --static-swift-stdlib ${lto:+"$lto"} --product pipeline --scratch-path "$pgo_scratch" \
      -Xswiftc -Xfrontend -Xswiftc -ir-profile-generate \
      -Xlinker "$pgo_runtime" -Xlinker -u__llvm_profile_runtime
    local instrumented=$PWD/$pgo_scratch/release/pipeline stamp profile
    stamp=$(cat "$instrumented" scripts/pgo_train.sh scripts/pgo_corpus.py scripts/news_items.py | sha256sum | cut -c1-16)
    profile=$PWD/$release_scratch/pgo/pipeline-$stamp.profdata
    if [ ! -f "$profile" ]; then
      mkdir -p "$release_scratch/pgo"
      rm -f "$release_scratch"/pgo/*.profdata
      scripts/pgo_train.sh "$instrumented" "$pgo_profdata" "$profile.tmp"
      mv "$profile.tmp" "$profile"
    fi
    pgo=(-Xswiftc -Xfrontend -Xswiftc "-ir-profile-use=$profile")
  fi
  swift build -c release --static-swift-stdlib ${lto:+"$lto"} --product pipeline --scratch-path "$release_scratch" ${pgo[@]+"${pgo[@]}"}
  release_bin=$PWD/$release_scratch/release/pipeline
}
