#!/usr/bin/env bash
# Accuracy of TextKit's language detection (`Language.detect(in:)`, what summarize and translate
# use) on labelled texts the detector was not written from: the strip-salutations mail corpus
# and own cases, CNN/DM dev 100 and mail-parser-reply (shared data), plus translate's labelled
# sentences. Only labels that `Language` knows are counted.
#
# usage: scripts/score_language_detection.sh [OTHER_TEXTKIT_SOURCES_DIR]
#   with a second folder (another checkout's Sources/TextKit) both are scored side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
DATA=${DATA:-../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/driver.swift" <<SWIFT
import Foundation
@main struct Driver {
    static func rows(_ path: String) -> [(String, String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        if path.hasSuffix(".tsv") {
            return text.split(separator: "\n").filter { !\$0.hasPrefix("#") }.compactMap {
                let parts = \$0.split(separator: "\t", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }
        }
        return text.split(separator: "\n").map {
            let object = try! JSONSerialization.jsonObject(with: Data(\$0.utf8)) as! [String: Any]
            return ((object["lang"] as? String) ?? "en", object["text"] as! String)
        }
    }
    static func main() {
        let sets = [
            ("translate-labelled", "$root/Tests/TranslateTests/Fixtures/language-detection.tsv"),
            ("mail-corpus", "$root/Tests/StripSalutationsTests/Fixtures/mail_corpus.jsonl"),
            ("own-cases", "$root/Tests/StripSalutationsTests/Fixtures/own_cases.jsonl"),
            ("cnndm-dev100", "$DATA/summarize/cnndm_dev100.jsonl"),
            ("mail-parser-reply", "$DATA/salutations/mail_parser_reply.jsonl"),
        ]
        var right = 0, total = 0
        var parts: [String] = []
        for (name, path) in sets {
            var n = 0, r = 0
            for (label, text) in rows(path) where Language(rawValue: label) != nil {
                n += 1
                if TextKit.withUTF8(text, { Language.detect(in: \$0) })?.rawValue == label { r += 1 }
            }
            if n > 0 { parts.append("\(name) \(r)/\(n)") }
            right += r
            total += n
        }
        print("\(right)/\(total): " + parts.joined(separator: ", "))
    }
}
SWIFT
swiftc -O -module-name TextKit -parse-as-library Sources/TextKit/*.swift "$work/driver.swift" -o "$work/this"
echo "this tree:  $("$work/this")"
if [ $# -ge 1 ]; then
    swiftc -O -module-name TextKit -parse-as-library "$1"/*.swift "$work/driver.swift" -o "$work/other"
    echo "other tree: $("$work/other")"
fi
