import Foundation
import TextKit

/// Sentence vectors of one document: unique terms per sentence (CSR layout), term
/// frequencies, word counts, and the term sequence (for Luhn).
struct DocumentModel {
    /// The number of sentences.
    var sentenceCount = 0
    var termOffsets: [Int32] = []  // sentence i's terms: terms[termOffsets[i]..<termOffsets[i + 1]]
    var terms: [Int32] = []
    var tf: [Float] = []
    var wordCounts: [Int32] = []
    var sequenceOffsets: [Int32] = []  // as termOffsets, into `sequence` (built for Luhn only)
    var sequence: [Int32] = []  // term id per word, -1 for stop words (built for Luhn only)
    var termCount = 0
    var df: [Int32] = []
    var corpusTF: [Int32] = []  // occurrences per term (built for Luhn only, as `sequence`)
    var titleTerms: [Int32] = []

    /// A model of no sentences: the spare whose arrays the next model fills (see
    /// ``ModelWorkspace/spareModel``).
    init() {}

    /// Builds the model with `workspace`'s tables: the vocabulary of spellings seen in earlier
    /// documents (see `TermVocabulary`), which learns this document's new ones, and the counts and
    /// buffers the build reuses from document to document. Its arrays are those of
    /// `workspace.spareModel` (a model given back by an earlier document), refilled.
    init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
         workspace: inout ModelWorkspace) {
        self.init(bytes: bytes, sentences: sentences, title: title, normalizer: normalizer, keepSequence: keepSequence,
                  vocabulary: &workspace.vocabulary, counts: &workspace.termCounts, words: &workspace.words, spare: &workspace.spareModel)
    }

    /// Three passes: the words (each word's spelling, from the document's own spelling table),
    /// then the document's distinct spellings (vocabulary term and document term id, looked up
    /// together so their cache misses overlap), then the counts, sentence by sentence.
    private init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool,
                 vocabulary: inout TermVocabulary, counts: inout TermCounts, words: inout DocumentWords, spare: inout DocumentModel) {
        sentenceCount = sentences.count
        vocabulary.startDocument(language: normalizer.language)
        var sequence: [Int32] = []
        if keepSequence {
            sequenceOffsets = [0]
            sequence.reserveCapacity(sentenceCount * 20)
            sequenceOffsets.reserveCapacity(sentenceCount + 1)
        }
        counts.reset()
        words.reset()
        var wordCounts = [Int32].reusing(&spare.wordCounts), termOffsets = [Int32].reusing(&spare.termOffsets)
        wordCounts.refill(zeros: sentenceCount)
        termOffsets.refill(zeros: sentenceCount + 1)
        wordCounts.withUnsafeMutableBufferPointer { words.read(bytes, sentences: sentences, vocabulary: &vocabulary, wordCounts: $0) }
        // The distinct spellings: vocabulary terms, then document ids in order of first use.
        let spellings = words.spellingCount
        // The vocabulary terms, from the home slots `read` left in the column.
        words.touched ^= vocabulary.resolveTerms(words.spellings.base, count: spellings, homes: words.vocabularyTerm.base) {
            normalizer.key(bytes, $0)
        }
        vocabulary.resolveDocumentIDs(words.vocabularyTerm.base, count: spellings, into: words.termOfSpelling.base) {
            counts.addTerm()
            return Int32(truncatingIfNeeded: counts.terms &- 1)  // ids are Int32 throughout
        }
        // The counts.
        let spellingOfWord = words.spellingOfWord.base, termOfSpelling = words.termOfSpelling.base
        var word = 0
        for index in 0..<sentenceCount {
            let words = Int(wordCounts[index])
            counts.count(spellings: spellingOfWord + word, wordCount: words, termOfSpelling: termOfSpelling)
            if keepSequence {
                for w in word..<(word + words) { sequence.append(termOfSpelling[Int(spellingOfWord[w])]) }
                sequenceOffsets.append(Int32(sequence.count))
            }
            word += words
            counts.endSentence()
            termOffsets[index + 1] = Int32(counts.vectorCount)
        }
        self.wordCounts = wordCounts
        self.termOffsets = termOffsets
        self.sequence = sequence
        (terms, tf, df, corpusTF) = (.reusing(&spare.terms), .reusing(&spare.tf), .reusing(&spare.df), .reusing(&spare.corpusTF))
        counts.fillModelArrays(terms: &terms, tf: &tf, df: &df, corpusTF: &corpusTF, withOccurrences: keepSequence)
        termCount = counts.terms
        if let title {
            titleTerms = .reusing(&spare.titleTerms)
            titleTerms.removeAll(keepingCapacity: true)
            SpellingKeys.forEachWord(in: bytes, title) { word, rawKey in
                // A spelling of the body answers at once; another may share a term with one.
                if let spelling = vocabulary.knownDocumentSpelling(raw: rawKey) {
                    let known = words.termOfSpelling.base[Int(spelling)]
                    if known >= 0 { titleTerms.append(known) }
                } else if let key = normalizer.key(bytes, word), let id = vocabulary.documentID(key: key) {
                    titleTerms.append(id)
                }
            }
            titleTerms.sort()
            // Each term once, in place.
            var kept = 0
            for k in titleTerms.indices where kept == 0 || titleTerms[kept - 1] != titleTerms[k] {
                titleTerms[kept] = titleTerms[k]
                kept += 1
            }
            titleTerms.removeLast(titleTerms.count - kept)
        }
    }

    /// Smoothed inverse sentence frequency of every term: ln(1 + n / df).
    func idf() -> [Float] {
        [Float](unsafeUninitializedCapacity: df.count) { values, count in
            idf(into: UnsafeMutableBufferPointer(rebasing: values[0..<df.count]))
            count = df.count
        }
    }

    /// L2-normalized tf-idf weights, aligned with `terms`.
    func unitWeights(idf: [Float]) -> [Float] {
        idf.withUnsafeBufferPointer { idf in
            [Float](unsafeUninitializedCapacity: terms.count) { weights, count in
                unitWeights(idf: idf, into: UnsafeMutableBufferPointer(rebasing: weights[0..<terms.count]), centroid: nil)
                count = terms.count
            }
        }
    }
}
