import Foundation
import PipelineFuzzing
import PipelineKit
import XCTest

/// Replays the fuzz seed corpus and every saved crash (`Corpus/<target>/regressions/`) through
/// the fuzz targets, then runs a short seeded mutation pass over the corpus: the part of the
/// fuzzing that needs no libFuzzer and runs in every `swift test`. `PIPELINE_FUZZ_ITERATIONS`
/// raises the mutation count (scripts/fuzz.sh uses libFuzzer instead for long runs).
final class FuzzRegressionTests: XCTestCase {
    static func corpus(_ target: String) throws -> [(String, [UInt8])] {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "Corpus", withExtension: nil)).appendingPathComponent(target)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [(String, [UInt8])] = []
        for case let url as URL in enumerator where !url.lastPathComponent.hasPrefix(".") {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            files.append((url.path, [UInt8](try Data(contentsOf: url))))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    func testEveryTargetHasASeedCorpus() throws {
        for (name, _) in FuzzTargets.all {
            XCTAssertGreaterThan(try Self.corpus(name).count, 3, name)
        }
    }

    func testCorpusAndRegressionsReplayCleanly() throws {
        for (name, body) in FuzzTargets.all {
            for (_, bytes) in try Self.corpus(name) { body(bytes) }
        }
    }

    func testSeededMutationsOfTheCorpus() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["PIPELINE_FUZZ_ITERATIONS"] ?? "") ?? 150
        for (name, body) in FuzzTargets.all {
            let seeds = try Self.corpus(name).map(\.1)
            var mutator = Mutator(seed: 0x5eed_0000 &+ UInt64(name.utf8.count))
            for _ in 0..<iterations {
                body(mutator.mutate(seeds[mutator.next(seeds.count)], other: seeds[mutator.next(seeds.count)]))
            }
        }
    }
}

/// A small structure-aware mutator (deterministic for a seed): byte flips, token insertions
/// from a JSON/YAML dictionary, line splices between two inputs, truncation and repetition.
struct Mutator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let tokens: [[UInt8]] = [
        "{", "}", "[", "]", ":", ",", "\"", "\\u0000", "\\ud800", "\n", "\r\n", "\t", "- ", "&a ", "*a", "!!str ",
        "${FUZZ}", "${X:?m}", "null", "true", "-0", "1e999", "\u{FEFF}", "\u{202E}", "é", "😀", "\"text\":",
        "\"annotations\":[{\"type\":\"t\",\"start\":-1,\"end\":2}]", "stages:", "  - ", "redact", "export",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00]]

    mutating func next(_ bound: Int) -> Int { random.next(below: bound) }

    mutating func mutate(_ input: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...next(4) {
            let at = bytes.isEmpty ? 0 : next(bytes.count + 1)
            switch next(6) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] ^= UInt8(1 << next(8))
            case 1:
                bytes.insert(contentsOf: Self.tokens[next(Self.tokens.count)], at: at)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(min(at, bytes.count - 1)..<min(bytes.count, at + 1 + next(16)))
            case 3:
                let lines = other.split(separator: 0x0A, omittingEmptySubsequences: false)
                if let line = lines.isEmpty ? nil : lines[next(lines.count)] { bytes.insert(contentsOf: line + [0x0A], at: at) }
            case 4:
                bytes = Array(bytes.prefix(at))
            default:
                let piece = bytes[min(at, bytes.count)..<min(bytes.count, at + next(32))]
                bytes.insert(contentsOf: Array(repeating: Array(piece), count: 1 + next(8)).joined(), at: at)
            }
        }
        return bytes
    }
}
