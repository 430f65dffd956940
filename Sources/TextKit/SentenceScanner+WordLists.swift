// The abbreviation and sentence-starter word lists.
extension SentenceScanner {
    static let amHash = UTF8Scan.asciiLowerHash("a.m")
    static let pmHash = UTF8Scan.asciiLowerHash("p.m")
    static let ieHash = UTF8Scan.asciiLowerHash("i.e")
    static let egHash = UTF8Scan.asciiLowerHash("e.g")

    /// The abbreviations by class: 1: title (never ends a sentence before a capitalized word),
    /// 2: ambiguous (ends one only before a common sentence starter), 3: used before numbers
    /// (`p. 55`, `No. 5`).
    static let abbreviationLists: [(words: String, class: UInt32)] = [
        ("""
         mr mrs ms messrs mmes mme mlle dr prof gen sen rep reps gov capt cpt lt col maj sgt cpl pvt pfc spc adm cmdr cdr ens \
         brig rev hon pres supt det insp atty amb mt ft fr vs v cf viz sra sr\u{00E9} srta
         """, 1),
        ("""
         co corp inc ltd llc plc bros jr sr st ste etc al esp ave blvd rd hwy ln dept univ assn est \
         jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun \
         min max misc ca approx govt intl natl mfg
         """, 2),
        ("no nos nr n\u{00B0} n\u{00BA} p pp vol vols ch chap art sec para pt eq ed eds op ref tel ext fig figs ll", 3),
    ]

    /// The class of each abbreviation (``abbreviationLists``) by its ``exactKey(_:_:)``.
    static let abbreviations: HashMap64 = {
        var table = HashMap64(capacity: 256)
        for (words, wordClass) in abbreviationLists {
            // Split on the bytes (splitting the `String` found `Character`s: 0.35 M instructions of start-up).
            for word in words.utf8.split(separator: 0x20) { table.set(exactKey(word), wordClass) }
        }
        return table
    }()

    /// The length in bytes of the longest abbreviation ("messrs", "approx"): a longer token is
    /// none of them. A literal, read without a lazy global's once-check; `AbbreviationTableTests`
    /// compares it with the lists.
    static let longestAbbreviation = 6

    /// The bytes of a word of at most 7 bytes, ASCII-lowercased, as one number (byte k in bits
    /// 8k..<8k+8, the length in the top byte): equal keys are equal words, so a lookup needs no
    /// hashing of the bytes and admits no collision.
    @inline(__always)
    static func exactKey<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var key = UInt64(bytes.count) << 56
        var shift: UInt64 = 0
        for byte in bytes {
            key |= UInt64(ASCII.lowercased(byte)) << shift
            shift += 8
        }
        return key
    }

    /// ``exactKey(_:)`` of the bytes `range` of `b` (at most 7): the eight bytes that end at
    /// `range.upperBound` read as one word, those before the range shifted out, and lowercased
    /// together (``ByteBlock/asciiLowercased(_:)``); byte by byte when fewer than eight precede.
    @inline(__always)
    static func exactKey(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        guard range.upperBound >= 8, let base = b.baseAddress else { return exactKey(UnsafeBufferPointer(rebasing: b[range])) }
        let bytes = ByteBlock.load(base, range.upperBound - 8) >> UInt64(8 * (8 - range.count))
        return ByteBlock.asciiLowercased(bytes) | UInt64(range.count) << 56
    }

    /// Capitalized words that commonly open an English sentence.
    static let starters: HashMap64 = {
        var table = HashMap64(capacity: 128)
        let words = """
            the a an this that these those there here it its he she they we i you his her their our my your \
            but and or so yet if when while after before as at in on for from by with what who whom whose why \
            how where which no not yes however then also one some many most all both each such meanwhile \
            today yesterday now still even only later since because although though once
            """
        for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table.set(UTF8Scan.asciiLowerHash(String(word)), 1) }
        return table
    }()
}
