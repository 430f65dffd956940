/// Context and shape evidence around a candidate name run: coordination, addresses, places,
/// surname endings, form fields, sign-off lines and company legal forms.
extension PersonDetector {
    /// `true` when a one-word run is joined by "and" or "or" to another capitalized word that
    /// is a known name or looks like one ("Ask Stanislav or Moravec").
    static func coordinated(_ bytes: Bytes, _ toks: [Tok], _ first: Int, _ last: Int) -> Bool {
        func nameLike(_ q: Int) -> Bool {
            guard q >= 0 && q < toks.count else { return false }
            let u = toks[q]
            return u.has(cap) && !u.has(allCaps) && !u.flags.contains(.dictionary) && !u.flags.contains(.nonPerson)
                && !u.flags.contains(.place) && (u.flags.contains(.given) || u.flags.contains(.surname) || surnameShape(bytes, u))
        }
        // "A, B and C" (three or more bare names) is usually a firm: "Davis, Reynolds and Williamson".
        func inCommaList(_ q: Int) -> Bool {
            let before = q > 0 && toks[q].start >= 2 && bytes.p[toks[q].start - 2] == ASCII.comma
            let after = toks[q].end < bytes.n && bytes.p[toks[q].end] == ASCII.comma
            return before || after
        }
        if inCommaList(first) { return false }
        if last + 2 < toks.count && (toks[last + 1].hash == andHash || toks[last + 1].hash == orHash)
            && toks[last + 1].start - toks[last].end == 1 && nameLike(last + 2)
            && !inCommaList(last + 2) {
            return true
        }
        if first >= 2 && (toks[first - 1].hash == andHash || toks[first - 1].hash == orHash)
            && toks[first].start - toks[first - 1].end == 1 && nameLike(first - 2)
            && !inCommaList(first - 2) {
            return true
        }
        return false
    }

    static let andHash: UInt64 = Lexicon.hash(Array("and".unicodeScalars.map(\.value)))
    static let orHash: UInt64 = Lexicon.hash(Array("or".unicodeScalars.map(\.value)))

    /// A house number (not a year) right before `start` on the same line: "92 Eusebio Dávila".
    static func houseNumberBefore(_ bytes: Bytes, _ start: Int) -> Bool {
        var k = start - 1
        while k >= 0 && bytes.p[k] == ASCII.space { k -= 1 }
        if k < 0 || k == start - 1 || !isDigit(bytes.p[k]) { return false }
        var ds = k
        while ds > 0 && isDigit(bytes.p[ds - 1]) { ds -= 1 }
        if ds > 0 && (isAlpha(bytes.p[ds - 1]) || bytes.p[ds - 1] == ASCII.comma || bytes.p[ds - 1] == ASCII.dot || bytes.p[ds - 1] == ASCII.minus
                      || bytes.p[ds - 1] == ASCII.rparen || bytes.p[ds - 1] == ASCII.plus) { return false }
        if ds > 1 && bytes.p[ds - 1] == ASCII.space && isDigit(bytes.p[ds - 2]) { return false } // the end of a phone number
        if ds > 1 && bytes.p[ds - 1] == ASCII.space {
            // "Oct. 19 Mary", "on March 3 Mary": a day, not a house number.
            var we = ds - 1
            if we > 0 && bytes.p[we - 1] == ASCII.dot { we -= 1 }
            var ws = we
            while ws > 0 && isAlpha(bytes.p[ws - 1]) { ws -= 1 }
            if we > ws && (1...12).contains(Detectors.calendarWord(bytes, ws, we)) { return false }
        }
        let len = k + 1 - ds
        if len > 5 { return false }
        let v = bytes.number(ds, k + 1)
        return !(len == 4 && v >= 1900 && v <= 2099)
    }

    /// A number right after `end` on the same line ("Via Nizza 60"), not a year or a percentage.
    static func numberAfter(_ bytes: Bytes, _ end: Int) -> Bool {
        guard end + 1 < bytes.n, bytes.p[end] == ASCII.space, isDigit(bytes.p[end + 1]) else { return false }
        let de = bytes.digitsEnd(end + 1)
        if de < bytes.n && (isAlpha(bytes.p[de]) || bytes.p[de] == ASCII.percent || bytes.p[de] == ASCII.colon || bytes.p[de] == ASCII.minus
                        || bytes.p[de] == ASCII.slash || (bytes.p[de] == ASCII.dot && de + 1 < bytes.n && isDigit(bytes.p[de + 1]))) {
            return false // a phone, date or SSN, not a house number
        }
        let len = de - end - 1
        let v = bytes.number(end + 1, de)
        return len <= 5 && !(len == 4 && v >= 1900 && v <= 2099)
    }

    /// `true` when two adjacent name tokens form a country or city in the lists ("Costa Rica", "Santa Ana").
    static func isPlacePhrase(_ bytes: Bytes, _ toks: [Tok], _ names: [Int], _ lexicon: Lexicon) -> Bool {
        for x in 0..<(names.count - 1) {
            var h = Lexicon.offset
            var i = toks[names[x]].start
            let end = toks[names[x + 1]].end
            while i < end {
                let (scalarValue, length) = scalar(bytes.p, i)
                h = (h ^ UInt64(Lexicon.fold(scalarValue))) &* Lexicon.prime
                i += length
            }
            if !lexicon.flags(h).intersection(WordFlags.place.union(.city)).isEmpty { return true }
        }
        return false
    }


    static let theHash: UInt64 = Lexicon.hash(Array("the".unicodeScalars.map(\.value)))

    /// Common surname endings across Slavic, Nordic, Greek, Armenian, Georgian and other naming
    /// traditions (the lists are strongest for English names).
    static func surnameShape(_ bytes: Bytes, _ t: Tok) -> Bool {
        let len = t.end - t.start
        if len < 5 || t.has(allCaps) { return false }
        let endings: [StaticString] = ["ov", "ova", "ev", "eva", "ić", "vić", "ski", "ska", "sky", "cki", "cka", "son", "sen",
                                       "ssen", "dóttir", "dottir", "ová", "escu", "poulos", "akis", "idis", "enko", "chuk",
                                       "vich", "yan", "shvili", "dze", "oglu", "oğlu", "zadeh"]
        for ending in endings {
            let length = ending.utf8CodeUnitCount
            if length + 2 > len { continue }
            let before = bytes.p[t.end - length - 1]
            if bytes.matchesLower(t.end - length, ending) && (isLower(before) || before >= 0x80) { return true }
        }
        return false
    }

    /// `true` when only a colon and blanks stand between a form label ending at `labelEnd` and
    /// the run at `runStart` ("Name: Anna", "Attn:  Kovács").
    static func labelColon(_ bytes: Bytes, _ labelEnd: Int, _ runStart: Int) -> Bool {
        guard labelEnd < runStart, bytes.p[labelEnd] == ASCII.colon else { return false }
        var i = labelEnd + 1
        while i < runStart && (bytes.p[i] == ASCII.space || bytes.p[i] == ASCII.tab) { i += 1 }
        return i == runStart
    }

    /// `true` when the run fills its own line and the line above is a sign-off: a short line with
    /// a closing word ("Best,", "Kind regards", "Mit freundlichen Grüßen") or ending in a comma
    /// after at most three words ("Take care,").
    static func signOffLine(_ bytes: Bytes, _ runStart: Int, _ runEnd: Int, _ lexicon: Lexicon) -> Bool {
        let p = bytes.p
        var start = runStart - 1
        while start >= 0 && (p[start] == ASCII.space || p[start] == ASCII.tab) { start -= 1 }
        guard start >= 1, p[start] == ASCII.newline else { return false }
        var end = runEnd
        while end < bytes.n && (p[end] == ASCII.space || p[end] == ASCII.tab || p[end] == ASCII.cr) { end += 1 }
        guard end == bytes.n || p[end] == ASCII.newline || p[end] == ASCII.comma else { return false }
        // The line above, without its line break and trailing blanks.
        var le = start
        if le > 0 && p[le - 1] == ASCII.cr { le -= 1 }
        while le > 0 && (p[le - 1] == ASCII.space || p[le - 1] == ASCII.tab) { le -= 1 }
        var ls = le
        while ls > 0 && p[ls - 1] != ASCII.newline { ls -= 1 }
        guard le > ls, le - ls <= 40 else { return false }
        let last = p[le - 1]
        var words = 0
        var closing = false
        var i = ls
        while i < le {
            while i < le && !isWordStart(p[i]) { i += 1 }
            if i >= le { break }
            let ws = i
            while i < le && (isAlpha(p[i]) || p[i] >= 0x80) { i += 1 }
            if i == ws { i += 1; continue }
            words += 1
            if !closing { closing = lexicon.functionFlags(fnv(p, ws, i)).contains(.closing) }
        }
        if words == 0 || words > 5 { return false }
        return closing || (last == ASCII.comma && words <= 3)
    }

    @inline(__always) static func isWordStart(_ c: UInt8) -> Bool { isAlpha(c) || c >= 0x80 }

    /// `true` when a company's legal form follows the run within three words on the same line:
    /// "Bukovec s.p.", "Novak d.o.o.", "Fehér és társa Kht.", "Kowalski sp. z o.o.".
    static func legalFormAfter(_ bytes: Bytes, _ runEnd: Int, _ lexicon: Lexicon) -> Bool {
        let p = bytes.p
        var i = runEnd
        for _ in 0..<3 {
            while i < bytes.n && (p[i] == ASCII.space || p[i] == ASCII.comma || p[i] == ASCII.amp || p[i] == ASCII.minus) { i += 1 }
            guard i < bytes.n, isWordStart(p[i]) else { return false }
            // A word with its inner dots ("d.o.o.", "sp.") hashed without them.
            var h = Lexicon.offset
            let ws = i
            while i < bytes.n && (isAlpha(p[i]) || p[i] >= 0x80 || (p[i] == ASCII.dot && i + 1 < bytes.n && isAlpha(p[i + 1]))) {
                if p[i] != ASCII.dot {
                    let (sc, l) = scalar(p, i)
                    h = (h ^ UInt64(Lexicon.fold(sc))) &* Lexicon.prime
                    i += l
                } else {
                    i += 1
                }
            }
            if i == ws { return false }
            if lexicon.flags(h).contains(.legalForm) { return true }
            if i < bytes.n && p[i] == ASCII.dot { i += 1 }
            if i < bytes.n && p[i] == ASCII.newline { return false }
        }
        return false
    }

    /// Where a run's trailing initials start ("Gonzalez Noël S.A" → before "S"), so a legal form
    /// written as initials is seen; `runEnd` when the run ends in a word.
    static func trailingInitialsStart(_ toks: [Tok], _ last: Int, _ runEnd: Int) -> Int {
        var q = last
        while q > 0 && toks[q].has(initial) && toks[q - 1].has(cap) { q -= 1 }
        return q < last ? toks[q].end : runEnd
    }

    /// `true` when the one-word run at `q` is an item of a list of three single capitalized words
    /// ("A, B and C") and two of them are not given names: a firm ("Cochran, Orr and Stewart"),
    /// not people ("Anna, Maria and Peter", "Maslow, Anthony and Perry").
    static func firmList(_ bytes: Bytes, _ toks: [Tok], _ q: Int) -> Bool {
        // The index of the next list item after item `e`, or nil.
        func next(_ end: Int) -> Int? {
            guard end + 1 < toks.count else { return nil }
            let u = toks[end + 1]
            if u.has(cap) && u.start - toks[end].end == 2 && bytes.p[toks[end].end] == ASCII.comma { return end + 1 } // "A, B"
            if u.hash == andHash && u.start - toks[end].end == 1 && end + 2 < toks.count && toks[end + 2].has(cap)
                && toks[end + 2].start - u.end == 1 { return end + 2 }
            return nil
        }
        // The list: walk left from q, then right.
        var first = q
        while first >= 1 {
            var found = false
            for back in [first - 1, first - 2] where back >= 0 && toks[back].has(cap) && next(back) == first {
                first = back
                found = true
                break
            }
            if !found { break }
        }
        var items = [first]
        var end = first
        while let n = next(end) {
            items.append(n)
            end = n
        }
        // Firm names have three partners at most; two of them at least are surnames only.
        guard items.count == 3, items.contains(q) else { return false }
        return items.filter { !toks[$0].flags.contains(.given) }.count >= 2
    }

    static let placePrepositions: [UInt64] = ["in", "at", "near", "via", "outside", "around"].map { Lexicon.hash(Array($0.unicodeScalars.map(\.value))) }

    /// `true` when the word before the run is "in", "at", "near", "via", "outside" or "around".
    static func placePrepositionBefore(_ toks: [Tok], _ startTok: Int, _ runStart: Int) -> Bool {
        guard startTok > 0 else { return false }
        let prev = toks[startTok - 1]
        return !prev.has(cap) && runStart - prev.end == 1 && placePrepositions.contains(prev.hash)
    }
}
