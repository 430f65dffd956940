/// Shared text machinery: sentence and word segmentation, normalization and UTF-8 scanning.
///
/// Everything here works on UTF-8 bytes and returns byte ranges into the original text (no
/// copies of the text are made). Convert a byte range to `String.Index`es with
/// ``TextKit/stringRange(_:in:)`` or to Unicode scalar offsets with PipelineKit's `ScalarOffsets`.
///
/// ```swift
/// for range in TextKit.sentences(in: text) {           // [Range<Int>] of UTF-8 offsets
///     print(text[TextKit.stringRange(range, in: text)])
/// }
/// ```
public enum TextKit {
    /// The sentences of `text` as UTF-8 byte ranges, trimmed of surrounding whitespace, in order.
    /// Uses a default ``SentenceSegmenter``.
    public static func sentences(in text: String) -> [Range<Int>] {
        SentenceSegmenter().sentences(in: text)
    }

    /// The `String.Index` range of the UTF-8 byte range `range` of `text` (O(1) on native strings).
    public static func stringRange(_ range: Range<Int>, in text: String) -> Range<String.Index> {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return lower..<upper
    }

    /// Calls `body` with the UTF-8 bytes of `text` as a contiguous buffer, copying only when
    /// the string is not stored natively as UTF-8 (for example a bridged string).
    public static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer(body)
    }
}

// MARK: - UTF-8 helpers (internal)

@usableFromInline
enum UTF8Scan {
    /// Decodes the scalar starting at `i` (which must be a lead byte); returns value and length.
    /// Malformed input yields U+FFFD with length 1.
    @inlinable @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        let count = b.count
        if c0 >= 0xC2 && c0 < 0xE0 && i + 1 < count {
            return (((c0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2)
        }
        if c0 >= 0xE0 && c0 < 0xF0 && i + 2 < count {
            return (((c0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3)
        }
        if c0 >= 0xF0 && i + 3 < count {
            return (((c0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The start of the scalar that ends just before `i` (i > 0).
    @inlinable @inline(__always)
    static func previousStart(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var j = i - 1
        while j > 0 && b[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    /// Byte length of the whitespace scalar at `i`, or 0 when it is not whitespace.
    @inlinable @inline(__always)
    static func spaceLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let byte = b[i]
        if ASCII.isWhitespace(byte) { return 1 }
        if byte < 0x80 { return 0 }
        if byte == 0xC2 { return i + 1 < b.count && (b[i + 1] == 0xA0 || b[i + 1] == 0x85) ? 2 : 0 }
        if byte == 0xE2, i + 2 < b.count {
            let c1 = b[i + 1], c2 = b[i + 2]
            if c1 == 0x80 && (c2 <= 0x8B || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) { return 3 }
            if c1 == 0x81 && c2 == 0x9F { return 3 }
            return 0
        }
        if byte == 0xE3, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }
        return 0
    }

    /// `true` when the byte before `i` ends a whitespace scalar (or `i` is 0).
    @inlinable @inline(__always)
    static func spaceBefore(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        if i == 0 { return true }
        let previous = previousStart(b, i)
        return spaceLength(b, previous) > 0
    }

    /// `true` for scalars that are lowercase letters.
    @inlinable @inline(__always)
    static func isLower(_ v: UInt32) -> Bool {
        v < 0x80 ? v >= 0x61 && v <= 0x7A : isLowerBeyondASCII(v)
    }

    /// `true` for scalars that are uppercase letters.
    @inlinable @inline(__always)
    static func isUpper(_ v: UInt32) -> Bool {
        v < 0x80 ? v >= 0x41 && v <= 0x5A : isUpperBeyondASCII(v)
    }

    // The Unicode property lookups stay out of line: inlined, their `Unicode.Scalar.Properties`
    // value made every caller (the sentence scanner's `period`, `newline`, ...) fetch its type
    // metadata on entry, for a branch that news text rarely takes.
    @usableFromInline @inline(never)
    static func isLowerBeyondASCII(_ v: UInt32) -> Bool { Unicode.Scalar(v)?.properties.isLowercase ?? false }

    @usableFromInline @inline(never)
    static func isUpperBeyondASCII(_ v: UInt32) -> Bool { Unicode.Scalar(v)?.properties.isUppercase ?? false }

    /// The first index ≥ `i` (and < `end`) that is not whitespace.
    @inlinable @inline(__always)
    static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        var j = i
        while j < end {
            let length = spaceLength(b, j)
            if length == 0 { break }
            j += length
        }
        return j
    }

    /// 64-bit FNV-1a of ASCII-lowercased bytes `range` (used for small word lists).
    @inlinable @inline(__always)
    static func asciiLowerHash(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for i in range {
            hash = (hash ^ UInt64(ASCII.lowercased(b[i]))) &* 0x100000001b3
        }
        return hash
    }

    /// 64-bit FNV-1a of a string's UTF-8 bytes, ASCII-lowercased.
    static func asciiLowerHash(_ s: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in s.utf8 {
            hash = (hash ^ UInt64(ASCII.lowercased(byte))) &* 0x100000001b3
        }
        return hash
    }
}

/// A fixed-capacity open-addressing hash map from 64-bit keys to 32-bit values (linear
/// probing, power-of-two capacity). Keys must not be 0. Internal building block.
@usableFromInline
struct HashMap64: Sendable {
    @usableFromInline var keys: [UInt64]
    @usableFromInline var values: [UInt32]
    @usableFromInline var mask: Int
    @usableFromInline var count = 0

    @inlinable @inline(__always)
    func slot(_ k: UInt64) -> Int { Int(truncatingIfNeeded: ((k ^ (k >> 29)) &* 0x9E3779B97F4A7C15) >> 32) & mask }

    @usableFromInline
    init(capacity: Int) {
        var cap = 16
        while cap < capacity * 2 { cap <<= 1 }
        keys = [UInt64](repeating: 0, count: cap)
        values = [UInt32](repeating: 0, count: cap)
        mask = cap - 1
    }

    @inlinable @inline(__always)
    func get(_ key: UInt64) -> UInt32? {
        let k = key == 0 ? 1 : key
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { return values[i] }
            if stored == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Returns the existing value for `key`, or inserts `value` and returns it. Grows as needed.
    @inlinable @inline(__always)
    mutating func getOrInsert(_ key: UInt64, _ value: UInt32) -> (value: UInt32, inserted: Bool) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = key == 0 ? 1 : key
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { return (values[i], false) }
            if stored == 0 {
                keys[i] = k
                values[i] = value
                count += 1
                return (value, true)
            }
            i = (i + 1) & mask
        }
    }

    /// Sets `key` to `value`, or ORs `value` into an existing entry when `or` is set.
    mutating func set(_ key: UInt64, _ value: UInt32, or: Bool = false) {
        let (old, inserted) = getOrInsert(key, value)
        if !inserted { update(key, or ? (old | value) : value) }
    }

    private mutating func update(_ key: UInt64, _ value: UInt32) {
        let k = key == 0 ? 1 : key
        var i = slot(k)
        while keys[i] != k { i = (i + 1) & mask }
        values[i] = value
    }

    @usableFromInline
    mutating func grow() {
        let oldKeys = keys, oldValues = values
        let cap = keys.count * 2
        keys = [UInt64](repeating: 0, count: cap)
        values = [UInt32](repeating: 0, count: cap)
        mask = cap - 1
        count = 0
        for (i, k) in oldKeys.enumerated() where k != 0 { _ = getOrInsert(k, oldValues[i]) }
    }
}
