/// The words of the document being read, in raw memory reused across documents (see
/// ``ModelWorkspace``): for every word, the index of its spelling among the document's distinct
/// spellings; for every distinct spelling, its raw key, its byte range (to normalize it when the
/// vocabulary has not seen it), its vocabulary term and its term id in the document.
///
/// `DocumentModel` fills the words first, then resolves all the new spellings together, then
/// counts: the spelling lookups of a document are one loop of independent probes instead of a
/// stall in the middle of the word scan each.
struct DocumentWords: Sendable {
    /// Per word (in text order): its spelling's index.
    private(set) var spellingOfWord: RawColumn<Int32>
    /// Words so far.
    private(set) var wordCount = 0
    /// Per spelling (in order of first use): raw key and byte range (side by side: one pointer
    /// for the word loop to keep), vocabulary term, document term id.
    private(set) var spellings: RawColumn<Spelling>
    var vocabularyTerm: RawColumn<UInt64>
    var termOfSpelling: RawColumn<Int32>
    /// Spellings so far.
    private(set) var spellingCount = 0
    /// What the look-ahead loads of `TermVocabulary.resolveTerms` read, kept so that they are
    /// not optimized away.
    var touched: UInt64 = 0

    init() {
        spellingOfWord = RawColumn(capacity: 4096)
        spellings = RawColumn(capacity: 1024)
        vocabularyTerm = RawColumn(capacity: 1024)
        termOfSpelling = RawColumn(capacity: 1024)
    }

    /// Starts a document (makes the columns this value's own).
    mutating func reset() {
        wordCount = 0
        spellingCount = 0
        spellingOfWord.makeUnique(preserving: 0)
        spellings.makeUnique(preserving: 0)
        vocabularyTerm.makeUnique(preserving: 0)
        termOfSpelling.makeUnique(preserving: 0)
    }

    /// Reads the words of `sentences` of `bytes`: each word's spelling (`vocabulary`'s document
    /// spelling index), each new spelling's raw key and byte range, and sentence `i`'s number of
    /// words in `wordCounts[i]`; and each new spelling's home slot in the vocabulary's spelling
    /// table in `vocabularyTerm` (for ``TermVocabulary/resolveTerms(_:count:homes:normalize:)``),
    /// read after each sentence (``SpellingLookahead``).
    ///
    /// The columns get room for a sentence's words before it is read (a word takes at least one
    /// byte and adds at most one spelling), and the sentence's words go to a ``WordRecorder``: the
    /// column pointers, the counts and the document spelling table's probe in local variables,
    /// so that the word loop has no capacity check per word and no reload or store of this
    /// value's or the vocabulary's fields (a store through a pointer might have changed them).
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], vocabulary: inout TermVocabulary,
                       wordCounts: UnsafeMutableBufferPointer<Int32>) {
        // The stage refuses longer texts first (`SummarizeStage.checkSize`).
        precondition(bytes.count <= SummarizeStage.maxTextBytes, "a spelling's byte range is kept in 32 bits")
        let lookahead = vocabulary.lookahead
        withUnsafeMutablePointer(to: &vocabulary.documentSpellings) { table in
            var probe = table.pointee.probe
            for (index, sentence) in sentences.enumerated() {
                reserve(more: sentence.count)
                let firstWord = spellingOfWord.base + wordCount
                var recorder = WordRecorder(nextWord: firstWord, spellings: spellings.base, probe: probe, table: table)
                SpellingKeys.forEachWord(in: bytes, sentence, into: &recorder)
                let words = recorder.nextWord - firstWord
                wordCounts[index] = Int32(words)
                wordCount += words
                probe = recorder.probe
                // The sentence's new spellings: their vocabulary slots are fetched now, to arrive
                // while the next sentences are read.
                let firstNew = spellingCount
                spellingCount = probe.count
                lookahead.touch(spellings.base + firstNew, count: spellingCount - firstNew, homes: vocabularyTerm.base + firstNew)
            }
            table.pointee.update(from: probe)
        }
    }

    /// Makes room for `more` words and as many spellings past those read.
    private mutating func reserve(more: Int) {
        if wordCount + more > spellingOfWord.capacity {
            spellingOfWord.reallocate(capacity: Swift.max(2 * spellingOfWord.capacity, wordCount + more), preserving: wordCount)
        }
        if spellingCount + more > spellings.capacity {
            let capacity = Swift.max(2 * spellings.capacity, spellingCount + more)
            spellings.reallocate(capacity: capacity, preserving: spellingCount)
            vocabularyTerm.reallocate(capacity: capacity, preserving: spellingCount)
            termOfSpelling.reallocate(capacity: capacity, preserving: spellingCount)
        }
    }
}

/// A distinct spelling of a document: its raw key (see ``SpellingKeys``) and the byte range of
/// its first occurrence (in 32 bits: 16 bytes in all, written for every word).
struct Spelling {
    var raw: UInt64
    var start: Int32
    var end: Int32

    /// A spelling of raw key `raw` first used at `range` (of a text of at most `Int32.max` bytes).
    @inline(__always)
    init(raw: UInt64, range: Range<Int>) {
        self.raw = raw
        start = Int32(truncatingIfNeeded: range.lowerBound)
        end = Int32(truncatingIfNeeded: range.upperBound)
    }

    /// The byte range of the spelling's first occurrence.
    var range: Range<Int> { Int(start)..<Int(end) }
}

/// The word loop's state for one sentence of ``DocumentWords/read(_:sentences:vocabulary:wordCounts:)``:
/// where the next word and the next new spelling go, and the document spelling table's probe.
/// A value the loop can keep in registers (see ``SpellingKeys/forEachWord(in:_:into:)``), made
/// of few of them: a cursor instead of a pointer and a count, one column of spellings instead of
/// three. (The loop still has more values than registers: the compiler keeps some on the stack.)
private struct WordRecorder: WordSink {
    /// Where the next word's spelling index goes.
    var nextWord: UnsafeMutablePointer<Int32>
    /// The document's spellings so far (`probe.count` of them).
    let spellings: UnsafeMutablePointer<Spelling>
    /// The document's spelling table in local variables; its count is the document's spellings so far.
    var probe: DocumentSpellingProbe
    /// The table itself, to grow it (rarely: a document of more than 1,024 distinct spellings).
    let table: UnsafeMutablePointer<DocumentSpellingTable>

    @inline(__always)
    init(nextWord: UnsafeMutablePointer<Int32>, spellings: UnsafeMutablePointer<Spelling>, probe: DocumentSpellingProbe,
         table: UnsafeMutablePointer<DocumentSpellingTable>) {
        self.nextWord = nextWord
        self.spellings = spellings
        self.probe = probe
        self.table = table
    }

    @inline(__always)
    mutating func word(_ range: Range<Int>, key: UInt64) {
        // The next spelling's entry is written for every word, kept for a new one.
        let next = spellings + probe.count
        let spelling = probe.spelling(stored: key)
        next.pointee = Spelling(raw: key, range: range)
        nextWord.pointee = spelling.index
        nextWord += 1
    }

    /// Grows the table when it must (at most ``SpellingKeys/wordsBetweenCheckpoints`` words
    /// apart, within the probe's margin), rather than after every word.
    @inline(__always)
    mutating func checkpoint() {
        if probe.needsRoom { growTable() }
    }

    /// Hands the count to the table, which grows, and probes the grown table from now on.
    @inline(never)
    private mutating func growTable() {
        table.pointee.update(from: probe)
        probe = table.pointee.probe
    }
}
