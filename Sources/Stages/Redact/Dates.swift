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
        for k in start..<end { key = key << 8 | UInt64(ASCII.lowercased(bytes.buffer[k])) }
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
        let utf8 = literal.utf8Start
        for k in 0..<literal.utf8CodeUnitCount { key = key << 8 | UInt64(utf8[k]) }
        return key
    }

    @inline(__always) static func pack(_ literal: StaticString) -> UInt64 {
        var key: UInt64 = 0
        let utf8 = literal.utf8Start
        for k in 0..<literal.utf8CodeUnitCount { key = key << 8 | UInt64(utf8[k]) }
        return key
    }

    /// A date starting with a month or weekday name at `start` (the word ends at `wordEnd`).
    static func dateFromWord(_ bytes: Bytes, _ start: Int, _ wordEnd: Int) -> Int? {
        let first = bytes.buffer[start]
        let firstLower = first | 0x20
        // Cheap prefilter on the first letter: a d f j m n o s t w.
        guard firstLower == 0x6A || firstLower == 0x66 || firstLower == 0x6D || firstLower == 0x61 || firstLower == 0x73 || firstLower == 0x6F || firstLower == 0x6E || firstLower == 0x64
                || firstLower == 0x74 || firstLower == 0x77 else { return nil }
        let calendarIndex = calendarWord(bytes, start, wordEnd)
        if calendarIndex == 0 { return nil }
        let text = bytes.buffer, count = bytes.count
        if calendarIndex > 100 {
            // A weekday is part of a date only when one follows: "Monday, March 3, 2021", "Tue 5 May".
            // Alone ("see you on Monday") it names no day and is not redacted.
            var end = wordEnd
            var k = wordEnd
            if k < count && text[k] == ASCII.comma { k += 1 }
            if k < count && text[k] == ASCII.space { k += 1 }
            if k < count && ASCII.isLetter(text[k]) {
                var we = k
                while we < count && ASCII.isLetter(text[we]) { we += 1 }
                if (1...12).contains(calendarWord(bytes, k, we)), let dateEnd = monthDate(bytes, k, we, requireDay: false) { end = dateEnd }
            } else if k < count && ASCII.isDigit(text[k]), let dateEnd = dayMonth(bytes, k) {
                end = dateEnd
            }
            return end > wordEnd ? end : nil
        }
        // Months must be capitalized ("may" is a verb).
        if !ASCII.isUppercase(first) { return nil }
        return monthDate(bytes, start, wordEnd, requireDay: false)
    }

    /// "Month D", "Month Dth, YYYY", "Mon. D", "Month YYYY" at `start` (the month word ends at `wordEnd`).
    static func monthDate(_ bytes: Bytes, _ start: Int, _ wordEnd: Int, requireDay: Bool) -> Int? {
        let text = bytes.buffer, count = bytes.count
        var k = wordEnd
        let full = wordEnd - start > 3 || (wordEnd - start == 4 && bytes.matchesLower(start, "sept"))
        if k < count && text[k] == ASCII.dot && !full { k += 1 }
        guard k + 1 < count, text[k] == ASCII.space, ASCII.isDigit(text[k + 1]) else { return nil }
        let ds = k + 1
        let de = bytes.digitsEnd(ds)
        let day = bytes.number(ds, de)
        if de - ds == 4 {
            // Month YYYY
            if day < 1000 || day > 2999 || !bytes.rightClean(de) { return nil }
            return requireDay ? nil : de
        }
        guard de - ds <= 2, day >= 1, day <= 31 else { return nil }
        var end = de
        if bytes.matchesLower(end, "st") || bytes.matchesLower(end, "nd") || bytes.matchesLower(end, "rd") || bytes.matchesLower(end, "th") {
            end += 2
        }
        if end < count && ASCII.isAlphanumeric(text[end]) { return nil }
        if end > de && !bytes.rightClean(end) { return nil }
        if de == end && !bytes.rightClean(de) && !(de < count && text[de] == ASCII.comma) { return nil }
        // Optional year.
        var yearCursor = end
        if yearCursor < count && text[yearCursor] == ASCII.comma { yearCursor += 1 }
        if yearCursor + 4 < count + 1 && yearCursor < count && text[yearCursor] == ASCII.space {
            let ys = yearCursor + 1
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
        let text = bytes.buffer, count = bytes.count
        let de = bytes.digitsEnd(start)
        guard de - start <= 2 else { return nil }
        let day = bytes.number(start, de)
        guard day >= 1 && day <= 31 else { return nil }
        var k = de
        if bytes.matchesLower(k, "st") || bytes.matchesLower(k, "nd") || bytes.matchesLower(k, "rd") || bytes.matchesLower(k, "th") { k += 2 }
        if bytes.matchesLower(k, " of") { k += 3 }
        guard k + 1 < count, text[k] == ASCII.space, ASCII.isUppercase(text[k + 1]) else { return nil }
        let ms = k + 1
        var me = ms
        while me < count && ASCII.isLetter(text[me]) { me += 1 }
        let month = calendarWord(bytes, ms, me)
        guard month >= 1 && month <= 12 else { return nil }
        var end = me
        if end < count && text[end] == ASCII.dot && me - ms == 3 { end += 1 }
        if end < count && ASCII.isWordByte(text[end]) { return nil }
        if end + 5 <= count && (text[end] == ASCII.space || text[end] == ASCII.comma) {
            var ys = end + 1
            if text[end] == ASCII.comma && ys < count && text[ys] == ASCII.space { ys += 1 }
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
        let text = bytes.buffer, count = bytes.count
        let d1 = bytes.digitsEnd(start)
        let l1 = d1 - start
        guard d1 < count else { return nil }
        let sep = text[d1]
        if sep == ASCII.space { return dayMonth(bytes, start) }
        if (l1 == 1 || l1 == 2) && (ASCII.isLetter(sep)) { return dayMonth(bytes, start) }
        guard sep == ASCII.minus || sep == ASCII.slash || sep == ASCII.dot else { return nil }
        let s2 = d1 + 1
        let d2 = bytes.digitsEnd(s2)
        let l2 = d2 - s2
        guard l2 == 1 || l2 == 2, d2 < count, text[d2] == sep else { return nil }
        let s3 = d2 + 1
        let d3 = bytes.digitsEnd(s3)
        let l3 = d3 - s3
        let first = bytes.number(start, d1), second = bytes.number(s2, d2), third = bytes.number(s3, d3)
        var end: Int
        if l1 == 4 {
            guard l3 == 1 || l3 == 2, first >= 1000, first <= 2999, second >= 1, second <= 12, third >= 1, third <= 31 else { return nil }
            end = d3
        } else if l1 == 1 || l1 == 2 {
            guard l3 == 4 || (l3 == 2 && sep == ASCII.slash) else { return nil }
            if l3 == 4 && (third < 1000 || third > 2999) { return nil }
            guard first >= 1, second >= 1, (first <= 12 && second <= 31) || (first <= 31 && second <= 12) else { return nil }
            end = d3
        } else {
            return nil
        }
        if end < count && (ASCII.isWordByte(text[end]) && !(text[end] == 0x54 && end + 1 < count && ASCII.isDigit(text[end + 1]))) { return nil }
        if end < count && (text[end] == sep) && end + 1 < count && ASCII.isDigit(text[end + 1]) { return nil }
        // Optional time.
        if end + 5 < count + 1, end < count, text[end] == ASCII.space || text[end] == 0x54 {
            let ts = end + 1
            let te = bytes.digitsEnd(ts)
            if (te - ts == 1 || te - ts == 2), te + 2 < count, text[te] == ASCII.colon, ASCII.isDigit(text[te + 1]), ASCII.isDigit(text[te + 2]),
               bytes.number(ts, te) < 24 {
                var timeEnd = te + 3
                if timeEnd + 2 < count && text[timeEnd] == ASCII.colon && ASCII.isDigit(text[timeEnd + 1]) && ASCII.isDigit(text[timeEnd + 2]) { timeEnd += 3 }
                if timeEnd < count && text[timeEnd] == ASCII.dot && timeEnd + 1 < count && ASCII.isDigit(text[timeEnd + 1]) { timeEnd = bytes.digitsEnd(timeEnd + 1) }
                if timeEnd < count && (text[timeEnd] == 0x5A) { timeEnd += 1 }
                if !(timeEnd < count && ASCII.isAlphanumeric(text[timeEnd])) { end = timeEnd }
            }
        }
        return end
    }
}
