/// Splitting text into words for the person detector: shape, sentence position, lexicon flags.
///
/// The tokenizer keeps what the name runs need and little else: every capitalized word, and
/// lowercase words only right before (two at most) or right after a capitalized one (the
/// connectors and context words: "said", "van", "according to"). Other lowercase words are
/// skipped eight bytes at a time and leave only a bit in `lowercaseSeen`; they are never hashed.
extension PersonDetector {
    /// Decodes the scalar at `index` (valid UTF-8 assumed) and its length in bytes.
    @inline(__always) static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (UInt32, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let count = bytes.count
        if lead < 0xE0, index + 1 < count { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if lead < 0xF0, index + 2 < count {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        if index + 3 < count {
            return (UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                    | UInt32(bytes[index + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// A letter for word purposes: ASCII letters and non-ASCII scalars outside punctuation blocks.
    @inline(__always) static func isLetter(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return scalar &- 65 < 26 || scalar &- 97 < 26 }
        if scalar < 0xC0 { return scalar == 0xAA || scalar == 0xB5 || scalar == 0xBA }
        if scalar == 0xD7 || scalar == 0xF7 { return false }
        if scalar >= 0x2000 && scalar < 0x2C00 { return false }
        if scalar >= 0x3000 && scalar < 0x3040 { return false }
        if scalar >= 0xFE00 && scalar < 0xFFF0 { return false }
        return true
    }

    /// What an ASCII byte means to the tokenizer's main loop between words.
    enum ByteClass: UInt8 {
        /// `a`-`z`: a lowercase word starts.
        case lowerLetter
        /// `A`-`Z`: a capitalized word starts.
        case upperLetter
        /// `0`-`9`: a number (with any letters glued to it) is skipped.
        case digit
        /// `.`, `!`, `?`, a line break, `:` or `;`: a new sentence starts after it.
        case sentenceEnd
        /// Blanks, quotes, `(`, `>`, `*`, `-`: the sentence state stays as it is.
        case neutral
        /// Any other ASCII byte: the next word does not open a sentence.
        case other
        /// A byte of a non-ASCII scalar.
        case nonASCII
    }

    /// `ByteClass` raw values of the 256 byte values.
    static let byteClasses: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        let byteClass: ByteClass
        if byte >= 0x80 {
            byteClass = .nonASCII
        } else if isLower(byte) {
            byteClass = .lowerLetter
        } else if isUpper(byte) {
            byteClass = .upperLetter
        } else if isDigit(byte) {
            byteClass = .digit
        } else if [ASCII.dot, ASCII.bang, ASCII.question, ASCII.newline, ASCII.colon, ASCII.semicolon].contains(byte) {
            byteClass = .sentenceEnd
        } else if [ASCII.space, ASCII.quote, ASCII.apostrophe, ASCII.tab, ASCII.cr, ASCII.lparen, ASCII.gt, ASCII.star,
                   ASCII.minus].contains(byte) {
            byteClass = .neutral
        } else {
            byteClass = .other
        }
        return byteClass.rawValue
    }

    /// A word the tokenizer has read: where it ends, its letter counts, its attributes (`possessive`,
    /// `digit`) and, when it was asked to, its lexicon hash.
    struct WordShape {
        var end: Int
        var letters: Int
        var uppercaseLetters: Int
        var attr: UInt8
        var hash: UInt64
    }

    /// Reads the word starting at `start` (a letter). With `hashing`, also computes its lexicon
    /// hash (the one `fnv` computes); without it, runs of ASCII letters are skipped eight bytes
    /// at a time.
    @inline(__always) static func readWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, hashing: Bool) -> WordShape {
        let count = bytes.count
        var word = WordShape(end: start, letters: 0, uppercaseLetters: 0, attr: 0, hash: Lexicon.offset)
        var index = start
        if !hashing {
            // A lowercase word nobody may look at: skip its ASCII letters eight bytes at a time.
            while index + 8 <= count {
                let chunk = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if chunk & Detectors.high != 0 { break }
                let letter = Detectors.inRange(chunk | Detectors.ones &* 0x20, 0x61, 0x7A)
                let upper = Detectors.inRange(chunk, 0x41, 0x5A)
                if letter == Detectors.high {
                    word.uppercaseLetters += upper.nonzeroBitCount
                    word.letters += 8
                    index += 8
                    continue
                }
                let stop = (~letter & Detectors.high).trailingZeroBitCount >> 3
                if stop > 0 { word.uppercaseLetters += (upper & ((1 << UInt64(stop * 8)) &- 1)).nonzeroBitCount }
                word.letters += stop
                index += stop
                break
            }
        }
        var hash = word.hash
        while index < count {
            let byte = bytes[index]
            if (byte | 0x20) &- 97 < 26 {
                // ASCII letter: the common case.
                if byte < 0x61 { word.uppercaseLetters += 1 }
                word.letters += 1
                if hashing { hash = (hash ^ UInt64(byte | 0x20)) &* Lexicon.prime }
                index += 1
                continue
            }
            if byte == ASCII.space { break }
            let (scalarValue, length) = scalar(bytes, index)
            if isLetter(scalarValue) {
                let folded = Lexicon.fold(scalarValue)
                if folded != scalarValue { word.uppercaseLetters += 1 }
                word.letters += 1
                hash = (hash ^ UInt64(folded)) &* Lexicon.prime
                index += length
            } else if (scalarValue == 0x27 || scalarValue == 0x2019) && index + length < count {
                // An apostrophe inside a word ("O'Brien") or a possessive "'s" after it.
                let (next, nextLength) = scalar(bytes, index + length)
                if !isLetter(next) { break }
                let afterS = index + length + nextLength
                if (next == 0x73 || next == 0x53) && (afterS >= count || !isLetter(scalar(bytes, afterS).0)) {
                    word.attr |= possessive
                    break
                }
                hash = (hash ^ 0x27) &* Lexicon.prime
                index += length
            } else if scalarValue == 0x2D && index + 1 < count && isAlpha(bytes[index + 1]) {
                hash = (hash ^ 0x2D) &* Lexicon.prime
                index += 1
            } else if scalarValue < 0x80 && isDigit(UInt8(scalarValue)) {
                word.attr |= digit
                index += 1
            } else {
                break
            }
        }
        word.end = index
        word.hash = hash
        return word
    }

    /// A lowercase word kept aside in case a capitalized word follows it.
    private struct HeldWord {
        var start = -1
        var end = 0
        var attr: UInt8 = 0
        var isHeld: Bool { start >= 0 }
    }

    /// Splits the text into words with their lexicon flags and shape.
    ///
    /// Unless `storeAll`, lowercase words are kept only next to capitalized ones (the context
    /// a run needs), with their function-word flags; every lowercase word sets a bit in
    /// `lowercaseSeen`, a 65,536-bit filter of the words the document writes in lowercase.
    /// With `storeAll` every word is kept, and only capitalized ones are looked up.
    /// `sawUppercase` is set when any word holds an uppercase letter.
    func tokenize(_ text: Bytes, storeAll: Bool, sawUppercase: inout Bool,
                  lowercaseSeen: UnsafeMutableBufferPointer<UInt64>) -> [Tok] {
        let bytes = text.p, count = text.n
        var toks: [Tok] = []
        toks.reserveCapacity(storeAll ? count / 6 : count / 40)
        // Capitalized words whose (large-table) lookup waits until the end, so that the cache
        // misses of many look-ups overlap instead of stalling the scan one by one.
        var deferredLookups: [Int] = []
        deferredLookups.reserveCapacity(count / 80)
        var lastWordEnd = -10
        var lastWordJoinsDot = false
        var lastStoredWasCap = false
        var lastStoredEnd = -10
        var held1 = HeldWord(), held2 = HeldWord() // the last lowercase word and the one before it
        var index = 0
        var sentenceStart = true
        var previousWasAbbreviation = false
        PersonDetector.byteClasses.withUnsafeBufferPointer { classes in
            while index < count {
                let byte = bytes[index]
                let isCap: Bool
                switch ByteClass(rawValue: classes[Int(byte)]).unsafelyUnwrapped {
                case .lowerLetter:
                    isCap = false
                case .upperLetter:
                    isCap = true
                case .digit:
                    while index < count && isAlnum(bytes[index]) { index += 1 }
                    sentenceStart = false
                    continue
                case .sentenceEnd:
                    if !(byte == ASCII.dot && previousWasAbbreviation && lastWordEnd == index) { sentenceStart = true }
                    index += 1
                    continue
                case .neutral:
                    index += 1
                    continue
                case .other:
                    sentenceStart = false
                    index += 1
                    continue
                case .nonASCII:
                    let (lead, length) = PersonDetector.scalar(bytes, index)
                    if !PersonDetector.isLetter(lead) {
                        // Curly quotes and dashes keep the sentence state; other symbols end nothing.
                        index += length
                        continue
                    }
                    isCap = Lexicon.isUpperScalar(lead)
                }
                let start = index
                // Lowercase words are hashed only if kept (see below): most are never looked at.
                var word = PersonDetector.readWord(bytes, start, hashing: isCap || storeAll)
                index = word.end
                if word.uppercaseLetters > 0 { sawUppercase = true }
                if isCap { word.attr |= PersonDetector.cap }
                if word.letters > 1 && word.uppercaseLetters == word.letters { word.attr |= PersonDetector.allCaps }
                if sentenceStart { word.attr |= PersonDetector.sentence }
                if word.letters == 1 && isCap && index < count && bytes[index] == ASCII.dot { word.attr |= PersonDetector.initial }
                // Joined to the previous word by one space (or ". " after an initial or honorific).
                let gap = start - lastWordEnd
                if gap == 1 && bytes[lastWordEnd] == ASCII.space {
                    word.attr |= PersonDetector.join
                } else if lastWordJoinsDot && lastWordEnd < count && bytes[lastWordEnd] == ASCII.dot
                            && (gap == 1 || (gap == 2 && bytes[lastWordEnd + 1] == ASCII.space)) {
                    word.attr |= PersonDetector.join
                }
                var flags = WordFlags.empty
                var lookUpLater = false
                if isCap {
                    // Function and context words ("The", "Mr", "President") are in the small table.
                    flags = lexicon.functionFlags(word.hash)
                    // The large table now only when the next word's shape depends on it: a short word
                    // may be an abbreviation ("Gen."), and a word before a dot an honorific.
                    if flags.isEmpty {
                        if word.letters <= 3 || (index < count && bytes[index] == ASCII.dot) {
                            flags = lexicon.flags(word.hash)
                        } else {
                            lookUpLater = true
                        }
                    }
                }
                if isCap || storeAll {
                    if !storeAll {
                        if held2.isHeld { toks.append(heldToken(held2, bytes)) }
                        if held1.isHeld { toks.append(heldToken(held1, bytes)) }
                        held1 = HeldWord()
                        held2 = HeldWord()
                    }
                    if lookUpLater { deferredLookups.append(toks.count) }
                    toks.append(Tok(start: start, end: index, flags: flags, attr: word.attr, hash: word.hash))
                    lastStoredWasCap = isCap
                    lastStoredEnd = index
                } else if lastStoredWasCap && lastStoredEnd == lastWordEnd && gap <= 3 {
                    // Right after a capitalized word: a connector, "said", "and".
                    toks.append(heldToken(HeldWord(start: start, end: index, attr: word.attr), bytes))
                    lastStoredWasCap = false
                    lastStoredEnd = index
                } else {
                    held2 = held1
                    held1 = HeldWord(start: start, end: index, attr: word.attr)
                    lastStoredWasCap = false
                }
                if !isCap {
                    let key = PersonDetector.quickKey(bytes, start, index)
                    lowercaseSeen[Int(key >> 54)] |= 1 << ((key >> 48) & 63)
                }
                lastWordEnd = index
                lastWordJoinsDot = (word.letters == 1 && isCap) || flags.contains(.honorific)
                previousWasAbbreviation = word.letters <= 3 && isCap
                    && (word.letters == 1 || flags.contains(.honorific) || flags.contains(.title) || flags.contains(.nonPerson))
                sentenceStart = false
            }
        }
        toks.withUnsafeMutableBufferPointer { stored in
            for position in deferredLookups { stored[position].flags = lexicon.flags(stored[position].hash) }
        }
        return toks
    }

    /// The token of a held lowercase word: its hash, and its flags if it is a function or
    /// context word ("said", "van", "according").
    @inline(__always) private func heldToken(_ held: HeldWord, _ bytes: UnsafeBufferPointer<UInt8>) -> Tok {
        let hash = PersonDetector.fnv(bytes, held.start, held.end)
        return Tok(start: held.start, end: held.end, flags: lexicon.functionFlags(hash), attr: held.attr, hash: hash)
    }

    /// The lexicon hash of the word at `start..<end` (what the tokenizer computes for capitalized words).
    static func fnv(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash = Lexicon.offset
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                // Letters fold; apostrophes and hyphens inside words hash as themselves.
                if isAlpha(byte) {
                    hash = (hash ^ UInt64(byte | 0x20)) &* Lexicon.prime
                } else if byte == 0x27 || byte == 0x2D {
                    hash = (hash ^ UInt64(byte)) &* Lexicon.prime
                }
                index += 1
            } else {
                let (scalarValue, length) = scalar(bytes, index)
                if scalarValue == 0x2019 {
                    hash = (hash ^ 0x27) &* Lexicon.prime
                } else if isLetter(scalarValue) {
                    hash = (hash ^ UInt64(Lexicon.fold(scalarValue))) &* Lexicon.prime
                }
                index += length
            }
        }
        return hash
    }

    /// A cheap case-folded key of a word (its first eight bytes and length), for the filter of
    /// words seen in lowercase. Only ASCII is folded; that is enough for a filter.
    @inline(__always) static func quickKey(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var key: UInt64 = 0
        let length = end - start
        if start + 8 <= bytes.count {
            key = UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self)
            if length < 8 { key &= (1 << UInt64(length * 8)) &- 1 }
        } else {
            for k in 0..<min(length, 8) { key |= UInt64(bytes[start + k]) << UInt64(k * 8) }
        }
        key |= 0x20 // first byte lowercase (ASCII)
        return (key ^ UInt64(length) << 59) &* 0x9E37_79B9_7F4A_7C15
    }
}
