/// Languages with stop-word lists and (for some) a light stemmer.
public enum Language: String, CaseIterable, Sendable {
    case en, es, fr, de, pt, it, tr, id, ms, ru, ar, fa, ur, hi, he, zh, ja

    /// The language for an ISO 639-1 code or a tag such as `en-GB` or `pt_BR` (case-insensitive).
    public init?(code: String) {
        let lower = code.lowercased()
        let base = lower.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? lower
        switch base {
        case "iw": self = .he
        case "in": self = .id
        case "zho", "chi", "cmn": self = .zh
        default: self.init(rawValue: base)
        }
    }

    @usableFromInline
    var bit: UInt32 { 1 << UInt32(Language.index[self]!) }

    static let index: [Language: Int] = Dictionary(uniqueKeysWithValues: Language.allCases.enumerated().map { ($1, $0) })

    /// The language of UTF-8 text as `LanguageDetector` (the one detector, also translate's)
    /// sees it, over the same first `LanguageDetector.limit` scalars; `nil` when the text has too few letters or
    /// is in a language without stop words here (Korean, Greek, Thai, ...).
    public static func detect(in bytes: UnsafeBufferPointer<UInt8>) -> Language? {
        // N scalars are at most 4N bytes; a scalar cut at the end decodes as U+FFFD.
        let prefix = UnsafeBufferPointer(rebasing: bytes.prefix(4 * LanguageDetector.limit))
        return LanguageDetector().detect(utf8: prefix).flatMap { Language(code: $0.code) }
    }
}

/// Normalizes words for matching: case folding (Latin, Greek, Cyrillic, full-width forms),
/// Arabic and Hebrew diacritics removed and letter variants unified, `’` read as `'`,
/// possessive `'s` and French/Italian elisions (`l'`, `d'`) dropped, stop words recognized,
/// and a light stemmer: Porter's inflectional steps (1a–1c) for English, plural and
/// inflection endings for Spanish, Portuguese, French, Italian and German. Other languages
/// are folded but not stemmed.
///
/// The hot-path API returns a 64-bit key per word (FNV-1a of the normalized bytes) without
/// allocating; ``normalize(_:)`` returns the normalized string for other uses and tests.
public struct Normalizer: Sendable {
    /// The language whose stop words and stemmer are used (`nil`: fold only, no stop words).
    public let language: Language?
    @usableFromInline let stopBit: UInt32

    /// Creates a normalizer for `language`.
    public init(language: Language?) {
        self.language = language
        self.stopBit = language?.bit ?? 0
    }

    /// The key of the normalized (folded, stemmed) word at `range` of `bytes`, or `nil` when
    /// it is a stop word of the language (or has no letters or digits).
    public func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.bufferSize) { buffer in
            var len = fold(bytes, range, into: buffer)
            guard len > 0 else { return nil }
            if stopBit != 0, let mask = Normalizer.stopTable.get(Self.hash(buffer, len)), mask & stopBit != 0 { return nil }
            len = stem(buffer, len)
            return Self.hash(buffer, len)
        }
    }

    /// A key of the raw bytes of the word at `range` (``WordSegmenter/rawKey(_:_:)``, no
    /// normalization): a cheap cache key, since the same spelling always normalizes to the same
    /// ``key(_:_:)``.
    @inlinable
    public static func rawKey(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        WordSegmenter.rawKey(bytes, range)
    }

    /// The normalized form of one word: folded and stemmed (`"Running"` → `"run"` in English).
    public func normalize(_ word: String) -> String {
        TextKit.withUTF8(word) { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.bufferSize) { buffer in
                var len = fold(bytes, 0..<bytes.count, into: buffer)
                len = stem(buffer, len)
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<len]), as: UTF8.self)
            }
        }
    }

    /// `true` when `word` (in any case) is a stop word of the language.
    public func isStopWord(_ word: String) -> Bool {
        guard stopBit != 0 else { return false }
        return TextKit.withUTF8(word) { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.bufferSize) { buffer in
                let len = fold(bytes, 0..<bytes.count, into: buffer)
                guard len > 0, let mask = Normalizer.stopTable.get(Self.hash(buffer, len)) else { return false }
                return mask & stopBit != 0
            }
        }
    }

    /// `text` case-folded the way words are matched (no stemming, punctuation kept).
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if let f = foldScalar(s.value), let u = Unicode.Scalar(f) { scalars.append(u) }
        }
        return String(scalars)
    }

    // MARK: Internals

    static let bufferSize = 96

    @inline(__always)
    static func hash(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ len: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for i in 0..<len { h = (h ^ UInt64(buffer[i])) &* 0x100000001b3 }
        return h
    }

    /// Folds the word into `buffer` (UTF-8), returning its length. Words longer than the
    /// buffer are cut at a scalar boundary (they are still distinct enough to match).
    @inline(__always)
    func fold(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var len = 0
        var i = range.lowerBound
        let cap = Self.bufferSize - 4
        while i < range.upperBound && len < cap {
            let c = b[i]
            if c < 0x80 {
                buffer[len] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
                len += 1
                i += 1
                continue
            }
            let (v, l) = UTF8Scan.decode(b, i)
            i += l
            guard let f = Self.foldScalar(v) else { continue }
            if f < 0x80 {
                buffer[len] = UInt8(f); len += 1
            } else if f < 0x800 {
                buffer[len] = UInt8(0xC0 | (f >> 6)); buffer[len + 1] = UInt8(0x80 | (f & 0x3F)); len += 2
            } else if f < 0x10000 {
                buffer[len] = UInt8(0xE0 | (f >> 12)); buffer[len + 1] = UInt8(0x80 | ((f >> 6) & 0x3F))
                buffer[len + 2] = UInt8(0x80 | (f & 0x3F)); len += 3
            } else {
                buffer[len] = UInt8(0xF0 | (f >> 18)); buffer[len + 1] = UInt8(0x80 | ((f >> 12) & 0x3F))
                buffer[len + 2] = UInt8(0x80 | ((f >> 6) & 0x3F)); buffer[len + 3] = UInt8(0x80 | (f & 0x3F)); len += 4
            }
        }
        // Possessives and elisions.
        if len >= 3 && buffer[len - 2] == 0x27 && buffer[len - 1] == 0x73 { len -= 2 }  // 's
        while len > 0 && buffer[len - 1] == 0x27 { len -= 1 }
        if let lang = language, lang == .fr || lang == .it {
            var q = 0
            while q < min(len, 5) && buffer[q] != 0x27 { q += 1 }
            if q < min(len, 5) && q + 1 < len {
                let drop = q + 1
                for k in drop..<len { buffer[k - drop] = buffer[k] }
                len -= drop
            }
        }
        return len
    }

    /// Simple case folding and diacritic removal for one scalar; `nil` drops it.
    @inline(__always)
    static func foldScalar(_ v: UInt32) -> UInt32? {
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) ? v | 0x20 : v }
        switch v {
        case 0xC0...0xDE where v != 0xD7: return v + 0x20
        case 0x130, 0x131: return 0x69  // İ ı
        case 0x100...0x137, 0x14A...0x177: return v | 1
        case 0x139...0x148, 0x179...0x17E: return (v & 1) == 1 ? v + 1 : v
        case 0x178: return 0xFF
        case 0x386: return 0x3AC
        case 0x388...0x38A: return v + 37
        case 0x391...0x3A9: return v + 0x20
        case 0x3C2: return 0x3C3
        case 0x400...0x40F: return v + 0x50
        case 0x410...0x42F: return v + 0x20
        case 0x640, 0x64B...0x652, 0x670: return nil  // tatweel, harakat
        case 0x622, 0x623, 0x625, 0x671: return 0x627  // alef variants
        case 0x649, 0x6CC: return 0x64A  // alef maksura, Farsi yeh
        case 0x6A9: return 0x643  // keheh
        case 0x629: return 0x647  // teh marbuta
        case 0x591...0x5BD, 0x5BF, 0x5C1, 0x5C2, 0x5C4, 0x5C5, 0x5C7: return nil  // Hebrew points
        case 0x2019, 0x2018, 0x02BC: return 0x27
        case 0x200B...0x200F, 0xFE0F: return nil
        case 0xFF21...0xFF3A: return v - 0xFEE0 + 0x20
        case 0xFF10...0xFF19, 0xFF41...0xFF5A: return v - 0xFEE0
        default: return v
        }
    }

    /// Applies the language's light stemmer to the folded word in `buffer`.
    @inline(__always)
    func stem(_ w: UnsafeMutableBufferPointer<UInt8>, _ len: Int) -> Int {
        guard let language, len >= 4 else { return len }
        func ends(_ s: StaticString) -> Bool { len > s.utf8CodeUnitCount && Self.ends(w, len, s) }
        switch language {
        case .en:
            return Self.porterStep1(w, len)
        case .es, .pt:
            if len >= 5 && ends("es") { return len - 2 }
            if ends("s") { return len - 1 }
            return len
        case .fr:
            if ends("s") || ends("x") { return len - 1 }
            return len
        case .it:
            let c = w[len - 1]
            return len >= 5 && (c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F) ? len - 1 : len
        case .de:
            if len >= 6 && (ends("en") || ends("er") || ends("es") || ends("em")) { return len - 2 }
            if len >= 5 && (ends("e") || ends("n") || ends("s")) { return len - 1 }
            return len
        default:
            return len
        }
    }

    /// Porter (1980) steps 1a, 1b and 1c: the inflectional part of the stemmer
    /// (`caresses`→`caress`, `ponies`→`poni`, `hoping`→`hope`, `happy`→`happi`).
    static func porterStep1(_ w: UnsafeMutableBufferPointer<UInt8>, _ length: Int) -> Int {
        var len = length
        for i in 0..<len where !(w[i] >= 0x61 && w[i] <= 0x7A) { return len }  // ASCII letters only
        // 1a
        let last = w[len - 1]
        if last == 0x73 {  // s
            if Self.ends(w, len, "sses") || Self.ends(w, len, "ies") { len -= 2 } else if w[len - 2] != 0x73 { len -= 1 }
        }
        // 1b
        var fix = false
        if Self.ends(w, len, "eed") {
            if Self.measure(w, len - 3) > 0 { len -= 1 }
        } else if Self.ends(w, len, "ed"), Self.hasVowel(w, len - 2) {
            len -= 2; fix = true
        } else if Self.ends(w, len, "ing"), Self.hasVowel(w, len - 3) {
            len -= 3; fix = true
        }
        if fix {
            if Self.ends(w, len, "at") || Self.ends(w, len, "bl") || Self.ends(w, len, "iz") {
                w[len] = 0x65; len += 1
            } else if len >= 2 && w[len - 1] == w[len - 2] && Self.cons(w, len - 1) && w[len - 1] != 0x6C && w[len - 1] != 0x73 && w[len - 1] != 0x7A {
                len -= 1
            } else if Self.measure(w, len) == 1 && Self.cvc(w, len) {
                w[len] = 0x65; len += 1
            }
        }
        // 1c
        if len > 1 && w[len - 1] == 0x79 && Self.hasVowel(w, len - 1) { w[len - 1] = 0x69 }
        return len
    }

    @inline(__always)
    static func cons(_ w: UnsafeMutableBufferPointer<UInt8>, _ i: Int) -> Bool {
        var i = i
        var flip = false
        while true {
            switch w[i] {
            case 0x61, 0x65, 0x69, 0x6F, 0x75: return flip
            case 0x79:
                if i == 0 { return !flip }
                i -= 1
                flip.toggle()
            default: return !flip
            }
        }
    }

    /// Porter's m: the number of vowel-consonant sequences in w[0..<end].
    static func measure(_ w: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Int {
        var m = 0
        var i = 0
        while i < end && cons(w, i) { i += 1 }
        while i < end {
            while i < end && !cons(w, i) { i += 1 }
            if i >= end { break }
            while i < end && cons(w, i) { i += 1 }
            m += 1
        }
        return m
    }

    static func hasVowel(_ w: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Bool {
        var i = 0
        while i < end {
            if !cons(w, i) { return true }
            i += 1
        }
        return false
    }

    @inline(__always)
    static func ends(_ w: UnsafeMutableBufferPointer<UInt8>, _ len: Int, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard len >= n else { return false }
        let p = s.utf8Start
        var k = 0
        while k < n {
            if w[len - n + k] != p[k] { return false }
            k += 1
        }
        return true
    }

    static func cvc(_ w: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Bool {
        guard end >= 3, cons(w, end - 1), !cons(w, end - 2), cons(w, end - 3) else { return false }
        let c = w[end - 1]
        return c != 0x77 && c != 0x78 && c != 0x79
    }

    /// Folded stop word hash → mask of languages.
    static let stopTable: HashMap64 = {
        var table = HashMap64(capacity: 2048)
        let plain = Normalizer(language: nil)
        for (language, list) in StopWords.lists {
            // Indonesian and Malay share one list.
            let bits = language == .id ? Language.id.bit | Language.ms.bit : language.bit
            for word in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let w = String(word)
                TextKit.withUTF8(w) { bytes in
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize) { buffer in
                        let len = plain.fold(bytes, 0..<bytes.count, into: buffer)
                        if len > 0 { table.set(hash(buffer, len), bits, or: true) }
                    }
                }
            }
        }
        return table
    }()
}
