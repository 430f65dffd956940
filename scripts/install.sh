#!/usr/bin/env bash
# Installs `pipeline` into PREFIX/bin (default ~/.local), from a release archive or from source.
#
#   scripts/install.sh [--prefix DIR] [--archive pipeline-VERSION-linux-ARCH.tar.gz]
#
# With --archive, its .sha256 (beside it) is checked when present and the binary is taken from it;
# without, scripts/release.sh builds one first (needs Swift 6.1+ and libsqlite3-dev).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
prefix="$HOME/.local" archive=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--prefix DIR] [--archive FILE]" >&2; exit 2 ;;
  esac
done

if [ -z "$archive" ]; then
  out=$(mktemp -d)
  "$here/scripts/release.sh" --output "$out" >&2
  archive=$(ls "$out"/pipeline-*.tar.gz)
fi
[ -f "$archive" ] || { echo "error: no archive at $archive" >&2; exit 2; }
if [ -f "$archive.sha256" ]; then
  (cd "$(dirname "$archive")" && sha256sum --check --status "$(basename "$archive").sha256") \
    || { echo "error: $archive does not match its .sha256" >&2; exit 1; }
fi

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
tar -xzf "$archive" -C "$unpacked"
mkdir -p "$prefix/bin" "$prefix/share/pipeline"
install -m 0755 "$unpacked"/pipeline-*/pipeline "$prefix/bin/pipeline.new"
mv -f "$prefix/bin/pipeline.new" "$prefix/bin/pipeline"
rm -rf "$prefix/share/pipeline/pipelines"
cp -R "$unpacked"/pipeline-*/pipelines "$prefix/share/pipeline/pipelines"
cp "$unpacked"/pipeline-*/{LICENSE,NOTICE,README.md} "$prefix/share/pipeline/"
echo "installed $("$prefix/bin/pipeline" --version) into $prefix/bin/pipeline (ready pipelines in $prefix/share/pipeline/pipelines)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on PATH" ;; esac
