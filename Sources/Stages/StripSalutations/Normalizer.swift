import Foundation

/// Text normalized for phrase matching, with the UTF-8 byte offset each normalized scalar came from.
///
/// Normalization: NFC/NFD collapse, case folding, diacritics removed (Latin, Greek, Cyrillic,
/// Arabic harakat, Hebrew niqqud), Arabic-script variants unified (ی/ى/ئ→ي, ک→ك, ة/ہ/ھ/ۀ→ه,
/// أ/إ/آ→ا), tatweel, zero-width characters, variation selectors and emoji/symbol decorations
/// dropped, typographic punctuation mapped to ASCII (’ → ', – → -, ： → :, 。 → .), a hyphen
/// between two letters read as a space, and whitespace runs collapsed to one space, trimmed.
struct NText {
    /// Normalized scalars.
    var scalars: [UInt32] = []
    /// Byte offset (into the document) where the source of each normalized scalar starts.
    var start: [Int] = []
    /// Number of normalized scalars.
    var count: Int { scalars.count }
}

/// Scalar-level folding used by `Normalizer`.
enum Fold {
    /// Sentinel for "drop this scalar".
    static let drop: UInt64 = 0
    /// Computes the folding of every scalar below U+2000 from the Unicode properties of this
    /// Swift runtime: 0 = drop, else one or two scalars packed (first | second << 32). The stage
    /// uses the compiled copy, `Fold.table` in FoldTable.swift (building this at start-up took
    /// a sixth of a brief run's start-up); `FoldTableTests` checks the copy is current and
    /// rewrites it with `PIPELINE_WRITE_TABLES=1` (`scripts/build_compiled_tables.sh`).
    static func computeTable() -> [UInt64] {
        var table = [UInt64](repeating: 0, count: 0x2000)
        let overrides: [UInt32: [UInt32]] = [
            0xDF: [0x73, 0x73], 0xF8: [0x6F], 0xD8: [0x6F], 0x142: [0x6C], 0x141: [0x6C], 0x111: [0x64], 0x110: [0x64],
            0xF0: [0x64], 0xD0: [0x64], 0xE6: [0x61, 0x65], 0xC6: [0x61, 0x65], 0x153: [0x6F, 0x65], 0x152: [0x6F, 0x65],
            0x131: [0x69], 0x3C2: [0x3C3], 0xFE: [0x74, 0x68], 0xDE: [0x74, 0x68],
            // Arabic script variants
            0x6CC: [0x64A], 0x649: [0x64A], 0x626: [0x64A], 0x6D2: [0x64A], 0x6D0: [0x64A],
            0x6A9: [0x643], 0x6AA: [0x643],
            0x629: [0x647], 0x6C1: [0x647], 0x6BE: [0x647], 0x6C0: [0x647], 0x6D5: [0x647], 0x6C2: [0x647],
            0x623: [0x627], 0x625: [0x627], 0x622: [0x627], 0x671: [0x627], 0x624: [0x648],
            0x640: [], // tatweel
            0x60C: [0x2C], 0x61B: [0x3B], 0x61F: [0x3F], 0x6D4: [0x2E], 0x964: [0x2E], 0x965: [0x2E],
            0x589: [0x2E], 0x5BE: [0x2D], 0x5F3: [0x27], 0x5F4: [0x22],
            0xA0: [0x20], 0xAD: [], 0x34F: [], 0x61C: [], 0x180E: [],
            0xAB: [0x22], 0xBB: [0x22], 0xA1: [], 0xBF: [],
        ]
        for codePoint in 0..<UInt32(0x2000) {
            if codePoint < 0x80 {
                var folded = codePoint
                if folded >= 0x41 && folded <= 0x5A { folded += 0x20 }
                if folded == 0x09 || folded == 0x0B || folded == 0x0C || folded == 0x0D { folded = 0x20 }
                if folded < 0x20 && folded != 0x0A { table[Int(codePoint)] = 0x20; continue }
                table[Int(codePoint)] = UInt64(folded)
                continue
            }
            guard let scalar = Unicode.Scalar(codePoint) else { continue }
            var out: [UInt32]
            if let override = overrides[codePoint] {
                out = override
            } else if codePoint >= 0x660 && codePoint <= 0x669 {
                out = [codePoint - 0x660 + 0x30]
            } else if codePoint >= 0x6F0 && codePoint <= 0x6F9 {
                out = [codePoint - 0x6F0 + 0x30]
            } else {
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .enclosingMark, .format, .control: out = []
                case .spaceSeparator, .lineSeparator, .paragraphSeparator: out = [0x20]
                case .otherSymbol: out = []
                default:
                    let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping
                    out = []
                    for part in decomposed.lowercased().unicodeScalars {
                        let category = part.properties.generalCategory
                        if category == .nonspacingMark || category == .enclosingMark { continue }
                        if let override = overrides[part.value] { out += override } else { out.append(part.value) }
                    }
                }
            }
            if out.isEmpty { table[Int(codePoint)] = 0 } else if out.count == 1 { table[Int(codePoint)] = UInt64(out[0]) } else { table[Int(codePoint)] = UInt64(out[0]) | (UInt64(out[1]) << 32) }
        }
        return table
    }

    /// The scalar whose lead byte is at `i` in `bytes[..<to]` and its length in bytes (a scalar cut by
    /// `to` reads its last byte for the missing ones): the one decoding of the normalizer and of
    /// the byte gates (`couldMatchBytes`), which must read the same scalars.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, to: Int) -> (UInt32, Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return ((UInt32(lead & 0x1F) << 6) | UInt32(bytes[min(i + 1, to - 1)] & 0x3F), 2) }
        if lead < 0xF0 { return ((UInt32(lead & 0x0F) << 12) | (UInt32(bytes[min(i + 1, to - 1)] & 0x3F) << 6) | UInt32(bytes[min(i + 2, to - 1)] & 0x3F), 3) }
        return ((UInt32(lead & 0x07) << 18) | (UInt32(bytes[min(i + 1, to - 1)] & 0x3F) << 12) | (UInt32(bytes[min(i + 2, to - 1)] & 0x3F) << 6) | UInt32(bytes[min(i + 3, to - 1)] & 0x3F), 4)
    }

    /// Folds a scalar at or above U+2000: returns nil to drop it.
    @inline(__always)
    static func high(_ scalar: UInt32) -> UInt32? {
        switch scalar {
        case 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return 0x20
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFE00...0xFE0F, 0xFEFF, 0xE0000...0xE007F: return nil
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return 0x2D
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: return 0x27
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x300C, 0x300D, 0x300E, 0x300F: return 0x22
        case 0x2026: return 0x2E
        case 0x3001, 0xFF64: return 0x2C
        case 0x3002, 0xFF61: return 0x2E
        case 0xFF01...0xFF5E:
            var folded = scalar - 0xFEE0
            if folded >= 0x41 && folded <= 0x5A { folded += 0x20 }
            return folded
        case 0x1F000...0x1FAFF, 0x2190...0x21FF, 0x2300...0x23FF, 0x2460...0x24FF, 0x25A0...0x27BF, 0x2900...0x297F, 0x2B00...0x2BFF, 0x3030, 0x303D, 0x3297, 0x3299:
            return nil
        default:
            guard let unicodeScalar = Unicode.Scalar(scalar) else { return nil }
            let properties = unicodeScalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .otherSymbol, .privateUse, .surrogate: return nil
            case .spaceSeparator: return 0x20
            default:
                if properties.changesWhenLowercased, let lowercase = properties.lowercaseMapping.unicodeScalars.first { return lowercase.value }
                return scalar
            }
        }
    }

    /// `true` for letters and digits (normalized scalars).
    @inline(__always)
    static func isWord(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) }
        guard let unicodeScalar = Unicode.Scalar(scalar) else { return false }
        return unicodeScalar.properties.isAlphabetic || unicodeScalar.properties.numericType != nil
    }

    /// `true` for scripts written without spaces between words (CJK, kana, Thai).
    @inline(__always)
    static func isUnspaced(_ scalar: UInt32) -> Bool {
        (scalar >= 0x3040 && scalar <= 0x30FF) || (scalar >= 0x3400 && scalar <= 0x9FFF) || (scalar >= 0xF900 && scalar <= 0xFAFF) || (scalar >= 0x0E00 && scalar <= 0x0E7F) || scalar >= 0x20000
    }
}

/// Normalizes byte ranges of a UTF-8 document into `NText`.
enum Normalizer {
    /// Normalizes `bytes[from..<to]` (which must start on a scalar boundary).
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> NText {
        Fold.table.withUnsafeBufferPointer { table in normalize(bytes, from, to, table) }
    }

    private static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ table: UnsafeBufferPointer<UInt64>) -> NText {
        var text = NText()
        let cap = to - from
        text.scalars.reserveCapacity(cap); text.start.reserveCapacity(cap)
        var i = from
        var pendingSpace = false
        var spaceAt = from
        while i < to {
            let (scalar, len) = Fold.decode(bytes, at: i, to: to)
            let scalarEnd = min(i + len, to)
            var first: UInt32 = 0
            var second: UInt32 = 0
            var keep = true
            if scalar < 0x2000 {
                let folded = table[Int(scalar)]
                if folded == 0 { keep = false } else { first = UInt32(truncatingIfNeeded: folded); second = UInt32(truncatingIfNeeded: folded >> 32) }
            } else if let highFold = Fold.high(scalar) {
                first = highFold
            } else {
                keep = false
            }
            if keep {
                if first == 0x20 || first == 0x0A {
                    if !pendingSpace { spaceAt = i }
                    pendingSpace = !text.scalars.isEmpty
                } else {
                    if pendingSpace {
                        text.scalars.append(0x20); text.start.append(spaceAt)
                        pendingSpace = false
                    }
                    text.scalars.append(first); text.start.append(i)
                    if second != 0 { text.scalars.append(second); text.start.append(i) }
                }
            }
            i = scalarEnd
        }
        // A hyphen between two letters reads as a space ("as-salamu" = "as salamu").
        if text.scalars.count > 2 {
            for k in 1..<(text.scalars.count - 1) where text.scalars[k] == 0x2D && Fold.isWord(text.scalars[k - 1]) && Fold.isWord(text.scalars[k + 1]) {
                text.scalars[k] = 0x20
            }
            // Arabic "و " (and) written apart joins its word: "و رحمة" = "ورحمة".
            var k = text.scalars.count - 2
            while k >= 0 {
                if text.scalars[k] == 0x648 && text.scalars[k + 1] == 0x20 && (k == 0 || text.scalars[k - 1] == 0x20) {
                    text.scalars.remove(at: k + 1); text.start.remove(at: k + 1)
                }
                k -= 1
            }
        }
        return text
    }

    /// Normalizes a phrase (as written in a phrase file).
    static func normalize(_ phrase: String) -> [UInt32] {
        var phrase = phrase
        return phrase.withUTF8 { normalize($0, 0, $0.count).scalars }
    }
}
