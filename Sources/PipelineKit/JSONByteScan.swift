/// Word-at-a-time tests for the JSON reader and writer: whether any of eight bytes is one that
/// ends a plain run inside a JSON string (`"`, `\` or a control byte below 0x20), so runs of
/// ordinary text are skipped eight bytes per step instead of one.
enum JSONByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    /// Every byte's high bit (a word with none set is ASCII).
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Eight bytes of `bytes` from `index` (the caller checks `index + 8 <= bytes.count`).
    @inline(__always)
    static func load8(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
    }

    /// Whether a byte of `word` is `"` (0x22), `\` (0x5C) or below 0x20. Exact as a yes/no
    /// (the classic "has zero byte" and "has byte less than n" tests, n ≤ 128).
    @inline(__always)
    static func hasSpecial(_ word: UInt64) -> Bool {
        let below20 = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let isQuote = (quote &- ones) & ~quote & highs
        let isBackslash = (backslash &- ones) & ~backslash & highs
        return (below20 | isQuote | isBackslash) != 0
    }
}
