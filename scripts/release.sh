#!/usr/bin/env bash
# Builds a release archive of `pipeline` that runs without Swift:
#   pipeline-VERSION-linux-ARCH.tar.gz (+ .sha256) holding
#     pipeline            one executable: Swift runtime and Foundation linked in (--static-swift-stdlib),
#                         the stages' data (phrase lists, name lists, rule catalogues, templates) inside
#     pipelines/          the ready pipelines and their samples
#     LICENSE, NOTICE     this project's licence and the credits of every data source shipped
#     licenses/           the licence texts of those data sources
#     README.md
# At run time the binary needs glibc and SQLite (libsqlite3.so.0: `libsqlite3-0` on Debian/Ubuntu),
# which every mainstream distribution ships; linking the distribution's copy keeps its security
# updates with the system. The LibreTranslate provider loads libcurl (`libcurl4`) with dlopen when
# a pipeline uses it, so the binary does not link it.
#
#   scripts/release.sh [--output DIR]      (default DIR: out/release)
set -euo pipefail
cd "$(dirname "$0")/.."
output=out/release
while [ $# -gt 0 ]; do
  case "$1" in
    --output) output=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--output DIR]" >&2; exit 2 ;;
  esac
done

# The release build (ThinLTO, profile-guided optimization, Swift runtime linked in):
# scripts/release_build.sh says how.
. scripts/release_build.sh
release_build
build="$release_scratch/release"
version=$("$build/pipeline" --version)
arch=$(uname -m)
name="pipeline-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/licenses" "$output"

# Strip debug info first (strip rewrites the file and would drop an appended payload), then embed.
cp "$build/pipeline" "$stage/pipeline.stripped"
strip --strip-debug "$stage/pipeline.stripped"
python3 scripts/embed_resources.py "$stage/pipeline.stripped" "$build" "$stage/$name/pipeline"

# The ready pipelines as the repository tracks them, not what runs left beside them (a run of
# pipelines/export-formats.yaml writes its briefs, SQLite file and index under pipelines/out,
# which git ignores: copied whole, a developer's outputs went into the archive). Outside a git
# checkout (a source tarball) the folder is copied less any out/ in it.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z pipelines | xargs -0 cp --parents -t "$stage/$name"
else
  cp -R pipelines "$stage/$name/pipelines"
  find "$stage/$name/pipelines" -type d -name out -prune -exec rm -rf {} +
fi
cp LICENSE NOTICE README.md "$stage/$name/"
find Sources -name 'LICENSE*' -type f | while read -r f; do
  cp "$f" "$stage/$name/licenses/$(basename "$(dirname "$f")")-$(basename "$f")"
done

if ldd "$stage/$name/pipeline" | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime'; then
  echo "error: the binary still links a Swift runtime library (above)" >&2
  exit 1
fi

archive="$output/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$archive" "$name"
(cd "$output" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "wrote $archive ($(du -h "$archive" | cut -f1)) and $archive.sha256"
