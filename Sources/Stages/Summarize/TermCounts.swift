/// Per-term counters of the document being read, the terms of its current sentence, and the
/// sentence vectors made so far (terms and their occurrences, sentence after sentence), in raw
/// memory reused across documents (see ``ModelWorkspace``): counting a word is two
/// read-modify-writes (its term's count in the sentence and its term's bit), with no array
/// uniqueness or bounds checks and no branch in the word loop.
///
/// A sentence's terms are the set bits of a per-term bit set, read back in increasing order
/// when the sentence ends (``endSentence()``), over the words from the lowest term counted to
/// the highest: the distinct terms, sorted, with no list of them kept and no compare of one term
/// with another. (Until round 22 each word also kept its term's last sentence and wrote the
/// term to a list of the sentence's new terms, which `endSentence` then sorted by setting the
/// same bits: a second pass over each sentence's terms.)
struct TermCounts: Sendable {
    /// Per term, its occurrences in the current sentence (0 between sentences); the record at
    /// ``spare`` (past every term's) counts the stop words and is never read.
    private var sentenceTF: RawColumn<Int32>
    /// Sentences holding each term (counted when a sentence ends), term after term: the model's
    /// `df`, copied whole.
    private var sentenceFrequencies: RawColumn<Int32>
    /// A bit per term of the current sentence (term `t` is bit `t % 64` of word `t / 64`), all
    /// clear between sentences but the stop words' (``spare``'s, in a word of its own past the
    /// terms', which is never read).
    private var termBits: RawColumn<UInt64>
    /// The sentence vectors of the ended sentences: unique terms ascending, sentence after
    /// sentence, and their occurrences in the sentence (aligned).
    private var vectorTerms: RawColumn<Int32>
    private var vectorTF: RawColumn<Float>
    /// Entries of `vectorTerms` and `vectorTF`.
    private(set) var vectorCount = 0
    /// Terms of the document so far (ids 0..<terms).
    private(set) var terms = 0
    /// The terms the counters have room for at first.
    private static let firstCapacity = 1024
    /// The terms the counters have room for (a multiple of 64; ``spare`` is this index).
    private var termCapacity = TermCounts.firstCapacity
    /// The lowest term counted in the current sentence (``spare`` when none), and the highest
    /// (-1 when none). A sentence is what was counted since the last ended (or `reset`): no
    /// call starts one.
    private var lowest = TermCounts.firstCapacity
    private var highest = -1
    /// Words counted in the current sentence (stop words too): a bound on its distinct terms.
    private var sentenceWords = 0

    init() {
        sentenceTF = RawColumn(capacity: termCapacity + 1, repeating: 0)
        sentenceFrequencies = RawColumn(capacity: termCapacity)
        termBits = RawColumn(capacity: termCapacity / 64 + 1, repeating: 0)
        vectorTerms = RawColumn(capacity: 4096)
        vectorTF = RawColumn(capacity: 4096)
    }

    /// The stop words' record and bit: the index past every term's.
    private var spare: Int { termCapacity }

    /// Starts a document.
    mutating func reset() {
        sentenceTF.makeUnique(preserving: sentenceTF.capacity)
        termBits.makeUnique(preserving: termBits.capacity)
        sentenceFrequencies.makeUnique(preserving: 0)
        vectorTerms.makeUnique(preserving: 0)
        vectorTF.makeUnique(preserving: 0)
        // Every ended sentence leaves its terms' counts and bits clear; a sentence left before
        // its end (a test) has its own between its lowest and highest term.
        if highest >= 0 {
            (sentenceTF.base + lowest).update(repeating: 0, count: highest - lowest + 1)
            (termBits.base + lowest >> 6).update(repeating: 0, count: highest >> 6 - lowest >> 6 + 1)
        }
        terms = 0
        vectorCount = 0
        clearSentence()
    }

    /// Adds term `terms` (the next id), with zero counts.
    @inline(__always)
    mutating func addTerm() {
        if terms == termCapacity { grow() }
        sentenceFrequencies.base[terms] = 0
        terms += 1
    }

    /// Doubles the terms the counters hold, keeping the counts and bits of the terms so far (the
    /// stop words' record and bit, whose places the new terms take, start over past them).
    @inline(never)
    private mutating func grow() {
        let old = termCapacity
        termCapacity = 2 * old
        sentenceTF.reallocate(capacity: termCapacity + 1, preserving: old)
        (sentenceTF.base + old).initialize(repeating: 0, count: termCapacity + 1 - old)
        sentenceFrequencies.reallocate(capacity: termCapacity, preserving: old)
        termBits.reallocate(capacity: termCapacity / 64 + 1, preserving: old / 64)
        (termBits.base + old / 64).initialize(repeating: 0, count: termBits.capacity - old / 64)
        if lowest == old { lowest = spare }
    }

    /// Empties the current sentence's bounds and word count (its counts and bits are clear).
    private mutating func clearSentence() {
        lowest = spare
        highest = -1
        sentenceWords = 0
    }

    /// Counts one occurrence of `term` in the current sentence, or nothing for -1 (a stop word),
    /// without a branch on either (between `reset` and the end of the document the counts must
    /// not be copied): a stop word counts in the spare record past the terms.
    @inline(__always)
    mutating func count(_ term: Int32) {
        var lowest = lowest, highest = highest
        Self.tally(term, sentenceTF.base, termBits.base, spare: spare, lowest: &lowest, highest: &highest)
        (self.lowest, self.highest) = (lowest, highest)
        sentenceWords += 1
    }

    /// Counts the words `spellings[0..<wordCount]` of the current sentence, the term of word `w`
    /// being `termOfSpelling[spellings[w]]`, as `count` would one by one, with the tables'
    /// addresses and the sentence's bounds in registers for the whole loop (`count` reloads
    /// them per word, as its stores might have changed them).
    mutating func count(spellings: UnsafePointer<Int32>, wordCount: Int, termOfSpelling: UnsafePointer<Int32>) {
        let tf = sentenceTF.base, bits = termBits.base, spare = spare
        var lowest = lowest, highest = highest
        for w in 0..<wordCount {
            Self.tally(termOfSpelling[Int(spellings[w])], tf, bits, spare: spare, lowest: &lowest, highest: &highest)
        }
        (self.lowest, self.highest) = (lowest, highest)
        sentenceWords += wordCount
    }

    /// One occurrence of `term` (-1: a stop word, counted at `spare`): its count in the sentence,
    /// its bit, and the sentence's lowest and highest term.
    @inline(__always)
    private static func tally(_ term: Int32, _ tf: UnsafeMutablePointer<Int32>, _ bits: UnsafeMutablePointer<UInt64>, spare: Int,
                              lowest: inout Int, highest: inout Int) {
        let t = Int(truncatingIfNeeded: term)
        let index = t >= 0 ? t : spare
        tf[index] &+= 1
        bits[index &>> 6] |= 1 &<< UInt64(index & 63)
        lowest = Swift.min(lowest, index)
        highest = Swift.max(highest, t)
    }

    /// Ends the current sentence: appends its distinct terms in increasing order to the sentence
    /// vectors, with their occurrences in the sentence, and counts the sentence in their `df`,
    /// clearing their counts and bits: the next word counted is the next sentence's.
    mutating func endSentence() {
        defer { clearSentence() }
        guard highest >= 0 else { return }
        let most = Swift.min(sentenceWords, highest - lowest + 1)
        if vectorCount + most > vectorTerms.capacity {
            let capacity = Swift.max(2 * vectorTerms.capacity, vectorCount + most)
            vectorTerms.reallocate(capacity: capacity, preserving: vectorCount)
            vectorTF.reallocate(capacity: capacity, preserving: vectorCount)
        }
        let bits = termBits.base, tf = sentenceTF.base, df = sentenceFrequencies.base
        let termsOut = vectorTerms.base + vectorCount, tfOut = vectorTF.base + vectorCount
        var written = 0
        for word in (lowest &>> 6)...(highest &>> 6) {
            var set = bits[word]
            bits[word] = 0
            while set != 0 {
                let term = word &<< 6 | set.trailingZeroBitCount
                set &= set &- 1
                termsOut[written] = Int32(truncatingIfNeeded: term)
                tfOut[written] = Float(tf[term])
                tf[term] = 0
                df[term] &+= 1  // at most the document's sentences
                written &+= 1
            }
        }
        vectorCount += written
    }

    /// Writes what a document model keeps into its arrays, in the storage they have (see
    /// ``Swift/Array/refill(copying:)``): `terms` and `tf`, the sentence vectors' terms and
    /// occurrences (all ended sentences, in order); `df`, each term's sentence count; and
    /// `corpusTF`, each term's occurrences in the document (the sum of its sentences'), when
    /// `withOccurrences` (else empty). One call, not inlined: `DocumentModel.init` keeps its
    /// word loop inlined only while it stays small.
    @inline(never)
    func fillModelArrays(terms: inout [Int32], tf: inout [Float], df: inout [Int32], corpusTF: inout [Int32], withOccurrences: Bool) {
        terms.refill(copying: UnsafeBufferPointer(start: vectorTerms.base, count: vectorCount))
        tf.refill(copying: UnsafeBufferPointer(start: vectorTF.base, count: vectorCount))
        df.refill(copying: UnsafeBufferPointer(start: sentenceFrequencies.base, count: self.terms))
        corpusTF.refill(zeros: withOccurrences ? self.terms : 0)
        guard withOccurrences else { return }
        let vectorTerms = vectorTerms.base, vectorTF = vectorTF.base, entries = vectorCount
        corpusTF.withUnsafeMutableBufferPointer { corpusTF in
            for k in 0..<entries { corpusTF[Int(vectorTerms[k])] &+= Int32(vectorTF[k]) }
        }
    }
}
