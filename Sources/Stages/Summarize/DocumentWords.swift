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

    /// Reads the words of `sentences` of `bytes`: each word's spelling (`vocabulary`'s document
    /// spelling index), each new spelling's raw key and byte range, and sentence `i`'s number of
    /// words in `wordCounts[i]`.
    ///
    /// The columns get room for a sentence's words before it is read (a word takes at least one
    /// byte and adds at most one spelling), so the word loop stores through pointers held in
    /// registers, with its counts in local variables: no capacity check per word, and no reload
    /// of this value's fields after each store (a store through a pointer might have changed them).
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], vocabulary: inout TermVocabulary,
                       wordCounts: UnsafeMutableBufferPointer<Int32>) {
        for (index, sentence) in sentences.enumerated() {
            reserve(more: sentence.count)
            let spellingOfWord = spellingOfWord.base, raw = raw.base, start = start.base, end = end.base
            var words = wordCount, spellings = spellingCount
            SpellingKeys.forEachWord(in: bytes, sentence) { word, rawKey in
                // The next spelling's entries are written for every word, kept for a new one.
                let spelling = vocabulary.documentSpelling(raw: rawKey)
                raw[spellings] = rawKey
                start[spellings] = word.lowerBound
                end[spellings] = word.upperBound
                spellings &+= spelling.firstUse
                spellingOfWord[words] = spelling.index
                words &+= 1
            }
            wordCounts[index] = Int32(words - wordCount)
            wordCount = words
            spellingCount = spellings
        }
    }

    /// Makes room for `more` words and as many spellings past those read.
    private mutating func reserve(more: Int) {
        if wordCount + more > spellingOfWord.capacity {
            spellingOfWord.reallocate(capacity: Swift.max(2 * spellingOfWord.capacity, wordCount + more), preserving: wordCount)
        }
        if spellingCount + more > raw.capacity {
            let capacity = Swift.max(2 * raw.capacity, spellingCount + more)
            raw.reallocate(capacity: capacity, preserving: spellingCount)
            start.reallocate(capacity: capacity, preserving: spellingCount)
            end.reallocate(capacity: capacity, preserving: spellingCount)
            vocabularyTerm.reallocate(capacity: capacity, preserving: spellingCount)
            termOfSpelling.reallocate(capacity: capacity, preserving: spellingCount)
        }
    }
}
