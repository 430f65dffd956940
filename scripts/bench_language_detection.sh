#!/usr/bin/env bash
# Cost of TextKit's language detection per CNN/DM article (release, -O), the part of summarize's
# per-article time that detection takes. Compiles TextKit's sources with a small driver, no
# package build needed.
#
# usage: scripts/bench_language_detection.sh [OTHER_TEXTKIT_SOURCES_DIR]
#   with a second folder (e.g. another checkout's Sources/TextKit) both are built and run
#   alternately, five rounds, and the medians are printed with their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/data/summarize/cnndm_dev100.jsonl}
[ -f "$CORPUS" ] || { echo "skip: no corpus at $CORPUS (set CORPUS=...)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/driver.swift" <<SWIFT
import Foundation
@main struct Driver {
    static func main() {
        let lines = try! String(contentsOfFile: "$CORPUS", encoding: .utf8).split(separator: "\n")
        let texts: [String] = lines.map { (try! JSONSerialization.jsonObject(with: Data(\$0.utf8)) as! [String: Any])["text"] as! String }
        var best = Double.infinity, found = 0
        for _ in 0..<15 {
            let start = DispatchTime.now().uptimeNanoseconds
            for text in texts { found &+= TextKit.withUTF8(text) { Language.detect(in: \$0) } == nil ? 0 : 1 }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(texts.count))
        }
        print(String(format: "%.4f", best), found)
    }
}
SWIFT
build() { swiftc -O -module-name TextKit -parse-as-library "$1"/*.swift "$work/driver.swift" -o "$2"; }
build Sources/TextKit "$work/this"
if [ $# -ge 1 ]; then build "$1" "$work/other"; fi
python3 - "$work" $# <<'PY'
import statistics, subprocess, sys
work, other = sys.argv[1], sys.argv[2] == "1"
runs = {"this": [], "other": []}
for _ in range(5):
    for name in (["this", "other"] if other else ["this"]):
        runs[name].append(float(subprocess.run([f"{work}/{name}"], capture_output=True, text=True, check=True).stdout.split()[0]))
this = statistics.median(runs["this"])
print(f"language detection: {this:.4f} ms per article (this tree, median of 5 rounds, best of 15 passes each)")
if other:
    base = statistics.median(runs["other"])
    print(f"other tree: {base:.4f} ms per article; this/other = {this / base:.2f}")
PY
