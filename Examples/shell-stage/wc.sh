#!/bin/sh
# wc.sh: "whitespace cleanup", a pipeline stage in plain POSIX sh for the `command` stage
# with `protocol: text`: the document's text arrives on stdin, the new text leaves on stdout.
#
#   - Windows line ends (CR LF) become LF;
#   - runs of spaces and tabs become one space, and none is left at either end of a line;
#   - runs of blank lines shrink to one blank line.
#
# A non-zero exit fails the document, and whatever this script writes to stderr shows up in
# the error (so never print the text there).
set -eu

tr -d '\r' \
  | tr -s ' \t' ' ' \
  | sed -e 's/^ //' -e 's/ $//' \
  | sed -e '/^$/N' -e '/^\n$/D'
