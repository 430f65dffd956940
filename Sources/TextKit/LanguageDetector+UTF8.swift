// Language detection straight from UTF-8 bytes for texts that are not plain Basic Latin
// (accented Latin, Arabic, Cyrillic, CJK, ...): no `Unicode.Scalar` array, Unicode properties
// read from a table for U+0000–U+07FF, integer scores. The answer is the one the scalar path
// (`detect(scalars:)`) gives on the same text; `LanguageDetectorTests` compare the two.

extension LanguageDetector {
    /// Facts about one scalar below U+0800, packed in 32 bits: bits 0-20 its lowercase form
    /// (``LanguageDetector/lower(_:)``), bit 21 whether it is a letter for profile scoring
    /// (``LanguageDetector/isLetter(_:)``), bits 24-27 its script's raw value + 1 when it counts
    /// towards that script (0: none; Arabic digits and punctuation do not count).
    enum ScalarFacts {
        static let letterBit: UInt32 = 1 << 21
        static let lowerMask: UInt32 = (1 << 21) - 1
        /// How many scalars the table covers (U+0000–U+07FF: Latin, Greek, Cyrillic, Hebrew, Arabic).
        static let count = 0x800

        static let table: [UInt32] = (0..<UInt32(count)).map { facts(of: Unicode.Scalar($0)!) }

        /// The packed facts of any scalar (the table's entries are made by this).
        @inline(__always)
        static func facts(of scalar: Unicode.Scalar) -> UInt32 {
            var packed = LanguageDetector.lower(scalar).value
            if LanguageDetector.isLetter(scalar) { packed |= letterBit }
            if let script = LanguageDetector.script(of: scalar), script != .arabic || scalar.properties.isAlphabetic {
                packed |= UInt32(script.rawValue + 1) << 24
            }
            return packed
        }
    }

    /// Decodes the well-formed UTF-8 scalar at `i` (`end` exclusive): its value and length, or
    /// `nil` when the bytes there are malformed or cut off (the caller takes the scalar path,
    /// whose decoder turns them into U+FFFD).
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (value: UInt32, length: Int)? {
        let lead = UInt32(bytes[i])
        if lead < 0x80 { return (lead, 1) }
        @inline(__always) func continuation(_ k: Int) -> UInt32? {
            guard k < end else { return nil }
            let byte = bytes[k]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        switch lead {
        case 0xC2...0xDF:
            guard let c1 = continuation(i + 1) else { return nil }
            return ((lead & 0x1F) << 6 | c1, 2)
        case 0xE0...0xEF:
            guard let c1 = continuation(i + 1), let c2 = continuation(i + 2) else { return nil }
            let value = (lead & 0x0F) << 12 | c1 << 6 | c2
            guard value >= 0x800, !(0xD800...0xDFFF).contains(value) else { return nil }
            return (value, 3)
        case 0xF0...0xF4:
            guard let c1 = continuation(i + 1), let c2 = continuation(i + 2), let c3 = continuation(i + 3) else { return nil }
            let value = (lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            guard value >= 0x10000, value <= 0x10FFFF else { return nil }
            return (value, 4)
        default:
            return nil
        }
    }

    /// The packed ``ScalarFacts`` of scalar `value`.
    @inline(__always)
    static func facts(_ value: UInt32, _ table: UnsafeBufferPointer<UInt32>) -> UInt32 {
        value < UInt32(ScalarFacts.count) ? table[Int(value)] : ScalarFacts.facts(of: Unicode.Scalar(value)!)
    }

    /// Detection on the first `limit` scalars of well-formed UTF-8 `bytes` without decoding them
    /// into an array: one pass counts scripts, a second scores the profiles of the winning
    /// script (Latin or Arabic). `nil` when the prefix has a malformed sequence (the caller takes
    /// the scalar path); otherwise the scalar path's answer.
    static func detectDecoding(utf8 bytes: UnsafeBufferPointer<UInt8>) -> DetectedLanguage?? {
        ScalarFacts.table.withUnsafeBufferPointer { table in
            let count = bytes.count
            var scripts = SIMD16<Int32>()
            var i = 0, scalars = 0
            // ASCII bytes (most of a Latin text) are counted without decoding or a table: a letter
            // counts for Latin, nothing else counts.
            var asciiLetters: Int32 = 0
            while i < count && scalars < limit {
                let byte = bytes[i]
                if byte < 0x80 {
                    if (byte | 0x20) &- 0x61 < 26 { asciiLetters &+= 1 }
                    i += 1
                    scalars += 1
                    continue
                }
                guard let (value, length) = decodeScalar(bytes, i, count) else { return nil }
                let script = Int(facts(value, table) >> 24)
                if script != 0 { scripts[script - 1] &+= 1 }
                i += length
                scalars += 1
            }
            scripts[Script.latin.rawValue] &+= asciiLetters
            let end = i
            let letters = Int(scripts.wrappedSum())
            guard letters >= 2 else { return .some(nil) }
            var best = 0
            for script in 1..<Script.allCases.count where scripts[script] > scripts[best] { best = script }
            let share = Double(scripts[best]) / Double(letters)
            let script = Script(rawValue: best)!
            if let language = languageOfScript(script, share: share, kana: Int(scripts[Script.kana.rawValue]),
                                               han: Int(scripts[Script.han.rawValue]), letters: letters) {
                return language
            }
            let prefix = UnsafeBufferPointer(rebasing: bytes[..<end])
            switch script {
            case .arabic: return rank(utf8: prefix, table, arabic, letterUnits: 4, share: share, fallback: "ar")
            case .latin: return rank(utf8: prefix, table, latin, letterUnits: latinLetterUnits, share: share, fallback: nil)
            default: return nil  // languageOfScript answered
            }
        }
    }

    /// `rank` on well-formed UTF-8 (every scalar of `bytes` is scored): scores in quarter
    /// points (a function word 8, a trigram 1, a distinctive letter `letterUnits`), one 16-bit
    /// lane per profile, so the sums are the scalar path's Double sums exactly.
    private static func rank(utf8 bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt32>, _ tables: Tables,
                             letterUnits: UInt64, share: Double, fallback: String?) -> DetectedLanguage? {
        guard !tables.asciiTrigrams.isEmpty else { return nil }
        return withUnsafeBufferPointers(tables.asciiTrigrams, ProfileLanes.spreads) { dense, spreads in
            var scorer = WordScorer(tables, dense.baseAddress!, spreads.baseAddress!, letterUnits: letterUnits)
            var i = 0
            let count = bytes.count
            while i < count {
                let (value, length) = decodeScalar(bytes, i, count)!
                i += length
                let packed = facts(value, table)
                guard packed & ScalarFacts.letterBit != 0 else { scorer.flush(); continue }
                scorer.letter(value, lowered: packed & ScalarFacts.lowerMask)
            }
            scorer.flush()
            return decide(scorer.lanes, tables, share: share, fallback: fallback)
        }
    }

    /// Scores the words of one script, fed one letter at a time, as `rank` does: a function word
    /// 8 quarter points, each trigram of the word padded with spaces 1 (`" th"`, `"the"`, `"he "`;
    /// not `"  t"`), each distinctive letter `letterUnits`. Shared by `rank(utf8:)` and the Basic
    /// Latin path's words with two-byte letters (``LanguageDetector/scoreTwoByteWord``).
    struct WordScorer {
        let tables: Tables
        /// `tables.asciiTrigrams` and ``ProfileLanes/spreads``.
        let dense: UnsafePointer<UInt8>
        let spreads: UnsafePointer<SIMD8<UInt16>>
        let letterUnits: UInt64
        var lanes = ProfileLanes()
        /// The word so far: its FNV-1a key (as ``LanguageDetector/wordKey(_:)``), its length in
        /// scalars, and its last two lowered letters (spaces before the word's start).
        var key: UInt64 = 0xcbf29ce484222325
        var length = 0
        var secondLast: UInt32 = 0x20, last: UInt32 = 0x20

        init(_ tables: Tables, _ dense: UnsafePointer<UInt8>, _ spreads: UnsafePointer<SIMD8<UInt16>>, letterUnits: UInt64) {
            self.tables = tables
            self.dense = dense
            self.spreads = spreads
            self.letterUnits = letterUnits
        }

        /// Adds the trigram of the last two letters and `third`: from the dense table when all
        /// three are ASCII lowercase letters or space, else from the hashed one.
        @inline(__always)
        mutating func addTrigram(_ third: UInt32) {
            @inline(__always) func isDenseCode(_ v: UInt32) -> Bool { v == 0x20 || v &- 0x61 < 26 }
            if isDenseCode(secondLast) && isDenseCode(last) && isDenseCode(third) {
                lanes.add(spread: spreads[Int(dense[Tables.asciiTrigramIndex(secondLast, last, third)])])
            } else if let mask = tables.trigrams.get(UInt64(secondLast) << 42 | UInt64(last) << 21 | UInt64(third)) {
                lanes.add(UInt8(truncatingIfNeeded: mask))
            }
        }

        /// Adds letter `value` (lowered: `lowered`) to the word.
        @inline(__always)
        mutating func letter(_ value: UInt32, lowered: UInt32) {
            key = (key ^ UInt64(lowered)) &* 0x100000001b3
            if length >= 1 { addTrigram(lowered) }
            secondLast = last
            last = lowered
            length += 1
            if value >= 0x80 {
                if let mask = tables.letters.get(UInt64(lowered)) ?? tables.letters.get(UInt64(value)) {
                    lanes.add(UInt8(truncatingIfNeeded: mask), letterUnits)
                }
            }
        }

        /// Ends the word (if any): its function-word score and its last trigram.
        @inline(__always)
        mutating func flush() {
            guard length > 0 else { return }
            if let mask = tables.words.get(key) { lanes.add(UInt8(truncatingIfNeeded: mask), 8) }
            addTrigram(0x20)
            key = 0xcbf29ce484222325
            length = 0
            secondLast = 0x20
            last = 0x20
        }
    }

    /// The language with the best score in `lanes` (the first profile of equal best scores),
    /// with ``decide(_:_:share:fallback:)``'s confidence, computed without sorting or allocating.
    static func decide(_ lanes: ProfileLanes, _ tables: Tables, share: Double, fallback: String?) -> DetectedLanguage? {
        let profiles = tables.codes.count
        var topIndex = 0
        var topUnits = lanes[0]
        for profile in 1..<max(1, profiles) where lanes[profile] > topUnits {
            topIndex = profile
            topUnits = lanes[profile]
        }
        guard topUnits > 0 else { return fallback.map { DetectedLanguage(code: $0, confidence: 0.3 * share) } }
        var secondUnits: UInt64 = 0
        for profile in 0..<profiles where profile != topIndex { secondUnits = max(secondUnits, lanes[profile]) }
        let top = Double(topUnits) * 0.25, second = Double(secondUnits) * 0.25
        let margin = (top - second) / top
        let evidence = min(1, top / 4)
        return DetectedLanguage(code: tables.codes[topIndex], confidence: min(1, (0.5 + 0.5 * margin) * share * evidence))
    }
}

/// Calls `body` with the storage of two arrays (the scoring loops read their tables through
/// pointers: no bounds checks, no retains), one closure deep.
@inline(__always)
func withUnsafeBufferPointers<A, B, Result>(_ first: [A], _ second: [B], _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>) -> Result) -> Result {
    first.withUnsafeBufferPointer { first in second.withUnsafeBufferPointer { second in body(first, second) } }
}

/// Scores of up to eight profiles in quarter points, one 16-bit lane each (300 scalars give at
/// most a few thousand a lane, so no lane overflows).
struct ProfileLanes {
    var units = SIMD8<UInt16>()

    /// Adds `units` to every profile whose bit is set in `mask`.
    @inline(__always)
    mutating func add(_ mask: UInt8, _ units: UInt64) {
        self.units &+= Self.spreads[Int(mask)] &* SIMD8(repeating: UInt16(truncatingIfNeeded: units))
    }

    /// Adds 1 to every profile whose bit is set in `mask`.
    @inline(__always)
    mutating func add(_ mask: UInt8) { units &+= Self.spreads[Int(mask)] }

    /// Adds a mask already spread to lanes (an entry of ``spreads``): one vector add, for the
    /// per-letter trigram of the Basic Latin path, which reads `spreads` through a pointer.
    @inline(__always)
    mutating func add(spread: SIMD8<UInt16>) { units &+= spread }

    /// The score of profile `index` (0-7).
    @inline(__always)
    subscript(index: Int) -> UInt64 { UInt64(units[index]) }

    /// Every profile mask spread to lanes: lane k of entry m is bit k of m (a table, not bit
    /// arithmetic: a trigram's mask becomes its lane increments with one 16-byte load).
    static let spreads: [SIMD8<UInt16>] = (0..<256).map { mask in
        var lanes = SIMD8<UInt16>()
        for lane in 0..<8 { lanes[lane] = UInt16((mask >> lane) & 1) }
        return lanes
    }
}
