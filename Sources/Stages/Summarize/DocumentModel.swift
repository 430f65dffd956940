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

    /// Builds the model with `workspace`'s tables: the vocabulary of spellings seen in earlier
    /// documents (see `TermVocabulary`), which learns this document's new ones, and the counts and
    /// buffers the build reuses from document to document.
    init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
         workspace: inout ModelWorkspace) {
        self.init(bytes: bytes, sentences: sentences, title: title, normalizer: normalizer, keepSequence: keepSequence,
                  vocabulary: &workspace.vocabulary, counts: &workspace.termCounts)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
                 vocabulary: inout TermVocabulary, counts: inout TermCounts) {
        sentenceCount = sentences.count
        vocabulary.startDocument(language: normalizer.language)
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
                let vocabularyTerm = vocabulary.term(raw: rawKey) { normalizer.key(bytes, word) }
                var term: Int32 = -1
                if vocabularyTerm != TermVocabulary.stopWord {
                    term = vocabulary.documentID(vocabularyTerm) {
                        counts.addTerm()
                        return Int32(counts.terms - 1)
                    }
                    counts.count(term)
                }
                if keepSequence { sequence.append(term) }
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
                if let key = normalizer.key(bytes, word), let id = vocabulary.documentID(key: key) { titleTerms.append(id) }
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
        // Most terms occur in one or a few sentences: the logarithm is taken once per small df.
        var byDF = [Float](repeating: -1, count: 64)
        return df.map { count in
            guard count < 64 else { return log(1 + sentences / Float(count)) }
            let known = byDF[Int(count)]
            if known >= 0 { return known }
            let value = log(1 + sentences / Float(count))
            byDF[Int(count)] = value
            return value
        }
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
