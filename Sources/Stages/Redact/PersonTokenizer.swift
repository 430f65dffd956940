/// Splitting text into words for the person detector: shape, sentence position, lexicon flags.
extension PersonDetector {
    /// Decodes the scalar at `i` (valid UTF-8 assumed) and its length.
    @inline(__always) static func scalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = p.count
        if b0 < 0xE0, i + 1 < n { return (UInt32(b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < n { return (UInt32(b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        if i + 3 < n {
            return (UInt32(b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
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

    /// Splits the text into words with their lexicon flags and shape.
    /// Tokenizes the text. Unless `storeAll`, lowercase words are kept only next to capitalized
    /// ones (the context a run needs); every lowercase word goes into `lowercaseSeen`, a
    /// 65,536-bit filter of the words the document writes in lowercase.
    func tokenize(_ bytes: Bytes, storeAll: Bool, uppercase: inout Int, lowercaseSeen: inout [UInt64]) -> [Tok] {
        let p = bytes.p, n = bytes.n
        var toks: [Tok] = []
        toks.reserveCapacity(storeAll ? n / 6 : n / 40)
        var lastWordEnd = -10
        var lastWordJoinsDot = false
        var lastStoredWasCap = false
        var pending1: Tok? = nil, pending2: Tok? = nil
        var i = 0
        var sentenceStart = true
        var prevEnd = -10
        var prevAbbrev = false
        while i < n {
            let c = p[i]
            if c < 0x80 && !isAlpha(c) {
                if isDigit(c) {
                    while i < n && (isAlnum(p[i])) { i += 1 }
                    sentenceStart = false
                    continue
                }
                if c == ASCII.dot || c == ASCII.bang || c == ASCII.question || c == ASCII.newline || c == ASCII.colon || c == ASCII.semicolon {
                    if !(c == ASCII.dot && prevAbbrev && prevEnd == i) { sentenceStart = true }
                } else if c != ASCII.space && c != ASCII.quote && c != ASCII.apostrophe && c != ASCII.tab && c != ASCII.cr && c != ASCII.lparen
                            && c != ASCII.gt && c != ASCII.star && c != ASCII.minus {
                    sentenceStart = false
                }
                i += 1
                continue
            }
            let isCap: Bool
            if c < 0x80 {
                isCap = isUpper(c) // an ASCII letter (other ASCII bytes were handled above)
            } else {
                let (s0, l0) = PersonDetector.scalar(p, i)
                if !PersonDetector.isLetter(s0) {
                    // Curly quotes and dashes keep the sentence state; other symbols end nothing.
                    i += l0
                    continue
                }
                isCap = Lexicon.isUpperScalar(s0)
            }
            let start = i
            var h = Lexicon.offset
            // Lowercase words are hashed only if kept (see below): most are never looked at.
            let hashing = isCap || storeAll
            var upperCount = 0, letters = 0
            var attr: UInt8 = 0
            if !hashing {
                // A lowercase word nobody looks at: skip its ASCII letters eight bytes at a time.
                while i + 8 <= n {
                    let x = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if x & Detectors.high != 0 { break }
                    let letter = Detectors.inRange(x | Detectors.ones &* 0x20, 0x61, 0x7A)
                    let upper = Detectors.inRange(x, 0x41, 0x5A)
                    if letter == Detectors.high {
                        upperCount += upper.nonzeroBitCount
                        letters += 8
                        i += 8
                        continue
                    }
                    let stop = (~letter & Detectors.high).trailingZeroBitCount >> 3
                    if stop > 0 { upperCount += (upper & ((1 << UInt64(stop * 8)) &- 1)).nonzeroBitCount }
                    letters += stop
                    i += stop
                    break
                }
            }
            while i < n {
                let c = p[i]
                if (c | 0x20) &- 97 < 26 {
                    // ASCII letter: the common case.
                    if c < 0x61 { upperCount += 1 }
                    letters += 1
                    if hashing { h = (h ^ UInt64(c | 0x20)) &* Lexicon.prime }
                    i += 1
                    continue
                }
                if c == ASCII.space { break }
                let (s, l) = PersonDetector.scalar(p, i)
                if PersonDetector.isLetter(s) {
                    let f = Lexicon.fold(s)
                    if f != s { upperCount += 1 }
                    letters += 1
                    h = (h ^ UInt64(f)) &* Lexicon.prime
                    i += l
                } else if (s == 0x27 || s == 0x2019) && i + l < n {
                    let (s2, l2) = PersonDetector.scalar(p, i + l)
                    if !PersonDetector.isLetter(s2) { break }
                    if (s2 == 0x73 || s2 == 0x53) && (i + l + l2 >= n || !PersonDetector.isLetter(PersonDetector.scalar(p, i + l + l2).0)) {
                        attr |= PersonDetector.possessive
                        break
                    }
                    h = (h ^ 0x27) &* Lexicon.prime
                    i += l
                } else if s == 0x2D && i + 1 < n && isAlpha(p[i + 1]) {
                    h = (h ^ 0x2D) &* Lexicon.prime
                    i += 1
                } else if s < 0x80 && isDigit(UInt8(s)) {
                    attr |= PersonDetector.digit
                    i += 1
                } else {
                    break
                }
            }
            uppercase += upperCount
            if isCap { attr |= PersonDetector.cap }
            if letters > 1 && upperCount == letters { attr |= PersonDetector.allCaps }
            if sentenceStart { attr |= PersonDetector.sentence }
            if letters == 1 && isCap && i < n && p[i] == ASCII.dot { attr |= PersonDetector.initial }
            // Joined to the previous word by one space (or ". " after an initial or honorific).
            let gap = start - lastWordEnd
            if gap == 1 && p[lastWordEnd] == ASCII.space {
                attr |= PersonDetector.join
            } else if lastWordJoinsDot && lastWordEnd < n && p[lastWordEnd] == ASCII.dot && (gap == 1 || (gap == 2 && p[lastWordEnd + 1] == ASCII.space)) {
                attr |= PersonDetector.join
            }
            // Only capitalized words are looked up now; lowercase ones lazily, when a run needs them.
            var flags: WordFlags = []
            if isCap {
                // Sentence-initial function words ("The", "But") are found in the small table.
                flags = lexicon.functionFlags(h)
                if flags.isEmpty { flags = lexicon.flags(h) }
            }
            var tok = Tok(start: start, end: i, flags: flags, attr: attr, hash: h)
            if isCap || storeAll {
                if var t = pending2 { t.hash = PersonDetector.fnv(p, t.start, t.end); toks.append(t) }
                if var t = pending1 { t.hash = PersonDetector.fnv(p, t.start, t.end); toks.append(t) }
                pending1 = nil
                pending2 = nil
                toks.append(tok)
                lastStoredWasCap = isCap
            } else if lastStoredWasCap && toks.last!.end == lastWordEnd && gap <= 3 {
                tok.hash = PersonDetector.fnv(p, start, i)
                toks.append(tok) // right after a capitalized word: connector, "said", "and"
                lastStoredWasCap = false
            } else {
                pending2 = pending1
                pending1 = tok
                lastStoredWasCap = false
            }
            if !isCap {
                let k = PersonDetector.quickKey(p, start, i)
                lowercaseSeen[Int(k >> 54)] |= 1 << ((k >> 48) & 63)
            }
            lastWordEnd = i
            lastWordJoinsDot = (letters == 1 && isCap) || flags.contains(.honorific)
            prevEnd = i
            prevAbbrev = letters <= 3 && isCap && (letters == 1 || flags.contains(.honorific) || flags.contains(.title)
                                                   || (flags.contains(.nonPerson) && letters <= 3))
            sentenceStart = false
        }
        return toks
    }

    /// The lexicon hash of the word at `start..<end` (what the tokenizer computes for capitalized words).
    static func fnv(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h = Lexicon.offset
        var i = start
        while i < end {
            let c = p[i]
            if c < 0x80 {
                // Letters fold; apostrophes and hyphens inside words hash as themselves.
                let v: UInt64 = c == 0x27 ? 0x27 : UInt64(isUpper(c) ? c | 0x20 : c)
                if isAlpha(c) || c == 0x27 || c == 0x2D { h = (h ^ v) &* Lexicon.prime }
                i += 1
            } else {
                let (sc, l) = scalar(p, i)
                if sc == 0x2019 { h = (h ^ 0x27) &* Lexicon.prime } else if isLetter(sc) { h = (h ^ UInt64(Lexicon.fold(sc))) &* Lexicon.prime }
                i += l
            }
        }
        return h
    }

    /// A cheap case-folded key of a word (its first eight bytes and length), for the filter of
    /// words seen in lowercase. Only ASCII is folded; that is enough for a filter.
    @inline(__always) static func quickKey(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var x: UInt64 = 0
        let len = end - start
        if start + 8 <= p.count {
            x = UnsafeRawPointer(p.baseAddress! + start).loadUnaligned(as: UInt64.self)
            if len < 8 { x &= (1 << UInt64(len * 8)) &- 1 }
        } else {
            for k in 0..<min(len, 8) { x |= UInt64(p[start + k]) << UInt64(k * 8) }
        }
        x |= 0x20 // first byte lowercase (ASCII)
        return (x ^ UInt64(len) << 59) &* 0x9E37_79B9_7F4A_7C15
    }

    @inline(__always) static func sortedContains(_ a: [UInt64], _ x: UInt64) -> Bool {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < a.count && a[lo] == x
    }
}
