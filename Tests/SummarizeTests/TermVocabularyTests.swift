import PipelineKit
@testable import Summarize
import TextKit
import XCTest

/// `TermVocabulary` answers as `Normalizer.key` and a fresh per-document dictionary would: the
/// same term for spellings with the same key, stop words apart, document ids dense in order of
/// first occurrence; across documents, a vocabulary that fills up and starts over, growth within
/// one document, and language changes.
final class TermVocabularyTests: XCTestCase {
    private func words(_ count: Int, offset: Int = 0) -> [String] {
        let stems = ["running", "The", "the", "police", "Police", "said", "über", "Häuser", "东京", "l'homme", "don’t", "ponies", "caresses"]
        return (0..<count).map { i in i % 3 == 0 ? stems[i % stems.count] : "word\((i + offset) % 40_000)" }
    }

    /// Reads `list` as one document, checking every answer against the normalizer and a dictionary.
    private func readDocument(_ list: [String], language: Language?, vocabulary: inout TermVocabulary) {
        let normalizer = Normalizer(language: language)
        vocabulary.startDocument(language: language)
        XCTAssertEqual(vocabulary.language, language)
        var idOfKey: [UInt64: Int32] = [:]
        var termOfKey: [UInt64: UInt64] = [:]
        for word in list {
            TextKit.withUTF8(word) { bytes in
                let range = 0..<bytes.count
                let expected = normalizer.key(bytes, range)
                let raw = Normalizer.rawKey(bytes, range)
                let term = vocabulary.term(raw: raw) { normalizer.key(bytes, range) }
                XCTAssertEqual(vocabulary.term(raw: raw) { XCTFail("a second look must come from the table"); return nil }, term, word)
                guard let key = expected else {
                    XCTAssertEqual(term, TermVocabulary.stopWord, word)
                    return
                }
                XCTAssertNotEqual(term, TermVocabulary.stopWord, word)
                if let known = termOfKey[key] { XCTAssertEqual(term, known, word) }
                termOfKey[key] = term
                let expectedID = idOfKey[key] ?? Int32(idOfKey.count)
                var assigned = false
                let id = vocabulary.documentID(term) { assigned = true; return Int32(idOfKey.count) }
                XCTAssertEqual(assigned, idOfKey[key] == nil, word)
                XCTAssertEqual(id, expectedID, word)
                idOfKey[key] = expectedID
                XCTAssertEqual(vocabulary.documentID(key: key), expectedID, word)
            }
        }
        // Distinct terms got distinct vocabulary ids.
        XCTAssertEqual(Set(termOfKey.values).count, termOfKey.count)
    }

    /// Reads `list` as one document the way `DocumentModel` does (the document's spelling
    /// index first, the vocabulary for a new spelling), checking every answer against the
    /// normalizer and a dictionary of keys.
    private func readDocumentByTerm(_ list: [String], language: Language?, vocabulary: inout TermVocabulary) {
        let normalizer = Normalizer(language: language)
        vocabulary.startDocument(language: language)
        var idOfKey: [UInt64: Int32] = [:]
        var termOfSpelling: [Int32] = []
        for word in list {
            TextKit.withUTF8(word) { bytes in
                let range = 0..<bytes.count
                let expected = normalizer.key(bytes, range)
                let raw = Normalizer.rawKey(bytes, range)
                let known = vocabulary.knownDocumentSpelling(raw: raw)
                let spelling = vocabulary.documentSpelling(raw: raw)
                XCTAssertEqual(spelling.firstUse, known == nil ? 1 : 0, word)
                if let known { XCTAssertEqual(known, spelling.index, word) } else { XCTAssertEqual(Int(spelling.index), termOfSpelling.count, word) }
                XCTAssertEqual(vocabulary.knownDocumentSpelling(raw: raw), spelling.index, word)
                if spelling.firstUse == 1 {
                    let term = vocabulary.term(raw: raw) { normalizer.key(bytes, range) }
                    termOfSpelling.append(term == TermVocabulary.stopWord ? -1 : vocabulary.documentID(term) { Int32(idOfKey.count) })
                }
                let id = termOfSpelling[Int(spelling.index)]
                guard let key = expected else {
                    XCTAssertEqual(id, -1, word)
                    return
                }
                let expectedID = idOfKey[key] ?? Int32(idOfKey.count)
                XCTAssertEqual(id, expectedID, word)
                idOfKey[key] = expectedID
                XCTAssertEqual(vocabulary.documentID(key: key), expectedID, word)
            }
        }
    }

    func testTermsMatchTheNormalizerThroughFillsGrowthAndLanguageChanges() {
        var vocabulary = TermVocabulary(language: .en)
        // Documents of ~2,000 new spellings each, enough to fill the table past three quarters:
        // it starts over at a document's start.
        for document in 0..<(TermVocabulary.baseCapacity / 2_000) {
            readDocument(words(3_000, offset: document * 3_000), language: .en, vocabulary: &vocabulary)
        }
        // One document with more distinct spellings than the table holds: it grows within it.
        readDocument(words(60_000), language: .en, vocabulary: &vocabulary)
        // And the next one starts over.
        readDocument(words(2_000, offset: 7), language: .en, vocabulary: &vocabulary)
        XCTAssertLessThan(vocabulary.spellingCount, 3 * TermVocabulary.baseCapacity / 4)
        readDocument(words(5_000), language: .de, vocabulary: &vocabulary)
        readDocument(words(5_000), language: nil, vocabulary: &vocabulary)
    }

    func testDocumentTermsMatchTheNormalizerThroughFillsGrowthAndLanguageChanges() {
        var vocabulary = TermVocabulary(language: .en)
        for document in 0..<(TermVocabulary.baseCapacity / 2_000) {
            readDocumentByTerm(words(3_000, offset: document * 3_000), language: .en, vocabulary: &vocabulary)
        }
        // More distinct spellings than either spelling table holds: both grow within the document.
        readDocumentByTerm(words(60_000), language: .en, vocabulary: &vocabulary)
        // The next document starts over, with the document's table back to its first size.
        readDocumentByTerm(words(2_000, offset: 7), language: .en, vocabulary: &vocabulary)
        XCTAssertLessThan(vocabulary.spellingCount, 3 * TermVocabulary.baseCapacity / 4)
        readDocumentByTerm(words(5_000), language: .de, vocabulary: &vocabulary)
        readDocumentByTerm(words(5_000), language: nil, vocabulary: &vocabulary)
        // The vocabulary a document left serves the next one read term by term.
        readDocument(words(500, offset: 3), language: .en, vocabulary: &vocabulary)
    }

    /// A document's distinct spellings resolved in one batch (`lookahead.touch` then
    /// `resolveTerms`, the table growing in the middle of the batch of the second document) get
    /// the terms of one-by-one lookups; the batch's document ids (`resolveDocumentIDs`) are those
    /// of `documentID` one by one.
    func testBatchesAnswerAsOneByOneLookupsThroughGrowth() {
        let normalizer = Normalizer(language: .en)
        var batch = TermVocabulary(language: .en), single = TermVocabulary(language: .en), mostSpellings = 0
        for list in [words(3_000), words(45_000, offset: 11), words(500, offset: 3)] {
            TextKit.withUTF8(list.joined(separator: " ")) { bytes in
                var spellings: [Spelling] = [], seen = Set<UInt64>()
                WordSegmenter.forEachWord(in: bytes, 0..<bytes.count) { word, _ in
                    let raw = Normalizer.rawKey(bytes, word)
                    if seen.insert(raw).inserted { spellings.append(Spelling(raw: raw, range: word)) }
                }
                batch.startDocument(language: .en)
                single.startDocument(language: .en)
                var terms = [UInt64](repeating: 0, count: spellings.count)
                batch.lookahead.touch(spellings, count: spellings.count, homes: &terms)
                _ = batch.resolveTerms(spellings, count: spellings.count, homes: &terms) { normalizer.key(bytes, $0) }
                let expected = spellings.map { spelling in single.term(raw: spelling.raw) { normalizer.key(bytes, spelling.range) } }
                XCTAssertEqual(terms, expected)
                mostSpellings = Swift.max(mostSpellings, batch.spellingCount)
                var ids = [Int32](repeating: 0, count: terms.count), next: Int32 = 0, nextSingle: Int32 = 0
                batch.resolveDocumentIDs(terms, count: terms.count, into: &ids) {
                    next += 1
                    return next - 1
                }
                let expectedIDs = expected.map { term in
                    term == TermVocabulary.stopWord ? -1 : single.documentID(term) {
                        nextSingle += 1
                        return nextSingle - 1
                    }
                }
                XCTAssertEqual(ids, expectedIDs)
            }
        }
        XCTAssertGreaterThan(mostSpellings, 3 * TermVocabulary.baseCapacity / 4, "the table grew within a document")
    }

    func testASpellingOfAnEarlierDocumentIsNotInTheNextOne() {
        var vocabulary = TermVocabulary(language: .en)
        readDocumentByTerm(["budget", "the", "council"], language: .en, vocabulary: &vocabulary)
        vocabulary.startDocument(language: .en)
        for word in ["budget", "the", "council"] {
            TextKit.withUTF8(word) { bytes in XCTAssertNil(vocabulary.knownDocumentSpelling(raw: Normalizer.rawKey(bytes, 0..<bytes.count)), word) }
        }
    }

    func testAKeyOfAnEarlierDocumentIsNotInTheNextOne() {
        var vocabulary = TermVocabulary(language: .en)
        readDocument(["budget", "council"], language: .en, vocabulary: &vocabulary)
        vocabulary.startDocument(language: .en)
        let normalizer = Normalizer(language: .en)
        TextKit.withUTF8("budget") { bytes in
            let key = normalizer.key(bytes, 0..<bytes.count)!
            XCTAssertNil(vocabulary.documentID(key: key))
        }
    }

    func testAPooledWorkspaceServesTheNextDocumentsLanguage() {
        // The summarizer's pool hands a French document's workspace to a Spanish one.
        let pool = ReusePool<SummaryWorkspace>(keeping: 8)
        var workspace = pool.take() ?? SummaryWorkspace(language: .fr)
        readDocument(words(2_000), language: .fr, vocabulary: &workspace.model.vocabulary)
        pool.giveBack(workspace)
        var again = pool.take() ?? SummaryWorkspace(language: .es)
        XCTAssertEqual(again.model.vocabulary.language, .fr)
        readDocument(words(2_000), language: .es, vocabulary: &again.model.vocabulary)
        XCTAssertEqual(again.model.vocabulary.language, .es)
    }
}
