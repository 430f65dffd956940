import CCacheHints
import TextKit

/// The terms of every spelling seen in earlier documents, and the current document's ids for
/// them, in one place: raw spelling -> vocabulary term (a dense id kept across documents) ->
/// this document's term id (dense, in order of first occurrence).
///
/// A word costs one probe of the document's own spelling table (a raw-bytes key,
/// `Normalizer.rawKey`, and the spelling's index in the document side by side; 32 KB, cleared
/// per document, so it stays near the core). Only a document's distinct
/// spellings go on to the spelling table kept across documents (raw key and vocabulary id side
/// by side, so a hit reads one cache line) and the term's per-document slot, which holds the
/// document's id for the term under the document's stamp: spellings that normalize alike share
/// the id, and a document starts without clearing the per-term slots. Those two tables outgrow
/// the first-level cache, so their slots are read ahead of the lookups, many at a time: the
/// spelling slots of each sentence's new spellings as soon as the word loop has read it
/// (``SpellingLookahead``), the per-term slot of each term as soon as its spelling's lookup
/// finds it (`resolveTerms`): their cache misses overlap instead of stalling the lookups one by one.
/// Folding, stop words and stemming (`Normalizer.key`) run once per new spelling; the normalized
/// key of a new spelling finds its vocabulary term through `keys`, so spellings that normalize
/// alike ("Police", "police", "polices") share one term.
///
/// Tied to one language (another language starts it over). Its spelling table starts small and
/// doubles as it fills, up to ``baseCapacity``; it starts over, small again, when it holds three
/// quarters of that at the start of a document (within a document it grows instead, so the ids
/// of a document stay valid until its end).
struct TermVocabulary: Sendable {
    /// 2^15 spelling slots: ~24,500 spellings before the vocabulary starts over (512 KB). Its
    /// slots are read ahead (``SpellingLookahead``), but a probe that passes its home slot reads
    /// on unfetched: with 2^14 slots, filled to two thirds by 1,000 news items' spellings, the
    /// brief's stages took ~1.5% more CPU (docs/performance-log.md, round 20).
    static let baseCapacity = 1 << 15
    /// The spelling slots a new vocabulary starts with (32 KB): it doubles whenever its spellings
    /// fill half of them, up to ``baseCapacity`` (a run of a few documents, such as `pipeline run`
    /// on one file, does not clear 512 KB at its start; 2% of the sample brief's start-up).
    static let firstCapacity = 1 << 11
    /// The vocabulary id stored for a stop word (a spelling without a key).
    static let stopWord: UInt64 = .max

    /// Slot `s` holds its raw key at `2s` (0: empty) and its vocabulary id at `2s + 1`.
    private var spellings: RawColumn<UInt64>
    /// The current document's spellings (raw key -> index among the document's distinct
    /// spellings). `DocumentWords.read` probes it directly, with the table in local variables.
    var documentSpellings = DocumentSpellingTable()
    /// Spelling slots - 1 (a power of two).
    private var mask: Int
    /// Spellings stored.
    private(set) var spellingCount = 0
    /// Normalized key -> vocabulary id.
    private var keys = KeyTable(capacity: 1 << 13)
    /// Per vocabulary id: the stamp of the last document that gave it an id (high 32 bits) and
    /// that id (low 32 bits).
    private var documentIDs: RawColumn<UInt64>
    /// Vocabulary ids handed out (0..<termCount).
    private(set) var termCount = 0
    /// The current document's stamp (never 0, which marks a term no document has used).
    private var stamp: UInt64 = 0
    /// The language the keys were made for.
    private(set) var language: Language?

    init(language: Language?) {
        self.language = language
        (spellings, mask) = Self.freshSpellingTable()
        documentIDs = RawColumn(capacity: 1 << 13, repeating: 0)
    }

    /// An empty spelling table of ``firstCapacity`` slots, and its mask.
    private static func freshSpellingTable() -> (RawColumn<UInt64>, Int) {
        (RawColumn(capacity: 2 * firstCapacity, repeating: 0), firstCapacity - 1)
    }

    /// Starts a document in `language`: its term ids start from nothing.
    mutating func startDocument(language: Language?) {
        spellings.makeUnique(preserving: 2 * (mask + 1))
        documentSpellings.startDocument()
        documentIDs.makeUnique(preserving: termCount)
        if language != self.language || spellingCount * 4 >= Self.baseCapacity * 3 {
            self.language = language
            startOver()
        }
        stamp += 1
        if stamp > UInt64(UInt32.max) {
            stamp = 1
            documentIDs.base.update(repeating: 0, count: termCount)
        }
    }

    /// Forgets every spelling and term: the spelling table starts small again, as a new
    /// vocabulary's does (a document in another language after a few clears 32 KB, not 512 KB).
    private mutating func startOver() {
        (spellings, mask) = Self.freshSpellingTable()
        spellingCount = 0
        keys.reset(expecting: 0)
        termCount = 0
    }

    /// The vocabulary id of the spelling with raw key `raw` (`stopWord` for a stop word), with
    /// `normalize` giving the normalized key of a new spelling (`nil`: a stop word or no letters).
    /// One spelling of ``resolveTerms(_:count:homes:normalize:)``.
    mutating func term(raw: UInt64, _ normalize: () -> UInt64?) -> UInt64 {
        var spelling = Spelling(raw: raw, range: 0..<0), term: UInt64 = 0
        lookahead.touch(&spelling, count: 1, homes: &term)
        _ = resolveTerms(&spelling, count: 1, homes: &term) { _ in normalize() }
        return term
    }

    /// The stored form of raw key `raw` in the spelling tables (0 marks an empty slot).
    @inline(__always)
    static func stored(raw: UInt64) -> UInt64 { raw == 0 ? 1 : raw }

    /// The index of the spelling with raw key `raw` among the document's distinct spellings (0,
    /// 1, 2... in order of first use), and 1 when this is its first use (else 0). Indices stay
    /// valid until the next `startDocument`. (`DocumentWords.read` makes the same probes with
    /// the table held in local variables for a whole document.)
    mutating func documentSpelling(raw: UInt64) -> (index: Int32, firstUse: Int) {
        var probe = documentSpellings.probe
        let spelling = probe.spelling(stored: Self.stored(raw: raw))
        documentSpellings.update(from: probe)
        return spelling
    }

    /// The index of the spelling with raw key `raw` among the document's spellings, or `nil`
    /// when the document has not used it.
    func knownDocumentSpelling(raw: UInt64) -> Int32? {
        documentSpellings.index(stored: Self.stored(raw: raw))
    }

    /// The spelling table, to read the home slots of a document's spellings ahead of their
    /// lookups (valid until the table next changes: the next ``resolveTerms(_:count:homes:normalize:)``).
    var lookahead: SpellingLookahead { SpellingLookahead(slots: spellings.base, mask: mask) }

    /// Replaces the home slots `homes[0..<count]` (from ``SpellingLookahead/touch(_:count:homes:)``
    /// of this table's `lookahead`, taken since it last changed) with the vocabulary ids of
    /// `spellings[0..<count]` (``term(raw:_:)``), `normalize` giving the normalized key of the
    /// range of a spelling the vocabulary has not seen.
    ///
    /// Each id's per-document slot (``documentID(_:_:)``) is read as soon as the id is known:
    /// those loads miss the cache too, and overlap the lookups that follow. Returns a value made
    /// from what they read, so they are not optimized away. The tables' bases and the mask stay
    /// in local variables, read again only after a new spelling (which may grow the spelling
    /// table, then the homes are made again from the keys, and the per-term slots).
    @inline(__always)
    mutating func resolveTerms(_ spellings: UnsafePointer<Spelling>, count: Int, homes: UnsafeMutablePointer<UInt64>,
                               normalize: (Range<Int>) -> UInt64?) -> UInt64 {
        let touchedMask = mask
        var slots = self.spellings.base, mask = touchedMask, ids = documentIDs.base
        var seen: UInt64 = 0
        for k in 0..<count {
            let stored = Self.stored(raw: spellings[k].raw)
            var slot = mask == touchedMask ? Int(truncatingIfNeeded: homes[k]) : KeyTable.home(stored, mask: mask)
            var term: UInt64
            while true {
                let existing = slots[2 &* slot]
                if existing == stored {
                    term = slots[2 &* slot &+ 1]
                    break
                }
                if existing == 0 {
                    term = add(stored, slot: slot, normalize(spellings[k].range))
                    (slots, mask, ids) = (self.spellings.base, self.mask, documentIDs.base)
                    break
                }
                slot = (slot &+ 1) & mask
            }
            homes[k] = term
            // A stop word reads slot 0 (there is always one) rather than branch.
            seen ^= ids[Int(truncatingIfNeeded: term == Self.stopWord ? 0 : term)]
        }
        return seen
    }

    /// A table of (stored key, value) slot pairs with twice the `slots` of `old`, each entry
    /// placed again by its key's home slot, and the new table's mask.
    private static func doubled(_ old: RawColumn<UInt64>, slots oldSlots: Int) -> (RawColumn<UInt64>, Int) {
        let slots = 2 * oldSlots, mask = slots - 1
        let table = RawColumn<UInt64>(capacity: 2 * slots, repeating: 0)
        let fresh = table.base
        for oldSlot in 0..<oldSlots where old.base[2 * oldSlot] != 0 {
            let stored = old.base[2 * oldSlot]
            var slot = KeyTable.home(stored, mask: mask)
            while fresh[2 * slot] != 0 { slot = (slot + 1) & mask }
            fresh[2 * slot] = stored
            fresh[2 * slot + 1] = old.base[2 * oldSlot + 1]
        }
        return (table, mask)
    }

    /// Stores a new spelling in `slot` (empty) with the vocabulary id of `key`.
    @inline(never)
    private mutating func add(_ stored: UInt64, slot: Int, _ key: UInt64?) -> UInt64 {
        var id = Self.stopWord
        if let key {
            let next = Int32(termCount)
            let found = keys.value(key) { next }
            if found == next {
                if termCount == documentIDs.capacity { documentIDs.reallocate(capacity: 2 * termCount, preserving: termCount) }
                documentIDs.base[termCount] = 0
                termCount += 1
            }
            id = UInt64(found)
        }
        spellings.base[2 * slot] = stored
        spellings.base[2 * slot + 1] = id
        spellingCount += 1
        if spellingCount >= growthThreshold { grow() }
        return id
    }

    /// The spellings at which the table doubles: half its slots below ``baseCapacity`` (a table
    /// that starts small is never fuller than the base table it grows into), three quarters from
    /// there.
    private var growthThreshold: Int {
        let slots = mask + 1
        return slots < Self.baseCapacity ? slots / 2 : slots / 4 * 3
    }

    /// Doubles the spelling table, keeping every entry (the ids of the document being read stay valid).
    private mutating func grow() {
        (spellings, mask) = Self.doubled(spellings, slots: mask + 1)
    }

    /// This document's id of vocabulary term `term` (not `stopWord`), with `assign` giving the
    /// next id when the document meets the term for the first time.
    @inline(__always)
    mutating func documentID(_ term: UInt64, _ assign: () -> Int32) -> Int32 {
        Self.documentID(at: documentIDs.base + Int(term), stamp: stamp, assign)
    }

    /// Writes this document's ids of vocabulary terms `terms[0..<count]` to `ids` (-1 for
    /// `stopWord`), as ``documentID(_:_:)`` of each, with the table and the stamp in local
    /// variables for the whole loop (`assign` does not touch them).
    @inline(__always)
    mutating func resolveDocumentIDs(_ terms: UnsafePointer<UInt64>, count: Int, into ids: UnsafeMutablePointer<Int32>,
                                     assign: () -> Int32) {
        let slots = documentIDs.base, stamp = stamp
        for k in 0..<count {
            let term = terms[k]
            ids[k] = term == Self.stopWord ? -1 : Self.documentID(at: slots + Int(term), stamp: stamp, assign)
        }
    }

    /// The document id in per-term slot `slot` when it holds `stamp`, else a new one from
    /// `assign`, stored there.
    @inline(__always)
    private static func documentID(at slot: UnsafeMutablePointer<UInt64>, stamp: UInt64, _ assign: () -> Int32) -> Int32 {
        let entry = slot.pointee
        if entry >> 32 == stamp { return Int32(truncatingIfNeeded: entry) }
        let id = assign()
        slot.pointee = stamp << 32 | UInt64(UInt32(bitPattern: id))
        return id
    }

    /// This document's id of the term with normalized key `key`, or `nil` when the document has
    /// not met it.
    func documentID(key: UInt64) -> Int32? {
        guard let term = keys.value(key) else { return nil }
        let entry = documentIDs.base[Int(term)]
        return entry >> 32 == stamp ? Int32(truncatingIfNeeded: entry) : nil
    }
}

/// The vocabulary's spelling table (slots and mask) as a document starts, to fetch the slots where
/// the lookups of the document's new spellings will start, ahead of them (``touch(_:count:homes:)``):
/// the table outgrows the first-level cache, and the fetches overlap each other and the work that
/// follows them (the word loop's next sentence).
///
/// Prefetches (`pipeline_prefetch_read`), not loads: a load that misses holds every instruction
/// behind it until its line arrives, so the word loop could run only a few dozen instructions
/// ahead of the misses (the instruction after the loads took 8% of `DocumentWords.read`'s
/// samples); a prefetch retires at once. The brief's stages took 1.4-1.9% less CPU
/// (docs/performance-log.md, round 17).
struct SpellingLookahead {
    let slots: UnsafePointer<UInt64>
    /// Slots - 1 (a power of two).
    let mask: Int

    /// Fetches the home slots of the raw keys of `spellings[0..<count]` into the cache, and
    /// writes them to `homes` for ``TermVocabulary/resolveTerms(_:count:homes:normalize:)`` (not
    /// hashed twice).
    @inline(__always)
    func touch(_ spellings: UnsafePointer<Spelling>, count: Int, homes: UnsafeMutablePointer<UInt64>) {
        for k in 0..<count {
            let home = KeyTable.home(TermVocabulary.stored(raw: spellings[k].raw), mask: mask)
            homes[k] = UInt64(truncatingIfNeeded: home)
            pipeline_prefetch_read(slots + 2 &* home)
        }
    }
}
