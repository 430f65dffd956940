/// Per-term counters of the document being read, the unique terms of its current sentence, and
/// the sentence vectors made so far (terms and their occurrences, sentence after sentence), in
/// raw memory reused across documents (see ``ModelWorkspace``): counting a word is a few loads
/// and stores in one 16-byte record, with no array uniqueness or bounds checks in the word loop.
///
/// For term `t`: occurrences in the document, sentences holding it, the last sentence it
/// occurred in and its occurrences there (``Counter``).
struct TermCounts: Sendable {
    /// The counters of one term, side by side: counting a word touches one record.
    struct Counter: Sendable {
        /// Occurrences in the document.
        var corpusTF: Int32
        /// Sentences holding the term (counted when a sentence ends).
        var df: Int32
        /// The last sentence the term occurred in (-1: none yet).
        var seenIn: Int32
        /// Occurrences in that sentence.
        var inSentence: Int32
    }

    /// Per-term records (capacity: the terms they can hold, plus the last record, where stop
    /// words are counted), made unique by `reset` and `addTerm`: the word loop writes them
    /// without checks.
    private var counters: RawColumn<Counter>
    /// The unique terms of the current sentence, in the order first seen.
    private var sentenceTerms: RawColumn<Int32>
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
    /// One more than the greatest term of the ended sentences: the current sentence's terms from
    /// here on are new in the document, and come in increasing order when ids are handed out in
    /// order of first occurrence.
    private var firstNew: Int32 = 0

    init() {
        counters = RawColumn(capacity: 1024)
        sentenceTerms = RawColumn(capacity: 256)
        vectorTerms = RawColumn(capacity: 4096)
        vectorTF = RawColumn(capacity: 4096)
    }

    /// Starts a document.
    mutating func reset() {
        terms = 0
        sentenceCount = 0
        vectorCount = 0
        sentence = -1
        firstNew = 0
        counters.makeUnique(preserving: 0)
        sentenceTerms.makeUnique(preserving: 0)
        vectorTerms.makeUnique(preserving: 0)
        vectorTF.makeUnique(preserving: 0)
    }

    /// Adds term `terms` (the next id), with zero counts.
    @inline(__always)
    mutating func addTerm() {
        // The last record is the stop words' (see `count`).
        if terms == counters.capacity - 1 { counters.reallocate(capacity: 2 * counters.capacity, preserving: terms) }
        counters.base[terms] = Counter(corpusTF: 0, df: 0, seenIn: -1, inSentence: 0)
        terms += 1
    }

    /// Starts sentence `index` (sentences come in increasing order).
    mutating func startSentence(_ index: Int32) {
        sentence = index
        sentenceCount = 0
        counters.base[counters.capacity - 1] = Counter(corpusTF: 0, df: 0, seenIn: index, inSentence: 0)
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
        let index = term >= 0 ? Int(term) : counters.capacity - 1
        let counter = counters.base + index
        let isNew = counter.pointee.seenIn != sentence
        counter.pointee.corpusTF &+= 1
        counter.pointee.inSentence = isNew ? 1 : counter.pointee.inSentence &+ 1
        counter.pointee.seenIn = sentence
        sentenceTerms.base[sentenceCount] = term
        sentenceCount += isNew ? 1 : 0
    }

    /// Ends the current sentence: appends its unique terms in increasing order to the sentence
    /// vectors, with their occurrences in the sentence, and counts the sentence in their `df`.
    ///
    /// Terms the document met before this sentence are sorted apart (insertion sort: a sentence
    /// holds a few dozen); terms the sentence made are all greater, and already in increasing
    /// order when they were counted as they were made (the word loop; else they are sorted too).
    mutating func endSentence() {
        let unique = sentenceTerms.base, counters = counters.base
        if vectorCount + sentenceCount > vectorTerms.capacity {
            let capacity = Swift.max(2 * vectorTerms.capacity, vectorCount + sentenceCount)
            vectorTerms.reallocate(capacity: capacity, preserving: vectorCount)
            vectorTF.reallocate(capacity: capacity, preserving: vectorCount)
        }
        let out = vectorTerms.base + vectorCount
        // Old terms to the front of `out`, new ones to its back (in their order), then each part sorted.
        var old = 0, new = sentenceCount
        for k in 0..<sentenceCount where unique[k] < firstNew {
            out[old] = unique[k]
            old += 1
        }
        for k in stride(from: sentenceCount - 1, through: 0, by: -1) where unique[k] >= firstNew {
            new -= 1
            out[new] = unique[k]
        }
        Self.insertionSort(out, 0, old)
        Self.insertionSort(out, old, sentenceCount)
        if sentenceCount > 0 { firstNew = Swift.max(firstNew, out[sentenceCount - 1] + 1) }
        let tfOut = vectorTF.base + vectorCount
        for k in 0..<sentenceCount {
            let counter = counters + Int(out[k])
            tfOut[k] = Float(counter.pointee.inSentence)
            counter.pointee.df += 1
        }
        vectorCount += sentenceCount
        sentenceCount = 0
    }

    /// Sorts `values[from..<to]` ascending (linear when it is sorted already).
    @inline(__always)
    private static func insertionSort(_ values: UnsafeMutablePointer<Int32>, _ from: Int, _ to: Int) {
        var i = from + 1
        while i < to {
            let pending = values[i]
            var j = i - 1
            while j >= from && values[j] > pending {
                values[j + 1] = values[j]
                j -= 1
            }
            values[j + 1] = pending
            i += 1
        }
    }

    /// The sentence vectors' terms so far (all ended sentences, in order).
    var termsArray: [Int32] { Array(UnsafeBufferPointer(start: vectorTerms.base, count: vectorCount)) }
    /// The sentence vectors' occurrences, aligned with `termsArray`.
    var tfArray: [Float] { Array(UnsafeBufferPointer(start: vectorTF.base, count: vectorCount)) }
    /// The document's occurrences per term.
    var corpusTFArray: [Int32] { (0..<terms).map { counters.base[$0].corpusTF } }
    /// The document's sentence count per term.
    var dfArray: [Int32] { (0..<terms).map { counters.base[$0].df } }
}
