// The individual format detectors. Each starts at a trigger position and returns the end
// (exclusive) of a valid match, or nil. None allocates.

extension Detectors {
    // MARK: email

    @inline(__always) static func isLocalChar(_ c: UInt8) -> Bool {
        isAlnum(c) || c == A.dot || c == A.underscore || c == A.percent || c == A.plus || c == A.minus
    }

    /// An email around the `@` at `a`: local part to the left, domain to the right.
    static func email(_ b: Bytes, at a: Int) -> (start: Int, end: Int)? {
        var s = a
        while s > 0 && a - s < 64 && isLocalChar(b.p[s - 1]) { s -= 1 }
        while s < a && (b.p[s] == A.dot || b.p[s] == A.minus || b.p[s] == A.plus) { s += 1 }
        if s == a || b.p[a - 1] == A.dot { return nil }
        guard let e = domain(b, a + 1, minLabels: 2) else { return nil }
        return (s, e)
    }

    /// A domain name starting at `s`: labels of letters, digits and inner hyphens joined by
    /// dots, ending in an alphabetic TLD of 2+ letters. Returns the end.
    static func domain(_ b: Bytes, _ s: Int, minLabels: Int) -> Int? {
        let p = b.p, n = b.n
        var i = s, labels = 0, lastStart = s, end = -1
        while i < n {
            let ls = i
            while i < n && (isAlnum(p[i]) || p[i] == A.minus) { i += 1 }
            if i == ls || i - ls > 63 || p[ls] == A.minus || p[i - 1] == A.minus { break }
            labels += 1
            lastStart = ls
            end = i
            if i + 1 < n && p[i] == A.dot && isAlnum(p[i + 1]) { i += 1 } else { break }
        }
        if labels < minLabels || end < 0 { return nil }
        // Back off labels that end badly (e.g. a trailing numeric label).
        let tldLen = end - lastStart
        if tldLen < 2 { return nil }
        for k in lastStart..<end where !isAlpha(p[k]) { return nil }
        return end
    }

    // MARK: URLs

    @inline(__always) static func isURLByte(_ c: UInt8) -> Bool {
        c > 0x20 && c < 0x7F && c != A.quote && c != A.lt && c != A.gt && c != A.backtick && c != 0x7B && c != 0x7D
            && c != 0x7C && c != 0x5C && c != 0x5E
    }

    /// Extends a URL body from `i`, then trims trailing punctuation (and an unbalanced `)`).
    static func urlTail(_ b: Bytes, _ i: Int) -> Int {
        let p = b.p, n = b.n
        var e = i
        var parens = 0
        while e < n && isURLByte(p[e]) {
            if p[e] == A.lparen { parens += 1 } else if p[e] == A.rparen { parens -= 1 }
            e += 1
        }
        while e > i {
            let c = p[e - 1]
            if c == A.dot || c == A.comma || c == A.semicolon || c == A.colon || c == A.bang || c == A.question
                || c == A.apostrophe || c == A.star || c == A.rbracket {
                e -= 1
            } else if c == A.rparen && parens < 0 {
                parens += 1
                e -= 1
            } else {
                break
            }
        }
        return e
    }

    /// `http://`, `https://` or `ftp://` followed by a host.
    static func schemeURL(_ b: Bytes, _ s: Int) -> Int? {
        var i = s
        while b.p[i] != A.colon { i += 1 }
        i += 3
        guard i < b.n, isAlnum(b.p[i]) || b.p[i] == A.lbracket else { return nil }
        return urlTail(b, i)
    }

    /// A domain with a known TLD (or starting `www.`), with optional port and path. Not the
    /// domain of an email.
    static func bareDomain(_ b: Bytes, _ s: Int) -> Int? {
        if s > 0 && (b.p[s - 1] == A.at || b.p[s - 1] == A.dot || b.p[s - 1] == A.slash || b.p[s - 1] == A.minus) { return nil }
        let www = b.matchesLower(s, "www.")
        guard let e = domain(b, s, minLabels: www ? 3 : 2) else { return nil }
        if e < b.n && (b.p[e] == A.at || isWordByte(b.p[e])) { return nil }
        if e + 1 < b.n && b.p[e] == A.minus { return nil }
        if !www {
            // The TLD must be lowercase and known; the first label at least two characters.
            var ts = e
            while b.p[ts - 1] != A.dot { ts -= 1 }
            var key: UInt64 = 0
            for k in ts..<e {
                if !isLower(b.p[k]) || e - ts > 8 { return nil }
                key = key << 8 | UInt64(b.p[k])
            }
            if !TLD.known.contains(key) { return nil }
            var fs = s
            while fs < e && b.p[fs] != A.dot { fs += 1 }
            if fs - s < 2 { return nil }
        }
        var end = e
        if end < b.n && (b.p[end] == A.slash || (b.p[end] == A.colon && end + 1 < b.n && isDigit(b.p[end + 1]))) {
            end = urlTail(b, end)
        }
        return end
    }

    // MARK: IP addresses

    /// A dotted IPv4 address (octets 0-255, no leading zeros), optionally with `/prefix`.
    static func ipv4(_ b: Bytes, _ s: Int) -> (start: Int, end: Int)? {
        let p = b.p, n = b.n
        var i = s
        for part in 0..<4 {
            let ds = i
            while i < n && isDigit(p[i]) && i - ds < 4 { i += 1 }
            let len = i - ds
            if len == 0 || len > 3 || (len > 1 && p[ds] == 48) { return nil }
            if b.number(ds, i) > 255 { return nil }
            if part < 3 {
                if i >= n || p[i] != A.dot { return nil }
                i += 1
            }
        }
        if i < n && (isAlnum(p[i]) || (p[i] == A.dot && i + 1 < n && isDigit(p[i + 1]))) { return nil }
        if s > 0 && (p[s - 1] == A.dot || isAlnum(p[s - 1])) { return nil }
        if i + 1 < n && p[i] == A.slash && isDigit(p[i + 1]) {
            let e = b.digitsEnd(i + 1)
            if e - i - 1 <= 2 && b.number(i + 1, e) <= 32 && !(e < n && isAlnum(p[e])) { i = e }
        }
        return (s, i)
    }

    @inline(__always) static func allHex(_ b: Bytes, _ s: Int, _ e: Int) -> Bool {
        for k in s..<e where !isHex(b.p[k]) { return false }
        return true
    }

    /// An IPv6 address: eight groups of 1-4 hex digits, or fewer with one `::`, optionally
    /// ending in a dotted IPv4 address.
    static func ipv6(_ b: Bytes, _ s: Int) -> (start: Int, end: Int)? {
        let p = b.p, n = b.n
        var i = s, groups = 0, doubleColon = false, letters = false
        if i + 1 < n && p[i] == A.colon && p[i + 1] == A.colon {
            doubleColon = true
            i += 2
        }
        var end = i
        while i < n {
            let gs = i
            while i < n && isHex(p[i]) && i - gs < 5 { if isAlpha(p[i]) { letters = true }; i += 1 }
            let len = i - gs
            if len == 0 { break }
            if len > 4 {
                // Possibly an embedded IPv4 tail.
                return nil
            }
            if i < n && p[i] == A.dot && groups <= 6, let v4 = ipv4(b, gs) {
                groups += 2
                end = v4.end
                i = end
                break
            }
            groups += 1
            end = i
            if i + 1 < n && p[i] == A.colon && p[i + 1] == A.colon && !doubleColon {
                doubleColon = true
                i += 2
                end = i
            } else if i + 1 < n && p[i] == A.colon && isHex(p[i + 1]) {
                i += 1
            } else {
                break
            }
        }
        if groups > 8 || (!doubleColon && groups != 8) || (doubleColon && groups > 7) { return nil }
        if doubleColon && groups < 2 && !letters { return nil }
        if end < n && (isAlnum(p[end]) || p[end] == A.colon && end + 1 < n && isHex(p[end + 1])) { return nil }
        if s > 0 && (isAlnum(p[s - 1]) || p[s - 1] == A.colon) { return nil }
        return (s, end)
    }

    // MARK: numbers: SSN, cards, IBAN

    /// `ddd-dd-dddd` (or with spaces) outside the invalid ranges.
    static func ssn(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p
        guard s + 11 <= b.n else { return nil }
        let sep = p[s + 3]
        guard sep == A.minus || sep == A.space, isDigit(p[s + 4]), isDigit(p[s + 5]), p[s + 6] == sep,
              isDigit(p[s + 7]), isDigit(p[s + 8]), isDigit(p[s + 9]), isDigit(p[s + 10]) else { return nil }
        let e = s + 11
        if !b.rightClean(e) { return nil }
        if e < b.n && (p[e] == sep) && e + 1 < b.n && isDigit(p[e + 1]) { return nil }
        guard Validators.ssn(area: b.number(s, s + 3), group: b.number(s + 4, s + 6), serial: b.number(s + 7, s + 11))
        else { return nil }
        if sep == A.space && !b.hasContext(s, e, before: 48, after: 0, words: ssnContext) { return nil }
        return e
    }

    static let ssnContext: [[UInt8]] = ["ssn", "social security", "social sec", "ss#", "ss #", "taxpayer"].map { Array($0.utf8) }

    /// 12-19 digits in groups separated by one consistent space or dash, Luhn-valid, with a
    /// known issuer prefix. Tries shorter group sequences when trailing numbers follow.
    static func card(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        var ends: [Int] = []
        var counts: [Int] = []
        var digits = [Int]()
        digits.reserveCapacity(20)
        var i = s
        var sep: UInt8 = 0
        while i < n {
            let gs = i
            let ge = b.digitsEnd(i)
            if ge == gs { break }
            if digits.count + (ge - gs) > 19 {
                if ends.isEmpty { return nil }
                break // the next group belongs to something else
            }
            while i < ge { digits.append(Int(p[i] - 48)); i += 1 }
            ends.append(i)
            counts.append(digits.count)
            if digits.count >= 19 { break }
            if i + 1 < n && (p[i] == A.space || p[i] == A.minus) && isDigit(p[i + 1]) && (sep == 0 || sep == p[i]) {
                sep = p[i]
                i += 1
            } else {
                break
            }
        }
        var k = ends.count - 1
        while k >= 0 {
            let c = counts[k]
            if c < 12 { return nil }
            if c <= 19 && b.rightClean(ends[k]) {
                let d = Array(digits.prefix(c))
                if Validators.luhn(d) && Validators.cardIssuer(d) {
                    return ends[k]
                }
            }
            k -= 1
        }
        return nil
    }

    /// An IBAN: country code, check digits, then the BBAN, compact or in groups of four
    /// separated by single spaces; length by country and mod-97 checked.
    static func iban(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        guard let want = Validators.ibanLength(p[s], p[s + 1]) else { return nil }
        var chars: [UInt8] = []
        chars.reserveCapacity(34)
        var i = s
        var lastEnd = s
        while i < n && chars.count < want {
            if isAlnum(p[i]) {
                chars.append(p[i])
                i += 1
                lastEnd = i
            } else if p[i] == A.space && i + 1 < n && isAlnum(p[i + 1]) && (chars.count % 4 == 0) {
                i += 1
            } else {
                break
            }
        }
        if chars.count != want || (lastEnd < n && isWordByte(p[lastEnd])) { return nil }
        return Validators.iban(chars) ? lastEnd : nil
    }

    // MARK: phone

    /// Phone numbers: optional `+country`, optional `(area)`, digit groups joined by single
    /// spaces, dashes or dots, optional extension (`x123`, `ext. 123`). Rejects plain numbers
    /// (one group without `+` or phone words nearby), year ranges and too few or too many digits.
    static func phone(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        var i = s
        var plus = false, paren = false
        if p[i] == A.plus {
            plus = true
            i += 1
            if i >= n || !isDigit(p[i]) { return nil }
        }
        // Parse up to eight groups; remember each group's end, the digits so far and the
        // separators so far, then take the longest prefix of groups that makes a valid phone.
        var ends = (0, 0, 0, 0, 0, 0, 0, 0)
        var cum = (0, 0, 0, 0, 0, 0, 0, 0)
        var lens = (0, 0, 0, 0, 0, 0, 0, 0)
        var dotsAt = (0, 0, 0, 0, 0, 0, 0, 0)
        var othersAt = (0, 0, 0, 0, 0, 0, 0, 0)
        func set(_ t: inout (Int, Int, Int, Int, Int, Int, Int, Int), _ k: Int, _ v: Int) {
            switch k {
            case 0: t.0 = v
            case 1: t.1 = v
            case 2: t.2 = v
            case 3: t.3 = v
            case 4: t.4 = v
            case 5: t.5 = v
            case 6: t.6 = v
            default: t.7 = v
            }
        }
        func get(_ t: (Int, Int, Int, Int, Int, Int, Int, Int), _ k: Int) -> Int {
            switch k {
            case 0: return t.0
            case 1: return t.1
            case 2: return t.2
            case 3: return t.3
            case 4: return t.4
            case 5: return t.5
            case 6: return t.6
            default: return t.7
            }
        }
        var groups = 0, digits = 0, dots = 0, others = 0
        var parenGroup = -1
        var slash = false // "30/166 1318": area code and number
        while i < n && groups < 8 {
            var len = 0
            if p[i] == A.lparen {
                var ds = i + 1
                if ds < n && p[ds] == A.plus && groups == 0 { ds += 1; plus = true } // "(+358) 09 1390996"
                let de = b.digitsEnd(ds)
                if de == ds || de - ds > 5 || de >= n || p[de] != A.rparen { break }
                len = de - ds
                i = de + 1
                parenGroup = groups
            } else if isDigit(p[i]) {
                let de = b.digitsEnd(i)
                len = de - i
                if len > 12 {
                    if groups == 0 { return nil }
                    break // a long number after the phone ("+1 415 555 0132 4556601938071755")
                }
                i = de
            } else {
                break
            }
            if digits + len > 15 {
                if !plus { return nil } // a long digit sequence is an account or card number, not a phone
                break
            }
            digits += len
            set(&ends, groups, i)
            set(&cum, groups, digits)
            set(&lens, groups, len)
            set(&dotsAt, groups, dots)
            set(&othersAt, groups, others)
            groups += 1
            if i < n && isDigit(p[i]) && parenGroup == groups - 1 { continue } // "(978)645-9740"
            if i + 1 < n && (p[i] == A.space || p[i] == A.minus || p[i] == A.dot || (p[i] == A.slash && groups == 1 && len <= 3))
                && (isDigit(p[i + 1]) || (p[i + 1] == A.lparen && groups == 1 && plus)) {
                if p[i] == A.dot { dots += 1 } else { others += 1 }
                if p[i] == A.slash { slash = true }
                i += 1
            } else {
                break
            }
        }
        if parenGroup >= 0 { paren = true }
        var k = groups - 1
        while k >= 0 {
            if slash && (k < 2 || get(cum, k) < 7) { return nil }
            if get(dotsAt, k) > 0 && k == 3 && (0...3).allSatisfy({ get(lens, $0) <= 3 }) { return nil } // IPv4-shaped
            if let e = phoneCandidate(b, s, end: get(ends, k), digits: get(cum, k), groups: k + 1, plus: plus,
                                      paren: paren && parenGroup <= k, dots: get(dotsAt, k), others: get(othersAt, k),
                                      lens: (get(lens, 0), get(lens, 1), get(lens, 2))) {
                return e
            }
            k -= 1
        }
        return nil
    }

    /// Validates a phone made of the first `groups` digit groups (ending at `end`).
    static func phoneCandidate(_ b: Bytes, _ s: Int, end: Int, digits: Int, groups: Int, plus: Bool, paren: Bool,
                               dots: Int, others: Int, lens: (Int, Int, Int)) -> Int? {
        let p = b.p, n = b.n
        if digits > 15 || digits < 6 || groups == 0 { return nil }
        if dots > 0 && (others > 0 || groups < 3) { return nil }
        var e = end
        // Extension.
        if e + 1 < n && (p[e] == A.x || p[e] == 0x58) && isDigit(p[e + 1]) {
            let xe = b.digitsEnd(e + 1)
            if xe - e - 1 <= 6 { e = xe }
        } else if e + 4 < n, b.matchesLower(e, " ext") || b.matchesLower(e, " x") {
            var k = e + (b.matchesLower(e, " ext") ? 4 : 2)
            if k < n && p[k] == A.dot { k += 1 }
            if k < n && p[k] == A.space { k += 1 }
            let xe = b.digitsEnd(k)
            if xe > k && xe - k <= 6 { e = xe }
        }
        // Right boundary: no letters or more number glued on.
        if e < n && (isWordByte(p[e]) || ((p[e] == A.dot || p[e] == A.comma || p[e] == A.minus || p[e] == A.slash)
                                           && e + 1 < n && isDigit(p[e + 1]))) {
            return nil
        }
        if s > 0 && (p[s - 1] == 0x24 || p[s - 1] == 0xA3 || p[s - 1] == 0xAC) { return nil } // $ £ €
        let strong = plus || paren
        if groups == 1 && !plus {
            // A plain run of digits: only a 10-11 digit number next to a phone word.
            if paren { return e }
            if digits < 8 || digits > 12 { return nil }
            // A national number with its trunk 0 ("0285601815") or a run beside a phone word.
            if p[s] == 0x30 && digits >= 10 && digits <= 11 && !(s > 0 && p[s - 1] == A.hash) { return e }
            return b.hasContext(s, e, before: 40, after: 24, words: Phones.contextWords) ? e : nil
        }
        if groups == 3 && !strong && lens.0 == 3 && lens.1 == 2 && lens.2 == 4 && e == end && others == 2 {
            return nil // SSN-shaped (valid ones are SSNs, invalid ones are nothing)
        }
        if groups == 3 && !strong, let dateEnd = numericDate(b, s), dateEnd >= end {
            return nil // a date such as 2021-03-04 or 04.03.2021
        }
        if groups == 2 && !strong {
            // Year ranges and pairs ("1990-2000", "2019 2020").
            if lens.0 == 4 && (lens.1 == 4 || lens.1 == 2) {
                let y1 = b.number(s, s + 4)
                if y1 >= 1800 && y1 <= 2100 { return nil } // "1990-2000", "2013-14"
            }
            if lens.0 > 4 && lens.1 < 3 { return nil }
        }
        if !strong && groups <= 3 && b.hasContext(s, e, before: 12, after: 0, words: Phones.addressBefore) { return nil }
        if !strong && groups <= 4 && b.hasContext(e, e, before: 0, after: 24, words: Phones.streetAfter) { return nil }
        let local = groups == 2 && lens.0 == 3 && lens.1 == 4 // "555 1234", "555-1234"
        if digits < 7 || (groups == 2 && !strong && digits < 8 && !local) {
            // Short numbers are phones only beside a phone word.
            if digits < 6 || groups < 2 { return nil }
            return b.hasContext(s, e, before: 40, after: 24, words: Phones.contextWords) ? e : nil
        }
        return e
    }
}

/// Words that make a weak phone candidate (short, or a plain run of digits) a phone.
enum Phones {
    static let contextWords: [[UInt8]] = ["phone", "tel", "call", "mobile", "cell", "fax", "office", "contact", "reach",
                                          "whatsapp", "sms", "text me", "dial", "ring", "hotline", "answer",
                                          "home", "work"].map { Array($0.utf8) }
}

extension Phones {
    /// Words before a number that make it part of an address ("Apt. 722 20 40").
    static let addressBefore: [[UInt8]] = ["apt", "suite", "unit", "box", "room", "flat", "floor", "no.", "#"].map { Array($0.utf8) }
    /// Street words right after a number ("03 2657 Koontz Lane").
    static let streetAfter: [[UInt8]] = ["street", "st.", "lane", "road", "rd.", "avenue", "ave", "parkway", "drive", "boulevard",
                                         "blvd", "rue", "via", "way", "court", "place", "plaza", "square", "straße", "strasse",
                                         "calle", "avenida", "rua"].map { Array($0.utf8) }
}

/// Top-level domains accepted for URLs written without a scheme (lowercase, packed in a UInt64).
enum TLD {
    static let known: Set<UInt64> = {
        let list = """
        com net org edu gov mil int info biz io co ai app dev me tv news online site xyz tech shop store blog cloud \
        media live club ly gg fm am to ac eu asia global agency digital email group today world city law \
        uk de fr it es nl be ch at se no dk fi is ie pt gr cz sk hu ro bg hr si rs ba mk al ua by ru lt lv ee \
        tr cy mt lu li mc ca us mx br ar cl pe ve uy py bo ec cr pa gt hn ni sv cu do jm tt bs bb \
        au nz jp cn hk tw kr sg my th vn ph id in pk bd lk np af ir iq il jo lb sy sa ae qa kw bh om ye \
        eg ma dz tn ly sd et ke ug tz rw ng gh sn ci cm za zw zm mz ao na bw mu mg tn uz kz kg tj tm az ge am mn
        """
        var set = Set<UInt64>()
        for t in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            var key: UInt64 = 0
            for c in t.utf8 { key = key << 8 | UInt64(c) }
            set.insert(key)
        }
        return set
    }()
}
