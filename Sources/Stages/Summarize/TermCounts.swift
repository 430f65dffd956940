/// Per-term counters of the document being read, the unique terms of its current sentence, and
/// the sentence vectors made so far (terms and their occurrences, sentence after sentence), in
/// raw memory reused across documents (see ``ModelWorkspace``): counting a word is a few loads
/// and stores in one 16-byte record, with no array uniqueness or bounds checks in the word loop.
///
/// For term `t`: occurrences in the document, the last sentence it occurred in, and its
/// occurrences up to the end of the last ended sentence that held it (``Counter``); and apart,
/// in a column of their own, the sentences holding it (its `df`, which the model copies whole).
struct TermCounts: Sendable {
    /// The counters of one term, side by side: counting a word touches one record.
    struct Counter: Sendable {
        /// Occurrences in the document.
        var corpusTF: Int32
        /// Unused: keeps a record 16 bytes, so that the word loop finds it with a shift.
        var padding: Int32 = 0
        /// The last sentence the term occurred in (-1: none yet).
        var seenIn: Int32
        /// `corpusTF` at the end of the last ended sentence that held the term (0: none): the
        /// current sentence's occurrences are `corpusTF - countBefore` when it ends (no sentence
        /// in between held the term), so counting a word needs no per-sentence count that starts
        /// over when the term is new in the sentence (a select the compiler makes a branch of,
        /// mispredicted often: about half of the words are new in their sentence).
        var countBefore: Int32
    }

    /// Per-term records (capacity: the terms they can hold, plus the last record, where stop
    /// words are counted), made unique by `reset` and `addTerm`: the word loop writes them
    /// without checks.
    private var counters: RawColumn<Counter>
    /// Sentences holding each term (counted when a sentence ends), term after term: in a column
    /// of its own, so that the model's `df` is one copy (read out of the records, it was made of
    /// zeros first and then written term by term, ~13 instructions a term).
    private var sentenceFrequencies: RawColumn<Int32>
    /// The unique terms of the current sentence, in the order first seen.
    private var sentenceTerms: RawColumn<Int32>
    /// A bit per term (term `t` is bit `t % 64` of word `t / 64`), all clear between sentences:
    /// `endSentence` sorts the sentence's terms by setting their bits and reading them back.
    private var termBits: RawColumn<UInt64>
    /// The sentence vectors of the ended sentences: unique terms ascending, sentence after
    /// sentence, and their occurrences in the sentence (aligned).
    private var vectorTerms: RawColumn<Int32>
    private var vectorTF: RawColumn<Float>
    /// Entries of `vectorTerms` and `vectorTF`.
    private(set) var vectorCount = 0
    /// Terms of the document so far (ids 0..<terms).
    private(set) var terms = 0
    /// Unique terms of the current sentence so far.
    private(set) var sentenceCount = 0
    /// The current sentence's index.
    private var sentence: Int32 = -1

    init() {
        counters = RawColumn(capacity: 1024)
        sentenceFrequencies = RawColumn(capacity: 1024)
        sentenceTerms = RawColumn(capacity: 256)
        termBits = RawColumn(capacity: 1024 / 64, repeating: 0)
        vectorTerms = RawColumn(capacity: 4096)
        vectorTF = RawColumn(capacity: 4096)
    }

    /// Starts a document.
    mutating func reset() {
        terms = 0
        sentenceCount = 0
        vectorCount = 0
        sentence = -1
        counters.makeUnique(preserving: 0)
        sentenceFrequencies.makeUnique(preserving: 0)
        sentenceTerms.makeUnique(preserving: 0)
        termBits.makeUnique(preserving: termBits.capacity)  // all clear
        vectorTerms.makeUnique(preserving: 0)
        vectorTF.makeUnique(preserving: 0)
    }

    /// Adds term `terms` (the next id), with zero counts.
    @inline(__always)
    mutating func addTerm() {
        // The last record is the stop words' (see `count`).
        if terms == counters.capacity - 1 {
            counters.reallocate(capacity: 2 * counters.capacity, preserving: terms)
            sentenceFrequencies.reallocate(capacity: counters.capacity, preserving: terms)
            let words = termBits.capacity
            termBits.reallocate(capacity: counters.capacity / 64 + 1, preserving: words)
            (termBits.base + words).initialize(repeating: 0, count: termBits.capacity - words)
        }
        counters.base[terms] = Counter(corpusTF: 0, seenIn: -1, countBefore: 0)
        sentenceFrequencies.base[terms] = 0
        terms += 1
    }

    /// Starts sentence `index` (sentences come in increasing order).
    mutating func startSentence(_ index: Int32) {
        sentence = index
        sentenceCount = 0
        counters.base[counters.capacity - 1] = Counter(corpusTF: 0, seenIn: index, countBefore: 0)
    }

    /// Counts one occurrence of `term` in the current sentence, or nothing for -1 (a stop word),
    /// without a branch on either (between `reset` and the end of the document the counts must
    /// not be copied): a stop word counts in the spare record past the terms, which is always
    /// already seen in the current sentence; a term's entry in the sentence's list is written
    /// every time and kept only the first time.
    @inline(__always)
    mutating func count(_ term: Int32) {
        if sentenceCount + 1 >= sentenceTerms.capacity {
            sentenceTerms.reallocate(capacity: 2 * sentenceTerms.capacity, preserving: sentenceCount)
        }
        Self.tally(term, counters.base, spare: counters.capacity - 1, sentence: sentence, sentenceTerms.base, &sentenceCount)
    }

    /// Counts the words `spellings[0..<wordCount]` of the current sentence, the term of word `w`
    /// being `termOfSpelling[spellings[w]]`, as `count` would one by one: the sentence's list is
    /// made large enough once, and the tables' addresses stay in registers for the whole loop
    /// (`count` reloads them per word, as its stores might have changed them).
    mutating func count(spellings: UnsafePointer<Int32>, wordCount: Int, termOfSpelling: UnsafePointer<Int32>) {
        if sentenceCount + wordCount + 1 > sentenceTerms.capacity {
            let capacity = Swift.max(2 * sentenceTerms.capacity, sentenceCount + wordCount + 1)
            sentenceTerms.reallocate(capacity: capacity, preserving: sentenceCount)
        }
        let counters = counters.base, spare = self.counters.capacity - 1, sentence = sentence, unique = sentenceTerms.base
        var uniqueCount = sentenceCount
        for w in 0..<wordCount {
            Self.tally(termOfSpelling[Int(spellings[w])], counters, spare: spare, sentence: sentence, unique, &uniqueCount)
        }
        sentenceCount = uniqueCount
    }

    /// One occurrence of `term` (-1: a stop word, counted in record `spare`) in `sentence`: its
    /// counter's record updated, and the term written at `unique[uniqueCount]`, kept (the count
    /// advanced) when it is the term's first occurrence in the sentence.
    @inline(__always)
    private static func tally(_ term: Int32, _ counters: UnsafeMutablePointer<Counter>, spare: Int, sentence: Int32,
                              _ unique: UnsafeMutablePointer<Int32>, _ uniqueCount: inout Int) {
        let counter = counters + (term >= 0 ? Int(term) : spare)
        // New in the sentence when it was last seen in an earlier one (`seenIn < sentence`, as
        // the sign of a wrapping difference: the compiler makes a branch of a comparison here).
        let isNew = UInt32(bitPattern: counter.pointee.seenIn &- sentence) >> 31
        counter.pointee.corpusTF &+= 1
        counter.pointee.seenIn = sentence
        unique[uniqueCount] = term
        uniqueCount &+= Int(isNew)
    }

    /// Ends the current sentence: appends its unique terms in increasing order to the sentence
    /// vectors, with their occurrences in the sentence, and counts the sentence in their `df`.
    /// The terms are put in order by ``sortByBits(_:count:into:bits:)``: no compare of one term
    /// with another (an insertion sort of the terms met in earlier sentences, after a pass that
    /// set them apart from the sentence's new ones, took ~25% more of the brief's samples here;
    /// docs/performance-log.md, round 20).
    mutating func endSentence() {
        let unique = sentenceTerms.base, counters = counters.base, df = sentenceFrequencies.base
        if vectorCount + sentenceCount > vectorTerms.capacity {
            let capacity = Swift.max(2 * vectorTerms.capacity, vectorCount + sentenceCount)
            vectorTerms.reallocate(capacity: capacity, preserving: vectorCount)
            vectorTF.reallocate(capacity: capacity, preserving: vectorCount)
        }
        let out = vectorTerms.base + vectorCount
        if sentenceCount > 1 {
            Self.sortByBits(unique, count: sentenceCount, into: out, bits: termBits.base)
        } else if sentenceCount == 1 {
            out[0] = unique[0]
        }
        let tfOut = vectorTF.base + vectorCount
        for k in 0..<sentenceCount {
            let term = Int(out[k])
            let counter = counters + term
            tfOut[k] = Float(counter.pointee.corpusTF &- counter.pointee.countBefore)
            counter.pointee.countBefore = counter.pointee.corpusTF
            df[term] &+= 1  // at most the document's sentences
        }
        vectorCount += sentenceCount
        sentenceCount = 0
    }

    /// Writes the `count` distinct terms at `values` to `sorted`, ascending: sets their bits in
    /// `bits` (all clear, as it is left), then reads the set bits back in order, clearing them. A
    /// sentence's terms are a few dozen among a few hundred: a few words of bits to read.
    @inline(__always)
    private static func sortByBits(_ values: UnsafePointer<Int32>, count: Int, into sorted: UnsafeMutablePointer<Int32>,
                                   bits: UnsafeMutablePointer<UInt64>) {
        var low = Int.max, high = 0
        for k in 0..<count {
            let term = Int(truncatingIfNeeded: values[k])
            bits[term &>> 6] |= 1 &<< UInt64(term & 63)
            low = Swift.min(low, term &>> 6)
            high = Swift.max(high, term &>> 6)
        }
        var written = 0
        for word in low...high {
            var set = bits[word]
            bits[word] = 0
            while set != 0 {
                sorted[written] = Int32(truncatingIfNeeded: word &<< 6 | set.trailingZeroBitCount)
                written &+= 1
                set &= set &- 1
            }
        }
    }

    private static let corpusTFOffset = MemoryLayout<Counter>.offset(of: \.corpusTF)!

    /// Writes what a document model keeps into its arrays, in the storage they have (see
    /// ``Swift/Array/refill(copying:)``): `terms` and `tf`, the sentence vectors' terms and
    /// occurrences (all ended sentences, in order); `df`, each term's sentence count; and
    /// `corpusTF`, each term's occurrences in the document, when `withOccurrences` (else empty).
    /// One call, so that `DocumentModel.init` stays as small as when it read them one by one (see
    /// `fillColumn`).
    @inline(never)
    func fillModelArrays(terms: inout [Int32], tf: inout [Float], df: inout [Int32], corpusTF: inout [Int32], withOccurrences: Bool) {
        terms.refill(copying: UnsafeBufferPointer(start: vectorTerms.base, count: vectorCount))
        tf.refill(copying: UnsafeBufferPointer(start: vectorTF.base, count: vectorCount))
        df.refill(copying: UnsafeBufferPointer(start: sentenceFrequencies.base, count: self.terms))
        if withOccurrences { fillColumn(&corpusTF, at: Self.corpusTFOffset) } else { corpusTF.removeAll(keepingCapacity: true) }
    }

    /// Makes `values` the `Int32` field at byte `offset` of every term's counter, in term order,
    /// written by a plain loop over the records (a `map` over the range appended and checked term
    /// by term, ~10 instructions each). Not inlined: `DocumentModel.init`, which reads the
    /// columns, keeps its word loop (`SpellingKeys.forEachWord` and its closure) inlined only
    /// while it stays small; a few more lines there and the compiler calls the closure once per word.
    @inline(never)
    private func fillColumn(_ values: inout [Int32], at offset: Int) {
        let records = UnsafeRawPointer(counters.base), terms = terms
        values.refill(zeros: terms)
        values.withUnsafeMutableBufferPointer { values in
            for t in 0..<terms { values[t] = records.load(fromByteOffset: t * MemoryLayout<Counter>.stride + offset, as: Int32.self) }
        }
    }
}
