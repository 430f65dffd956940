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
/// would change, after a check sixteen bytes at a time (`nextNonASCII`).
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

    /// The offset of the first byte at or after `from` that is not ASCII, or `p.count`. Four 16-byte
    /// vectors or'ed per step over ASCII text (news is mostly ASCII: about half the instructions per
    /// byte of the four 8-byte words this replaced), then the sixteen bytes that hold the byte.
    @inline(__always) static func nextNonASCII(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let byteCount = p.count
        guard let start = p.baseAddress else { return byteCount }
        let raw = UnsafeRawPointer(start)
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func load(_ offset: Int) -> SIMD16<UInt8> { raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self) }
        var i = from
        while i + 64 <= byteCount {
            let halves = unsafeBitCast(load(i) | load(i + 16) | load(i + 32) | load(i + 48), to: SIMD2<UInt64>.self)
            if (halves[0] | halves[1]) & high != 0 { break }
            i += 64
        }
        while i + 16 <= byteCount {
            let halves = unsafeBitCast(load(i), to: SIMD2<UInt64>.self)
            let low = halves[0] & high, upper = halves[1] & high
            if low != 0 { return i + low.trailingZeroBitCount >> 3 }
            if upper != 0 { return i + 8 + upper.trailingZeroBitCount >> 3 }
            i += 16
        }
        while i < byteCount && p[i] < 0x80 { i += 1 }
        return i
    }

    /// The folded text, or `nil` when folding changes nothing that matters.
    static func fold(_ p: UnsafeBufferPointer<UInt8>) -> FoldedText? {
        let byteCount = p.count
        // Find the first sequence that folds and matters, going from one non-ASCII scalar to the next.
        var i = 0
        var first = -1
        while true {
            i = nextNonASCII(p, from: i)
            if i >= byteCount { break }
            if p[i] >= 0xC2, let (r, len) = fold(p, i), triggers(p, i, len, r) { first = i; break }
            // On past the scalar's continuation bytes (which never fold on their own).
            i += 1
            while i < byteCount && p[i] & 0xC0 == 0x80 { i += 1 }
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
