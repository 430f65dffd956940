/// The language of a text with a confidence between 0 and 1.
public struct DetectedLanguage: Sendable, Hashable {
    /// The language code, e.g. `fr`.
    public var code: String
    /// How sure the detector is, from 0 to 1.
    public var confidence: Double

    /// Creates a result.
    public init(code: String, confidence: Double) {
        self.code = code
        self.confidence = confidence
    }
}

/// The project's one language detector, used by summarize (stop words, stemming) and by
/// translate (the source language). Offline language detection: script detection first, then function-word and trigram
/// profiles for languages that share a script (Latin: en, es, fr, de, pt, it, tr, id; Arabic:
/// ar, fa, ur). Scripts that identify a language on their own: Hebrew (he), Devanagari (hi),
/// Cyrillic (ru), Han (zh), Han with kana (ja), Hangul (ko), Greek (el), Thai (th).
///
/// The detector looks at the first 300 Unicode scalars at most, so it is cheap on long texts
/// (summarize runs it on every document). On the labelled sets (translate's 160 sentences, the
/// strip-salutations mail corpus and own cases, CNN/DM, mail-parser-reply: 1,144 texts) 300
/// scalars score exactly as 2,000 did, 1,077 right, at a seventh of the cost.
public struct LanguageDetector: Sendable {
    /// The languages whose profiles are built in.
    public static let languages = ["en", "ar", "ur", "fa", "hi", "es", "fr", "de", "pt", "it", "tr", "id", "ru", "zh", "ja", "he"]

    /// Creates a detector.
    public init() {}

    enum Script: Int, CaseIterable {
        case latin, arabic, hebrew, devanagari, cyrillic, han, kana, hangul, greek, thai
    }

    static func script(of s: Unicode.Scalar) -> Script? {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return s.value == 0xD7 || s.value == 0xF7 ? nil : .latin
        case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
        case 0x0590...0x05FF, 0xFB1D...0xFB4F: return .hebrew
        case 0x0900...0x097F: return .devanagari
        case 0x0400...0x04FF: return .cyrillic
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: return .kana
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: return .han
        case 0xAC00...0xD7AF, 0x1100...0x11FF: return .hangul
        case 0x0370...0x03FF: return .greek
        case 0x0E00...0x0E7F: return .thai
        default: return nil
        }
    }

    /// The most likely language of `text`, or `nil` when there is too little text to tell.
    public func detect(_ text: String) -> DetectedLanguage? {
        TextKit.withUTF8(text) { detect(utf8: $0) }
    }

    /// The most likely language of UTF-8 `bytes` (their first `limit` scalars, decoded in place
    /// with no `String` made), or `nil`; the same answer as ``detect(_:)`` on the same text.
    public func detect(utf8 bytes: UnsafeBufferPointer<UInt8>) -> DetectedLanguage? {
        if case .some(let answer) = Self.detectBasicLatin(utf8: bytes) { return answer }
        if case .some(let answer) = Self.detectDecoding(utf8: bytes) { return answer }
        return detect(scalars: Self.leadingScalars(utf8: bytes))
    }

    /// The first `limit` scalars of UTF-8 `bytes` (malformed sequences decode as U+FFFD).
    static func leadingScalars(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(min(Self.limit, bytes.count))
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while scalars.count < Self.limit {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break decoding
            case .error: scalars.append("\u{FFFD}")
            }
        }
        return scalars
    }

    /// The language of a text whose most frequent script is `script` (with `share` of its
    /// letters), when the script alone decides it: Han and kana (Japanese when kana are at least a
    /// tenth of the two, else Chinese), Hebrew, Devanagari, Cyrillic, Hangul, Greek, Thai. `nil`
    /// for Arabic and Latin, which the trigram profiles rank. Shared by every detection path.
    static func languageOfScript(_ script: Script, share: Double, kana: Int, han: Int, letters: Int) -> DetectedLanguage? {
        switch script {
        case .han, .kana:
            let cjk = Double(kana + han) / Double(letters)
            return kana > 0 && Double(kana) >= 0.1 * Double(kana + han)
                ? DetectedLanguage(code: "ja", confidence: cjk) : DetectedLanguage(code: "zh", confidence: cjk)
        case .hebrew: return DetectedLanguage(code: "he", confidence: share)
        case .devanagari: return DetectedLanguage(code: "hi", confidence: share)
        case .cyrillic: return DetectedLanguage(code: "ru", confidence: share)
        case .hangul: return DetectedLanguage(code: "ko", confidence: share)
        case .greek: return DetectedLanguage(code: "el", confidence: share)
        case .thai: return DetectedLanguage(code: "th", confidence: share)
        case .arabic, .latin: return nil
        }
    }

    /// Detection on the first `limit` scalars of a text: the reference the byte paths
    /// (`detectBasicLatin`, `detectDecoding`) answer as, and the path for malformed UTF-8.
    func detect(scalars: [Unicode.Scalar]) -> DetectedLanguage? {
        var counts = [Int](repeating: 0, count: Script.allCases.count)
        for scalar in scalars {
            // Arabic-script digits and punctuation are not letters.
            if let script = Self.script(of: scalar), script != .arabic || scalar.properties.isAlphabetic { counts[script.rawValue] += 1 }
        }
        let letters = counts.reduce(0, +)
        guard letters >= 2 else { return nil }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
        let share = Double(counts[best]) / Double(letters)
        let script = Script(rawValue: best)!
        if let language = Self.languageOfScript(script, share: share, kana: counts[Script.kana.rawValue],
                                                han: counts[Script.han.rawValue], letters: letters) {
            return language
        }
        switch script {
        case .arabic: return Self.rank(scalars, Self.arabic, letterWeight: 1.0, share: share, fallback: "ar")
        case .latin: return Self.rank(scalars, Self.latin, letterWeight: 1.5, share: share, fallback: nil)
        default: return nil  // languageOfScript answered
        }
    }

    /// How many Unicode scalars of a text are looked at.
    public static let limit = 300

    /// Profiles of one script compiled into lookup tables: each key maps to a bit mask of the
    /// profiles (by index) that contain it. Open-addressing `HashMap64`s, not `Dictionary`: a
    /// lookup is a multiply and a probe instead of SipHash (the detector looks up every word and
    /// trigram of the first 300 scalars, for every document summarize sees).
    struct Tables: Sendable {
        let codes: [String]
        let words: HashMap64
        let trigrams: HashMap64
        let letters: HashMap64
        /// The function words of ASCII letters, keyed by their bytes (the Basic Latin path's lookup).
        let asciiWords: ASCIIWords
        /// The trigrams of ASCII lowercase letters and space as a dense array of profile masks,
        /// indexed by ``Tables/asciiTrigramIndex(_:_:_:)`` (32 KB, no hashing); empty when the
        /// script has more than 8 profiles. Entries that start with two spaces are 0, and so are
        /// the unused indexes (codes 27-31).
        let asciiTrigrams: [UInt8]

        init(_ profiles: [LanguageProfile]) {
            codes = profiles.map(\.code)
            var words = HashMap64(capacity: 1024), trigrams = HashMap64(capacity: 4096), letters = HashMap64(capacity: 64)
            var wordMasks: [(word: String, mask: UInt32)] = []
            // The trigrams of space and ASCII lowercase letters also go into a dense table, their
            // masks or'ed in place, when the script has at most 8 profiles (filled from the
            // profiles' few hundred trigrams: looking up all 19,683 possible ones took ~2 M
            // instructions at start-up, round 16).
            var dense = [UInt8](repeating: 0, count: profiles.count <= 8 ? 1 << 15 : 0)
            @inline(__always) func isSpaceOrLowercase(_ scalar: Unicode.Scalar) -> Bool {
                scalar == " " || (0x61...0x7A).contains(scalar.value)
            }
            for (i, profile) in profiles.enumerated() {
                let bit = UInt32(1) << UInt32(i)
                for stopWord in profile.stopWords {
                    words.set(LanguageDetector.wordKey(Array(stopWord.unicodeScalars)), bit, or: true)
                    wordMasks.append((stopWord, bit))
                }
                for trigram in profile.trigrams {
                    let scalars = Array(trigram.unicodeScalars)
                    guard scalars.count == 3 else { continue }
                    trigrams.set(LanguageDetector.gramKey(scalars[0], scalars[1], scalars[2]), bit, or: true)
                    // (space, space, x) stays 0 in the dense table: no scoring path looks it up
                    // (a trigram ends at a word's second letter at the earliest), so the Basic
                    // Latin path adds it at a word's first letter instead of testing for one.
                    guard !dense.isEmpty, scalars.allSatisfy(isSpaceOrLowercase), scalars[0] != " " || scalars[1] != " " else { continue }
                    dense[Self.asciiTrigramIndex(scalars[0].value, scalars[1].value, scalars[2].value)] |= UInt8(truncatingIfNeeded: bit)
                }
                for letter in profile.letters { letters.set(UInt64(letter.value), bit, or: true) }
            }
            self.words = words
            self.trigrams = trigrams
            self.letters = letters
            asciiWords = ASCIIWords(wordMasks)
            asciiTrigrams = dense
        }

        /// The index of a trigram of ASCII lowercase letters and spaces in `asciiTrigrams`: the
        /// codes of its letters (a space 0, `a`-`z` 1-26) in five bits each, the first highest, so
        /// the Basic Latin path moves on to the next trigram with a shift and an OR.
        @inline(__always)
        static func asciiTrigramIndex(_ first: UInt32, _ second: UInt32, _ third: UInt32) -> Int {
            code(first) << 10 | code(second) << 5 | code(third)
        }

        /// The five-bit code of a space (0) or an ASCII lowercase letter (1-26).
        @inline(__always)
        static func code(_ scalar: UInt32) -> Int { scalar == 0x20 ? 0 : Int(scalar) - 0x60 }
    }

    static let latin = Tables(LanguageProfiles.latin)
    static let arabic = Tables(LanguageProfiles.arabic)

    /// FNV-1a over a word's scalars (collisions among a few hundred stop words are negligible).
    static func wordKey<C: Collection>(_ word: C) -> UInt64 where C.Element == Unicode.Scalar {
        var hash: UInt64 = 0xcbf29ce484222325
        for scalar in word {
            hash ^= UInt64(scalar.value)
            hash = hash &* 0x100000001b3
        }
        return hash
    }

    @inline(__always) static func gramKey(_ first: Unicode.Scalar, _ second: Unicode.Scalar, _ third: Unicode.Scalar) -> UInt64 {
        UInt64(first.value) << 42 | UInt64(second.value) << 21 | UInt64(third.value)
    }

    @inline(__always) static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x80 { return scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(scalar.value | 0x20)! : scalar }
        guard scalar.properties.changesWhenLowercased else { return scalar }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    @inline(__always) static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { let lowered = scalar.value | 0x20; return lowered >= 0x61 && lowered <= 0x7A }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
    }

    /// Scores profiles of one script: 2 per function word, 0.25 per trigram, `letterWeight`
    /// per distinctive letter. The confidence is the winner's margin over the runner-up,
    /// scaled by the script's share of the letters and by how much evidence there was.
    private static func rank(_ scalars: [Unicode.Scalar], _ tables: Tables, letterWeight: Double, share: Double, fallback: String?) -> DetectedLanguage? {
        var scores = [Double](repeating: 0, count: tables.codes.count)
        @inline(__always) func add(_ mask: UInt32, _ weight: Double) {
            var remaining = mask
            while remaining != 0 {
                let i = remaining.trailingZeroBitCount
                scores[i] += weight
                remaining &= remaining - 1
            }
        }
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(32)
        func flush() {
            guard !word.isEmpty else { return }
            if let mask = tables.words.get(wordKey(word)) { add(mask, 2) }
            // Trigrams of the word padded with spaces: " th", "the", "he ".
            var first: Unicode.Scalar = " ", second = word[0]
            for index in 1...word.count {
                let third: Unicode.Scalar = index < word.count ? word[index] : " "
                if let mask = tables.trigrams.get(gramKey(first, second, third)) { add(mask, 0.25) }
                first = second
                second = third
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in scalars {
            if isLetter(scalar) {
                let lowered = lower(scalar)
                word.append(lowered)
                if scalar.value >= 0x80 {
                    if let mask = tables.letters.get(UInt64(lowered.value)) { add(mask, letterWeight) } else if let mask = tables.letters.get(UInt64(scalar.value)) { add(mask, letterWeight) }
                }
            } else {
                flush()
            }
        }
        flush()
        return decide(scores, tables, share: share, fallback: fallback)
    }

    /// The language with the best profile score, with a confidence from the winner's margin over
    /// the runner-up, the script's `share` of the letters and how much evidence there was.
    private static func decide(_ scores: [Double], _ tables: Tables, share: Double, fallback: String?) -> DetectedLanguage? {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let top = scores[order[0]]
        guard top > 0 else { return fallback.map { DetectedLanguage(code: $0, confidence: 0.3 * share) } }
        let second = order.count > 1 ? scores[order[1]] : 0
        let margin = (top - second) / top
        // Little evidence (a word or two without function words) means little confidence.
        let evidence = min(1, top / 4)
        return DetectedLanguage(code: tables.codes[order[0]], confidence: min(1, (0.5 + 0.5 * margin) * share * evidence))
    }

    /// Detection without decoding scalars into an array, for the common text whose first
    /// `limit` scalars are ASCII, two-byte scalars (U+0080–U+07FF: accented letters such as é ü
    /// ß, Latin-1 punctuation, combining marks, and Greek, Cyrillic, Hebrew and Arabic, whose
    /// letters are counted), or general punctuation (U+2000–U+206F), and whose letters are Latin
    /// more than any other script: the profile scores come straight from the bytes (ASCII words
    /// in this loop, words with two-byte scalars in ``scoreTwoByteWord``) and the share is Latin's.
    /// The answer is the same as the general path's (`detect(scalars:)` then `rank`); `nil` when
    /// the text has anything else in its first `limit` scalars or another script leads (the
    /// caller takes the general path), `.some(nil)` when it has fewer than two letters.
    static func detectBasicLatin(utf8 bytes: UnsafeBufferPointer<UInt8>) -> DetectedLanguage?? {
        let tables = latin
        guard !tables.asciiTrigrams.isEmpty, let base = bytes.baseAddress else { return nil }
        return withUnsafeBufferPointers(tables.asciiTrigrams, ProfileLanes.spreads) { trigrams, spreads in
            tables.asciiWords.entries.withUnsafeBufferPointer { words in
                detectBasicLatin(base, bytes.count, tables, BasicLatinTables(trigrams: trigrams.baseAddress!, spreads: spreads.baseAddress!,
                                                                            words: words.baseAddress!, wordSlotMask: tables.asciiWords.slotMask))
            }
        }
    }

    /// The tables the Basic Latin path reads, as pointers (no bounds checks or retains in its loop).
    struct BasicLatinTables {
        /// `Tables.asciiTrigrams`.
        let trigrams: UnsafePointer<UInt8>
        /// ``ProfileLanes/spreads``.
        let spreads: UnsafePointer<SIMD8<UInt16>>
        /// `Tables.asciiWords`: its entries and slot mask.
        let words: UnsafePointer<UInt64>
        let wordSlotMask: Int
    }

    private static func detectBasicLatin(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ tables: Tables,
                                         _ pointers: BasicLatinTables) -> DetectedLanguage?? {
        let trigrams = pointers.trigrams, spreads = pointers.spreads
        // Scores are counted in quarter points (a function word 8, a trigram 1), one 16-bit lane
        // per profile (`ProfileLanes`). Sums of 2s and 0.25s are exact in a Double, so
        // `units × 0.25` is the same score the per-profile Double sums gave, bit for bit.
        var lanes = ProfileLanes()
        // Letters of the Latin script, and of the others by `Script` raw value (two-byte scalars:
        // Arabic, Hebrew, Cyrillic, Greek).
        var letters = 0, i = 0
        var otherScripts = SIMD16<Int32>()
        // Most scalars here are one byte, some two or three, so the `limit`th
        // scalar ends at `end`, moved on by each longer scalar's extra bytes: one bound per byte.
        var end = min(count, limit)
        // The word being read: its letters are the bytes `wordStart..<i`, and `index` is the dense
        // index of the trigram that ends at its last letter (`Tables.asciiTrigramIndex`: the codes
        // of its last three letters, five bits each, 0 for none), so the next one's is
        // `(index << 5 | code) & 0x7FFF`. The word is looked up by its bytes when it ends
        // (`ASCIIWords`), so no hash is carried through the loop.
        var wordStart = 0
        var index = 0
        @inline(__always) func flush() {
            let length = i - wordStart
            guard length > 0 else { return }
            letters &+= length
            if length <= ASCIIWords.longest {
                let key = i >= 8 ? ASCIIWords.key(endingAt: bytes + i, length) : ASCIIWords.key(bytes + wordStart, length)
                let mask = ASCIIWords.mask(key, pointers.words, pointers.wordSlotMask)
                lanes.add(spread: spreads[Int(mask)] &* SIMD8<UInt16>(repeating: 8))
            }
            // The last trigram: the word's last two letters and a space (" x " for one letter).
            lanes.add(spread: spreads[Int(trigrams[(index << 5) & 0x7FFF])])
            index = 0
        }
        while i < end {
            let byte = bytes[i]
            let letter = byte | 0x20
            if letter &- 0x61 < 26 {  // A-Z and a-z only: setting bit 5 maps no other byte into a-z
                // The trigram that ends at this letter; at a word's first letter `index` is 0 and
                // the entry (space, space, letter) is 0 (`Tables.asciiTrigrams`): it adds nothing.
                // A letter's low five bits are its code (1-26) in either case.
                index = (index << 5 | Int(byte & 0x1F)) & 0x7FFF
                lanes.add(spread: spreads[Int(trigrams[index])])
                i &+= 1  // below `end`, which is at most `count`
                continue
            }
            if byte &- 0xC2 < 0x1E {  // the lead byte of a two-byte scalar (U+0080-07FF)
                // Accented Latin letters, Latin-1 punctuation, Greek, Cyrillic, Hebrew, Arabic: the
                // rest of the word is scored scalar by scalar, out of line (this loop keeps its registers).
                letters += i - wordStart
                guard let word = scoreTwoByteWord(bytes, count, at: i, end: end, wordStart: wordStart, recent: index & 0x3FF,
                                                  lanes: lanes, otherScripts: otherScripts, tables, trigrams, spreads)
                else { return nil }
                (i, end, lanes, otherScripts) = (word.next, word.end, word.lanes, word.otherScripts)
                letters += word.letters
                index = 0
                wordStart = i
                continue
            }
            flush()
            if byte < 0x80 {
                i += 1
            } else if byte == 0xE2 && i + 2 < count && bytes[i + 2] & 0xC0 == 0x80
                        && (bytes[i + 1] == 0x80 || (bytes[i + 1] == 0x81 && bytes[i + 2] < 0xB0)) {
                i += 3
                end = min(count, end + 2)
            } else {
                return nil
            }
            wordStart = i
        }
        flush()
        let allLetters = letters + Int(otherScripts.wrappedSum())
        guard allLetters >= 2 else { return .some(nil) }
        // Another script with more letters than Latin (which wins ties) is the general path's.
        guard otherScripts.max() <= Int32(letters) else { return nil }
        return .some(decide(lanes, tables, share: Double(letters) / Double(allLetters), fallback: nil))
    }

    /// Quarter points of a Latin letter that is distinctive of a profile (1.5 points).
    static let latinLetterUnits: UInt64 = 6

    /// The Basic Latin path's word from the two-byte scalar at `start` (its lead byte is C2-DF)
    /// to the word's end, scored with ``WordScorer`` from the path's state: the word's ASCII
    /// letters so far (`wordStart..<start`) and the codes of the last two (`recent`).
    /// Stops after the word's end: at a two-byte non-letter (consumed) or before any other
    /// non-letter (left to the caller), or at `end` (moved on by one per two-byte scalar), having
    /// scored the word. `nil` when the scalar at `i` or one after it in the word
    /// is malformed (the caller takes the general path); otherwise the next index, the new
    /// bound, the scores, how many of the scalars read were Latin letters, and `otherScripts`
    /// with the scalars of other scripts added (the Latin profiles score their words too, as
    /// `rank` does when Latin leads).
    @inline(never)
    private static func scoreTwoByteWord(_ bytes: UnsafePointer<UInt8>, _ count: Int, at start: Int, end: Int, wordStart: Int,
                                         recent: Int, lanes: ProfileLanes, otherScripts: SIMD16<Int32>,
                                         _ tables: Tables, _ dense: UnsafePointer<UInt8>, _ spreads: UnsafePointer<SIMD8<UInt16>>)
        -> (next: Int, end: Int, lanes: ProfileLanes, letters: Int, otherScripts: SIMD16<Int32>)? {
        ScalarFacts.table.withUnsafeBufferPointer { table in
            var scorer = WordScorer(tables, dense, spreads, letterUnits: latinLetterUnits)
            @inline(__always) func letter(code: Int) -> UInt32 { code == 0 ? 0x20 : UInt32(0x60 + code) }
            scorer.lanes = lanes
            // The FNV-1a key of the ASCII letters so far (lowercased), as ``wordKey(_:)``.
            for k in wordStart..<start { scorer.key = (scorer.key ^ UInt64(bytes[k] | 0x20)) &* 0x100000001b3 }
            scorer.length = start - wordStart
            scorer.secondLast = letter(code: recent >> 5)
            scorer.last = letter(code: recent & 31)
            let latin = UInt32(Script.latin.rawValue + 1)
            var i = start, end = end, letters = 0, otherScripts = otherScripts
            while i < end {
                let byte = bytes[i]
                if byte < 0x80 {
                    let lowered = byte | 0x20
                    guard lowered &- 0x61 < 26 else { break }
                    scorer.letter(UInt32(byte), lowered: UInt32(lowered))
                    letters += 1
                    i += 1
                    continue
                }
                guard byte &- 0xC2 < 0x1E else { break }
                guard i + 1 < count, bytes[i + 1] & 0xC0 == 0x80 else { return nil }
                let value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                let packed = table[Int(value)]
                let script = packed >> 24
                i += 2
                end = min(count, end + 1)
                if script == latin { letters += 1 } else if script != 0 { otherScripts[Int(script) - 1] &+= 1 }
                guard packed & ScalarFacts.letterBit != 0 else { break }
                scorer.letter(value, lowered: packed & ScalarFacts.lowerMask)
            }
            scorer.flush()
            return (i, end, scorer.lanes, letters, otherScripts)
        }
    }
}
