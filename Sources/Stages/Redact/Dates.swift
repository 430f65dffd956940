// Date detectors: numeric dates (ISO, M/D/Y, D.M.Y) with an optional time, month-name dates
// ("January 5, 2020", "Oct. 19", "5 March 2021"), a weekday name before a date. A year alone
// ("in 2019") and a weekday alone are not dates to redact (as in HIPAA Safe Harbor).

extension Detectors {
    /// 1...12 for a month name or abbreviation (`Jan`, `Jan.`, `Sept`), 101...107 for a weekday,
    /// 0 otherwise. `s..<e` is an ASCII word.
    static func calendarWord(_ b: Bytes, _ s: Int, _ e: Int) -> Int {
        let len = e - s
        if len < 3 || len > 9 { return 0 }
        var key: UInt64 = 0
        for k in s..<e { key = key << 8 | UInt64(lower(b.p[k])) }
        return calendarWord(key: key, length: len)
    }

    /// `calendarWord` for a word already packed (lowercase, the last 8 bytes kept).
    @inline(__always) static func calendarWord(key: UInt64, length: Int) -> Int {
        if length < 3 || length > 9 { return 0 }
        if length == 9 { return key == pack9("september") ? 9 : key == pack9("wednesday") ? 103 : 0 }
        switch key {
        case pack("january"), pack("jan"): return 1
        case pack("february"), pack("feb"): return 2
        case pack("march"), pack("mar"): return 3
        case pack("april"), pack("apr"): return 4
        case pack("may"): return 5
        case pack("june"), pack("jun"): return 6
        case pack("july"), pack("jul"): return 7
        case pack("august"), pack("aug"): return 8
        case pack("sep"), pack("sept"): return 9
        case pack("october"), pack("oct"): return 10
        case pack("november"), pack("nov"): return 11
        case pack("december"), pack("dec"): return 12
        case pack("monday"): return 101
        case pack("tuesday"): return 102
        case pack("thursday"): return 104
        case pack("friday"): return 105
        case pack("saturday"): return 106
        case pack("sunday"): return 107
        default: return 0
        }
    }

    /// The last eight bytes of a nine-letter word, packed.
    static func pack9(_ s: StaticString) -> UInt64 {
        var key: UInt64 = 0
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount { key = key << 8 | UInt64(p[k]) }
        return key
    }

    @inline(__always) static func pack(_ s: StaticString) -> UInt64 {
        var key: UInt64 = 0
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount { key = key << 8 | UInt64(p[k]) }
        return key
    }

    /// A date starting with a month or weekday name at `s` (word ends at `e`).
    static func dateFromWord(_ b: Bytes, _ s: Int, _ e: Int) -> Int? {
        let c0 = b.p[s]
        let c = c0 | 0x20
        // Cheap prefilter on the first letter: a d f j m n o s t w.
        guard c == 0x6A || c == 0x66 || c == 0x6D || c == 0x61 || c == 0x73 || c == 0x6F || c == 0x6E || c == 0x64
                || c == 0x74 || c == 0x77 else { return nil }
        let m = calendarWord(b, s, e)
        if m == 0 { return nil }
        let p = b.p, n = b.n
        if m > 100 {
            // A weekday is part of a date only when one follows: "Monday, March 3, 2021", "Tue 5 May".
            // Alone ("see you on Monday") it names no day and is not redacted.
            var end = e
            var k = e
            if k < n && p[k] == A.comma { k += 1 }
            if k < n && p[k] == A.space { k += 1 }
            if k < n && isAlpha(p[k]) {
                var we = k
                while we < n && isAlpha(p[we]) { we += 1 }
                if (1...12).contains(calendarWord(b, k, we)), let t = monthDate(b, k, we, requireDay: false) { end = t }
            } else if k < n && isDigit(p[k]), let t = dayMonth(b, k) {
                end = t
            }
            return end > e ? end : nil
        }
        // Months must be capitalized ("may" is a verb).
        if !isUpper(c0) { return nil }
        return monthDate(b, s, e, requireDay: false)
    }

    /// "Month D", "Month Dth, YYYY", "Mon. D", "Month YYYY" at `s` (month word ends at `e`).
    static func monthDate(_ b: Bytes, _ s: Int, _ e: Int, requireDay: Bool) -> Int? {
        let p = b.p, n = b.n
        var k = e
        let full = e - s > 3 || (e - s == 4 && b.matchesLower(s, "sept"))
        if k < n && p[k] == A.dot && !full { k += 1 }
        guard k + 1 < n, p[k] == A.space, isDigit(p[k + 1]) else { return nil }
        let ds = k + 1
        let de = b.digitsEnd(ds)
        let v = b.number(ds, de)
        if de - ds == 4 {
            // Month YYYY
            if v < 1000 || v > 2999 || !b.rightClean(de) { return nil }
            return requireDay ? nil : de
        }
        guard de - ds <= 2, v >= 1, v <= 31 else { return nil }
        var end = de
        if b.matchesLower(end, "st") || b.matchesLower(end, "nd") || b.matchesLower(end, "rd") || b.matchesLower(end, "th") {
            end += 2
        }
        if end < n && isAlnum(p[end]) { return nil }
        if end > de && !b.rightClean(end) { return nil }
        if de == end && !b.rightClean(de) && !(de < n && p[de] == A.comma) { return nil }
        // Optional year.
        var y = end
        if y < n && p[y] == A.comma { y += 1 }
        if y + 4 < n + 1 && y < n && p[y] == A.space {
            let ys = y + 1
            let ye = b.digitsEnd(ys)
            if ye - ys == 4 && b.rightClean(ye) {
                let year = b.number(ys, ye)
                if year >= 1000 && year <= 2999 { end = ye }
            }
        }
        return end
    }

    /// "D Month[ YYYY]" / "Dth of Month" starting at the digit `s`.
    static func dayMonth(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        let de = b.digitsEnd(s)
        guard de - s <= 2 else { return nil }
        let v = b.number(s, de)
        guard v >= 1 && v <= 31 else { return nil }
        var k = de
        if b.matchesLower(k, "st") || b.matchesLower(k, "nd") || b.matchesLower(k, "rd") || b.matchesLower(k, "th") { k += 2 }
        if b.matchesLower(k, " of") { k += 3 }
        guard k + 1 < n, p[k] == A.space, isUpper(p[k + 1]) else { return nil }
        let ms = k + 1
        var me = ms
        while me < n && isAlpha(p[me]) { me += 1 }
        let m = calendarWord(b, ms, me)
        guard m >= 1 && m <= 12 else { return nil }
        var end = me
        if end < n && p[end] == A.dot && me - ms == 3 { end += 1 }
        if end < n && isWordByte(p[end]) { return nil }
        if end + 5 <= n && (p[end] == A.space || p[end] == A.comma) {
            var ys = end + 1
            if p[end] == A.comma && ys < n && p[ys] == A.space { ys += 1 }
            let ye = b.digitsEnd(ys)
            if ye - ys == 4 && b.rightClean(ye) {
                let year = b.number(ys, ye)
                if year >= 1000 && year <= 2999 { end = ye }
            }
        }
        return end
    }

    /// Numeric dates at the digit `s`: `YYYY-MM-DD` (also `/` or `.`), `M/D/YYYY`, `D/M/YY`,
    /// `D.M.YYYY`, `D-M-YYYY`, each optionally followed by a time `HH:MM[:SS]`; or "D Month".
    static func numericDate(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        let d1 = b.digitsEnd(s)
        let l1 = d1 - s
        guard d1 < n else { return nil }
        let sep = p[d1]
        if sep == A.space { return dayMonth(b, s) }
        if (l1 == 1 || l1 == 2) && (isAlpha(sep)) { return dayMonth(b, s) }
        guard sep == A.minus || sep == A.slash || sep == A.dot else { return nil }
        let s2 = d1 + 1
        let d2 = b.digitsEnd(s2)
        let l2 = d2 - s2
        guard l2 == 1 || l2 == 2, d2 < n, p[d2] == sep else { return nil }
        let s3 = d2 + 1
        let d3 = b.digitsEnd(s3)
        let l3 = d3 - s3
        let a = b.number(s, d1), m = b.number(s2, d2), c = b.number(s3, d3)
        var end: Int
        if l1 == 4 {
            guard l3 == 1 || l3 == 2, a >= 1000, a <= 2999, m >= 1, m <= 12, c >= 1, c <= 31 else { return nil }
            end = d3
        } else if l1 == 1 || l1 == 2 {
            guard l3 == 4 || (l3 == 2 && sep == A.slash) else { return nil }
            if l3 == 4 && (c < 1000 || c > 2999) { return nil }
            guard a >= 1, m >= 1, (a <= 12 && m <= 31) || (a <= 31 && m <= 12) else { return nil }
            end = d3
        } else {
            return nil
        }
        if end < n && (isWordByte(p[end]) && !(p[end] == 0x54 && end + 1 < n && isDigit(p[end + 1]))) { return nil }
        if end < n && (p[end] == sep) && end + 1 < n && isDigit(p[end + 1]) { return nil }
        // Optional time.
        if end + 5 < n + 1, end < n, p[end] == A.space || p[end] == 0x54 {
            let ts = end + 1
            let te = b.digitsEnd(ts)
            if (te - ts == 1 || te - ts == 2), te + 2 < n, p[te] == A.colon, isDigit(p[te + 1]), isDigit(p[te + 2]),
               b.number(ts, te) < 24 {
                var t = te + 3
                if t + 2 < n && p[t] == A.colon && isDigit(p[t + 1]) && isDigit(p[t + 2]) { t += 3 }
                if t < n && p[t] == A.dot && t + 1 < n && isDigit(p[t + 1]) { t = b.digitsEnd(t + 1) }
                if t < n && (p[t] == 0x5A) { t += 1 }
                if !(t < n && isAlnum(p[t])) { end = t }
            }
        }
        return end
    }
}
