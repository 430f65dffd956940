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
    /// Per spelling (in order of first use): raw key, byte range, vocabulary term, document term id.
    private(set) var raw: RawColumn<UInt64>
    private(set) var start: RawColumn<Int>
    private(set) var end: RawColumn<Int>
    var vocabularyTerm: RawColumn<UInt64>
    var termOfSpelling: RawColumn<Int32>
    /// Spellings so far.
    private(set) var spellingCount = 0
    /// What the look-ahead loads of the vocabulary read (`TermVocabulary.touchSpellings`), kept so
    /// that they are not optimized away.
    var touched: UInt64 = 0

    init() {
        spellingOfWord = RawColumn(capacity: 4096)
        raw = RawColumn(capacity: 1024)
        start = RawColumn(capacity: 1024)
        end = RawColumn(capacity: 1024)
        vocabularyTerm = RawColumn(capacity: 1024)
        termOfSpelling = RawColumn(capacity: 1024)
    }

    /// Starts a document (makes the columns this value's own).
    mutating func reset() {
        wordCount = 0
        spellingCount = 0
        spellingOfWord.makeUnique(preserving: 0)
        raw.makeUnique(preserving: 0)
        start.makeUnique(preserving: 0)
        end.makeUnique(preserving: 0)
        vocabularyTerm.makeUnique(preserving: 0)
        termOfSpelling.makeUnique(preserving: 0)
    }

    /// Appends a word whose spelling has index `spelling`.
    @inline(__always)
    mutating func appendWord(spelling: Int32) {
        if wordCount == spellingOfWord.capacity {
            spellingOfWord.reallocate(capacity: 2 * wordCount, preserving: wordCount)
        }
        spellingOfWord.base[wordCount] = spelling
        wordCount += 1
    }

    /// Appends the document's next distinct spelling (its index is `spellingCount` before the call).
    @inline(__always)
    mutating func appendSpelling(raw rawKey: UInt64, _ range: Range<Int>) {
        if spellingCount == raw.capacity {
            let capacity = 2 * spellingCount
            raw.reallocate(capacity: capacity, preserving: spellingCount)
            start.reallocate(capacity: capacity, preserving: spellingCount)
            end.reallocate(capacity: capacity, preserving: spellingCount)
            vocabularyTerm.reallocate(capacity: capacity, preserving: spellingCount)
            termOfSpelling.reallocate(capacity: capacity, preserving: spellingCount)
        }
        raw.base[spellingCount] = rawKey
        start.base[spellingCount] = range.lowerBound
        end.base[spellingCount] = range.upperBound
        spellingCount += 1
    }
}
