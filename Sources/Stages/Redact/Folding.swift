import TextKit

/// The document's bytes with ordinary Unicode variants folded to what the byte detectors know
/// (TextKit's ``FoldMode/width``), and a map back to the original offsets:
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

    /// What the sequence at `offset` folds to (TextKit's ``FoldMode/width``): (replacement byte
    /// or 0 to drop, original length), or `nil` when the bytes stay as they are.
    @inline(__always) static func fold(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> (UInt8, Int)? {
        let folding = CaseFolding.width
        guard folding.mayChange(lead: bytes[offset]),
              let (scalar, length) = CaseFolding.decodeMultibyte(bytes, at: offset) else { return nil }
        let entry = folding.entry(scalar)
        if entry == FoldEntry.unchanged { return nil }
        return (entry == FoldEntry.dropped ? 0 : UInt8(truncatingIfNeeded: entry), length)
    }

    /// Whether a foldable sequence is worth a folded copy: a space variant between digits
    /// ("20\u{A0}7946"), a zero-width character touching an ASCII letter or digit, a fullwidth
    /// or Arabic-Indic digit or letter, `＠` or `＋`. En dashes and curly spacing in running text
    /// (common in news) do not start a copy; once one is made, they are folded too.
    @inline(__always) static func triggers(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ len: Int, _ r: UInt8) -> Bool {
        let byteCount = p.count
        let before: UInt8 = i > 0 ? p[i - 1] : 0, after: UInt8 = i + len < byteCount ? p[i + len] : 0
        switch r {
        case 0x20: return ASCII.isDigit(before) && (ASCII.isDigit(after) || after == ASCII.lparen)
        case 0x2D: return false
        case 0: return ASCII.isAlphanumeric(before) || ASCII.isAlphanumeric(after)
        default: return ASCII.isAlphanumeric(r) || r == ASCII.at || r == ASCII.plus
        }
    }

    /// The folded text, or `nil` when folding changes nothing that matters.
    static func fold(_ p: UnsafeBufferPointer<UInt8>) -> FoldedText? {
        let byteCount = p.count
        // Find the first byte that folds, skipping ASCII bytes 32 and then eight at a time.
        var i = 0
        var first = -1
        while i < byteCount {
            // 32 ASCII bytes at a time, then the word holding the first non-ASCII byte.
            while i + 32 <= byteCount {
                let base = UnsafeRawPointer(p.baseAddress! + i)
                let any = base.loadUnaligned(as: UInt64.self) | base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 != 0 { break }
                i += 32
            }
            if i >= byteCount { break }
            if i + 8 <= byteCount {
                let word = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let high = word & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                i += high.trailingZeroBitCount >> 3 // the first non-ASCII byte
            }
            if p[i] >= 0xC2, let (r, len) = fold(p, i), triggers(p, i, len, r) { first = i; break }
            i += 1
        }
        if first < 0 { return nil }
        var out = FoldedText(bytes: [], starts: [], ends: [])
        out.bytes.reserveCapacity(byteCount)
        out.starts.reserveCapacity(byteCount + 1)
        out.ends.reserveCapacity(byteCount + 1)
        for k in 0..<first {
            out.bytes.append(p[k])
            out.starts.append(Int32(k))
            out.ends.append(Int32(k + 1))
        }
        i = first
        while i < byteCount {
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
        out.starts.append(Int32(byteCount))
        out.ends.append(Int32(byteCount))
        return out
    }
}
