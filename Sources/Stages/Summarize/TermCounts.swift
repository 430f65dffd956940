/// Per-term counters of the document being read, and the unique terms of its current sentence,
/// in raw memory reused across documents (see ``ModelWorkspace``): counting a word is a few
/// loads and stores, with no array uniqueness or bounds checks in the word loop.
///
/// For term `t`: `corpusTF[t]` (occurrences in the document), `df[t]` (sentences holding it),
/// `seenIn[t]` (the last sentence it occurred in) and `inSentence[t]` (occurrences there).
struct TermCounts: Sendable {
    /// The memory (freed with it). Written only through a `TermCounts` holding the only
    /// reference (copy on write), so counts on different threads never write shared memory.
    final class Storage: @unchecked Sendable {
        let capacity: Int
        let sentenceCapacity: Int
        let corpusTF, df, seenIn, inSentence: UnsafeMutablePointer<Int32>
        let sentenceTerms: UnsafeMutablePointer<Int32>

        init(capacity: Int, sentenceCapacity: Int) {
            self.capacity = capacity
            self.sentenceCapacity = sentenceCapacity
            corpusTF = .allocate(capacity: capacity)
            df = .allocate(capacity: capacity)
            seenIn = .allocate(capacity: capacity)
            inSentence = .allocate(capacity: capacity)
            sentenceTerms = .allocate(capacity: sentenceCapacity)
        }

        /// A copy holding the first `terms` terms and `sentenceCount` sentence terms, with room for at least the given capacities.
        func copy(terms: Int, sentenceCount: Int, capacity: Int, sentenceCapacity: Int) -> Storage {
            let fresh = Storage(capacity: capacity, sentenceCapacity: sentenceCapacity)
            fresh.corpusTF.update(from: corpusTF, count: terms)
            fresh.df.update(from: df, count: terms)
            fresh.seenIn.update(from: seenIn, count: terms)
            fresh.inSentence.update(from: inSentence, count: terms)
            fresh.sentenceTerms.update(from: sentenceTerms, count: sentenceCount)
            return fresh
        }

        deinit {
            corpusTF.deallocate()
            df.deallocate()
            seenIn.deallocate()
            inSentence.deallocate()
            sentenceTerms.deallocate()
        }
    }

    private(set) var storage: Storage {
        didSet { memory = Memory(storage) }
    }
    /// The storage's pointers, read in the word loop without touching the object (no retain).
    private var memory: Memory

    /// Pointers into `storage`, which travels with them (see `Storage`).
    private struct Memory: @unchecked Sendable {
        let corpusTF, df, seenIn, inSentence, sentenceTerms: UnsafeMutablePointer<Int32>
        let sentenceCapacity: Int
        init(_ s: Storage) {
            corpusTF = s.corpusTF; df = s.df; seenIn = s.seenIn; inSentence = s.inSentence
            sentenceTerms = s.sentenceTerms; sentenceCapacity = s.sentenceCapacity
        }
    }
    /// Terms of the document so far (ids 0..<terms).
    private(set) var terms = 0
    /// Unique terms of the current sentence so far.
    private(set) var sentenceCount = 0
    /// The current sentence's index.
    private var sentence: Int32 = -1

    init() {
        let s = Storage(capacity: 1024, sentenceCapacity: 256)
        storage = s
        memory = Memory(s)
    }

    /// Starts a document.
    mutating func reset() {
        terms = 0
        sentenceCount = 0
        sentence = -1
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(terms: 0, sentenceCount: 0, capacity: storage.capacity, sentenceCapacity: storage.sentenceCapacity) }
    }

    /// Adds term `terms` (the next id), with zero counts.
    mutating func addTerm() {
        if terms == storage.capacity || !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy(terms: terms, sentenceCount: sentenceCount, capacity: Swift.max(storage.capacity, 2 * terms),
                                   sentenceCapacity: storage.sentenceCapacity)
        }
        storage.corpusTF[terms] = 0
        storage.df[terms] = 0
        storage.seenIn[terms] = -1
        storage.inSentence[terms] = 0
        terms += 1
    }

    /// Starts sentence `index` (sentences come in increasing order).
    mutating func startSentence(_ index: Int32) {
        sentence = index
        sentenceCount = 0
    }

    /// Counts one occurrence of term `t` in the current sentence (between `reset` and the end
    /// of the document the counts must not be copied).
    @inline(__always)
    mutating func count(_ t: Int32) {
        let m = memory
        let i = Int(t)
        m.corpusTF[i] += 1
        if m.seenIn[i] == sentence {
            m.inSentence[i] += 1
            return
        }
        // `reset` made the storage unique, and the counts are not copied while a document is read.
        if sentenceCount == m.sentenceCapacity {
            storage = storage.copy(terms: terms, sentenceCount: sentenceCount, capacity: storage.capacity, sentenceCapacity: 2 * storage.sentenceCapacity)
        }
        let w = memory
        w.seenIn[i] = sentence
        w.inSentence[i] = 1
        w.sentenceTerms[sentenceCount] = t
        sentenceCount += 1
    }

    /// Ends the current sentence: appends its unique terms in increasing order to `termsOut`,
    /// their occurrences in the sentence to `tf`, and counts the sentence in their `df`.
    mutating func endSentence(terms termsOut: inout [Int32], tf: inout [Float]) {
        let s = memory
        let u = s.sentenceTerms
        // Insertion sort: a sentence holds a few dozen unique terms.
        var i = 1
        while i < sentenceCount {
            let x = u[i]
            var j = i - 1
            while j >= 0 && u[j] > x {
                u[j + 1] = u[j]
                j -= 1
            }
            u[j + 1] = x
            i += 1
        }
        for k in 0..<sentenceCount {
            let t = Int(u[k])
            termsOut.append(Int32(t))
            tf.append(Float(s.inSentence[t]))
            s.df[t] += 1
        }
        sentenceCount = 0
    }

    /// The document's occurrences per term.
    var corpusTFArray: [Int32] { Array(UnsafeBufferPointer(start: storage.corpusTF, count: terms)) }
    /// The document's sentence count per term.
    var dfArray: [Int32] { Array(UnsafeBufferPointer(start: storage.df, count: terms)) }
}
