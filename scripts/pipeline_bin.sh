# Sourced (from the repository root) by the bench scripts that time the `pipeline` executable:
# sets `bin` to $PIPELINE_BIN when given, else makes the release build as scripts/release.sh
# does (scripts/release_build.sh: ThinLTO and profile-guided optimization, in .build-release)
# and uses that: the figures are the shipped binary's. (A plain `swift build -c release` takes
# ~5% more CPU on the brief: 1.053x in round 28.)
bin=${PIPELINE_BIN:-}
if [ -z "$bin" ]; then
  . scripts/release_build.sh
  release_build >/dev/null
  bin=$release_bin
fi

# copy_binary PATH DIR: copies the executable PATH to DIR/pipeline (DIR is made) and prints that
# path. The start-up benchmarks time copies, never a build's file in place: on this machine a copy
# made with cp starts ~0.3 ms sooner (3-4% of `run pipelines/brief.yaml`, measured on two builds)
# than the same bytes as the linker wrote them, with the same system calls, so timing one build in
# place against a copy of another favours the copy, and an installed binary (scripts/install.sh
# copies it) starts like the copy.
copy_binary() {
  mkdir -p "$2"
  cp "$1" "$2/pipeline"
  echo "$2/pipeline"
}

# copy_binaries DIR: makes `bin`, and `baseline` when set, copies of themselves under DIR.
copy_binaries() {
  bin=$(copy_binary "$bin" "$1/this")
  if [ -n "${baseline:-}" ]; then baseline=$(copy_binary "$baseline" "$1/baseline"); fi
}
