#!/usr/bin/env bash
# Rewrites Sources/TextKit/CaseFoldingTable.swift, TextKit's one case-folding table (modes phrase,
# word, name and width), from the rules in Tests/TextKitTests/CaseFoldingRules.swift.
# Source: the Unicode Character Database 16.0 as the Swift 6.3 runtime carries it (general
# categories, lowercase mappings, canonical decompositions), Unicode License v3
# (https://www.unicode.org/license.txt); the spelled-out letters (ß, æ, œ, ø, ł, đ, ð, þ) follow
# CLDR's Latin-ASCII transform (same licence). CaseFoldingTableTests fails while the table is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
PIPELINE_WRITE_TABLES=1 swift test --filter 'CaseFoldingTableTests/testCompiledTableIsCurrent' >/dev/null
git status --short -- Sources/TextKit/CaseFoldingTable.swift
echo "folding table rebuilt"
