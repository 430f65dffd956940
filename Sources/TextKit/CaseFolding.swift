/// The named ways TextKit folds a Unicode scalar for matching. Every mode is read from one
/// generated table (`CaseFoldingTable.swift`, built from the Unicode Character Database by
/// `scripts/build_fold_table.sh`); the rules that define each mode are in
/// `Tests/TextKitTests/CaseFoldingRules.swift`.
///
/// | mode | used by | case | marks, diacritics | ligatures (ß æ œ þ) | quotes, dashes, spaces | width |
/// |---|---|---|---|---|---|---|
/// | ``phrase`` | strip-salutations' phrase matching | full lowercase | removed (canonical decomposition) | spelled out | to ASCII; spaces and controls to a space | folded, lowercased |
/// | ``word`` | summarize's word keys, ``Normalizer`` | Latin-1, Latin Extended-A, basic Greek and Cyrillic | Arabic harakat and Hebrew points removed | kept | `’ ‘ ʼ` to `'`; zero-width dropped | letters and digits folded |
/// | ``name`` | redact's person lexicon | below U+0430 | kept | kept | kept | kept |
/// | ``width`` | redact's detectors | kept | kept | kept | dashes to `-`, space variants to a space, zero-width dropped | ASCII forms folded, case kept |
public enum FoldMode: Int, CaseIterable, Sendable {
    /// Phrase matching: full lowercase, canonical decomposition with the marks dropped,
    /// letters such as ß, ø, æ, þ spelled out in ASCII (as CLDR's Latin-ASCII transform does),
    /// Arabic letter variants unified, typographic punctuation to ASCII, spaces, line breaks
    /// other than `\n` and controls to a space, symbols, emoji and format characters dropped.
    case phrase
    /// Word keys: simple lowercase of Latin-1, Latin Extended-A, basic Greek and Cyrillic
    /// (`İ` and `ı` read as `i`, final sigma as sigma), Arabic harakat, tatweel and Hebrew
    /// points dropped, Arabic letter variants unified, `’ ‘ ʼ` read as `'`, zero-width
    /// characters dropped, fullwidth letters and digits read as ASCII.
    case word
    /// Name look-ups: simple lowercase of the scalars below U+0430 (Latin-1, Latin
    /// Extended-A, Greek, basic Cyrillic); nothing is dropped. `İ` folds to `ı` (the lexicon's
    /// compiled table was built that way).
    case name
    /// Width and spacing variants, case kept: space variants to a space, hyphens, en dashes and
    /// the minus sign to `-`, fullwidth ASCII to ASCII, Arabic-Indic digits to digits,
    /// zero-width characters and soft hyphens dropped. Every result is one ASCII byte.
    case width
}

/// What one scalar folds to: nothing, one scalar or two (`ß` → `ss` in ``FoldMode/phrase``).
public struct FoldedScalars: Equatable, Sendable {
    /// 0 (dropped), 1 or 2.
    public var count: Int
    /// The first scalar (0 when dropped).
    public var first: UInt32
    /// The second scalar (0 unless `count` is 2).
    public var second: UInt32

    @inlinable
    public init(count: Int, first: UInt32, second: UInt32) {
        self.count = count
        self.first = first
        self.second = second
    }

    /// The folded scalars as an array.
    public var scalars: [UInt32] { Array([first, second].prefix(count)) }
}

/// One ``FoldMode`` of the folding table, ready for look-ups. Take it once (``CaseFolding/phrase``,
/// ...) and fold in the loop; a look-up is two table reads (through ``lookup``). A loop that
/// must not touch the object's reference count (it is shared by every `--jobs` worker) takes
/// ``lookup`` itself, or ``CaseFolding/phraseLookup`` and ``CaseFolding/wordLookup``.
///
/// ```swift
/// let folding = CaseFolding.word
/// folding.fold(0xC9)          // FoldedScalars(count: 1, first: 0xE9, second: 0)  É → é
/// folding.single(0x640)       // nil: tatweel is dropped
/// ```
public final class ScalarFolding: Sendable {
    /// The mode this folding applies.
    public let mode: FoldMode
    @usableFromInline let leadBytes: (UInt64, UInt64, UInt64, UInt64)
    /// The mode's look-ups (``FoldLookup``): what ``entry(_:)``, ``fold(_:)`` and ``single(_:)``
    /// read, and what a loop over many scalars takes once.
    public let lookup: FoldLookup

    init(mode: FoldMode) {
        self.mode = mode
        let layout = CaseFoldingTable.modes[mode.rawValue]
        leadBytes = layout.leadBytes
        let tables = FoldLookup.Tables.shared
        lookup = FoldLookup(mode: mode, limit: layout.limit, index: UnsafeBufferPointer(rebasing: tables.index[layout.indexStart...]),
                            entries: tables.entries, expansions: tables.expansions)
    }

    /// The table entry of `scalar` (see ``FoldEntry``).
    @inlinable @inline(__always)
    public func entry(_ scalar: UInt32) -> UInt32 { lookup.entry(scalar) }

    /// What `scalar` folds to.
    @inlinable @inline(__always)
    public func fold(_ scalar: UInt32) -> FoldedScalars { lookup.fold(scalar) }

    /// What `scalar` folds to in a mode whose scalars fold to at most one (``FoldMode/word``,
    /// ``FoldMode/name``, ``FoldMode/width``): the scalar, or `nil` when it is dropped.
    @inlinable @inline(__always)
    public func single(_ scalar: UInt32) -> UInt32? { lookup.single(scalar) }

    /// `false` when no scalar whose UTF-8 starts with `lead` changes in this mode (a cheap gate
    /// before decoding).
    @inlinable @inline(__always)
    public func mayChange(lead: UInt8) -> Bool {
        let word: UInt64
        switch lead >> 6 {
        case 0: word = leadBytes.0
        case 1: word = leadBytes.1
        case 2: word = leadBytes.2
        default: word = leadBytes.3
        }
        return word >> UInt64(lead & 63) & 1 != 0
    }
}

/// A ``ScalarFolding``'s look-ups through pointers into a copy of the folding table made once
/// for the process and never freed: a value of no references, so copying it (every call that
/// takes it) and folding through it change no reference count. (A look-up that held the
/// folding object, or borrowed its arrays, retained and released them around each use: counts
/// in memory every `--jobs` worker shares, whose cache lines the cores then pass back and forth.)
public struct FoldLookup: @unchecked Sendable {  // pointers to memory no one writes after it is made
    /// The folding table's arrays, copied once into memory the process keeps.
    fileprivate struct Tables: @unchecked Sendable {
        let index: UnsafeBufferPointer<UInt16>
        let entries: UnsafeBufferPointer<UInt32>
        let expansions: UnsafeBufferPointer<UInt32>

        static let shared = Tables(index: copy(CaseFoldingTable.index), entries: copy(CaseFoldingTable.entries),
                                   expansions: copy(CaseFoldingTable.expansions))

        /// `values` in memory of its own, never freed.
        private static func copy<Element>(_ values: [Element]) -> UnsafeBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            return UnsafeBufferPointer(buffer)
        }
    }

    @usableFromInline let mode: FoldMode
    @usableFromInline let limit: UInt32
    @usableFromInline let index: UnsafeBufferPointer<UInt16>
    @usableFromInline let entries: UnsafeBufferPointer<UInt32>
    @usableFromInline let expansions: UnsafeBufferPointer<UInt32>

    init(mode: FoldMode, limit: UInt32, index: UnsafeBufferPointer<UInt16>, entries: UnsafeBufferPointer<UInt32>,
         expansions: UnsafeBufferPointer<UInt32>) {
        self.mode = mode
        self.limit = limit
        self.index = index
        self.entries = entries
        self.expansions = expansions
    }

    /// The table entry of `scalar` (see ``FoldEntry``).
    @inlinable @inline(__always)
    public func entry(_ scalar: UInt32) -> UInt32 {
        guard scalar < limit else { return CaseFoldingTable.entryBeyondIndex(mode, scalar) }
        let block = Int(index[Int(truncatingIfNeeded: scalar >> FoldEntry.blockShift)])
        return entries[block << FoldEntry.blockShift | Int(truncatingIfNeeded: scalar & FoldEntry.blockMask)]
    }

    /// What `scalar` folds to.
    @inlinable @inline(__always)
    public func fold(_ scalar: UInt32) -> FoldedScalars {
        FoldEntry.folded(entry(scalar), of: scalar, expansions: expansions)
    }

    /// What `scalar` folds to in a mode whose scalars fold to at most one: the scalar, or `nil`
    /// when it is dropped.
    @inlinable @inline(__always)
    public func single(_ scalar: UInt32) -> UInt32? {
        let entry = entry(scalar)
        if entry == FoldEntry.unchanged { return scalar }
        if entry < FoldEntry.dropped { return entry }
        return nil
    }
}

/// How a table entry reads: `unchanged` (0), a scalar (below `dropped`), `dropped`, or
/// `expansion | k` for the pair of scalars at `2k` in the expansions.
public enum FoldEntry {
    /// The scalar stays as it is.
    public static let unchanged: UInt32 = 0
    /// The scalar is dropped.
    public static let dropped: UInt32 = 0x8000_0000
    /// Tag of an entry that folds to two scalars; the low bits give the pair.
    public static let expansion: UInt32 = 0xC000_0000
    @usableFromInline static let expansionMask: UInt32 = 0xFFFF
    @usableFromInline static let blockShift = 6
    @usableFromInline static let blockMask: UInt32 = 63

    /// What `scalar`, whose table entry is `entry`, folds to (`expansions` holds the pairs):
    /// the one reading of an entry (``FoldLookup/fold(_:)``).
    @inlinable @inline(__always)
    static func folded<Pairs: RandomAccessCollection>(_ entry: UInt32, of scalar: UInt32, expansions: Pairs) -> FoldedScalars
    where Pairs.Element == UInt32, Pairs.Index == Int {
        if entry == unchanged { return FoldedScalars(count: 1, first: scalar, second: 0) }
        if entry < dropped { return FoldedScalars(count: 1, first: entry, second: 0) }
        if entry == dropped { return FoldedScalars(count: 0, first: 0, second: 0) }
        let pair = Int(truncatingIfNeeded: entry & expansionMask) << 1
        return FoldedScalars(count: 2, first: expansions[pair], second: expansions[pair + 1])
    }
}

/// The folding modes, each ready for look-ups, and byte-level helpers built on them.
public enum CaseFolding {
    /// Phrase matching (strip-salutations).
    public static let phrase = ScalarFolding(mode: .phrase)
    /// Word keys (summarize, ``Normalizer``).
    public static let word = ScalarFolding(mode: .word)
    /// Name look-ups (redact's person lexicon).
    public static let name = ScalarFolding(mode: .name)
    /// Width and spacing variants (redact's detectors).
    public static let width = ScalarFolding(mode: .width)
    /// ``phrase``'s look-ups, a value of no references (see ``FoldLookup``): reading it changes
    /// no reference count, as calling the folding object's methods can.
    public static let phraseLookup = phrase.lookup
    /// ``word``'s look-ups, a value of no references (see ``FoldLookup``).
    public static let wordLookup = word.lookup

    /// The folding for `mode`.
    public static func folding(_ mode: FoldMode) -> ScalarFolding {
        switch mode {
        case .phrase: return phrase
        case .word: return word
        case .name: return name
        case .width: return width
        }
    }

    /// `text` folded in `mode` (for tests and tools; the hot paths fold bytes).
    public static func fold(_ text: String, mode: FoldMode) -> String {
        let folding = folding(mode)
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let folded = folding.fold(scalar.value)
            for value in folded.scalars {
                if let unicodeScalar = Unicode.Scalar(value) { scalars.append(unicodeScalar) }
            }
        }
        return String(scalars)
    }

    /// Writes `scalar` as UTF-8 at `buffer[offset...]` (room for 4 bytes needed); returns the
    /// number of bytes written.
    @inlinable @inline(__always)
    public static func writeUTF8(_ scalar: UInt32, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        if scalar < 0x80 {
            buffer[offset] = UInt8(scalar)
            return 1
        }
        if scalar < 0x800 {
            buffer[offset] = UInt8(0xC0 | (scalar >> 6))
            buffer[offset + 1] = UInt8(0x80 | (scalar & 0x3F))
            return 2
        }
        if scalar < 0x10000 {
            buffer[offset] = UInt8(0xE0 | (scalar >> 12))
            buffer[offset + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            buffer[offset + 2] = UInt8(0x80 | (scalar & 0x3F))
            return 3
        }
        buffer[offset] = UInt8(0xF0 | (scalar >> 18))
        buffer[offset + 1] = UInt8(0x80 | ((scalar >> 12) & 0x3F))
        buffer[offset + 2] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
        buffer[offset + 3] = UInt8(0x80 | (scalar & 0x3F))
        return 4
    }

    /// The well-formed UTF-8 sequence starting at `offset` of `bytes`: its scalar and length, or
    /// `nil` for a byte that does not start one (ASCII included, which callers handle first).
    @inlinable @inline(__always)
    public static func decodeMultibyte(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (scalar: UInt32, length: Int)? {
        let count = bytes.count
        let lead = UInt32(bytes[offset])
        @inline(__always) func continuation(_ position: Int) -> UInt32? {
            guard position < count else { return nil }
            let byte = bytes[position]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        if lead >= 0xC2 && lead < 0xE0 {
            guard let second = continuation(offset + 1) else { return nil }
            return ((lead & 0x1F) << 6 | second, 2)
        }
        if lead >= 0xE0 && lead < 0xF0 {
            guard let second = continuation(offset + 1), let third = continuation(offset + 2) else { return nil }
            let scalar = (lead & 0x0F) << 12 | second << 6 | third
            guard scalar >= 0x800 && (scalar < 0xD800 || scalar > 0xDFFF) else { return nil }
            return (scalar, 3)
        }
        if lead >= 0xF0 && lead < 0xF5 {
            guard let second = continuation(offset + 1), let third = continuation(offset + 2),
                  let fourth = continuation(offset + 3) else { return nil }
            let scalar = (lead & 0x07) << 18 | second << 12 | third << 6 | fourth
            guard scalar >= 0x10000 && scalar < 0x110000 else { return nil }
            return (scalar, 4)
        }
        return nil
    }
}

/// The generated folding table (`CaseFoldingTable.swift`): one pool of 64-scalar blocks shared
/// by every mode, and for each mode an index of its blocks up to its `limit`; the few scalars
/// at or above the limit that change are listed as runs.
@usableFromInline
enum CaseFoldingTable {
    /// Where one mode's blocks are indexed.
    struct ModeLayout {
        /// The mode's first entry in `index`.
        let indexStart: Int
        /// Scalars below this are indexed (a multiple of 64).
        let limit: UInt32
        /// Bit `b` set when a scalar whose UTF-8 starts with byte `b` changes.
        let leadBytes: (UInt64, UInt64, UInt64, UInt64)
        /// Runs of scalars at or above `limit` whose entry is not `unchanged`: first, last, entry.
        let beyond: [(UInt32, UInt32, UInt32)]
    }

    /// The entry of a scalar at or above `mode`'s limit.
    @usableFromInline
    static func entryBeyondIndex(_ mode: FoldMode, _ scalar: UInt32) -> UInt32 {
        for (first, last, entry) in modes[mode.rawValue].beyond where scalar >= first && scalar <= last { return entry }
        return FoldEntry.unchanged
    }
}
