/// Context and shape evidence around a candidate name run: coordination, addresses, places,
/// surname endings, form fields, sign-off lines and company legal forms.
extension PersonDetector {
    /// `true` when a one-word run is joined by "and" or "or" to another capitalized word that
    /// is a known name or looks like one ("Ask Stanislav or Moravec").
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

    /// `true` when two adjacent name tokens form a country or city in the lists ("Costa Rica", "Santa Ana").
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
            if !lexicon.flags(h).intersection([.place, .city]).isEmpty { return true }
        }
        return false
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

    /// `true` when only a colon and blanks stand between a form label ending at `labelEnd` and
    /// the run at `runStart` ("Name: Anna", "Attn:  Kovács").
    static func labelColon(_ b: Bytes, _ labelEnd: Int, _ runStart: Int) -> Bool {
        guard labelEnd < runStart, b.p[labelEnd] == A.colon else { return false }
        var i = labelEnd + 1
        while i < runStart && (b.p[i] == A.space || b.p[i] == A.tab) { i += 1 }
        return i == runStart
    }

    /// `true` when the run fills its own line and the line above is a sign-off: a short line with
    /// a closing word ("Best,", "Kind regards", "Mit freundlichen Grüßen") or ending in a comma
    /// after at most three words ("Take care,").
    static func signOffLine(_ b: Bytes, _ runStart: Int, _ runEnd: Int, _ lexicon: Lexicon) -> Bool {
        let p = b.p
        var s = runStart - 1
        while s >= 0 && (p[s] == A.space || p[s] == A.tab) { s -= 1 }
        guard s >= 1, p[s] == A.newline else { return false }
        var e = runEnd
        while e < b.n && (p[e] == A.space || p[e] == A.tab || p[e] == A.cr) { e += 1 }
        guard e == b.n || p[e] == A.newline || p[e] == A.comma else { return false }
        // The line above, without its line break and trailing blanks.
        var le = s
        if le > 0 && p[le - 1] == A.cr { le -= 1 }
        while le > 0 && (p[le - 1] == A.space || p[le - 1] == A.tab) { le -= 1 }
        var ls = le
        while ls > 0 && p[ls - 1] != A.newline { ls -= 1 }
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
        return closing || (last == A.comma && words <= 3)
    }

    @inline(__always) static func isWordStart(_ c: UInt8) -> Bool { isAlpha(c) || c >= 0x80 }

    /// `true` when a company's legal form follows the run within three words on the same line:
    /// "Bukovec s.p.", "Novak d.o.o.", "Fehér és társa Kht.", "Kowalski sp. z o.o.".
    static func legalFormAfter(_ b: Bytes, _ runEnd: Int, _ lexicon: Lexicon) -> Bool {
        let p = b.p
        var i = runEnd
        for _ in 0..<3 {
            while i < b.n && (p[i] == A.space || p[i] == A.comma || p[i] == A.amp || p[i] == A.minus) { i += 1 }
            guard i < b.n, isWordStart(p[i]) else { return false }
            // A word with its inner dots ("d.o.o.", "sp.") hashed without them.
            var h = Lexicon.offset
            let ws = i
            while i < b.n && (isAlpha(p[i]) || p[i] >= 0x80 || (p[i] == A.dot && i + 1 < b.n && isAlpha(p[i + 1]))) {
                if p[i] != A.dot {
                    let (sc, l) = scalar(p, i)
                    h = (h ^ UInt64(Lexicon.fold(sc))) &* Lexicon.prime
                    i += l
                } else {
                    i += 1
                }
            }
            if i == ws { return false }
            if lexicon.flags(h).contains(.legalForm) { return true }
            if i < b.n && p[i] == A.dot { i += 1 }
            if i < b.n && p[i] == A.newline { return false }
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
    static func firmList(_ b: Bytes, _ toks: [Tok], _ q: Int) -> Bool {
        // The index of the next list item after item `e`, or nil.
        func next(_ e: Int) -> Int? {
            guard e + 1 < toks.count else { return nil }
            let u = toks[e + 1]
            if u.has(cap) && u.start - toks[e].end == 2 && b.p[toks[e].end] == A.comma { return e + 1 } // "A, B"
            if u.hash == andHash && u.start - toks[e].end == 1 && e + 2 < toks.count && toks[e + 2].has(cap)
                && toks[e + 2].start - u.end == 1 { return e + 2 }
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
        var e = first
        while let n = next(e) {
            items.append(n)
            e = n
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
