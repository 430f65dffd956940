#!/usr/bin/env bash
# Rewrites the compiled data tables the stages map at run time instead of parsing text lists:
#   Sources/Stages/Redact/Names/lexicon.bin          (the person lexicon, from Names/*.txt and Cues)
#   Sources/Stages/Redact/Data/secret_rules.bin      (the secret catalogue, from Data/secret_rules.json)
#   Sources/Stages/StripSalutations/Phrases/phrases.bin (the phrase tries of languages: all)
#   Sources/TextKit/CaseFoldingTable.swift          (the case-folding table, from CaseFoldingRules)
# Run after changing a list; the tests fail while a committed table is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
PIPELINE_WRITE_TABLES=1 swift test --filter 'LexiconTableTests|PhraseTableTests|CaseFoldingTableTests/testCompiledTableIsCurrent' >/dev/null
PIPELINE_WRITE_TABLES=1 swift test --filter 'SecretCatalogueTableTests' >/dev/null
git status --short -- Sources/Stages/Redact/Data/secret_rules.bin
git status --short -- Sources/Stages/Redact/Names/lexicon.bin Sources/Stages/StripSalutations/Phrases/phrases.bin Sources/TextKit/CaseFoldingTable.swift
echo "compiled tables rebuilt"
