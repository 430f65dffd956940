/// What kind of token ``WordSegmenter`` found.
public enum WordKind: UInt8, Sendable {
    /// A run of letters and digits of a script written with spaces (Latin, Cyrillic, Arabic,
    /// Hebrew, Devanagari, Hangul...), with inner apostrophes (`don't`, `Michael’s`).
    case word
    /// Two adjacent Han ideographs (or a lone one): Chinese and Japanese kanji are written
    /// without spaces, so overlapping character bigrams stand in for words.
    case han
    /// A run of hiragana or of katakana (Japanese particles and loanwords).
    case kana
}

/// Splits text into words on UTF-8 bytes, calling back with byte ranges into the original
/// text. Punctuation, symbols and whitespace separate words; hyphens separate too.
/// Han ideographs yield overlapping bigrams, with particles such as 的 and 了
/// acting as separators.
///
/// ```swift
/// TextKit.withUTF8(text) { bytes in
///     WordSegmenter.forEachWord(in: bytes, 0..<bytes.count) { range, kind in ... }
/// }
/// ```
public enum WordSegmenter {
    /// Calls `body` with the byte range and kind of every word inside `range` of `bytes`.
    @inlinable @inline(__always)
    public static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, WordKind) -> Void) {
        scan(bytes, range, body)
    }

    /// Like ``forEachWord(in:_:_:)``, also passing each word's ``Normalizer/rawKey(_:_:)`` (a
    /// hash of its bytes, read eight at a time while they are in cache): the cheap cache key for
    /// per-document spelling caches.
    @inlinable @inline(__always)
    public static func forEachWordWithKey(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, WordKind, UInt64) -> Void) {
        scan(bytes, range) { word, kind in body(word, kind, rawKey(bytes, word)) }
    }

    /// A 64-bit key of the bytes of `range` (the same bytes always give the same key). A word of
    /// 8 to 16 bytes (most words that are not short) is keyed from two loads that cover it: its
    /// first eight bytes and its last eight, overlapping unless it has 16, which with the length
    /// decide its bytes; one multiply of each, side by side, and one after. Other lengths: the
    /// bytes read eight at a time, each word of them mixed in with a multiply, and the length
    /// folded in last. (That chain of three multiplies for a 9-16 byte word, with checked loop
    /// arithmetic, was ~39% of summarize's word loop; docs/performance-log.md, round 20.)
    @inlinable @inline(__always)
    public static func rawKey(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var hash: UInt64 = 0x9E3779B97F4A7C15
        guard let start = b.baseAddress, !range.isEmpty else { return hash }
        let base = UnsafeRawPointer(start)
        var position = range.lowerBound
        let end = range.upperBound
        let length = end &- position
        if UInt(bitPattern: length &- 8) <= 8 {
            let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self))
            let spread = first &* 0x9E37_79B9_7F4A_7C15
            let mixed = ((spread &<< 32 | spread &>> 32) ^ last ^ UInt64(truncatingIfNeeded: length)) &* 0xBF58_476D_1CE4_E5B9
            return mixed ^ mixed &>> 29
        }
        while end &- position >= 8 {
            hash = (hash ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))) &* 0xBF58476D1CE4E5B9
            hash ^= hash >> 31
            position &+= 8
        }
        if position < end {
            var last: UInt64
            if position + 8 <= b.count {
                // Eight bytes are readable: keep the word's.
                last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self)) & (~UInt64(0) >> (64 - 8 * UInt64(end - position)))
            } else {
                last = 0
                for k in position..<end { last |= UInt64(b[k]) << (8 * UInt64(k - position)) }
            }
            hash = (hash ^ last) &* 0xBF58476D1CE4E5B9
            hash ^= hash >> 31
        }
        hash = (hash ^ UInt64(truncatingIfNeeded: length)) &* 0x94D049BB133111EB
        return hash ^ (hash >> 29)
    }

    /// The one word scan: calls `body` with each word's byte range and kind.
    @inlinable @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, WordKind) -> Void) {
        var i = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte < 0x80 {
                if ASCII.isAlphanumeric(byte) {
                    let wordStart = i
                    i = scanWord(bytes, i + 1, end)
                    body(wordStart..<i, .word)
                } else {
                    i += 1
                }
                continue
            }
            let (v, l) = UTF8Scan.decode(bytes, i)
            switch scriptClass(v) {
            case 0:
                i += l
            case 1:
                let wordStart = i
                i = scanWord(bytes, i + l, end)
                body(wordStart..<i, .word)
            case 2:
                i = scanHan(bytes, i, end, body)
            default:
                let wordStart = i
                let cls = kanaClass(v)
                i += l
                while i < end {
                    let (v2, l2) = UTF8Scan.decode(bytes, i)
                    if scriptClass(v2) != 3 || (kanaClass(v2) != cls && v2 != 0x30FC) { break }
                    i += l2
                }
                body(wordStart..<i, .kana)
            }
        }
    }

    /// The number of words in `range` (CJK bigrams count one each).
    public static func count(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var words = 0
        forEachWord(in: bytes, range) { _, _ in words += 1 }
        return words
    }

    /// The end of the word whose letters go on at `from` (letters and digits of spaced scripts;
    /// `'` and `’` before an ASCII letter or digit).
    @inlinable @inline(__always)
    static func scanWord(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end {
            if i + 8 <= end { i += asciiAlnumPrefix(b, i) }
            guard i < end else { return i }
            let byte = b[i]
            if byte < 0x80 {
                if ASCII.isAlphanumeric(byte) { i += 1; continue }
                if byte == 0x27 && i + 1 < end && ASCII.isAlphanumeric(b[i + 1]) { i += 2; continue }
                return i
            }
            let (v, l) = UTF8Scan.decode(b, i)
            if scriptClass(v) == 1 { i += l; continue }
            if v == 0x2019 && i + 3 < end && ASCII.isAlphanumeric(b[i + 3]) { i += 4; continue }
            return i
        }
        return i
    }

    /// How many of the 8 bytes from `i` (all readable) are ASCII letters or digits before the
    /// first that is not, tested as one 64-bit word: a byte `x` below 0x80 lies in `lo...hi`
    /// when `x + (0x80 - lo)` has its high bit set and `x + (0x7F - hi)` has not.
    @inlinable @inline(__always)
    static func asciiAlnumPrefix(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let word = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let low = word & ~highs  // bytes without their high bit: the sums below stay within each byte
        @inline(__always) func inRange(_ lo: UInt64, _ hi: UInt64) -> UInt64 {
            (low &+ ones &* (0x80 - lo)) & ~(low &+ ones &* (0x7F - hi))
        }
        let alnum = (inRange(0x30, 0x39) | inRange(0x41, 0x5A) | inRange(0x61, 0x7A)) & ~word & highs
        let notAlnum = ~alnum & highs
        return notAlnum == 0 ? 8 : notAlnum.trailingZeroBitCount >> 3
    }

    @inlinable
    static func scanHan(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int, _ body: (Range<Int>, WordKind) -> Void) -> Int {
        var i = from
        var prev = -1  // start of the previous content ideograph in the current sub-run
        var runLength = 0
        while i < end {
            let (v, l) = UTF8Scan.decode(b, i)
            guard scriptClass(v) == 2 else { break }
            if isHanFunction(v) {
                if runLength == 1 { body(prev..<i, .han) }
                prev = -1
                runLength = 0
            } else {
                if prev >= 0 { body(prev..<(i + l), .han) }
                prev = i
                runLength += 1
            }
            i += l
        }
        if runLength == 1 { body(prev..<i, .han) }
        return i
    }

    /// 0 separator, 1 letter of a spaced script, 2 Han, 3 kana.
    @inlinable
    static func scriptClass(_ v: UInt32) -> UInt8 {
        if v < 0x80 { return ASCII.isAlphanumeric(UInt8(v)) ? 1 : 0 }
        if v < 0x0100 {
            return (v >= 0xC0 && v != 0xD7 && v != 0xF7) || v == 0xAA || v == 0xB5 || v == 0xBA ? 1 : 0
        }
        if v < 0x2000 {
            switch v {
            case 0x037E, 0x0387, 0x055C...0x055F, 0x0589, 0x05BE, 0x05C0, 0x05C3, 0x05C6, 0x05F3, 0x05F4,
                 0x060C, 0x061B, 0x061F, 0x066A...0x066D, 0x06D4, 0x0964, 0x0965, 0x0970, 0x0E4F, 0x0E5A, 0x0E5B,
                 0x10FB, 0x1360...0x1368:
                return 0
            default: return 1
            }
        }
        if v < 0x3000 { return (v >= 0x2C00 && v < 0x2E00) ? 1 : 0 }  // punctuation, symbols, arrows, shapes
        if v < 0x3040 { return v == 0x3005 || v == 0x3007 ? 2 : 0 }  // CJK punctuation; 々 〇
        if v < 0x3100 { return v == 0x30FB ? 0 : 3 }  // hiragana, katakana (・ separates)
        if v >= 0x3400 && v < 0xA000 { return 2 }
        if v >= 0xF900 && v < 0xFB00 { return 2 }
        if v >= 0xFE00 && v < 0xFE70 { return 0 }  // variation selectors, CJK compatibility punctuation
        if v >= 0xFF00 && v < 0xFFF0 {
            if (v >= 0xFF10 && v <= 0xFF19) || (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A) { return 1 }
            if v >= 0xFF66 && v <= 0xFF9F { return 3 }
            return 0
        }
        if v >= 0xE000 && v < 0xF900 { return 0 }  // private use
        if v >= 0x1F000 && v < 0x1FB00 { return 0 }  // emoji and pictographs
        if v >= 0x20000 && v < 0x30000 { return 2 }
        if v == 0xFFFD || v == 0xFEFF { return 0 }
        return 1
    }

    @inlinable
    static func kanaClass(_ v: UInt32) -> UInt8 { v < 0x30A0 ? 0 : 1 }

    /// Han characters that are grammatical words in Chinese: they split runs instead of
    /// joining bigrams.
    @inlinable
    static func isHanFunction(_ v: UInt32) -> Bool {
        switch v {
        case 0x7684, 0x4E86, 0x5417, 0x5462, 0x5427, 0x554A:
            // 的 了 吗 呢 吧 啊 (characters that hardly ever belong to a content word)
            return true
        default:
            return false
        }
    }
}
