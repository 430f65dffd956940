/// Languages with stop-word lists and (for some) a light stemmer.
public enum Language: String, CaseIterable, Sendable {
    case en, es, fr, de, pt, it, tr, id, ms, ru, ar, fa, ur, hi, he, zh, ja

    /// The language for an ISO 639-1 code or a tag such as `en-GB` or `pt_BR` (case-insensitive).
    public init?(code: String) {
        // A code that is a case's raw value as given (the detector's codes; most metadata) needs
        // no lower-casing or split, which cost a few hundred nanoseconds per document. Every raw
        // value is two letters: their bytes are compared as one number (`init(rawValue:)` matches
        // the string against the cases' strings, ~500 instructions a call).
        // (So no `init(rawValue:)` of `code` as given is needed after it: it matches nothing more.)
        if let key = Self.twoByteKey(code), let exact = Self.byTwoByteKey.first(where: { $0.key == key }) {
            self = exact.language
            return
        }
        let lower = code.lowercased()
        let base = lower.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? lower
        switch base {
        case "iw": self = .he
        case "in": self = .id
        case "zho", "chi", "cmn": self = .zh
        default: self.init(rawValue: base)
        }
    }

    /// The bytes of a two-byte `code` as one number (`nil` for any other length).
    static func twoByteKey(_ code: String) -> UInt16? {
        var bytes = code.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), bytes.next() == nil else { return nil }
        return UInt16(first) | UInt16(second) << 8
    }

    /// Every case by ``twoByteKey(_:)`` of its raw value.
    static let byTwoByteKey: [(key: UInt16, language: Language)] = allCases.compactMap { language in
        twoByteKey(language.rawValue).map { ($0, language) }
    }

    /// The language's bit in stop-word masks: 1 << its position in `allCases`.
    @usableFromInline
    var bit: UInt32 { 1 << UInt32(position) }

    /// The language's position in `allCases`. A switch, not a `[Language: Int]`: a dictionary
    /// lookup hashes the raw value `String` (`RawRepresentable`'s `Hashable`), a few hundred
    /// instructions for every `Normalizer` made (summarize makes one per document).
    var position: Int {
        switch self {
        case .en: return 0
        case .es: return 1
        case .fr: return 2
        case .de: return 3
        case .pt: return 4
        case .it: return 5
        case .tr: return 6
        case .id: return 7
        case .ms: return 8
        case .ru: return 9
        case .ar: return 10
        case .fa: return 11
        case .ur: return 12
        case .hi: return 13
        case .he: return 14
        case .zh: return 15
        case .ja: return 16
        }
    }

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
    /// The word-key folding (``CaseFolding/word``), as pointers: a normalizer is made per
    /// document, and holding the folding object would retain and release it each time, a count
    /// every `--jobs` worker changes.
    let folding = CaseFolding.wordLookup

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

    /// `text` case-folded the way words are matched (no stemming, punctuation kept): the
    /// ``FoldMode/word`` mode of ``CaseFolding``.
    public static func fold(_ text: String) -> String {
        CaseFolding.fold(text, mode: .word)
    }

    // MARK: Internals

    static let bufferSize = 96

    @inline(__always)
    static func hash(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ len: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for i in 0..<len { hash = (hash ^ UInt64(buffer[i])) &* 0x100000001b3 }
        return hash
    }

    /// Folds the word into `buffer` (UTF-8), returning its length. Words longer than the
    /// buffer are cut at a scalar boundary (they are still distinct enough to match).
    @inline(__always)
    func fold(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var length = 0
        var offset = range.lowerBound
        let capacity = Self.bufferSize - 4
        while offset < range.upperBound && length < capacity {
            let byte = bytes[offset]
            if byte < 0x80 {
                buffer[length] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                length += 1
                offset += 1
                continue
            }
            let (scalar, scalarLength) = UTF8Scan.decode(bytes, offset)
            offset += scalarLength
            guard let folded = folding.single(scalar) else { continue }
            length += CaseFolding.writeUTF8(folded, into: buffer, at: length)
        }
        // Possessives and elisions.
        if length >= 3 && buffer[length - 2] == 0x27 && buffer[length - 1] == 0x73 { length -= 2 }  // 's
        while length > 0 && buffer[length - 1] == 0x27 { length -= 1 }
        if let language, language == .fr || language == .it {
            var quote = 0
            while quote < min(length, 5) && buffer[quote] != 0x27 { quote += 1 }
            if quote < min(length, 5) && quote + 1 < length {
                let drop = quote + 1
                for k in drop..<length { buffer[k - drop] = buffer[k] }
                length -= drop
            }
        }
        return length
    }

    /// Applies the language's light stemmer to the folded word in `buffer`.
    @inline(__always)
    func stem(_ word: UnsafeMutableBufferPointer<UInt8>, _ len: Int) -> Int {
        guard let language, len >= 4 else { return len }
        func ends(_ suffix: StaticString) -> Bool { len > suffix.utf8CodeUnitCount && Self.ends(word, len, suffix) }
        switch language {
        case .en:
            return Self.porterStep1(word, len)
        case .es, .pt:
            if len >= 5 && ends("es") { return len - 2 }
            if ends("s") { return len - 1 }
            return len
        case .fr:
            if ends("s") || ends("x") { return len - 1 }
            return len
        case .it:
            let last = word[len - 1]
            return len >= 5 && (last == 0x61 || last == 0x65 || last == 0x69 || last == 0x6F) ? len - 1 : len
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
    static func porterStep1(_ word: UnsafeMutableBufferPointer<UInt8>, _ length: Int) -> Int {
        var len = length
        for i in 0..<len where !(word[i] >= 0x61 && word[i] <= 0x7A) { return len }  // ASCII letters only
        // 1a
        let last = word[len - 1]
        if last == 0x73 {  // s
            if Self.ends(word, len, "sses") || Self.ends(word, len, "ies") { len -= 2 } else if word[len - 2] != 0x73 { len -= 1 }
        }
        // 1b
        var fix = false
        if Self.ends(word, len, "eed") {
            if Self.measure(word, len - 3) > 0 { len -= 1 }
        } else if Self.ends(word, len, "ed"), Self.hasVowel(word, len - 2) {
            len -= 2; fix = true
        } else if Self.ends(word, len, "ing"), Self.hasVowel(word, len - 3) {
            len -= 3; fix = true
        }
        if fix {
            if Self.ends(word, len, "at") || Self.ends(word, len, "bl") || Self.ends(word, len, "iz") {
                word[len] = 0x65; len += 1
            } else if len >= 2 && word[len - 1] == word[len - 2] && Self.cons(word, len - 1) && word[len - 1] != 0x6C && word[len - 1] != 0x73 && word[len - 1] != 0x7A {
                len -= 1
            } else if Self.measure(word, len) == 1 && Self.cvc(word, len) {
                word[len] = 0x65; len += 1
            }
        }
        // 1c
        if len > 1 && word[len - 1] == 0x79 && Self.hasVowel(word, len - 1) { word[len - 1] = 0x69 }
        return len
    }

    @inline(__always)
    static func cons(_ word: UnsafeMutableBufferPointer<UInt8>, _ i: Int) -> Bool {
        var i = i
        var flip = false
        while true {
            switch word[i] {
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
    static func measure(_ word: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Int {
        var sequences = 0
        var i = 0
        while i < end && cons(word, i) { i += 1 }
        while i < end {
            while i < end && !cons(word, i) { i += 1 }
            if i >= end { break }
            while i < end && cons(word, i) { i += 1 }
            sequences += 1
        }
        return sequences
    }

    static func hasVowel(_ word: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Bool {
        var i = 0
        while i < end {
            if !cons(word, i) { return true }
            i += 1
        }
        return false
    }

    @inline(__always)
    static func ends(_ word: UnsafeMutableBufferPointer<UInt8>, _ len: Int, _ suffix: StaticString) -> Bool {
        let suffixLength = suffix.utf8CodeUnitCount
        guard len >= suffixLength else { return false }
        let suffixBytes = suffix.utf8Start
        var k = 0
        while k < suffixLength {
            if word[len - suffixLength + k] != suffixBytes[k] { return false }
            k += 1
        }
        return true
    }

    static func cvc(_ word: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Bool {
        guard end >= 3, cons(word, end - 1), !cons(word, end - 2), cons(word, end - 3) else { return false }
        let last = word[end - 1]
        return last != 0x77 && last != 0x78 && last != 0x79
    }

    /// Folded stop word hash → mask of languages.
    ///
    /// Built from the lists' UTF-8 bytes, split at spaces and line breaks in place: splitting
    /// the `String`s into `Character`s and a `String` per word took ~3 M instructions, 7% of
    /// the brief's start-up (docs/performance-log.md, round 16).
    static let stopTable: HashMap64 = {
        var table = HashMap64(capacity: 2048)
        let plain = Normalizer(language: nil)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bufferSize) { buffer in
            for (language, list) in StopWords.lists {
                // Indonesian and Malay share one list.
                let bits = language == .id ? Language.id.bit | Language.ms.bit : language.bit
                TextKit.withUTF8(list) { bytes in
                    for word in StopWords.words(in: bytes) {
                        let len = plain.fold(bytes, word, into: buffer)
                        if len > 0 { table.set(hash(buffer, len), bits, or: true) }
                    }
                }
            }
        }
        return table
    }()
}
