/// Word-at-a-time scans for the JSON reader and writer: where the next byte is that ends a
/// plain run inside a JSON string (`"`, `\` or a control byte below 0x20), found sixteen bytes
/// per step with no per-byte branch, so runs of ordinary text are skipped and copied whole.
enum JSONByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    /// Every byte's high bit (a word with none set is ASCII).
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes of `bytes` from `index` (the caller checks `index + 8 <= bytes.count`), the
    /// byte at `index` in the low bits on every platform.
    @inline(__always)
    static func load8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
    }

    /// A word with the high bit set in the first byte of `word` (lowest first) that is `"`
    /// (0x22), `\` (0x5C) or below 0x20, and zero when there is none. Bits above the first hit
    /// may be false positives (a borrow carries upwards), so only the lowest set bit counts:
    /// `trailingZeroBitCount / 8` is its index. The classic "has zero byte" and "has byte less
    /// than n" tests (n ≤ 128), whose lowest hit is exact.
    @inline(__always)
    static func specialMask(_ word: UInt64) -> UInt64 {
        let below20 = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return (below20 | isQuote | isBackslash) & highs
    }

    /// Whether `byte` is `"`, `\` or below 0x20.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// The index of the first `"`, `\` or control byte in `bytes[from...]`, or `bytes.count`
    /// when there is none. The high bits of every byte passed over are OR-ed into `seen`
    /// (zero afterwards means the run was ASCII).
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from: Int, seen: inout UInt64) -> Int {
        var i = from
        let count = bytes.count
        while i + 16 <= count {
            let low = load8(bytes, at: i)
            let high = load8(bytes, at: i + 8)
            let lowHits = specialMask(low)
            let highHits = specialMask(high)
            if lowHits | highHits == 0 {
                seen |= low | high
                i += 16
                continue
            }
            if lowHits != 0 {
                let k = lowHits.trailingZeroBitCount >> 3
                seen |= low & ((1 &<< (UInt64(k) &* 8)) &- 1)
                return i + k
            }
            let k = highHits.trailingZeroBitCount >> 3
            seen |= low | (high & ((1 &<< (UInt64(k) &* 8)) &- 1))
            return i + 8 + k
        }
        while i < count {
            let byte = bytes[i]
            if isSpecial(byte) { return i }
            seen |= UInt64(byte)
            i += 1
        }
        return count
    }
}
