/// Finds person names without a model: capitalized word runs scored by given-name and surname
/// lists, honorifics and titles, surname endings, context words ("said", "according to",
/// "Dr.") and, within a document, earlier full mentions ("Abdul Hameed Jalili" ... "Jalili said").
/// Runs holding an organisation, place or calendar word, or ordinary English words, are not names.
struct PersonDetector: Sendable {
    let lexicon: Lexicon

    struct Tok {
        var start: Int
        var end: Int
        var flags: WordFlags
        var attr: UInt8
        var hash: UInt64
        @inline(__always) func has(_ a: UInt8) -> Bool { attr & a != 0 }
    }

    static let cap: UInt8 = 1, allCaps: UInt8 = 2, sentence: UInt8 = 4, join: UInt8 = 8, initial: UInt8 = 16
    static let possessive: UInt8 = 32, digit: UInt8 = 64

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
    @inline(__always) static func isLetter(_ s: UInt32) -> Bool {
        if s < 0x80 { return s &- 65 < 26 || s &- 97 < 26 }
        if s < 0xC0 { return s == 0xAA || s == 0xB5 || s == 0xBA }
        if s == 0xD7 || s == 0xF7 { return false }
        if s >= 0x2000 && s < 0x2C00 { return false }
        if s >= 0x3000 && s < 0x3040 { return false }
        if s >= 0xFE00 && s < 0xFFF0 { return false }
        return true
    }

    /// Splits the text into words with their lexicon flags and shape.
    /// Tokenizes the text. Unless `storeAll`, lowercase words are kept only next to capitalized
    /// ones (the context a run needs); every lowercase word goes into `lowercaseSeen`, a
    /// 65,536-bit filter of the words the document writes in lowercase.
    func tokenize(_ b: Bytes, storeAll: Bool, uppercase: inout Int, lowercaseSeen: inout [UInt64]) -> [Tok] {
        let p = b.p, n = b.n
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
                if c == A.dot || c == A.bang || c == A.question || c == A.newline || c == A.colon || c == A.semicolon {
                    if !(c == A.dot && prevAbbrev && prevEnd == i) { sentenceStart = true }
                } else if c != A.space && c != A.quote && c != A.apostrophe && c != A.tab && c != A.cr && c != A.lparen
                            && c != A.gt && c != A.star && c != A.minus {
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
                if c == A.space { break }
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
            if letters == 1 && isCap && i < n && p[i] == A.dot { attr |= PersonDetector.initial }
            // Joined to the previous word by one space (or ". " after an initial or honorific).
            let gap = start - lastWordEnd
            if gap == 1 && p[lastWordEnd] == A.space {
                attr |= PersonDetector.join
            } else if lastWordJoinsDot && lastWordEnd < n && p[lastWordEnd] == A.dot && (gap == 1 || (gap == 2 && p[lastWordEnd + 1] == A.space)) {
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

    /// Appends person candidates (byte ranges) to `out`.
    func find(_ b: Bytes, type: Int, priority: Int, into out: inout [Match]) {
        var uppercase = 0
        var lowercaseSeen = [UInt64](repeating: 0, count: 1024)
        var toks = tokenize(b, storeAll: false, uppercase: &uppercase, lowercaseSeen: &lowercaseSeen)
        if uppercase == 0 {
            toks = tokenize(b, storeAll: true, uppercase: &uppercase, lowercaseSeen: &lowercaseSeen)
        }
        if toks.isEmpty { return }
        if uppercase == 0 && toks.count >= 2 {
            for q in toks.indices { toks[q].flags = lexicon.flags(toks[q].hash) }
            // Text without capitals ("hello, this is dr. chad farmer"): names are the words of the
            // name lists that are not English words, and unknown words next to them.
            for q in toks.indices {
                let f = toks[q].flags
                if f.contains(.stop) || f.contains(.contextAfter) || f.contains(.contextBefore) || f.contains(.pairFirst)
                    || f.contains(.pairSecond) || f.contains(.connector) || toks[q].has(PersonDetector.digit) {
                    continue
                }
                let nameish = (f.contains(.given) || f.contains(.surname)) && !f.contains(.dictionary)
                let unknown = f.isEmpty && toks[q].end - toks[q].start >= 3
                if nameish || unknown || f.contains(.honorific) || f.contains(.nonPerson) || f.contains(.place) || f.contains(.suffix) {
                    toks[q].attr |= PersonDetector.cap
                }
            }
        } else {
            // A name that is also an English word counts as a word only if the document uses it
            // in lowercase ("will", "rose"), it is a function word or it starts a sentence.
            for q in toks.indices where toks[q].has(PersonDetector.cap) && toks[q].flags.contains(.dictionary)
                && (toks[q].flags.contains(.given) || toks[q].flags.contains(.surname))
                && !toks[q].flags.contains(.stop) && !toks[q].has(PersonDetector.sentence)
                && { let k = PersonDetector.quickKey(b.p, toks[q].start, toks[q].end)
                     return lowercaseSeen[Int(k >> 54)] & (1 << ((k >> 48) & 63)) == 0 }() {
                toks[q].flags.remove(.dictionary)
            }
            // Lowercase words next to capitalized ones: connectors and context words.
            for q in toks.indices where toks[q].has(PersonDetector.cap) {
                if q > 0 && !toks[q - 1].has(PersonDetector.cap) { toks[q - 1].flags = lexicon.functionFlags(toks[q - 1].hash) }
                if q > 1 && !toks[q - 2].has(PersonDetector.cap) && toks[q - 2].flags.isEmpty {
                    toks[q - 2].flags = lexicon.functionFlags(toks[q - 2].hash)
                }
                if q + 1 < toks.count && !toks[q + 1].has(PersonDetector.cap) {
                    toks[q + 1].flags = lexicon.functionFlags(toks[q + 1].hash)
                }
            }
        }
        let t = toks.count
        var known = Set<UInt64>()
        var pending: [(start: Int, end: Int, from: Int, to: Int)] = []
        var pendingNames: [Int] = []
        var names: [Int] = []
        names.reserveCapacity(8)
        var k = 0
        while k < t {
            let first = toks[k]
            if !first.has(PersonDetector.cap) || (first.has(PersonDetector.allCaps) && !first.flags.contains(.honorific))
                || first.has(PersonDetector.digit) {
                k += 1
                continue
            }
            // Collect the run.
            var honorific = false
            var j = k
            if first.flags.contains(.honorific), k + 1 < t, toks[k + 1].has(PersonDetector.join), toks[k + 1].has(PersonDetector.cap),
               !toks[k + 1].has(PersonDetector.allCaps) {
                honorific = true
                j = k + 1
            } else if first.flags.contains(.honorific) {
                k += 1
                continue
            }
            var last = j
            var m = j + 1
            while m < t {
                let u = toks[m]
                if !u.has(PersonDetector.join) || u.has(PersonDetector.digit) { break }
                if u.flags.contains(.suffix) && (u.has(PersonDetector.cap)) && m > j {
                    last = m
                    m += 1
                    break
                }
                if u.has(PersonDetector.cap) && (!u.has(PersonDetector.allCaps)) {
                    last = m
                    m += 1
                    continue
                }
                if u.flags.contains(.connector) && !u.has(PersonDetector.cap) && m + 1 < t && toks[m + 1].has(PersonDetector.join)
                    && toks[m + 1].has(PersonDetector.cap) && !toks[m + 1].has(PersonDetector.allCaps) {
                    m += 1
                    continue
                }
                break
            }
            defer { k = last + 1 }

            // Name tokens of the run, leading stop words, titles and ordinary words trimmed.
            var score = honorific ? 3.0 : 0.0
            names.removeAll(keepingCapacity: true)
            var spanStart = honorific ? first.start : -1
            var trimming = !honorific
            var reject = false
            var initials = 0
            var lastKept = last
            var truncated = false
            var plainAfterGiven = 0
            for q in j...last {
                let u = toks[q]
                if !u.has(PersonDetector.cap) { continue } // connector
                if u.has(PersonDetector.initial) {
                    initials += 1
                    if spanStart < 0 { spanStart = u.start }
                    trimming = false
                    continue
                }
                if q > j && u.flags.contains(.suffix) && q == last { continue }
                let f = u.flags
                let nameish = f.contains(.given) || f.contains(.surname)
                if trimming {
                    if f.contains(.title) && !nameish { score += 1.5; continue }
                    if f.contains(.stop) || (f.contains(.dictionary) && !nameish) || (f.contains(.title)) {
                        continue
                    }
                    if f.contains(.dictionary) && u.has(PersonDetector.sentence) && q < last && !f.contains(.given) {
                        // "Will Smith" keeps Will (a given name); "Later Mary Smith" drops Later.
                        continue
                    }
                }
                trimming = false
                let led = honorific || (names.first.map { toks[$0].flags.contains(.given) } ?? false)
                // "April Martin", "June Smith": a month that is a given name, before a surname.
                let monthName = f.contains(.given) && names.isEmpty && q < last && toks[q + 1].has(PersonDetector.cap)
                    && toks[q + 1].flags.contains(.surname) && !toks[q + 1].flags.contains(.nonPerson)
                    && !toks[q + 1].flags.contains(.place) && (1...12).contains(Detectors.calendarWord(b, u.start, u.end))
                if !monthName && (f.contains(.nonPerson) || f.contains(.place) || (f.contains(.title) && !f.contains(.given))) {
                    // "Ashley Kvamme Apt." keeps the name; "Durand Line", "Islamic Emirate" are not names;
                    // "Monday Mary Smith" starts again after the calendar word.
                    let calendar = Detectors.calendarWord(b, u.start, u.end) != 0
                    if !names.isEmpty && (honorific || (led && names.count >= 2) || calendar) {
                        lastKept = names.last!
                        truncated = true
                        last = q - 1 // look at the rest again ("Mary Monday Mr. Smith")
                        break
                    }
                    // A leading calendar word or known place ("Kabul Monday Mr. Smith") is skipped and the
                    // rest looked at again; org and street words ("San Luis", "Radio ...") end the run.
                    if names.isEmpty && !honorific && initials == 0 && q < last && (calendar || f.contains(.place)) { last = q }
                    if !names.isEmpty && q < last { last = q } // "Solomon Islands Mr. Smith": look after the cue word
                    reject = true
                    break
                }
                if f.contains(.dictionary) && !nameish {
                    if led && !names.isEmpty { plainAfterGiven += 1 } else { reject = true; break }
                }
                if spanStart < 0 { spanStart = u.start }
                names.append(q)
            }
            if reject || names.isEmpty { continue }
            if initials > 0 && spanStart > toks[names[0]].start { spanStart = toks[names[0]].start }
            let runStart = spanStart
            let runEnd = toks[lastKept].end

            // Score the name tokens.
            var knownCount = 0
            for (idx, q) in names.enumerated() {
                let f = toks[q].flags
                let common = f.contains(.dictionary)
                if f.contains(.given) || f.contains(.surname) { knownCount += 1 }
                if idx == 0 {
                    if f.contains(.given) {
                        let nextNameLike = names.count > 1 && !toks[names[1]].flags.contains(.dictionary)
                        score += common ? (names.count == 1 ? (toks[q].has(PersonDetector.sentence) ? 0 : 1) : (nextNameLike ? 1.5 : 1)) : 2
                    } else if f.contains(.surname) {
                        score += common ? 0.5 : 1.5
                    } else if PersonDetector.surnameShape(b, toks[q]) {
                        score += 1
                    }
                } else {
                    if f.contains(.given) || f.contains(.surname) {
                        score += common ? 0.5 : 1.5
                    } else if common {
                        score += 0.25
                    } else {
                        score += PersonDetector.surnameShape(b, toks[q]) ? 1 : 0.75
                    }
                }
            }
            if names.count > 1 && toks[names[0]].flags.contains(.given)
                && names.allSatisfy({ toks[$0].flags.contains(.given) || toks[$0].flags.contains(.surname) }) {
                score += 1 // every word a known name: "John Brown"
            }
            if knownCount == 0 && names.count > 1 && !honorific { score -= 0.75 * Double(names.count - 1) }
            if initials > 0 && knownCount > 0 { score += 0.5 }
            // Context before: "according to", "named", "Dr." (lowercase titles such as "spokesman").
            let startTok = honorific ? k : names[0]
            if startTok > 0 {
                let prev = toks[startTok - 1]
                if runStart - prev.end <= 3 {
                    if prev.flags.contains(.contextBefore) || (prev.flags.contains(.title) && !prev.has(PersonDetector.cap)) {
                        score += 1.5
                    } else if prev.flags.contains(.pairSecond), startTok > 1, toks[startTok - 2].flags.contains(.pairFirst),
                              prev.start - toks[startTok - 2].end <= 2 {
                        score += 2 // "my name is", "call me", "according to"
                    } else if !prev.has(PersonDetector.cap) && prev.hash == PersonDetector.theHash {
                        score -= 1.5
                    }
                }
            }
            // Context after: "said", "told".
            if lastKept + 1 < t {
                let next = toks[lastKept + 1]
                if next.start - runEnd <= 2 && !next.has(PersonDetector.cap) && next.flags.contains(.contextAfter) { score += 1.5 }
                if next.start - runEnd <= 2 && !b.p[runEnd..<next.start].contains(A.newline) && next.flags.contains(.nonPerson)
                    && next.has(PersonDetector.cap) && !honorific
                    && !truncated { continue }
            }
            if names.count == 1 && !honorific && score >= 1 && score < 2 && PersonDetector.coordinated(b, toks, startTok, lastKept) {
                score += 0.5 // "Woźniak and Moore were ..."
            }
            if runEnd < b.n && b.p[runEnd] == A.amp { continue }
            if !honorific && (PersonDetector.houseNumberBefore(b, runStart) || PersonDetector.numberAfter(b, runEnd)) {
                continue // "92 Eusebio Dávila 57": a street address
            }
            if names.count > 1 && PersonDetector.isPlacePhrase(b, toks, names, lexicon) { continue } // "Costa Rica"

            if score >= 2 {
                out.append(Match(start: runStart, end: runEnd, type: type, priority: priority))
                if names.count > 1 || honorific {
                    for q in names where !toks[q].flags.contains(.dictionary) { known.insert(toks[q].hash) }
                }
            } else {
                pending.append((runStart, runEnd, pendingNames.count, pendingNames.count + names.count))
                pendingNames.append(contentsOf: names)
            }
        }
        // Later mentions of a name seen in full earlier in the document.
        if !known.isEmpty {
            for r in pending where pendingNames[r.from..<r.to].allSatisfy({ known.contains(toks[$0].hash) }) {
                out.append(Match(start: r.start, end: r.end, type: type, priority: priority))
            }
        }
    }

    /// `true` when a one-word run is joined by "and" or a comma to another capitalized word that
    /// is a known name or looks like one.
    static func coordinated(_ b: Bytes, _ toks: [Tok], _ first: Int, _ last: Int) -> Bool {
        func nameLike(_ q: Int) -> Bool {
            guard q >= 0 && q < toks.count else { return false }
            let u = toks[q]
            return u.has(cap) && !u.has(allCaps) && !u.flags.contains(.dictionary) && !u.flags.contains(.nonPerson)
                && !u.flags.contains(.place) && (u.flags.contains(.given) || u.flags.contains(.surname) || surnameShape(b, u))
        }
        // "A, B and C" (three or more bare names) is usually a firm: "Davis, Reynolds and Williamson".
        func inCommaList(_ q: Int) -> Bool {
            let before = q > 0 && toks[q].start >= 2 && b.p[toks[q].start - 2] == A.comma
            let after = toks[q].end < b.n && b.p[toks[q].end] == A.comma
            return before || after
        }
        if inCommaList(first) { return false }
        if last + 2 < toks.count && toks[last + 1].hash == andHash && toks[last + 1].start - toks[last].end == 1 && nameLike(last + 2)
            && !inCommaList(last + 2) {
            return true
        }
        if first >= 2 && toks[first - 1].hash == andHash && toks[first].start - toks[first - 1].end == 1 && nameLike(first - 2)
            && !inCommaList(first - 2) {
            return true
        }
        return false
    }

    static let andHash: UInt64 = Lexicon.hash(Array("and".unicodeScalars.map(\.value)))

    /// A house number (not a year) right before `s` on the same line: "92 Eusebio Dávila".
    static func houseNumberBefore(_ b: Bytes, _ s: Int) -> Bool {
        var k = s - 1
        while k >= 0 && b.p[k] == A.space { k -= 1 }
        if k < 0 || k == s - 1 || !isDigit(b.p[k]) { return false }
        var ds = k
        while ds > 0 && isDigit(b.p[ds - 1]) { ds -= 1 }
        if ds > 0 && (isAlpha(b.p[ds - 1]) || b.p[ds - 1] == A.comma || b.p[ds - 1] == A.dot || b.p[ds - 1] == A.minus
                      || b.p[ds - 1] == A.rparen || b.p[ds - 1] == A.plus) { return false }
        if ds > 1 && b.p[ds - 1] == A.space && isDigit(b.p[ds - 2]) { return false } // the end of a phone number
        if ds > 1 && b.p[ds - 1] == A.space {
            // "Oct. 19 Mary", "on March 3 Mary": a day, not a house number.
            var we = ds - 1
            if we > 0 && b.p[we - 1] == A.dot { we -= 1 }
            var ws = we
            while ws > 0 && isAlpha(b.p[ws - 1]) { ws -= 1 }
            if we > ws && (1...12).contains(Detectors.calendarWord(b, ws, we)) { return false }
        }
        let len = k + 1 - ds
        if len > 5 { return false }
        let v = b.number(ds, k + 1)
        return !(len == 4 && v >= 1900 && v <= 2099)
    }

    /// A number right after `e` on the same line ("Via Nizza 60"), not a year or a percentage.
    static func numberAfter(_ b: Bytes, _ e: Int) -> Bool {
        guard e + 1 < b.n, b.p[e] == A.space, isDigit(b.p[e + 1]) else { return false }
        let de = b.digitsEnd(e + 1)
        if de < b.n && (isAlpha(b.p[de]) || b.p[de] == A.percent || b.p[de] == A.colon || b.p[de] == A.minus
                        || b.p[de] == A.slash || (b.p[de] == A.dot && de + 1 < b.n && isDigit(b.p[de + 1]))) {
            return false // a phone, date or SSN, not a house number
        }
        let len = de - e - 1
        let v = b.number(e + 1, de)
        return len <= 5 && !(len == 4 && v >= 1900 && v <= 2099)
    }

    /// `true` when two or more adjacent name tokens form a place in the lists ("Costa Rica").
    static func isPlacePhrase(_ b: Bytes, _ toks: [Tok], _ names: [Int], _ lexicon: Lexicon) -> Bool {
        for x in 0..<(names.count - 1) {
            var h = Lexicon.offset
            var i = toks[names[x]].start
            let end = toks[names[x + 1]].end
            while i < end {
                let (s, l) = scalar(b.p, i)
                h = (h ^ UInt64(Lexicon.fold(s))) &* Lexicon.prime
                i += l
            }
            if lexicon.flags(h).contains(.place) { return true }
        }
        return false
    }

    /// The lexicon hash of the word at `s..<e` (what the tokenizer computes for capitalized words).
    static func fnv(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        var h = Lexicon.offset
        var i = s
        while i < e {
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
    @inline(__always) static func quickKey(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        var x: UInt64 = 0
        let len = e - s
        if s + 8 <= p.count {
            x = UnsafeRawPointer(p.baseAddress! + s).loadUnaligned(as: UInt64.self)
            if len < 8 { x &= (1 << UInt64(len * 8)) &- 1 }
        } else {
            for k in 0..<min(len, 8) { x |= UInt64(p[s + k]) << UInt64(k * 8) }
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

    static let theHash: UInt64 = Lexicon.hash(Array("the".unicodeScalars.map(\.value)))

    /// Common surname endings across Slavic, Nordic, Greek, Armenian, Georgian and other naming
    /// traditions (the lists are strongest for English names).
    static func surnameShape(_ b: Bytes, _ t: Tok) -> Bool {
        let len = t.end - t.start
        if len < 5 || t.has(allCaps) { return false }
        let endings: [StaticString] = ["ov", "ova", "ev", "eva", "ić", "vić", "ski", "ska", "sky", "cki", "cka", "son", "sen",
                                       "ssen", "dóttir", "dottir", "ová", "escu", "poulos", "akis", "idis", "enko", "chuk",
                                       "vich", "yan", "shvili", "dze", "oglu", "oğlu", "zadeh"]
        for e in endings {
            let l = e.utf8CodeUnitCount
            if l + 2 > len { continue }
            let before = b.p[t.end - l - 1]
            if b.matchesLower(t.end - l, e) && (isLower(before) || before >= 0x80) { return true }
        }
        return false
    }
}
