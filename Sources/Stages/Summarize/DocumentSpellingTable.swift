/// The current document's spellings: stored raw key (never 0) -> the spelling's index among the
/// document's distinct spellings (0, 1, 2... in order of first use). Part of ``TermVocabulary``.
///
/// Slot `s` holds a stored key at `2s` (0: empty) and the index at `2s + 1`, in a table of 2^11
/// slots at the start of every document (32 KB, cleared per document), and it doubles when more
/// than half full, so the indices of a document stay valid until its end. A news item has a few
/// hundred distinct spellings: a sixth of the slots or less, so that few probes pass a slot of
/// another key (a branch the word loop mispredicts). Against 2^10 slots (16 KB): ~59 fewer
/// mispredicted branches an item in the word loop (cachegrind's simulation) for 16 KB more to
/// clear, ~0.5-1% of the brief's CPU; 2^12 slots measured no better (docs/performance-log.md,
/// round 20). The clear is also what brings the table into the first-level cache before the
/// word loop probes it: slots stamped per document instead of cleared made the brief 10% slower
/// (round 25), each distinct spelling's first probe a miss.
///
/// The word loop does not probe through this value (a field of an `inout` vocabulary, whose
/// count would be loaded and stored back per word): it takes a ``DocumentSpellingProbe``, the
/// slots, mask and count in local variables, and hands the count back (``update(from:)``) when
/// it is done or the table must grow.
struct DocumentSpellingTable: Sendable {
    /// The slots at the start of every document.
    static let startSlots = 1 << 11

    private var slots: RawColumn<UInt64>
    /// Slots - 1 (a power of two).
    private var mask = DocumentSpellingTable.startSlots - 1
    /// The distinct spellings stored.
    private(set) var count = 0

    init() {
        slots = RawColumn(capacity: 2 * Self.startSlots, repeating: 0)
    }

    /// Empties the table for a document (back to its first size, this value's own memory).
    mutating func startDocument() {
        if mask + 1 != Self.startSlots || !slots.isUnique() {
            slots = RawColumn(capacity: 2 * Self.startSlots, repeating: 0)
            mask = Self.startSlots - 1
        } else if count > 0 {
            slots.base.update(repeating: 0, count: 2 * Self.startSlots)
        }
        count = 0
    }

    /// The table in local variables, for a loop of probes (valid until the table grows or the
    /// next document starts).
    @inline(__always)
    var probe: DocumentSpellingProbe { DocumentSpellingProbe(slots: slots.base, mask: mask, count: count) }

    /// Takes the count of `probe` (made from this table) back, and doubles the table when the
    /// probe's spellings fill more than half of it (``DocumentSpellingProbe/needsRoom``).
    mutating func update(from probe: DocumentSpellingProbe) {
        count = probe.count
        if probe.needsRoom { grow() }
    }

    /// The index of the spelling with stored key `stored`, or `nil` when the document has not used it.
    func index(stored: UInt64) -> Int32? {
        let slots = slots.base, mask = mask
        var slot = DocumentSpellingProbe.home(stored, slots: mask + 1)
        while true {
            let existing = slots[2 * slot]
            if existing == stored { return Int32(truncatingIfNeeded: slots[2 * slot + 1]) }
            if existing == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the table, each entry placed again by its key's home slot.
    private mutating func grow() {
        let oldSlots = mask + 1, old = slots.base
        let table = RawColumn<UInt64>(capacity: 4 * oldSlots, repeating: 0)
        let fresh = table.base, mask = 2 * oldSlots - 1
        for oldSlot in 0..<oldSlots where old[2 * oldSlot] != 0 {
            let stored = old[2 * oldSlot]
            var slot = DocumentSpellingProbe.home(stored, slots: mask + 1)
            while fresh[2 * slot] != 0 { slot = (slot + 1) & mask }
            fresh[2 * slot] = stored
            fresh[2 * slot + 1] = old[2 * oldSlot + 1]
        }
        slots = table
        self.mask = mask
    }
}

/// A ``DocumentSpellingTable``'s slots, mask and count, held in local variables (registers) by
/// a loop that looks up one spelling after another: a probe reads and writes the slots through
/// the pointer, and counts new spellings in `count` without storing it anywhere per word. The
/// loop gives the count back to the table (``DocumentSpellingTable/update(from:)``) at its end,
/// and as soon as ``needsRoom`` (then takes a new probe from the grown table).
struct DocumentSpellingProbe {
    let slots: UnsafeMutablePointer<UInt64>
    /// 64 - log2(slots): the shift that makes a home slot.
    let shift: UInt64
    /// Half the slots: the most spellings the table holds before it must grow.
    let limit: Int
    /// The distinct spellings stored (the index the next new spelling gets).
    private(set) var count: Int

    init(slots: UnsafeMutablePointer<UInt64>, mask: Int, count: Int) {
        self.slots = slots
        shift = Self.shift(slots: mask + 1)
        limit = (mask + 1) / 2
        self.count = count
    }

    /// Slots - 1 (a power of two). Made from `shift` when a probe passes a slot, rather than
    /// kept: the word loop has few registers to spare.
    @inline(__always)
    var mask: Int { Int(truncatingIfNeeded: ~UInt64(0) &>> shift) }

    /// 64 - log2(`slots`).
    @inline(__always)
    private static func shift(slots: Int) -> UInt64 { UInt64(64 - slots.trailingZeroBitCount) }

    /// The home slot of stored key `stored` in a table of `slots` slots (a power of two).
    @inline(__always)
    static func home(_ stored: UInt64, slots: Int) -> Int { home(stored, shift: shift(slots: slots)) }

    /// The home slot of stored key `stored` for `shift` (see ``shift``): one multiply, the
    /// product's top bits (which every bit of the key reaches: a short key's later letters and
    /// length byte too).
    @inline(__always)
    static func home(_ stored: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (stored &* 0x9E3779B97F4A7C15) &>> shift)
    }

    /// Whether the spellings fill more than half the slots: the table must grow within
    /// ``margin`` more probes.
    @inline(__always)
    var needsRoom: Bool { count > limit }

    /// How many probes may follow a ``needsRoom`` that is true before the table grows: the
    /// smallest table has 1,024 empty slots at its limit.
    static let margin = 256

    /// The index of the spelling with stored key `stored` (not 0) among the document's distinct
    /// spellings, and 1 when this is its first use (else 0). The caller checks ``needsRoom`` at
    /// most ``margin`` calls apart (and grows the table when it says so): up to `limit + margin`
    /// spellings, the table keeps an empty slot, where every probe for a new key ends.
    ///
    /// No branch on whether the spelling is new (about half of a news item's words are a
    /// spelling's first use: such a branch is mispredicted often): the probe stops at the key or
    /// at an empty slot alike, whose value is 0 (the table is cleared whole), and the slot is
    /// written either way. The tests are signs of wrapping differences and masks, not
    /// comparisons, which the compiler turns back into branches here.
    @inline(__always)
    mutating func spelling(stored: UInt64) -> (index: Int32, firstUse: Int) {
        let slots = slots
        var slot = Self.home(stored, shift: shift)
        var existing = slots[2 &* slot], difference = existing ^ stored  // 0: known
        // On past a slot of another key: one test of both differences (the top bit of
        // `v | -v` is set when `v` is not 0), so that the common case, the key or an empty slot,
        // is one branch that is rarely taken, not two of which the first goes either way.
        while ((difference | (0 &- difference)) & (existing | (0 &- existing))) >> 63 != 0 {
            slot = (slot &+ 1) & mask
            existing = slots[2 &* slot]
            difference = existing ^ stored
        }
        // `difference` is 0 (known) or `stored` (new: not 0).
        let firstUse = Int(truncatingIfNeeded: (difference | (0 &- difference)) >> 63)
        let index = Int(truncatingIfNeeded: slots[2 &* slot &+ 1]) | (count & (0 &- firstUse))
        slots[2 &* slot] = stored
        slots[2 &* slot &+ 1] = UInt64(truncatingIfNeeded: index)
        count &+= firstUse
        return (Int32(truncatingIfNeeded: index), firstUse)
    }
}
