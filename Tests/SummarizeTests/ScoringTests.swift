import PipelineKit
@testable import Summarize
import XCTest

/// Counting, selection and the stage's output answer as the plain code they replace: sentence
/// vectors of long sentences as counted by hand, best-first order by scanning as the full sort,
/// ranks counted as ranks sorted, and the summary text joined from a lazy collection as from an array.
final class ScoringTests: XCTestCase {
    func testTermCountsWithThousandsOfOldTermsPerSentence() {
        // Sentences that reuse thousands of earlier terms (bit runs over thousands of terms, buffer growth).
        var counts = TermCounts()
        var generator = SplitMix64(seed: 92)
        counts.reset()
        var expected = HandCountedSentences()
        for sentence in 0..<12 {
            for _ in 0..<Int.random(in: 0...5_000, using: &generator) {
                let term = Int32.random(in: 0..<Int32(counts.terms + 50), using: &generator)
                while Int(term) >= counts.terms { counts.addTerm(); expected.addTerm() }
                counts.count(term)
                expected.count(term)
            }
            counts.endSentence()
            expected.endSentence()
        }
        let counted = HandCountedSentences.modelArrays(counts, withOccurrences: false)
        XCTAssertEqual(counted.terms, expected.terms)
        XCTAssertEqual(counted.tf, expected.tf)
        XCTAssertEqual(counted.df, expected.df)
    }

    /// Scores with many ties (both zeros among them) and the odd NaN.
    private static func randomScores(_ generator: inout SplitMix64, withNaN: Bool) -> [Double] {
        let palette: [Double] = [0, -0.0, 1, 0.5, 0.25, 2, 1e-9, -1]
        return (0..<Int.random(in: 1...40, using: &generator)).map { _ in
            if withNaN && Int.random(in: 0..<10, using: &generator) == 0 { return .nan }
            return Bool.random(using: &generator) ? palette.randomElement(using: &generator)! : Double.random(in: -1...3, using: &generator)
        }
    }

    func testBestFirstGivesTheSortedOrder() {
        var generator = SplitMix64(seed: 93)
        for round in 0..<3_000 {
            let scores = Self.randomScores(&generator, withNaN: round % 3 == 0)
            let sorted = (0..<scores.count).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            var order = BestFirst(scores: scores)
            // Asked as selection asks: increasing indices, each possibly more than once.
            var asked: [Int] = []
            for index in 0..<scores.count {
                asked.append(order[index])
                XCTAssertEqual(order[index], asked.last)
            }
            XCTAssertEqual(asked, sorted, "\(scores)")
        }
    }

    func testSummaryRanksCountedEqualRanksSorted() {
        var generator = SplitMix64(seed: 94)
        for round in 0..<3_000 {
            let scores = Self.randomScores(&generator, withNaN: round % 4 == 0)
            let chosen = Array((0..<scores.count).shuffled(using: &generator).prefix(Int.random(in: 1...scores.count, using: &generator))).sorted()
            var expected = [Int](repeating: 0, count: chosen.count)
            let byScore = chosen.indices.sorted { scores[chosen[$0]] > scores[chosen[$1]] || (scores[chosen[$0]] == scores[chosen[$1]] && chosen[$0] < chosen[$1]) }
            for (rank, k) in byScore.enumerated() { expected[k] = rank + 1 }
            let ranks = SummaryRanks(chosen: chosen, scores: scores)
            XCTAssertEqual(chosen.indices.map { ranks.rank(of: $0) }, expected, "\(scores) \(chosen)")
        }
    }

    func testSummaryTextJoinsALazyCollectionAsAnArray() {
        let text = "First one. 今天天气很好。Third, é. Last"
        let bytes = Array(text.utf8)
        let sentences = [0..<10, 11..<32, 32..<42, 43..<47, 5..<7, 1..<2]
        var generator = SplitMix64(seed: 95)
        bytes.withUnsafeBufferPointer { bytes in
            for _ in 0..<200 {
                let chosen = (0..<Int.random(in: 0...4, using: &generator)).map { _ in Int.random(in: 0..<sentences.count, using: &generator) }
                XCTAssertEqual(SummaryText.joined(bytes, chosen.lazy.map { sentences[$0] }), SummaryText.joined(bytes, chosen.map { sentences[$0] }))
            }
        }
    }
}

/// The annotation attributes made from the template equal the dictionary literal they replace.
final class SentenceAttributesTests: XCTestCase {
    func testAttributesEqualTheLiteral() {
        var generator = SplitMix64(seed: 96)
        for _ in 0..<500 {
            let rank = Int.random(in: 1...50, using: &generator), score = Double.random(in: -1...1e6, using: &generator)
            let made = SentenceAttributes().make(rank: rank, score: score)
            XCTAssertEqual(made, ["rank": .int(rank), "score": .double(score)])
            XCTAssertEqual(made.count, 2)
            XCTAssertEqual(SentenceAttributes.shared.make(rank: rank, score: score), made)
        }
    }
}

/// The title line's last scalar, decoded in place, is the one decoded from a copy of the tail.
final class LastScalarTests: XCTestCase {
    func testLastScalarDecodesAsFromACopy() {
        var generator = SplitMix64(seed: 98)
        let pieces: [[UInt8]] = ["a", ".", "é", "。", "🙂", "！", " "].map { Array($0.utf8) } + [[0x80], [0xE2], [0xE2, 0x80], [0xF0, 0x9F], [0xC3]]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            let end = Int.random(in: 0...bytes.count, using: &generator)
            var start = max(0, end - 1)
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            var expected: UInt32 = 0
            if end > 0 {
                var iterator = Array(bytes[start..<end]).makeIterator()
                var decoder = UTF8()
                if case .scalarValue(let scalar) = decoder.decode(&iterator) { expected = scalar.value } else { expected = 0xFFFD }
            }
            let found = bytes.withUnsafeBufferPointer { UTF8ScanLite.lastScalar($0, end) }
            XCTAssertEqual(found.0, expected, "\(bytes) \(end)")
            XCTAssertEqual(found.1, end > 0 ? start : 0)
        }
    }
}
