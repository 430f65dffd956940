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
    @inlinable
    public static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, WordKind) -> Void) {
        var i = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while i < end {
            let c = bytes[i]
            if c < 0x80 {
                if UTF8Scan.isASCIIAlnum(c) {
                    let s = i
                    i = scanWord(bytes, i + 1, end)
                    body(s..<i, .word)
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
                let s = i
                i = scanWord(bytes, i + l, end)
                body(s..<i, .word)
            case 2:
                i = scanHan(bytes, i, end, body)
            default:
                let s = i
                let cls = kanaClass(v)
                i += l
                while i < end {
                    let (v2, l2) = UTF8Scan.decode(bytes, i)
                    if scriptClass(v2) != 3 || (kanaClass(v2) != cls && v2 != 0x30FC) { break }
                    i += l2
                }
                body(s..<i, .kana)
            }
        }
    }

    /// Like ``forEachWord(in:_:_:)``, also passing each word's ``Normalizer/rawKey(_:_:)``,
    /// computed while scanning (no second pass over the word's bytes): the cheap cache key for
    /// per-document spelling caches.
    @inlinable
    public static func forEachWordWithKey(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, WordKind, UInt64) -> Void) {
        var i = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while i < end {
            let c = bytes[i]
            if c < 0x80 {
                if UTF8Scan.isASCIIAlnum(c) {
                    let s = i
                    var h: UInt64 = (0xcbf29ce484222325 ^ UInt64(c)) &* 0x100000001b3
                    i = scanWordHashing(bytes, i + 1, end, &h)
                    body(s..<i, .word, h)
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
                let s = i
                var h: UInt64 = 0xcbf29ce484222325
                for k in i..<(i + l) { h = (h ^ UInt64(bytes[k])) &* 0x100000001b3 }
                i = scanWordHashing(bytes, i + l, end, &h)
                body(s..<i, .word, h)
            default:
                // Han bigrams and kana runs: rare in most texts; hash after the fact.
                let next = i + l
                var stop = next
                while stop < end {
                    let (v2, l2) = UTF8Scan.decode(bytes, stop)
                    let k = scriptClass(v2)
                    if k != 2 && k != 3 { break }
                    stop += l2
                }
                forEachWord(in: bytes, i..<stop) { r, kind in body(r, kind, Normalizer.rawKey(bytes, r)) }
                i = stop
            }
        }
    }

    @inlinable
    static func scanWordHashing(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int, _ h: inout UInt64) -> Int {
        var i = from
        var hash = h
        defer { h = hash }
        while i < end {
            let c = b[i]
            if c < 0x80 {
                if UTF8Scan.isASCIIAlnum(c) {
                    hash = (hash ^ UInt64(c)) &* 0x100000001b3
                    i += 1
                    continue
                }
                if c == 0x27 && i + 1 < end && UTF8Scan.isASCIIAlnum(b[i + 1]) {
                    hash = (hash ^ 0x27) &* 0x100000001b3
                    hash = (hash ^ UInt64(b[i + 1])) &* 0x100000001b3
                    i += 2
                    continue
                }
                return i
            }
            let (v, l) = UTF8Scan.decode(b, i)
            if scriptClass(v) == 1 || (v == 0x2019 && i + 3 < end && UTF8Scan.isASCIIAlnum(b[i + 3])) {
                let n = v == 0x2019 ? 4 : l
                for k in i..<(i + n) { hash = (hash ^ UInt64(b[k])) &* 0x100000001b3 }
                i += n
                continue
            }
            return i
        }
        return i
    }

    /// The number of words in `range` (CJK bigrams count one each).
    public static func count(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var n = 0
        forEachWord(in: bytes, range) { _, _ in n += 1 }
        return n
    }

    @inlinable
    static func scanWord(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end {
            let c = b[i]
            if c < 0x80 {
                if UTF8Scan.isASCIIAlnum(c) { i += 1; continue }
                if c == 0x27 && i + 1 < end && UTF8Scan.isASCIIAlnum(b[i + 1]) { i += 2; continue }
                return i
            }
            let (v, l) = UTF8Scan.decode(b, i)
            if scriptClass(v) == 1 { i += l; continue }
            if v == 0x2019 && i + 3 < end && UTF8Scan.isASCIIAlnum(b[i + 3]) { i += 4; continue }
            return i
        }
        return i
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
        if v < 0x80 { return UTF8Scan.isASCIIAlnum(UInt8(v)) ? 1 : 0 }
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
