/// The document's bytes with ordinary Unicode variants folded to what the byte detectors know,
/// and a map back to the original offsets:
///
/// - no-break, narrow, thin, figure and ideographic spaces become a space;
/// - hyphens, non-breaking hyphens, figure dashes, en dashes and the minus sign become `-`;
/// - fullwidth ASCII (`＋４４`, `ｊａｎｅ＠…`) becomes ASCII; Arabic-Indic digits become digits;
/// - zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) and soft hyphens are dropped.
///
/// Pure-ASCII documents (the common case) are never copied: `fold` returns `nil` when nothing
/// would change, after a check eight bytes at a time.
struct FoldedText {
    /// The folded UTF-8 bytes.
    var bytes: [UInt8]
    /// For each folded byte, the offset of the original byte it came from.
    var starts: [Int32]
    /// For each folded byte, the end (exclusive) of the original sequence it came from.
    var ends: [Int32]

    /// Maps a folded range back to the original bytes.
    @inline(__always) func original(_ start: Int, _ end: Int) -> (Int, Int) {
        (Int(starts[start]), end > start ? Int(ends[end - 1]) : Int(starts[start]))
    }

    /// What the sequence at `i` folds to: (replacement byte or 0 to drop, original length), or
    /// `nil` when the bytes stay as they are.
    @inline(__always) static func fold(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt8, Int)? {
        let n = p.count
        let c = p[i]
        if c < 0xC2 { return nil }
        let c1: UInt8 = i + 1 < n ? p[i + 1] : 0
        switch c {
        case 0xC2:
            if c1 == 0xA0 { return (0x20, 2) }        // U+00A0 no-break space
            if c1 == 0xAD { return (0, 2) }           // U+00AD soft hyphen
        case 0xD9:
            if c1 >= 0xA0 && c1 <= 0xA9 { return (0x30 + c1 - 0xA0, 2) } // Arabic-Indic digits
        case 0xDB:
            if c1 >= 0xB0 && c1 <= 0xB9 { return (0x30 + c1 - 0xB0, 2) } // Extended Arabic-Indic digits
        case 0xE2:
            let c2: UInt8 = i + 2 < n ? p[i + 2] : 0
            if c1 == 0x80 {
                if c2 >= 0x80 && c2 <= 0x8A { return (0x20, 3) }        // U+2000-200A spaces
                if c2 >= 0x8B && c2 <= 0x8D { return (0, 3) }           // ZWSP, ZWNJ, ZWJ
                if c2 >= 0x90 && c2 <= 0x93 { return (0x2D, 3) }        // hyphens, figure and en dash
                if c2 == 0xAF { return (0x20, 3) }                      // U+202F narrow no-break space
            } else if c1 == 0x81 && c2 == 0xA0 {
                return (0, 3)                                            // U+2060 word joiner
            } else if c1 == 0x88 && c2 == 0x92 {
                return (0x2D, 3)                                         // U+2212 minus sign
            }
        case 0xE3:
            if c1 == 0x80 && i + 2 < n && p[i + 2] == 0x80 { return (0x20, 3) } // U+3000 ideographic space
        case 0xEF:
            let c2: UInt8 = i + 2 < n ? p[i + 2] : 0
            if c1 == 0xBB && c2 == 0xBF { return (0, 3) }                // U+FEFF zero-width no-break space
            // Fullwidth ASCII U+FF01-FF5E: EF BC 81-BF, EF BD 80-9E.
            if c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF { return (c2 - 0x60, 3) }
            if c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E { return (c2 - 0x20, 3) }
        default: break
        }
        return nil
    }

    /// Whether a foldable sequence is worth a folded copy: a space variant between digits
    /// ("20\u{A0}7946"), a zero-width character touching an ASCII letter or digit, a fullwidth
    /// or Arabic-Indic digit or letter, `＠` or `＋`. En dashes and curly spacing in running text
    /// (common in news) do not start a copy; once one is made, they are folded too.
    @inline(__always) static func triggers(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ len: Int, _ r: UInt8) -> Bool {
        let n = p.count
        let before: UInt8 = i > 0 ? p[i - 1] : 0, after: UInt8 = i + len < n ? p[i + len] : 0
        switch r {
        case 0x20: return isDigit(before) && (isDigit(after) || after == ASCII.lparen)
        case 0x2D: return false
        case 0: return isAlnum(before) || isAlnum(after)
        default: return isAlnum(r) || r == ASCII.at || r == ASCII.plus
        }
    }

    /// The folded text, or `nil` when folding changes nothing that matters.
    static func fold(_ p: UnsafeBufferPointer<UInt8>) -> FoldedText? {
        let n = p.count
        // Find the first byte that folds, skipping ASCII bytes 32 and then eight at a time.
        var i = 0
        var first = -1
        while i < n {
            // 32 ASCII bytes at a time, then the word holding the first non-ASCII byte.
            while i + 32 <= n {
                let base = UnsafeRawPointer(p.baseAddress! + i)
                let any = base.loadUnaligned(as: UInt64.self) | base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 != 0 { break }
                i += 32
            }
            if i >= n { break }
            if i + 8 <= n {
                let x = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let high = x & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                i += high.trailingZeroBitCount >> 3 // the first non-ASCII byte
            }
            if p[i] >= 0xC2, let (r, len) = fold(p, i), triggers(p, i, len, r) { first = i; break }
            i += 1
        }
        if first < 0 { return nil }
        var out = FoldedText(bytes: [], starts: [], ends: [])
        out.bytes.reserveCapacity(n)
        out.starts.reserveCapacity(n + 1)
        out.ends.reserveCapacity(n + 1)
        for k in 0..<first {
            out.bytes.append(p[k])
            out.starts.append(Int32(k))
            out.ends.append(Int32(k + 1))
        }
        i = first
        while i < n {
            if p[i] >= 0xC2, let (r, len) = fold(p, i) {
                if r != 0 {
                    out.bytes.append(r)
                    out.starts.append(Int32(i))
                    out.ends.append(Int32(i + len))
                }
                i += len
            } else {
                out.bytes.append(p[i])
                out.starts.append(Int32(i))
                out.ends.append(Int32(i + 1))
                i += 1
            }
        }
        // A sentinel so that an empty range at the end maps to the end.
        out.starts.append(Int32(n))
        out.ends.append(Int32(n))
        return out
    }
}
