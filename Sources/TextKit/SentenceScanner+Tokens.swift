// Tokens around a terminator: abbreviations, initials, capitalization, closers.
extension SentenceScanner {
    /// The start of the whitespace-delimited token that ends at `i`, after leading openers and bullets.
    func tokenStart(before i: Int) -> Int {
        var j = i
        while j > start {
            let p = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, p) > 0 { break }
            j = p
            if i - j > 64 { break }
        }
        while j < i {
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isOpener(v) || Self.isBullet(v) { j += l } else { break }
        }
        return j
    }

    enum Abbreviation { case none, title, initial, time, ambiguous, beforeNumber }

    func abbreviation(_ ts: Int, _ end: Int) -> Abbreviation {
        let len = end - ts
        if len <= 0 { return .none }
        if len == 1 {
            let c = b[ts]
            if ASCII.isUppercase(c) { return .initial }
            if ASCII.isLowercase(c) { return .ambiguous }
        }
        // Dotted acronyms: U.S, E.U, a.m, Ph.D, i.e
        var hasDot = false
        var segment = 0
        var dotted = true
        for p in ts..<end {
            let c = b[p]
            if c == 0x2E {
                if segment == 0 { dotted = false; break }
                hasDot = true
                segment = 0
            } else if ASCII.isLetter(c) {
                segment += 1
                if segment > 2 { dotted = false; break }
            } else {
                dotted = false
                break
            }
        }
        let h = UTF8Scan.asciiLowerHash(b, ts..<end)
        if hasDot {
            guard dotted else { return .none }
            if h == Self.amHash || h == Self.pmHash { return .time }
            if h == Self.ieHash || h == Self.egHash { return .title }
            return .ambiguous
        }
        guard len <= 8, let cls = Self.abbreviations.get(h) else { return .none }
        switch cls {
        case 1: return .title
        case 2: return .ambiguous
        default: return .beforeNumber
        }
    }

    func isStarter(_ m: Int) -> Bool {
        var e = m
        while e < n && e - m < 12 && ASCII.isLetter(b[e]) { e += 1 }
        guard e > m else { return false }
        return Self.starters.get(UTF8Scan.asciiLowerHash(b, m..<e)) != nil
    }

    func previousWordCapitalized(_ ts: Int) -> Bool {
        var j = ts
        while j > start {
            let p = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, p) == 0 { break }
            j = p
        }
        guard j > start else { return false }
        var w = j
        while w > start {
            let p = UTF8Scan.previousStart(b, w)
            if UTF8Scan.spaceLength(b, p) > 0 { break }
            w = p
        }
        return UTF8Scan.isUpper(UTF8Scan.decode(b, w).0)
    }

    func wordCount(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var inWord = false
        var p = from
        while p < to {
            let s = b[p] == 0x20 || b[p] == 0x0A || b[p] == 0x09
            if !s && !inWord { count += 1 }
            inWord = !s
            p += 1
        }
        return count
    }

    func nextIsLower(_ m: Int) -> Bool {
        var mm = m
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        return UTF8Scan.isLower(v)
    }

    func hasContent(_ from: Int, _ to: Int) -> Bool {
        UTF8Scan.skipSpace(b, from, to) < to
    }

    func onlyBulletsOrSpace(_ from: Int, _ to: Int) -> Bool {
        var p = from
        while p < to {
            let (v, l) = UTF8Scan.decode(b, p)
            if !(Self.isBullet(v) || UTF8Scan.spaceLength(b, p) > 0 || Self.isOpener(v)) { return false }
            p += l
        }
        return true
    }

    /// The index after closing quotes and brackets starting at `j`. An apostrophe counts only
    /// when whitespace, the end or another closer follows (so `Jr.'s` keeps its `'s`).
    func closers(_ j: Int) -> Int {
        var k = j
        while k < n {
            let (v, l) = UTF8Scan.decode(b, k)
            guard Self.isCloser(v) else { break }
            if v == 0x27 || v == 0x2019 {
                let a = k + l
                if a < n && UTF8Scan.spaceLength(b, a) == 0 && !Self.isCloser(UTF8Scan.decode(b, a).0) { break }
            }
            k += l
        }
        return k
    }
}
