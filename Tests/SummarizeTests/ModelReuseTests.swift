@testable import Summarize
import TextKit
import XCTest

/// A document model built in the arrays of an earlier document's model (``ModelWorkspace/spareModel``)
/// equals one built from scratch, and the array helpers it uses keep their storage.
final class ModelReuseTests: XCTestCase {
    func testRefillReplacesTheElementsInTheStorageItHas() {
        var spare: [Int32] = Array(0..<100)
        let storage = spare.withUnsafeBufferPointer { $0.baseAddress }
        var taken = [Int32].reusing(&spare)
        XCTAssertTrue(spare.isEmpty)
        XCTAssertEqual(taken, Array(0..<100))
        let source: [Int32] = [7, 3, 9]
        source.withUnsafeBufferPointer { taken.refill(copying: $0) }
        XCTAssertEqual(taken, source)
        XCTAssertEqual(taken.withUnsafeBufferPointer { $0.baseAddress }, storage)
        taken.refill(zeros: 60)
        XCTAssertEqual(taken, [Int32](repeating: 0, count: 60))
        XCTAssertEqual(taken.withUnsafeBufferPointer { $0.baseAddress }, storage)
        // More than the capacity: new storage, same elements as a fresh array.
        taken.refill(zeros: 1_000)
        XCTAssertEqual(taken, [Int32](repeating: 0, count: 1_000))
        var empty: [Float] = []
        [Float]().withUnsafeBufferPointer { empty.refill(copying: $0) }
        XCTAssertEqual(empty, [])
    }

    func testACopyOfAReusedArrayKeepsItsElements() {
        var spare: [Int32] = [1, 2, 3]
        let copy = spare
        var taken = [Int32].reusing(&spare)
        taken.refill(zeros: 2)
        XCTAssertEqual(copy, [1, 2, 3])
        XCTAssertEqual(taken, [0, 0])
    }

    func testModelsBuiltInReusedArraysEqualFreshOnes() {
        var generator = SystemRandomNumberGenerator()
        let words = ["council", "budget", "the", "parks", "approved", "Monday", "city", "water", "report", "said",
                     "schools", "new", "a", "of", "plan", "vote", "residents", "mayor", "tax", "roads"]
        var reused = ModelWorkspace(language: .en)
        for document in 0..<60 {
            // Documents of 0 to ~80 sentences, with and without a title line, so the spare's
            // arrays are sometimes too small and sometimes larger than needed.
            var text = document % 3 == 0 ? "Council budget vote\n\n" : ""
            for _ in 0..<Int.random(in: 0..<80, using: &generator) {
                let count = Int.random(in: 1...25, using: &generator)
                text += (0..<count).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") + ". "
            }
            let keepSequence = document % 4 == 1
            var fresh = ModelWorkspace(language: .en)
            var bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                let title = Summarizer.titleLine(bytes)
                let bodyStart = title.map { Summarizer.lineEnd(bytes, after: $0) } ?? 0
                let sentences = SentenceSegmenter().sentences(in: UnsafeBufferPointer(rebasing: bytes[bodyStart...]))
                    .map { ($0.lowerBound + bodyStart)..<($0.upperBound + bodyStart) }
                guard !sentences.isEmpty else { return }
                let normalizer = Normalizer(language: .en)
                let expected = DocumentModel(bytes: bytes, sentences: sentences, title: title, normalizer: normalizer,
                                             keepSequence: keepSequence, workspace: &fresh)
                let model = DocumentModel(bytes: bytes, sentences: sentences, title: title, normalizer: normalizer,
                                          keepSequence: keepSequence, workspace: &reused)
                Self.assertEqual(model, expected, document: document, keepSequence: keepSequence)
                reused.giveBack(model: model)
            }
            bytes.removeAll()
        }
    }

    private static func assertEqual(_ model: DocumentModel, _ expected: DocumentModel, document: Int, keepSequence: Bool) {
        let message = "document \(document)"
        XCTAssertEqual(model.sentenceCount, expected.sentenceCount, message)
        XCTAssertEqual(model.termCount, expected.termCount, message)
        XCTAssertEqual(model.termOffsets, expected.termOffsets, message)
        XCTAssertEqual(model.terms, expected.terms, message)
        XCTAssertEqual(model.tf, expected.tf, message)
        XCTAssertEqual(model.wordCounts, expected.wordCounts, message)
        XCTAssertEqual(model.df, expected.df, message)
        XCTAssertEqual(model.titleTerms, expected.titleTerms, message)
        XCTAssertEqual(model.corpusTF, expected.corpusTF, message)
        XCTAssertEqual(model.sequence, expected.sequence, message)
        XCTAssertEqual(model.sequenceOffsets, expected.sequenceOffsets, message)
        XCTAssertEqual(model.termOffsets.count, model.sentenceCount + 1, message)
        if keepSequence { XCTAssertEqual(model.sequenceOffsets.count, model.sentenceCount + 1, message) }
    }
}
