@testable import Summarize
import TextKit
import XCTest

/// The tables a document model reuses from document to document answer as fresh ones would.
final class ModelWorkspaceTests: XCTestCase {
    /// The arrays a document model takes from `counts` (`fillModelArrays`, what the model's
    /// build reads).
    func testKeyTableAnswersAsADictionaryAcrossResetsAndGrowth() {
        var table = KeyTable(capacity: 16)
        var generator = SystemRandomNumberGenerator()
        for document in 0..<40 {
            let distinct = document % 5 == 0 ? 5_000 : Int.random(in: 0...300, using: &generator)
            table.reset(expecting: document % 2 == 0 ? 8 : distinct)
            var reference: [UInt64: Int32] = [:]
            // Key 0 is stored (as 1 internally) like any other key.
            let keys = [0] + (0..<distinct).map { _ in UInt64.random(in: 0...UInt64(distinct * 2), using: &generator) &* 0x9E3779B97F4A7C15 }
            for key in keys {
                let expected = reference[key] ?? Int32(reference.count)
                var inserted = false
                let value = table.value(key) { inserted = true; return Int32(reference.count) }
                XCTAssertEqual(inserted, reference[key] == nil)
                reference[key] = expected
                XCTAssertEqual(value, expected)
            }
            XCTAssertEqual(table.count, reference.count)
            for (key, value) in reference { XCTAssertEqual(table.value(key), value) }
            // Keys never inserted are absent (also those of earlier documents).
            for probe in (0..<200).map({ UInt64($0) &* 0x1234_5678_9ABC_DEF1 &+ 7 }) where reference[probe] == nil {
                XCTAssertNil(table.value(probe))
            }
        }
    }

    func testACopiedKeyTableIsIndependent() {
        var table = KeyTable(capacity: 16)
        table.reset(expecting: 4)
        _ = table.value(1) { 10 }
        var copy = table
        _ = copy.value(2) { 20 }
        copy.reset(expecting: 4)
        _ = copy.value(3) { 30 }
        XCTAssertEqual(table.value(1), 10)
        XCTAssertNil(table.value(2))
        XCTAssertNil(table.value(3))
        XCTAssertEqual(copy.value(3), 30)
        XCTAssertNil(copy.value(1))
    }

    func testTermCountsAnswerAsCountingByHand() {
        var counts = TermCounts()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<30 {
            counts.reset()
            let termCount = Int.random(in: 1...3_000, using: &generator)
            var expected = HandCountedSentences()
            for _ in 0..<termCount { counts.addTerm(); expected.addTerm() }
            var corpusTF = [Int32](repeating: 0, count: termCount)
            for sentence in 0..<Int.random(in: 0...40, using: &generator) {
                // Sentences of up to 600 words (more than the sentence buffer's first capacity).
                let words = (0..<Int.random(in: 0...600, using: &generator)).map { _ in Int32.random(in: 0..<Int32(min(termCount, 50 + sentence * 40)), using: &generator) }
                for t in words { counts.count(t); expected.count(t); corpusTF[Int(t)] += 1 }
                counts.endSentence()
                expected.endSentence()
            }
            let counted = HandCountedSentences.modelArrays(counts)
            XCTAssertEqual(counted.terms, expected.terms)
            XCTAssertEqual(counted.tf, expected.tf)
            XCTAssertEqual(counted.corpusTF, corpusTF)
            XCTAssertEqual(counted.df, expected.df)
        }
    }

    /// A document left in the middle of a sentence (its counts and bits set) leaves nothing
    /// behind: the next document counts from zero.
    func testResetAfterAnUnfinishedSentenceStartsClear() {
        var counts = TermCounts()
        counts.reset()
        for _ in 0..<2_000 { counts.addTerm() }
        for term: Int32 in [1_500, 3, 3, -1, 1_999, 700] { counts.count(term) }
        counts.reset()
        for _ in 0..<2_000 { counts.addTerm() }
        var expected = HandCountedSentences()
        for _ in 0..<2_000 { expected.addTerm() }
        for term: Int32 in [700, 5, -1, 1_999] { counts.count(term); if term >= 0 { expected.count(term) } }
        counts.endSentence()
        expected.endSentence()
        let counted = HandCountedSentences.modelArrays(counts)
        XCTAssertEqual(counted.terms, [5, 700, 1_999])
        XCTAssertEqual(counted.terms, expected.terms)
        XCTAssertEqual(counted.tf, expected.tf)
        XCTAssertEqual(counted.df, expected.df)
        XCTAssertEqual(counted.corpusTF.reduce(0, +), 3)
    }

    /// Terms made in the middle of sentences (as the word loop makes them), counted in the order
    /// made or out of it, among stop words (-1, counted as nothing): each sentence's vector still
    /// comes out ascending, with the right counts.
    func testTermsMadeWithinSentencesComeOutAscending() {
        var counts = TermCounts()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<30 {
            counts.reset()
            var expected = HandCountedSentences()
            for sentence in 0..<Int.random(in: 1...30, using: &generator) {
                for _ in 0..<Int.random(in: 0...80, using: &generator) {
                    let term = Int32.random(in: -3..<Int32(counts.terms + 6), using: &generator)
                    if term < 0 {
                        counts.count(-1)  // a stop word: counts nothing
                    } else if Int(term) >= counts.terms {
                        // Made now: in order (as the word loop does), or several at once and counted
                        // out of order (odd rounds).
                        let made = round % 2 == 0 ? counts.terms : Int(term)
                        while counts.terms <= made { counts.addTerm(); expected.addTerm() }
                        counts.count(Int32(made))
                        expected.count(Int32(made))
                    } else {
                        counts.count(term)
                        expected.count(term)
                    }
                }
                counts.endSentence()
                expected.endSentence()
            }
            let counted = HandCountedSentences.modelArrays(counts)
            XCTAssertEqual(counted.terms, expected.terms)
            XCTAssertEqual(counted.tf, expected.tf)
            XCTAssertEqual(counted.df, expected.df)
        }
    }
}
