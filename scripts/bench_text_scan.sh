#!/usr/bin/env bash
# CPU per document of TextKit's two text scans that summarize runs on every document: sentence
# segmentation (`SentenceSegmenter.sentences`) and language detection (`Language.detect(in:)`),
# on the peer corpus (../shared/peers/make_corpus.py, 1,000 news items with greetings and
# sign-offs) and CNN/DailyMail dev 100. Compiles TextKit's sources with a small driver (-O), no
# package build needed.
#
# usage: scripts/bench_text_scan.sh [BASE]
#   BASE: a git revision (default main) or another checkout's Sources/TextKit folder. Both trees
#   are built and run alternately, 5 rounds (ROUNDS=...), each round the best of 9 passes; the
#   medians and the ratios base/this are printed. The same run checks that both trees give the
#   same sentences and languages on every text. SHARED=... points at the shared data (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-main}
SHARED=${SHARED:-../shared}
ROUNDS=${ROUNDS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora=()
if [ -f "$SHARED/peers/make_corpus.py" ]; then
    python3 "$SHARED/peers/make_corpus.py" "$work/peer.jsonl" --docs 1000 > /dev/null
    corpora+=("$work/peer.jsonl")
fi
[ -f "$SHARED/data/summarize/cnndm_dev100.jsonl" ] && corpora+=("$SHARED/data/summarize/cnndm_dev100.jsonl")
[ ${#corpora[@]} -gt 0 ] || { echo "skip: neither $SHARED/peers/make_corpus.py nor $SHARED/data/summarize/cnndm_dev100.jsonl is here"; exit 0; }
if [ -d "$BASE" ]; then
    cp -r "$BASE" "$work/base-src"
else
    mkdir -p "$work/base-src"
    git archive "$BASE" Sources/TextKit | tar -x -C "$work" && mv "$work/Sources/TextKit"/* "$work/base-src/"
fi
cat > "$work/driver.swift" <<'SWIFT'
import Foundation
/// CPU time of this thread (the machine may be shared: wall time would count other work).
func cpuNanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}
@main struct Driver {
    static func main() {
        let path = CommandLine.arguments[1]
        let lines = try! String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let texts: [[UInt8]] = lines.map { Array(((try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["text"] as! String).utf8) }
        let segmenter = SentenceSegmenter()
        // The answers, for the comparison of the two trees.
        var digest: UInt64 = 0xcbf29ce484222325
        for text in texts {
            text.withUnsafeBufferPointer { bytes in
                for range in segmenter.sentences(in: bytes) { digest = (digest ^ UInt64(range.lowerBound << 20 | range.upperBound)) &* 0x100000001b3 }
                for byte in (Language.detect(in: bytes)?.rawValue ?? "-").utf8 { digest = (digest ^ UInt64(byte)) &* 0x100000001b3 }
            }
        }
        func best(_ body: (UnsafeBufferPointer<UInt8>) -> Int) -> Double {
            var best = Double.infinity, sink = 0
            for _ in 0..<9 {
                let start = cpuNanoseconds()
                for text in texts { sink &+= text.withUnsafeBufferPointer(body) }
                best = min(best, Double(cpuNanoseconds() - start) / Double(texts.count))
            }
            if sink == 42 { print("") }
            return best
        }
        let sentences = best { segmenter.sentences(in: $0).count }
        let language = best { Language.detect(in: $0) == nil ? 0 : 1 }
        print(sentences, language, digest)
    }
}
SWIFT
build() { swiftc -O -wmo -module-name TextKit -parse-as-library "$1"/*.swift "$work/driver.swift" -o "$2"; }
build Sources/TextKit "$work/this"
build "$work/base-src" "$work/base"
python3 - "$work" "$ROUNDS" "$BASE" "${corpora[@]}" <<'PY'
import statistics, subprocess, sys
work, rounds, base_name, corpora = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
print(f"text scans per document, ns of thread CPU time (median of {rounds} alternating rounds, best of 9 passes each); base = {base_name}")
for corpus in corpora:
    runs = {"this": [], "base": []}
    digests = {}
    for _ in range(rounds):
        for name in ("base", "this"):
            seg, lang, digest = subprocess.run([f"{work}/{name}", corpus], capture_output=True, text=True, check=True).stdout.split()
            runs[name].append((float(seg), float(lang)))
            digests[name] = digest
    med = {name: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs)) for name, rs in runs.items()}
    same = "same answers" if digests["this"] == digests["base"] else "ANSWERS DIFFER"
    name = corpus.rsplit("/", 1)[-1]
    b, t = med["base"], med["this"]
    print(f"{name}: sentences {b[0]:.0f} -> {t[0]:.0f} ({b[0] / t[0]:.2f}x), language {b[1]:.0f} -> {t[1]:.0f} ({b[1] / t[1]:.2f}x), "
          f"both {b[0] + b[1]:.0f} -> {t[0] + t[1]:.0f} ({(b[0] + b[1]) / (t[0] + t[1]):.2f}x less CPU); {same}")
PY
