/// Per-term counters of the document being read, and the unique terms of its current sentence,
/// in raw memory reused across documents (see ``ModelWorkspace``): counting a word is a few
/// loads and stores, with no array uniqueness or bounds checks in the word loop.
///
/// For term `t`: `corpusTF[t]` (occurrences in the document), `df[t]` (sentences holding it),
/// `seenIn[t]` (the last sentence it occurred in) and `inSentence[t]` (occurrences there).
struct TermCounts: Sendable {
    /// Per-term columns (capacity: the terms they can hold), made unique by `reset` and
    /// `addTerm`: the word loop writes them without checks.
    private var corpusTF, df, seenIn, inSentence: RawColumn<Int32>
    /// The unique terms of the current sentence, in the order first seen.
    private var sentenceTerms: RawColumn<Int32>
    /// Terms of the document so far (ids 0..<terms).
    private(set) var terms = 0
    /// Unique terms of the current sentence so far.
    private(set) var sentenceCount = 0
    /// The current sentence's index.
    private var sentence: Int32 = -1

    init() {
        corpusTF = RawColumn(capacity: 1024)
        df = RawColumn(capacity: 1024)
        seenIn = RawColumn(capacity: 1024)
        inSentence = RawColumn(capacity: 1024)
        sentenceTerms = RawColumn(capacity: 256)
    }

    /// Moves the per-term columns to memory of their own holding `capacity` terms (the first
    /// `terms` kept), and the sentence terms to memory of their own (the first `sentenceCount` kept).
    /// The per-term columns are only ever replaced together, so they are shared together: checking
    /// `corpusTF` answers for all four (`sentenceTerms` also grows alone, and is checked apart).
    private mutating func reallocate(capacity: Int) {
        corpusTF.reallocate(capacity: capacity, preserving: terms)
        df.reallocate(capacity: capacity, preserving: terms)
        seenIn.reallocate(capacity: capacity, preserving: terms)
        inSentence.reallocate(capacity: capacity, preserving: terms)
        sentenceTerms.makeUnique(preserving: sentenceCount)
    }

    /// Starts a document.
    mutating func reset() {
        terms = 0
        sentenceCount = 0
        sentence = -1
        if !corpusTF.isUnique() || !sentenceTerms.isUnique() { reallocate(capacity: corpusTF.capacity) }
    }

    /// Adds term `terms` (the next id), with zero counts.
    mutating func addTerm() {
        if terms == corpusTF.capacity || !corpusTF.isUnique() {
            reallocate(capacity: Swift.max(corpusTF.capacity, 2 * terms))
        }
        corpusTF.base[terms] = 0
        df.base[terms] = 0
        seenIn.base[terms] = -1
        inSentence.base[terms] = 0
        terms += 1
    }

    /// Starts sentence `index` (sentences come in increasing order).
    mutating func startSentence(_ index: Int32) {
        sentence = index
        sentenceCount = 0
    }

    /// Counts one occurrence of `term` in the current sentence (between `reset` and the end
    /// of the document the counts must not be copied).
    @inline(__always)
    mutating func count(_ term: Int32) {
        let i = Int(term)
        corpusTF.base[i] += 1
        if seenIn.base[i] == sentence {
            inSentence.base[i] += 1
            return
        }
        // `reset` made the columns unique, and the counts are not copied while a document is read.
        if sentenceCount == sentenceTerms.capacity {
            sentenceTerms.reallocate(capacity: 2 * sentenceTerms.capacity, preserving: sentenceCount)
        }
        seenIn.base[i] = sentence
        inSentence.base[i] = 1
        sentenceTerms.base[sentenceCount] = term
        sentenceCount += 1
    }

    /// Ends the current sentence: appends its unique terms in increasing order to `termsOut`,
    /// their occurrences in the sentence to `tf`, and counts the sentence in their `df`.
    mutating func endSentence(terms termsOut: inout [Int32], tf: inout [Float]) {
        let unique = sentenceTerms.base, inSentence = inSentence.base, df = df.base
        // Insertion sort: a sentence holds a few dozen unique terms.
        var i = 1
        while i < sentenceCount {
            let pending = unique[i]
            var j = i - 1
            while j >= 0 && unique[j] > pending {
                unique[j + 1] = unique[j]
                j -= 1
            }
            unique[j + 1] = pending
            i += 1
        }
        for k in 0..<sentenceCount {
            let term = Int(unique[k])
            termsOut.append(Int32(term))
            tf.append(Float(inSentence[term]))
            df[term] += 1
        }
        sentenceCount = 0
    }

    /// The document's occurrences per term.
    var corpusTFArray: [Int32] { Array(UnsafeBufferPointer(start: corpusTF.base, count: terms)) }
    /// The document's sentence count per term.
    var dfArray: [Int32] { Array(UnsafeBufferPointer(start: df.base, count: terms)) }
}
