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

    /// A word the tokenizer has read: where it ends, how many letters it has and whether they
    /// hold an uppercase and a lowercase one, its attributes (`possessive`, `digit`) and, when
    /// it was asked to, its lexicon hash.
    struct WordShape {
        var end: Int
        var letters: Int
        var hasUppercase: Bool
        var hasLowercase: Bool
        var attr: UInt8
        var hash: UInt64
        /// Every letter uppercase.
        var allUppercase: Bool { !hasLowercase }
    }

    /// The end of the run of ASCII letters starting at `start`, and whether it holds an
    /// uppercase and a lowercase letter, read eight bytes at a time. (A non-ASCII byte gives a
    /// wrong answer only for the lanes above it, after the run's end, so chunks holding one need
    /// no detour. No bit counting: without POPCNT in the baseline x86-64 target, counting bits
    /// is a dozen instructions.)
    @inline(__always) static func asciiLetters(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int)
        -> (end: Int, hasUppercase: Bool, hasLowercase: Bool) {
        let count = bytes.count
        var index = start
        var upperLanes: UInt64 = 0, lowerLanes: UInt64 = 0
        while index + 8 <= count {
            let chunk = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let letter = Detectors.inRange(chunk | Detectors.ones &* 0x20, 0x61, 0x7A)
            let upper = Detectors.inRange(chunk, 0x41, 0x5A)
            if letter == Detectors.high {
                upperLanes |= upper
                lowerLanes |= letter & ~upper
                index += 8
                continue
            }
            let nonLetter = ~letter & Detectors.high
            // Every bit below the first non-letter lane's high bit: the lanes of the run.
            let run = (nonLetter & (0 &- nonLetter)) &- 1
            upperLanes |= upper & run
            lowerLanes |= letter & ~upper & run
            return (index + nonLetter.trailingZeroBitCount >> 3, upperLanes != 0, lowerLanes != 0)
        }
        while index < count && ASCII.isLetter(bytes[index]) {
            if bytes[index] < 0x61 { upperLanes = 1 } else { lowerLanes = 1 }
            index += 1
        }
        return (index, upperLanes != 0, lowerLanes != 0)
    }

    /// `true` when the byte that ends a run of ASCII letters leaves the word to `readWord`: a
    /// non-ASCII scalar, a digit, an apostrophe or a hyphen may continue it.
    @inline(__always) static func continuesWord(_ byte: UInt8) -> Bool {
        byte >= 0x80 || ASCII.isDigit(byte) || byte == ASCII.apostrophe || byte == ASCII.minus
    }

    /// `readWord` for the common word: ASCII letters up to a byte that cannot continue it (a
    /// space, punctuation, the end); `nil` for any other word. The hash is computed from the
    /// bytes once the end is known, in a loop with no branch per byte.
    @inline(__always) static func plainWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, hashing: Bool) -> WordShape? {
        let (end, hasUppercase, hasLowercase) = asciiLetters(bytes, start)
        if end == start || (end < bytes.count && continuesWord(bytes[end])) { return nil }
        var hash = Lexicon.offset
        if hashing {
            for index in start..<end { hash = (hash ^ UInt64(bytes[index] | 0x20)) &* Lexicon.prime }
        }
        return WordShape(end: end, letters: end - start, hasUppercase: hasUppercase, hasLowercase: hasLowercase, attr: 0, hash: hash)
    }

    /// Reads the word starting at `start` (a letter). With `hashing`, also computes its lexicon
    /// hash (the one `fnv` computes); without it, runs of ASCII letters are skipped eight bytes
    /// at a time.
    @inline(__always) static func readWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, hashing: Bool) -> WordShape {
        let count = bytes.count
        var word = WordShape(end: start, letters: 0, hasUppercase: false, hasLowercase: false, attr: 0, hash: Lexicon.offset)
        var index = start
        if !hashing {
            // A lowercase word nobody may look at: its ASCII letters eight bytes at a time.
            let (end, hasUppercase, hasLowercase) = asciiLetters(bytes, start)
            word.letters = end - start
            word.hasUppercase = hasUppercase
            word.hasLowercase = hasLowercase
            index = end
        }
        var hash = word.hash
        while index < count {
            let byte = bytes[index]
            if (byte | 0x20) &- 97 < 26 {
                // ASCII letter: the common case.
                if byte < 0x61 { word.hasUppercase = true } else { word.hasLowercase = true }
                word.letters += 1
                if hashing { hash = (hash ^ UInt64(byte | 0x20)) &* Lexicon.prime }
                index += 1
                continue
            }
            if byte == ASCII.space { break }
            let (scalarValue, length) = scalar(bytes, index)
            if isLetter(scalarValue) {
                let folded = Lexicon.fold(scalarValue)
                if folded != scalarValue { word.hasUppercase = true } else { word.hasLowercase = true }
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
            } else if scalarValue == 0x2D && index + 1 < count && ASCII.isLetter(bytes[index + 1]) {
                hash = (hash ^ 0x2D) &* Lexicon.prime
                index += 1
            } else if scalarValue < 0x80 && ASCII.isDigit(UInt8(scalarValue)) {
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

    /// Splits the text into words with their lexicon flags and shape (see `WordScanner`).
    /// `sawUppercase` is set when any word holds an uppercase letter.
    func tokenize(_ text: Bytes, storeAll: Bool, sawUppercase: inout Bool,
                  lowercaseSeen: UnsafeMutableBufferPointer<UInt64>) -> [Tok] {
        var scanner = WordScanner(bytes: text.buffer, lexicon: lexicon, storeAll: storeAll, lowercaseSeen: lowercaseSeen)
        scanner.run()
        if scanner.sawUppercase { sawUppercase = true }
        return scanner.toks
    }

    /// The lexicon hash of the word at `start..<end` (what the tokenizer computes for capitalized words).
    static func fnv(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash = Lexicon.offset
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte &- 97 < 26 {
                // A lowercase ASCII letter: the common case.
                hash = (hash ^ UInt64(byte)) &* Lexicon.prime
                index += 1
            } else if byte < 0x80 {
                // Letters fold; apostrophes and hyphens inside words hash as themselves.
                if ASCII.isLetter(byte) {
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

/// The person detector's word scanner: one pass over the bytes that keeps every capitalized
/// word, and lowercase words only right before (two at most) or right after a capitalized one
/// (the connectors and context words a run needs: "said", "van", "according to"), each with
/// its lexicon flags, shape and sentence position. Other lowercase words are skipped eight
/// bytes at a time and only set their bit in `lowercaseSeen`, a 65,536-bit filter of the words
/// the document writes in lowercase; they are never hashed. With `storeAll` every word is kept
/// (for text without capitals) and only capitalized ones are looked up.
struct WordScanner {
    typealias Tok = PersonDetector.Tok

    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    let lexicon: Lexicon
    let storeAll: Bool
    let lowercaseSeen: UnsafeMutableBufferPointer<UInt64>
    /// The words kept, in text order.
    private(set) var toks: [Tok] = []
    /// `true` once a word holds an uppercase letter.
    private(set) var sawUppercase = false
    /// Capitalized words whose large-table look-up waits until the scan is over, so that the
    /// cache misses of many look-ups overlap instead of stalling the scan one by one.
    private var deferredLookups: [Int] = []
    private var lastWordEnd = -10
    private var lastWordJoinsDot = false
    private var lastStoredWasCap = false
    private var lastStoredEnd = -10
    /// The last lowercase word not kept, and the one before it: kept if a capitalized word follows.
    private var held1 = HeldWord(), held2 = HeldWord()
    private var sentenceStart = true
    private var previousWasAbbreviation = false

    /// A lowercase word kept aside in case a capitalized word follows it.
    private struct HeldWord {
        var start = -1
        var end = 0
        var attr: UInt8 = 0
        var isHeld: Bool { start >= 0 }
    }

    init(bytes: UnsafeBufferPointer<UInt8>, lexicon: Lexicon, storeAll: Bool, lowercaseSeen: UnsafeMutableBufferPointer<UInt64>) {
        self.bytes = bytes
        count = bytes.count
        self.lexicon = lexicon
        self.storeAll = storeAll
        self.lowercaseSeen = lowercaseSeen
        toks.reserveCapacity(storeAll ? count / 6 : count / 14)
        deferredLookups.reserveCapacity(count / 80)
    }

    /// Scans the whole text into `toks`.
    mutating func run() {
        var index = 0
        while index < count {
            let byte = bytes[index]
            let start = index
            if byte &- 97 < 26 && !storeAll {
                // A lowercase word: the commonest case, kept apart from the general one.
                index = lowercaseWord(start)
            } else if byte &- 65 < 26 || byte &- 97 < 26 {
                index = word(start, isCap: byte < 0x61)
            } else if byte < 0x80 {
                index = betweenWords(byte, index)
                continue
            } else {
                let (lead, length) = PersonDetector.scalar(bytes, index)
                if !PersonDetector.isLetter(lead) {
                    // Curly quotes and dashes keep the sentence state; other symbols end nothing.
                    index += length
                    continue
                }
                index = word(start, isCap: Lexicon.isUpperScalar(lead))
            }
            // One space and an ASCII letter: the next word starts at once (a space changes no state).
            if index + 1 < count && bytes[index] == ASCII.space && ASCII.isLetter(bytes[index + 1]) { index += 1 }
        }
        toks.withUnsafeMutableBufferPointer { stored in
            for position in deferredLookups { stored[position].flags = lexicon.flags(stored[position].hash) }
        }
    }

    /// Handles the ASCII byte at `index` outside words (a number is skipped whole, letters glued
    /// to it included) and returns where scanning goes on.
    @inline(__always) private mutating func betweenWords(_ byte: UInt8, _ index: Int) -> Int {
        if ASCII.isDigit(byte) {
            var end = index
            while end < count && ASCII.isAlphanumeric(bytes[end]) { end += 1 }
            sentenceStart = false
            return end
        }
        switch byte {
        case ASCII.space, ASCII.quote, ASCII.apostrophe, ASCII.tab, ASCII.cr, ASCII.lparen, ASCII.gt, ASCII.star, ASCII.minus:
            break // the sentence state stays
        case ASCII.dot, ASCII.bang, ASCII.question, ASCII.newline, ASCII.colon, ASCII.semicolon:
            if !(byte == ASCII.dot && previousWasAbbreviation && lastWordEnd == index) { sentenceStart = true }
        default:
            sentenceStart = false
        }
        return index + 1
    }

    /// The attributes every word gets from what precedes it: sentence start and being joined to
    /// the previous word by one space (or ". " after an initial or honorific).
    @inline(__always) private func positionAttributes(_ start: Int) -> UInt8 {
        var attr: UInt8 = sentenceStart ? PersonDetector.sentence : 0
        let gap = start - lastWordEnd
        if gap == 1 && bytes[lastWordEnd] == ASCII.space {
            attr |= PersonDetector.join
        } else if lastWordJoinsDot && lastWordEnd < count && bytes[lastWordEnd] == ASCII.dot
                    && (gap == 1 || (gap == 2 && bytes[lastWordEnd + 1] == ASCII.space)) {
            attr |= PersonDetector.join
        }
        return attr
    }

    /// A word starting with an ASCII lowercase letter (when not `storeAll`), and the plain
    /// lowercase words that follow it one space apart: their ends are found eight bytes at a
    /// time; the first is kept only right after a capitalized word, the others are held.
    @inline(__always) private mutating func lowercaseWord(_ start: Int) -> Int {
        var (end, hasUppercase, _) = PersonDetector.asciiLetters(bytes, start)
        var attr: UInt8 = 0
        if end < count && PersonDetector.continuesWord(bytes[end]) {
            // Apostrophes, hyphens, digits or other scripts: the general reader.
            let shape = PersonDetector.readWord(bytes, start, hashing: false)
            end = shape.end
            attr = shape.attr
            hasUppercase = shape.hasUppercase
        }
        if hasUppercase { sawUppercase = true }
        attr |= positionAttributes(start)
        keepOrHold(HeldWord(start: start, end: end, attr: attr))
        markLowercase(start, end)
        lastWordJoinsDot = false
        previousWasAbbreviation = false
        sentenceStart = false
        // The plain lowercase words that follow one space apart change nothing but the held
        // words and the filter: each is joined to the one before, starts no sentence, and is
        // held (the word before it was not a capitalized one).
        var held1 = self.held1, held2 = self.held2
        while end + 1 < count && bytes[end] == ASCII.space && bytes[end + 1] &- 97 < 26 {
            let wordStart = end + 1
            let (wordEnd, wordHasUppercase, _) = PersonDetector.asciiLetters(bytes, wordStart)
            if wordEnd < count && PersonDetector.continuesWord(bytes[wordEnd]) { break }
            if wordHasUppercase { sawUppercase = true }
            held2 = held1
            held1 = HeldWord(start: wordStart, end: wordEnd, attr: PersonDetector.join)
            markLowercase(wordStart, wordEnd)
            end = wordEnd
        }
        self.held1 = held1
        self.held2 = held2
        lastWordEnd = end
        return end
    }

    /// Any other word: capitalized, non-ASCII lowercase, or any word with `storeAll`.
    private mutating func word(_ start: Int, isCap: Bool) -> Int {
        // Lowercase words are hashed only if kept: most are never looked at.
        let word = PersonDetector.plainWord(bytes, start, hashing: isCap || storeAll)
            ?? PersonDetector.readWord(bytes, start, hashing: isCap || storeAll)
        let end = word.end
        if word.hasUppercase { sawUppercase = true }
        var attr = word.attr | positionAttributes(start)
        if isCap { attr |= PersonDetector.cap }
        if word.letters > 1 && word.allUppercase { attr |= PersonDetector.allCaps }
        if word.letters == 1 && isCap && end < count && bytes[end] == ASCII.dot { attr |= PersonDetector.initial }
        var flags = WordFlags.empty
        var lookUpLater = false
        if isCap {
            // Function and context words ("The", "Mr", "President") are in the small table, with
            // all their flags (every honorific and title among them).
            flags = lexicon.cueFlags(word.hash)
            // The large table now only when the next word's shape depends on it: a short word
            // before a dot may be an abbreviation ("St.", "Co."; honorifics and titles are cue
            // words). Other words wait for the end of the scan.
            if flags.isEmpty {
                if word.letters <= 3 && end < count && bytes[end] == ASCII.dot {
                    flags = lexicon.flags(word.hash)
                } else {
                    lookUpLater = true
                }
            }
        }
        if isCap || storeAll {
            if held2.isHeld { toks.append(heldToken(held2)) }
            if held1.isHeld { toks.append(heldToken(held1)) }
            held1 = HeldWord()
            held2 = HeldWord()
            if lookUpLater { deferredLookups.append(toks.count) }
            toks.append(Tok(start: start, end: end, flags: flags, attr: attr, hash: word.hash))
            lastStoredWasCap = isCap
            lastStoredEnd = end
        } else {
            keepOrHold(HeldWord(start: start, end: end, attr: attr))
        }
        if !isCap { markLowercase(start, end) }
        lastWordEnd = end
        lastWordJoinsDot = (word.letters == 1 && isCap) || flags.contains(.honorific)
        previousWasAbbreviation = word.letters <= 3 && isCap
            && (word.letters == 1 || flags.contains(.honorific) || flags.contains(.title) || flags.contains(.nonPerson))
        sentenceStart = false
        return end
    }

    /// Keeps a lowercase word right after a capitalized one (a connector, "said", "and"); holds
    /// it otherwise, in case a capitalized word follows.
    @inline(__always) private mutating func keepOrHold(_ word: HeldWord) {
        if lastStoredWasCap && lastStoredEnd == lastWordEnd && word.start - lastWordEnd <= 3 {
            toks.append(heldToken(word))
            lastStoredEnd = word.end
        } else {
            held2 = held1
            held1 = word
        }
        lastStoredWasCap = false
    }

    /// Sets the bit of a lowercase word in `lowercaseSeen`.
    @inline(__always) private func markLowercase(_ start: Int, _ end: Int) {
        let key = PersonDetector.quickKey(bytes, start, end)
        lowercaseSeen[Int(key >> 54)] |= 1 << ((key >> 48) & 63)
    }

    /// The token of a held lowercase word: its hash, and its flags if it is a function or
    /// context word ("said", "van", "according").
    @inline(__always) private func heldToken(_ held: HeldWord) -> Tok {
        let hash = PersonDetector.fnv(bytes, held.start, held.end)
        return Tok(start: held.start, end: held.end, flags: lexicon.cueFlags(hash), attr: held.attr, hash: hash)
    }
}
