import PipelineKit
@testable import Summarize
import TextKit
import XCTest

/// `DocumentWords.read` (the word loop with the document spelling table in local variables)
/// records exactly what reading the words one by one through `SpellingKeys.forEachWord` and a
/// dictionary gives: every word's spelling index in order of first use, each new spelling's key
/// and byte range, the words per sentence; through the table's growth within a sentence and
/// from document to document. And `DocumentSpellingTable` answers as a dictionary.
final class DocumentWordsTests: XCTestCase {
    private let pieces = ["the", "Police", "police", "council", "government", "internationalization", "2026", "don't",
                          "Michael’s", "über", "東京都", "カタカナ", "l'homme", "x'", "'", "—", ",", ".", " ", "  ", "\n", "abcdefg",
                          "abcdefgh", "e-mail", "U.S."]

    /// A text of `count` pieces, every `fresh`-th a spelling of its own (`w` + a number).
    private func randomText(_ count: Int, fresh: Int, _ generator: inout SplitMix64) -> String {
        var text = ""
        for k in 0..<count {
            text += k % fresh == 0 ? "w\(generator.next() % 100_000)" : pieces.randomElement(using: &generator)!
            if Bool.random(using: &generator) { text += " " }
        }
        return text
    }

    /// Sentences of `bytes`: consecutive ranges of random lengths (some empty) covering it.
    private func randomSentences(_ count: Int, _ generator: inout SplitMix64) -> [Range<Int>] {
        var sentences: [Range<Int>] = [], start = 0
        while start < count {
            let end = Swift.min(count, start + Int(generator.next() % 400))
            sentences.append(start..<end)
            start = end
        }
        return sentences
    }

    func testReadRecordsWhatTheWordsGiveOneByOne() {
        var generator = SplitMix64(seed: 31)
        var vocabulary = TermVocabulary(language: .en)
        var words = DocumentWords()
        // Small documents, then ones with thousands of distinct spellings (the table grows
        // within a sentence), then small ones again (it starts over at its first size).
        for (pieces, fresh) in [(50, 3), (400, 2), (3_000, 2), (20_000, 1), (300, 2), (0, 1), (2_000, 4)] {
            let text = randomText(pieces, fresh: fresh, &generator)
            TextKit.withUTF8(text) { bytes in
                let sentences = randomSentences(bytes.count, &generator)
                vocabulary.startDocument(language: .en)
                words.reset()
                var wordCounts = [Int32](repeating: -1, count: sentences.count)
                wordCounts.withUnsafeMutableBufferPointer { words.read(bytes, sentences: sentences, vocabulary: &vocabulary, wordCounts: $0) }
                // The reference: a dictionary of keys, word by word.
                var indexOfKey: [UInt64: Int32] = [:]
                var keys: [UInt64] = [], ranges: [Range<Int>] = [], spellingOfWord: [Int32] = [], counts: [Int32] = []
                for sentence in sentences {
                    var count: Int32 = 0
                    SpellingKeys.forEachWord(in: bytes, sentence) { word, key in
                        if indexOfKey[key] == nil {
                            indexOfKey[key] = Int32(keys.count)
                            keys.append(key)
                            ranges.append(word)
                        }
                        spellingOfWord.append(indexOfKey[key]!)
                        count += 1
                    }
                    counts.append(count)
                }
                XCTAssertEqual(wordCounts, counts)
                XCTAssertEqual(words.wordCount, spellingOfWord.count)
                XCTAssertEqual(Array(UnsafeBufferPointer(start: words.spellingOfWord.base, count: words.wordCount)), spellingOfWord)
                XCTAssertEqual(words.spellingCount, keys.count)
                XCTAssertEqual(vocabulary.documentSpellings.count, keys.count)
                XCTAssertEqual((0..<words.spellingCount).map { words.spellings.base[$0].raw }, keys)
                XCTAssertEqual((0..<words.spellingCount).map { words.spellings.base[$0].range }, ranges)
                // The vocabulary knows every spelling of the document by its index.
                for (key, index) in indexOfKey { XCTAssertEqual(vocabulary.knownDocumentSpelling(raw: key), index) }
            }
        }
    }

    func testTheSpellingTableAnswersAsADictionaryThroughGrowthAndDocuments() {
        var generator = SplitMix64(seed: 32)
        var table = DocumentSpellingTable()
        for size in [10, 600, 5_000, 100, 0, 2_000] {
            table.startDocument()
            var indexOfKey: [UInt64: Int32] = [:]
            for _ in 0..<(3 * size) {
                // Keys 1...size (with neighbours that differ in one bit) and a few wide ones.
                let key = generator.next() % 8 == 0 ? generator.next() | 1 : 1 + generator.next() % UInt64(Swift.max(size, 1))
                XCTAssertEqual(table.index(stored: key), indexOfKey[key])
                var probe = table.probe
                let spelling = probe.spelling(stored: key)
                table.update(from: probe)
                XCTAssertEqual(spelling.firstUse, indexOfKey[key] == nil ? 1 : 0)
                XCTAssertEqual(spelling.index, indexOfKey[key] ?? Int32(indexOfKey.count))
                indexOfKey[key] = spelling.index
                XCTAssertEqual(table.count, indexOfKey.count)
                XCTAssertFalse(table.probe.needsRoom)
            }
            for (key, index) in indexOfKey { XCTAssertEqual(table.index(stored: key), index) }
        }
    }

    /// A sink given to `forEachWord` keeps its state through the rare stretches (which get a copy
    /// and give it back): it sees `WordSegmenter`'s words with their keys, in order.
    func testASinkSeesWordSegmentersWordsWithTheirKeys() {
        struct Collector: WordSink {
            var words: [Range<Int>] = []
            var keys: UInt64 = 0
            mutating func word(_ range: Range<Int>, key: UInt64) {
                words.append(range)
                keys = keys &* 31 &+ key
            }
        }
        var generator = SplitMix64(seed: 33)
        for _ in 0..<500 {
            let text = randomText(Int(generator.next() % 80), fresh: 5, &generator)
            TextKit.withUTF8(text) { bytes in
                var expected = Collector()
                WordSegmenter.forEachWord(in: bytes, 0..<bytes.count) { word, _ in expected.word(word, key: SpellingKeys.key(bytes, word)) }
                var sink = Collector()
                SpellingKeys.forEachWord(in: bytes, 0..<bytes.count, into: &sink)
                XCTAssertEqual(sink.words, expected.words, text)
                XCTAssertEqual(sink.keys, expected.keys, text)
            }
        }
    }
}
