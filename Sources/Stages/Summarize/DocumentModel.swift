import Foundation
import TextKit

/// Sentence vectors of one document: unique terms per sentence (CSR layout), term
/// frequencies, word counts, and the term sequence (for Luhn).
struct DocumentModel {
    /// The number of sentences.
    var sentenceCount = 0
    var termOffsets: [Int32] = [0]
    var terms: [Int32] = []
    var tf: [Float] = []
    var wordCounts: [Int32] = []
    var sequenceOffsets: [Int32] = [0]
    var sequence: [Int32] = []  // term id per word, -1 for stop words (built for Luhn only)
    var termCount = 0
    var df: [Int32] = []
    var corpusTF: [Int32] = []
    var titleTerms: [Int32] = []

    /// Builds the model with `workspace`'s tables: the normalized keys of spellings seen in
    /// earlier documents (see `SpellingKeys`), which learns this document's new ones, and the
    /// tables and buffers the build reuses from document to document.
    init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
         workspace: inout ModelWorkspace) {
        self.init(bytes: bytes, sentences: sentences, title: title, normalizer: normalizer, keepSequence: keepSequence,
                  spellingKeys: &workspace.spellingKeys, spellingTerms: &workspace.spellingTerms, termIDs: &workspace.termIDs,
                  counts: &workspace.termCounts)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
                 spellingKeys: inout SpellingKeys, spellingTerms: inout KeyTable, termIDs: inout KeyTable, counts: inout TermCounts) {
        sentenceCount = sentences.count
        let bytesCovered = (sentences.last?.upperBound ?? 0) - (sentences.first?.lowerBound ?? 0)
        // Distinct words grow sub-linearly (Heaps' law): tables start small and grow on demand.
        // Raw spelling -> term id (or -1 for a stop word): most words repeat, and a repeat
        // costs one hash of its bytes instead of folding, stemming and two lookups.
        spellingTerms.reset(expecting: min(8192, max(64, bytesCovered / 10)))
        termIDs.reset(expecting: min(8192, max(64, bytesCovered / 12)))
        var sequence: [Int32] = []
        if keepSequence { sequence.reserveCapacity(sentenceCount * 20) }
        counts.reset()
        terms.reserveCapacity(sentenceCount * 12)
        tf.reserveCapacity(sentenceCount * 12)
        wordCounts.reserveCapacity(sentenceCount)
        termOffsets.reserveCapacity(sentenceCount + 1)
        sequenceOffsets.reserveCapacity(sentenceCount + 1)
        for (index, sentence) in sentences.enumerated() {
            counts.startSentence(Int32(index))
            var words: Int32 = 0
            WordSegmenter.forEachWordWithKey(in: bytes, sentence) { word, _, rawKey in
                words += 1
                let term = spellingTerms.value(rawKey) {
                    guard let key = spellingKeys.key(raw: rawKey, { normalizer.key(bytes, word) }) else { return -1 }
                    return termIDs.value(key) {
                        counts.addTerm()
                        return Int32(counts.terms - 1)
                    }
                }
                if keepSequence { sequence.append(term) }
                if term >= 0 { counts.count(term) }
            }
            wordCounts.append(words)
            if keepSequence { sequenceOffsets.append(Int32(sequence.count)) }
            counts.endSentence(terms: &terms, tf: &tf)
            termOffsets.append(Int32(terms.count))
        }
        self.sequence = sequence
        corpusTF = counts.corpusTFArray
        df = counts.dfArray
        termCount = counts.terms
        if let title {
            WordSegmenter.forEachWord(in: bytes, title) { word, _ in
                if let key = normalizer.key(bytes, word), let id = termIDs.value(key) { titleTerms.append(id) }
            }
            titleTerms.sort()
            var unique: [Int32] = []
            for term in titleTerms where unique.last != term { unique.append(term) }
            titleTerms = unique
        }
    }

    /// Smoothed inverse sentence frequency of every term: ln(1 + n / df).
    func idf() -> [Float] {
        let sentences = Float(sentenceCount)
        return df.map { log(1 + sentences / Float($0)) }
    }

    /// L2-normalized tf-idf weights, aligned with `terms`.
    func unitWeights(idf: [Float]) -> [Float] {
        var weights = [Float](repeating: 0, count: terms.count)
        for i in 0..<sentenceCount {
            let termStart = Int(termOffsets[i]), termEnd = Int(termOffsets[i + 1])
            var norm: Float = 0
            for k in termStart..<termEnd {
                let weight = tf[k] * idf[Int(terms[k])]
                weights[k] = weight
                norm += weight * weight
            }
            if norm > 0 {
                let inv = 1 / norm.squareRoot()
                for k in termStart..<termEnd { weights[k] *= inv }
            }
        }
        return weights
    }
}
