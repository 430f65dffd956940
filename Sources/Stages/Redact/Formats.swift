// The individual format detectors. Each starts at a trigger position and returns the end
// (exclusive) of a valid match, or nil. None allocates.

extension Detectors {
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

    /// 12-19 digits in groups separated by one consistent space, dash or dot, Luhn-valid, with
    /// a known issuer prefix and length. Never the leading part of a longer run of groups.
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
            if i + 1 < n && (p[i] == A.space || p[i] == A.minus || p[i] == A.dot) && isDigit(p[i + 1]) && (sep == 0 || sep == p[i]) {
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
            // Groups continued by the same separator and more digits: a longer number (account, tracking).
            let e = ends[k]
            if k > 0 && e + 1 < n && p[e] == sep && isDigit(p[e + 1]) { return nil }
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
    /// separated by single spaces; length by country, the registry's BBAN format and mod-97
    /// checked. One line break may wrap it, at a group boundary or inside (the check digits
    /// make a false join unlikely).
    static func iban(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        guard let want = Validators.ibanLength(p[s], p[s + 1]) else { return nil }
        var chars: [UInt8] = []
        chars.reserveCapacity(34)
        var i = s
        var lastEnd = s
        var wrapped = false
        while i < n && chars.count < want {
            if isAlnum(p[i]) {
                chars.append(p[i])
                i += 1
                lastEnd = i
            } else if p[i] == A.space && i + 1 < n && isAlnum(p[i + 1]) && (chars.count % 4 == 0) {
                i += 1
            } else if !wrapped && (p[i] == A.newline || p[i] == A.cr) {
                // A line break, with the spaces around it.
                var k = i
                if p[k] == A.cr { k += 1 }
                guard k < n, p[k] == A.newline else { break }
                k += 1
                while k < n && p[k] == A.space && k - i < 8 { k += 1 }
                guard k < n, isAlnum(p[k]) else { break }
                if i > s && p[i - 1] == A.space && chars.count % 4 != 0 { break }
                wrapped = true
                i = k
            } else if !wrapped && p[i] == A.space && i + 1 < n && (p[i + 1] == A.newline || p[i + 1] == A.cr) && chars.count % 4 == 0 {
                i += 1
            } else {
                break
            }
        }
        if chars.count != want || (lastEnd < n && isWordByte(p[lastEnd])) { return nil }
        return Validators.iban(chars) ? lastEnd : nil
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
