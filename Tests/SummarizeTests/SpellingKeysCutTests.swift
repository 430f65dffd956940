import PipelineKit
@testable import Summarize
import TextKit
import XCTest

/// The block scan's rare-stretch cut (`RareCut`) and checkpoints: the cut is where a scan of
/// the block's events in order (word starts and non-ASCII bytes, each word's next byte tested)
/// meets its first rare stretch; the words of dense texts full of apostrophes and non-ASCII
/// bytes at every block position are `WordSegmenter`'s; a sink hears a checkpoint at least every
/// `SpellingKeys.wordsBetweenCheckpoints` words.
final class SpellingKeysCutTests: XCTestCase {
    /// Bytes that make words, separators, apostrophes and the pieces of multi-byte characters.
    private let alphabet: [[UInt8]] = ["a", "Z", "0", "q", " ", ".", "'", "-", "é", "’", "東", "\n"].map { Array($0.utf8) }

    private func randomText(_ pieces: Int, _ generator: inout SplitMix64) -> [UInt8] {
        (0..<pieces).flatMap { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
    }

    /// The first rare stretch of a block, found as the event loop before `RareCut` did: events
    /// (word starts and non-ASCII bytes) in order; a non-ASCII byte, or a word whose next byte in
    /// the block is non-ASCII or an apostrophe, starts the stretch. 64 when there is none.
    private func expectedCut(_ block: [UInt8]) -> Int {
        func isWordByte(_ k: Int) -> Bool { k < block.count && block[k] < 0x80 && ASCII.isAlphanumeric(block[k]) }
        for k in block.indices {
            if block[k] >= 0x80 { return k }
            guard isWordByte(k), k == 0 || !isWordByte(k - 1) else { continue }
            var end = k
            while isWordByte(end) { end += 1 }
            if end < block.count && (block[end] >= 0x80 || block[end] == 0x27) { return k }
        }
        return 64
    }

    func testTheCutIsTheFirstRareStretchOfTheEventLoop() {
        var generator = SplitMix64(seed: 41)
        for _ in 0..<20_000 {
            let text = randomText(80, &generator)
            let count = 1 + Int(generator.next() % UInt64(SpellingKeys.blockBytes))
            let block = Array(text.prefix(count))
            let masks = block.withUnsafeBufferPointer { SpellingKeys.blockMasks($0, at: 0, end: block.count) }
            let cut = RareCut(masks)
            XCTAssertEqual(cut.position, expectedCut(block), "\(block)")
            XCTAssertEqual(cut.before, cut.position == 64 ? ~0 : (1 << UInt64(cut.position)) - 1)
        }
    }

    func testTheWordsOfDenseTextsAreWordSegmentersInEveryRange() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<3_000 {
            let text = randomText(Int(generator.next() % 150), &generator)
            text.withUnsafeBufferPointer { bytes in
                let lower = Int(generator.next() % UInt64(bytes.count + 1))
                let upper = lower + Int(generator.next() % UInt64(bytes.count - lower + 1))
                for range in [0..<bytes.count, lower..<upper] {
                    var expected: [Range<Int>] = []
                    WordSegmenter.forEachWord(in: bytes, range) { word, _ in expected.append(word) }
                    var found: [Range<Int>] = []
                    SpellingKeys.forEachWord(in: bytes, range) { word, key in
                        found.append(word)
                        XCTAssertEqual(key, SpellingKeys.key(bytes, word))
                    }
                    XCTAssertEqual(found, expected, "\(text) \(range)")
                }
            }
        }
    }

    func testASinkHearsACheckpointAtLeastEveryFewWords() {
        struct Counter: WordSink {
            var sinceCheckpoint = 0, most = 0, words = 0
            mutating func word(_ range: Range<Int>, key: UInt64) {
                sinceCheckpoint += 1
                words += 1
                most = Swift.max(most, sinceCheckpoint)
            }
            mutating func checkpoint() { sinceCheckpoint = 0 }
        }
        XCTAssertLessThanOrEqual(SpellingKeys.wordsBetweenCheckpoints, DocumentSpellingProbe.margin)
        var generator = SplitMix64(seed: 43)
        // One-letter words (32 to a block), with and without rare stretches after them.
        let texts = [String(repeating: "a ", count: 300), String(repeating: "a ", count: 31) + "é b’c " + String(repeating: "d ", count: 80)]
            .map { Array($0.utf8) } + (0..<500).map { _ in randomText(200, &generator) }
        for text in texts {
            text.withUnsafeBufferPointer { bytes in
                var counter = Counter()
                SpellingKeys.forEachWord(in: bytes, 0..<bytes.count, into: &counter)
                XCTAssertLessThanOrEqual(counter.most, SpellingKeys.wordsBetweenCheckpoints)
                XCTAssertGreaterThan(counter.words, 0)
            }
        }
    }
}
