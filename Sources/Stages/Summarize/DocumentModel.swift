import Foundation
import TextKit

/// Sentence vectors of one document: unique terms per sentence (CSR layout), term
/// frequencies, word counts, and the term sequence (for Luhn).
struct DocumentModel {
    var n = 0
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
                  scratch: &workspace.sentenceTerms)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
                 spellingKeys: inout SpellingKeys, spellingTerms: inout KeyTable, termIDs: inout KeyTable, scratch: inout [Int32]) {
        n = sentences.count
        let bytesCovered = (sentences.last?.upperBound ?? 0) - (sentences.first?.lowerBound ?? 0)
        // Distinct words grow sub-linearly (Heaps' law): tables start small and grow on demand.
        // Raw spelling -> term id (or -1 for a stop word): most words repeat, and a repeat
        // costs one hash of its bytes instead of folding, stemming and two lookups.
        spellingTerms.reset(expecting: min(8192, max(64, bytesCovered / 10)))
        termIDs.reset(expecting: min(8192, max(64, bytesCovered / 12)))
        var sequence: [Int32] = []
        if keepSequence { sequence.reserveCapacity(n * 20) }
        var corpusTF: [Int32] = []
        var df: [Int32] = []
        var termCount: Int32 = 0
        terms.reserveCapacity(n * 12)
        tf.reserveCapacity(n * 12)
        wordCounts.reserveCapacity(n)
        termOffsets.reserveCapacity(n + 1)
        sequenceOffsets.reserveCapacity(n + 1)
        for r in sentences {
            scratch.removeAll(keepingCapacity: true)
            var words: Int32 = 0
            WordSegmenter.forEachWordWithKey(in: bytes, r) { w, _, rawKey in
                words += 1
                let t = spellingTerms.value(rawKey) {
                    guard let key = spellingKeys.key(raw: rawKey, { normalizer.key(bytes, w) }) else { return -1 }
                    return termIDs.value(key) {
                        corpusTF.append(0)
                        df.append(0)
                        termCount += 1
                        return termCount - 1
                    }
                }
                if keepSequence { sequence.append(t) }
                if t >= 0 {
                    scratch.append(t)
                    corpusTF[Int(t)] += 1
                }
            }
            wordCounts.append(words)
            if keepSequence { sequenceOffsets.append(Int32(sequence.count)) }
            Self.appendUnique(&scratch, terms: &terms, tf: &tf, df: &df)
            termOffsets.append(Int32(terms.count))
        }
        self.sequence = sequence
        self.corpusTF = corpusTF
        self.df = df
        self.termCount = Int(termCount)
        if let title {
            WordSegmenter.forEachWord(in: bytes, title) { w, _ in
                if let key = normalizer.key(bytes, w), let id = termIDs.value(key) { titleTerms.append(id) }
            }
            titleTerms.sort()
            var unique: [Int32] = []
            for t in titleTerms where unique.last != t { unique.append(t) }
            titleTerms = unique
        }
    }

    private static func appendUnique(_ scratch: inout [Int32], terms: inout [Int32], tf: inout [Float], df: inout [Int32]) {
        // Insertion sort: sentences hold a few dozen terms.
        var i = 1
        while i < scratch.count {
            let x = scratch[i]
            var j = i - 1
            while j >= 0 && scratch[j] > x {
                scratch[j + 1] = scratch[j]
                j -= 1
            }
            scratch[j + 1] = x
            i += 1
        }
        var k = 0
        while k < scratch.count {
            let t = scratch[k]
            var c: Float = 1
            k += 1
            while k < scratch.count && scratch[k] == t { c += 1; k += 1 }
            terms.append(t)
            tf.append(c)
            df[Int(t)] += 1
        }
    }

    /// Smoothed inverse sentence frequency of every term: ln(1 + n / df).
    func idf() -> [Float] {
        let nf = Float(n)
        return df.map { log(1 + nf / Float($0)) }
    }

    /// L2-normalized tf-idf weights, aligned with `terms`.
    func unitWeights(idf: [Float]) -> [Float] {
        var w = [Float](repeating: 0, count: terms.count)
        for i in 0..<n {
            let a = Int(termOffsets[i]), b = Int(termOffsets[i + 1])
            var norm: Float = 0
            for k in a..<b {
                let x = tf[k] * idf[Int(terms[k])]
                w[k] = x
                norm += x * x
            }
            if norm > 0 {
                let inv = 1 / norm.squareRoot()
                for k in a..<b { w[k] *= inv }
            }
        }
        return w
    }
}
