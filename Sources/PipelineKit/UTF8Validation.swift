/// Checking UTF-8 quickly and finding where it goes wrong, for errors that point at the byte
/// instead of quoting it, and for making strings from bytes already checked.
public enum UTF8Validation {
    /// The index of the first byte that starts an invalid or truncated UTF-8 sequence in
    /// `bytes`, or `nil` when all of it is valid. Linear; rejects overlongs and surrogates as
    /// `String(validating:)` does.
    public static func firstInvalidIndex<Bytes: Collection>(in bytes: Bytes) -> Bytes.Index? where Bytes.Element == UInt8 {
        if let offset = bytes.withContiguousStorageIfAvailable({ firstInvalidOffset(in: $0) }) {
            return offset.map { bytes.index(bytes.startIndex, offsetBy: $0) }
        }
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] < 0x80 { bytes.formIndex(after: &i); continue }
            // A sequence is at most four bytes: check it through the contiguous path.
            let end = bytes.index(i, offsetBy: 4, limitedBy: bytes.endIndex) ?? bytes.endIndex
            let sequence = Array(bytes[i..<end])
            let length = sequence.withUnsafeBufferPointer { sequenceLength(in: $0, at: 0) }
            guard length > 0 else { return i }
            i = bytes.index(i, offsetBy: length)
        }
        return nil
    }

    /// The offset of the first byte that starts an invalid or truncated UTF-8 sequence in
    /// `bytes`, or `nil` when all of it is valid: the same answer as the generic form, ASCII
    /// passed over 64 bytes per step (four vectors or'ed, one test of their high bits: news
    /// text has a non-ASCII scalar every ~150 bytes and is checked whole once it has one),
    /// then 16, and a table-free check per sequence.
    public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        while i < count {
            if i &+ 64 <= count {
                let any = JSONByteScan.load(base, at: i) | JSONByteScan.load(base, at: i &+ 16)
                    | JSONByteScan.load(base, at: i &+ 32) | JSONByteScan.load(base, at: i &+ 48)
                if JSONByteScan.folded(any) & JSONByteScan.highs == 0 {
                    i &+= 64
                    continue
                }
            }
            if i &+ 16 <= count {
                let words = unsafeBitCast(JSONByteScan.load(base, at: i), to: SIMD2<UInt64>.self)
                let low = words[0] & JSONByteScan.highs, high = words[1] & JSONByteScan.highs
                if low | high == 0 { i &+= 16; continue }
                // Jump to the first non-ASCII byte.
                i &+= low != 0 ? low.trailingZeroBitCount >> 3 : 8 &+ high.trailingZeroBitCount >> 3
            } else if base[i] < 0x80 {
                i &+= 1
                continue
            }
            let length = sequenceLength(in: bytes, at: i)
            if length == 0 { return i }
            i &+= length
        }
        return nil
    }

    /// Whether `bytes` is valid UTF-8.
    @inline(__always)
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { firstInvalidOffset(in: bytes) == nil }

    /// The length of the valid multi-byte sequence whose lead byte (≥ 0x80) is at `i`, or 0
    /// when it is invalid or truncated (RFC 3629: no overlongs, surrogates or values past U+10FFFF).
    @inline(__always)
    static func sequenceLength(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let lead = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard i + length <= bytes.count else {
            // Truncated: still invalid at the lead byte.
            return 0
        }
        let second = bytes[i + 1]
        guard second >= low && second <= high else { return 0 }
        if length > 2 && bytes[i + 2] & 0xC0 != 0x80 { return 0 }
        if length > 3 && bytes[i + 3] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// A string of `bytes`, which the caller has checked are valid UTF-8 (`isASCII` when all
    /// are below 0x80): one copy, no second validation pass (`String(validating:)` and
    /// `String(decoding:)` check every byte again, one at a time).
    @inline(__always)
    public static func string(validUTF8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if bytes.isEmpty { return "" }
        return String(copying: unsafe UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
    }
}
