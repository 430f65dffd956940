// Date detectors: numeric dates (ISO, M/D/Y, D.M.Y) with an optional time, month-name dates
// ("January 5, 2020", "Oct. 19", "5 March 2021"), a weekday name before a date. A year alone
// ("in 2019") and a weekday alone are not dates to redact (as in HIPAA Safe Harbor).

extension Detectors {
    /// 1...12 for a month name or abbreviation (`Jan`, `Jan.`, `Sept`), 101...107 for a weekday,
    /// 0 otherwise. `start..<end` is an ASCII word.
    static func calendarWord(_ bytes: Bytes, _ start: Int, _ end: Int) -> Int {
        let len = end - start
        if len < 3 || len > 9 { return 0 }
        var key: UInt64 = 0
        for k in start..<end { key = key << 8 | UInt64(ASCII.lowercased(bytes.p[k])) }
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
    static func pack9(_ literal: StaticString) -> UInt64 {
        var key: UInt64 = 0
        let p = literal.utf8Start
        for k in 0..<literal.utf8CodeUnitCount { key = key << 8 | UInt64(p[k]) }
        return key
    }

    @inline(__always) static func pack(_ literal: StaticString) -> UInt64 {
        var key: UInt64 = 0
        let p = literal.utf8Start
        for k in 0..<literal.utf8CodeUnitCount { key = key << 8 | UInt64(p[k]) }
        return key
    }

    /// A date starting with a month or weekday name at `start` (word ends at `e`).
    static func dateFromWord(_ bytes: Bytes, _ start: Int, _ e: Int) -> Int? {
        let c0 = bytes.p[start]
        let c = c0 | 0x20
        // Cheap prefilter on the first letter: a d f j m n o s t w.
        guard c == 0x6A || c == 0x66 || c == 0x6D || c == 0x61 || c == 0x73 || c == 0x6F || c == 0x6E || c == 0x64
                || c == 0x74 || c == 0x77 else { return nil }
        let m = calendarWord(bytes, start, e)
        if m == 0 { return nil }
        let p = bytes.p, n = bytes.n
        if m > 100 {
            // A weekday is part of a date only when one follows: "Monday, March 3, 2021", "Tue 5 May".
            // Alone ("see you on Monday") it names no day and is not redacted.
            var end = e
            var k = e
            if k < n && p[k] == ASCII.comma { k += 1 }
            if k < n && p[k] == ASCII.space { k += 1 }
            if k < n && ASCII.isLetter(p[k]) {
                var we = k
                while we < n && ASCII.isLetter(p[we]) { we += 1 }
                if (1...12).contains(calendarWord(bytes, k, we)), let t = monthDate(bytes, k, we, requireDay: false) { end = t }
            } else if k < n && ASCII.isDigit(p[k]), let t = dayMonth(bytes, k) {
                end = t
            }
            return end > e ? end : nil
        }
        // Months must be capitalized ("may" is a verb).
        if !ASCII.isUppercase(c0) { return nil }
        return monthDate(bytes, start, e, requireDay: false)
    }

    /// "Month D", "Month Dth, YYYY", "Mon. D", "Month YYYY" at `start` (month word ends at `e`).
    static func monthDate(_ bytes: Bytes, _ start: Int, _ e: Int, requireDay: Bool) -> Int? {
        let p = bytes.p, n = bytes.n
        var k = e
        let full = e - start > 3 || (e - start == 4 && bytes.matchesLower(start, "sept"))
        if k < n && p[k] == ASCII.dot && !full { k += 1 }
        guard k + 1 < n, p[k] == ASCII.space, ASCII.isDigit(p[k + 1]) else { return nil }
        let ds = k + 1
        let de = bytes.digitsEnd(ds)
        let v = bytes.number(ds, de)
        if de - ds == 4 {
            // Month YYYY
            if v < 1000 || v > 2999 || !bytes.rightClean(de) { return nil }
            return requireDay ? nil : de
        }
        guard de - ds <= 2, v >= 1, v <= 31 else { return nil }
        var end = de
        if bytes.matchesLower(end, "st") || bytes.matchesLower(end, "nd") || bytes.matchesLower(end, "rd") || bytes.matchesLower(end, "th") {
            end += 2
        }
        if end < n && ASCII.isAlphanumeric(p[end]) { return nil }
        if end > de && !bytes.rightClean(end) { return nil }
        if de == end && !bytes.rightClean(de) && !(de < n && p[de] == ASCII.comma) { return nil }
        // Optional year.
        var y = end
        if y < n && p[y] == ASCII.comma { y += 1 }
        if y + 4 < n + 1 && y < n && p[y] == ASCII.space {
            let ys = y + 1
            let ye = bytes.digitsEnd(ys)
            if ye - ys == 4 && bytes.rightClean(ye) {
                let year = bytes.number(ys, ye)
                if year >= 1000 && year <= 2999 { end = ye }
            }
        }
        return end
    }

    /// "D Month[ YYYY]" / "Dth of Month" starting at the digit `start`.
    static func dayMonth(_ bytes: Bytes, _ start: Int) -> Int? {
        let p = bytes.p, n = bytes.n
        let de = bytes.digitsEnd(start)
        guard de - start <= 2 else { return nil }
        let v = bytes.number(start, de)
        guard v >= 1 && v <= 31 else { return nil }
        var k = de
        if bytes.matchesLower(k, "st") || bytes.matchesLower(k, "nd") || bytes.matchesLower(k, "rd") || bytes.matchesLower(k, "th") { k += 2 }
        if bytes.matchesLower(k, " of") { k += 3 }
        guard k + 1 < n, p[k] == ASCII.space, ASCII.isUppercase(p[k + 1]) else { return nil }
        let ms = k + 1
        var me = ms
        while me < n && ASCII.isLetter(p[me]) { me += 1 }
        let m = calendarWord(bytes, ms, me)
        guard m >= 1 && m <= 12 else { return nil }
        var end = me
        if end < n && p[end] == ASCII.dot && me - ms == 3 { end += 1 }
        if end < n && ASCII.isWordByte(p[end]) { return nil }
        if end + 5 <= n && (p[end] == ASCII.space || p[end] == ASCII.comma) {
            var ys = end + 1
            if p[end] == ASCII.comma && ys < n && p[ys] == ASCII.space { ys += 1 }
            let ye = bytes.digitsEnd(ys)
            if ye - ys == 4 && bytes.rightClean(ye) {
                let year = bytes.number(ys, ye)
                if year >= 1000 && year <= 2999 { end = ye }
            }
        }
        return end
    }

    /// Numeric dates at the digit `start`: `YYYY-MM-DD` (also `/` or `.`), `M/D/YYYY`, `D/M/YY`,
    /// `D.M.YYYY`, `D-M-YYYY`, each optionally followed by a time `HH:MM[:SS]`; or "D Month".
    static func numericDate(_ bytes: Bytes, _ start: Int) -> Int? {
        let p = bytes.p, n = bytes.n
        let d1 = bytes.digitsEnd(start)
        let l1 = d1 - start
        guard d1 < n else { return nil }
        let sep = p[d1]
        if sep == ASCII.space { return dayMonth(bytes, start) }
        if (l1 == 1 || l1 == 2) && (ASCII.isLetter(sep)) { return dayMonth(bytes, start) }
        guard sep == ASCII.minus || sep == ASCII.slash || sep == ASCII.dot else { return nil }
        let s2 = d1 + 1
        let d2 = bytes.digitsEnd(s2)
        let l2 = d2 - s2
        guard l2 == 1 || l2 == 2, d2 < n, p[d2] == sep else { return nil }
        let s3 = d2 + 1
        let d3 = bytes.digitsEnd(s3)
        let l3 = d3 - s3
        let a = bytes.number(start, d1), m = bytes.number(s2, d2), c = bytes.number(s3, d3)
        var end: Int
        if l1 == 4 {
            guard l3 == 1 || l3 == 2, a >= 1000, a <= 2999, m >= 1, m <= 12, c >= 1, c <= 31 else { return nil }
            end = d3
        } else if l1 == 1 || l1 == 2 {
            guard l3 == 4 || (l3 == 2 && sep == ASCII.slash) else { return nil }
            if l3 == 4 && (c < 1000 || c > 2999) { return nil }
            guard a >= 1, m >= 1, (a <= 12 && m <= 31) || (a <= 31 && m <= 12) else { return nil }
            end = d3
        } else {
            return nil
        }
        if end < n && (ASCII.isWordByte(p[end]) && !(p[end] == 0x54 && end + 1 < n && ASCII.isDigit(p[end + 1]))) { return nil }
        if end < n && (p[end] == sep) && end + 1 < n && ASCII.isDigit(p[end + 1]) { return nil }
        // Optional time.
        if end + 5 < n + 1, end < n, p[end] == ASCII.space || p[end] == 0x54 {
            let ts = end + 1
            let te = bytes.digitsEnd(ts)
            if (te - ts == 1 || te - ts == 2), te + 2 < n, p[te] == ASCII.colon, ASCII.isDigit(p[te + 1]), ASCII.isDigit(p[te + 2]),
               bytes.number(ts, te) < 24 {
                var t = te + 3
                if t + 2 < n && p[t] == ASCII.colon && ASCII.isDigit(p[t + 1]) && ASCII.isDigit(p[t + 2]) { t += 3 }
                if t < n && p[t] == ASCII.dot && t + 1 < n && ASCII.isDigit(p[t + 1]) { t = bytes.digitsEnd(t + 1) }
                if t < n && (p[t] == 0x5A) { t += 1 }
                if !(t < n && ASCII.isAlphanumeric(p[t])) { end = t }
            }
        }
        return end
    }
}
