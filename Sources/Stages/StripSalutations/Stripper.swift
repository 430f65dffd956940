import Foundation
import PipelineKit

/// What was removed: the annotation type and the UTF-8 byte range.
struct Removal {
    var type: String
    var start: Int
    var end: Int
}

/// Which parts the stripper looks for.
struct StripSettings: Sendable {
    var greetings = true
    var closings = true
    var signatures = true
    var quotes = true
    /// Move a leading mail header block (From/To/Cc/Subject/Date) into metadata.
    var headers = true
    /// How many lines at each end are examined for greetings and sign-offs.
    var edgeLines = 12
}

/// The detector: finds greetings at the start, sign-offs/blessings/signatures at the end, and
/// quoted replies anywhere (by their headers), scanning UTF-8 bytes. Only the first and last few
/// lines and candidate header lines are normalized, so the cost barely grows with the body.
final class Stripper: Sendable {
    let settings: StripSettings
    /// The phrase tries of the book and of the mail vocabulary, frozen for walking (see
    /// `FrozenTrie`): kept here for the bytes the walks below read.
    private let tries: [FrozenTrie]
    /// The walks of the phrase tries (``FrozenTrieWalk``: values with no reference to the trie,
    /// so walking one per line changes no count that the other `--jobs` workers change too).
    let greetings: FrozenTrieWalk, closings: FrozenTrieWalk, devices: FrozenTrieWalk, replyVerbs: FrozenTrieWalk,
        replyLeads: FrozenTrieWalk, headerFrom: FrozenTrieWalk, headerFields: FrozenTrieWalk, separators: FrozenTrieWalk,
        disclaimers: FrozenTrieWalk
    /// Dates, header field names and forward markers from `Mail/`.
    let mail: MailVocabulary
    /// The walks of the mail vocabulary's tries (frozen, in place in the mapped table): CLDR date
    /// words, months, header field names, forward separators.
    let dateWords: FrozenTrieWalk, monthWords: FrozenTrieWalk, fieldNames: FrozenTrieWalk, forwardSeparators: FrozenTrieWalk
    /// Where header field names are looked up, in order, and whether a name found there names the
    /// sender: the sender names of the phrase lists, every field name of the mail vocabulary, the
    /// other field names of the phrase lists.
    let headerFieldNames: [(trie: FrozenTrieWalk, sender: Bool)]

    init(book: PhraseBook, settings: StripSettings, mail: MailVocabulary = .bundled) {
        self.settings = settings
        self.mail = mail
        // The compiled table's tries are walked in place; a book with added phrases freezes here.
        var kept: [FrozenTrie] = []
        func walk(_ trie: FrozenTrie) -> FrozenTrieWalk {
            kept.append(trie)
            return trie.walk
        }
        disclaimers = walk(book.frozenTrie(.disclaimer))
        greetings = walk(book.frozenTrie(.greeting)); closings = walk(book.frozenTrie(.closing)); devices = walk(book.frozenTrie(.device))
        replyVerbs = walk(book.frozenTrie(.replyVerb)); replyLeads = walk(book.frozenTrie(.replyLead))
        headerFrom = walk(book.frozenTrie(.headerFrom)); headerFields = walk(book.frozenTrie(.headerField))
        separators = walk(book.frozenTrie(.separator))
        dateWords = walk(mail.dateWords); monthWords = walk(mail.monthWords)
        fieldNames = walk(mail.fieldNames); forwardSeparators = walk(mail.forwardSeparators)
        tries = kept
        headerFieldNames = [(headerFrom, true), (fieldNames, false), (headerFields, false)]
    }

    /// Per-line state while stripping one document.
    struct Line {
        var start: Int
        var end: Int      // content end (before \r\n)
        var next: Int     // start of the next line
        var keepFrom: Int
        var keepTo: Int
        var removed = false
        var quoteLine = false
        var blank = false
    }

    /// Runs on one document's bytes in `pass` (a fresh one, or one taken from a
    /// ``StripPassPool``): `true` when something was removed, with the removals (sorted, merged),
    /// the kept byte ranges and the fields of a leading header block left in the pass.
    func run(_ bytes: UnsafeBufferPointer<UInt8>, in pass: StripPass) -> Bool {
        pass.start(bytes)
        pass.splitLines()
        if pass.lines.isEmpty { return false }
        if settings.headers { pass.leadingHeaderBlock() }
        if settings.greetings { pass.openers(from: 0) }
        var cut = pass.lines.count
        if settings.quotes { cut = pass.quotePass() }
        if settings.closings || settings.signatures { pass.closers(limit: cut) }
        if pass.removals.isEmpty { return false }
        return pass.assemble()
    }
}

/// Spare ``StripPass``es: a document takes one (or makes one) and gives it back, so the buffers
/// of a pass serve document after document, and documents stripped at the same time (`--jobs`)
/// never share one.
final class StripPassPool: Sendable {
    /// A pass per document in flight, each back in the slot of the thread that used it, and up
    /// to eight more (more documents in flight than that make and drop their own; ``ReusePool``).
    private let spare = ReusePool<StripPass>(keeping: 8)

    /// A pass for `stripper`'s documents.
    func take(for stripper: Stripper) -> StripPass {
        spare.take() ?? StripPass(bytes: UnsafeBufferPointer(start: nil, count: 0), stripper: stripper)
    }

    /// Gives a pass back.
    func giveBack(_ pass: StripPass) { spare.giveBack(pass) }
}

let asciiSpace: UInt32 = 0x20
