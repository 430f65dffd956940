// The individual format detectors. Each starts at a trigger position and returns the end
// (exclusive) of a valid match, or nil. None allocates.

extension Detectors {
    // MARK: numbers: SSN, cards, IBAN

    /// `ddd-dd-dddd` (or with spaces) outside the invalid ranges.
    static func ssn(_ bytes: Bytes, _ start: Int) -> Int? {
        let text = bytes.buffer
        guard start + 11 <= bytes.count else { return nil }
        let sep = text[start + 3]
        guard sep == ASCII.minus || sep == ASCII.space, ASCII.isDigit(text[start + 4]), ASCII.isDigit(text[start + 5]), text[start + 6] == sep,
              ASCII.isDigit(text[start + 7]), ASCII.isDigit(text[start + 8]), ASCII.isDigit(text[start + 9]), ASCII.isDigit(text[start + 10]) else { return nil }
        let end = start + 11
        if !bytes.rightClean(end) { return nil }
        if end < bytes.count && (text[end] == sep) && end + 1 < bytes.count && ASCII.isDigit(text[end + 1]) { return nil }
        guard Validators.ssn(area: bytes.number(start, start + 3), group: bytes.number(start + 4, start + 6), serial: bytes.number(start + 7, start + 11))
        else { return nil }
        if sep == ASCII.space && !bytes.hasContext(start, end, before: 48, after: 0, words: ssnContext) { return nil }
        return end
    }

    static let ssnContext = WordsByFirstByte(["ssn", "social security", "social sec", "ss#", "ss #", "taxpayer"].map { Array($0.utf8) })

    /// 12-19 digits in groups separated by one consistent space, dash or dot, Luhn-valid, with
    /// a known issuer prefix and length. Never the leading part of a longer run of groups.
    static func card(_ bytes: Bytes, _ start: Int) -> Int? {
        let text = bytes.buffer, textLength = bytes.count
        var ends: [Int] = []
        var counts: [Int] = []
        var digits = [Int]()
        digits.reserveCapacity(20)
        var i = start
        var sep: UInt8 = 0
        while i < textLength {
            let gs = i
            let ge = bytes.digitsEnd(i)
            if ge == gs { break }
            if digits.count + (ge - gs) > 19 {
                if ends.isEmpty { return nil }
                break // the next group belongs to something else
            }
            while i < ge { digits.append(Int(text[i] - 48)); i += 1 }
            ends.append(i)
            counts.append(digits.count)
            if digits.count >= 19 { break }
            if i + 1 < textLength && (text[i] == ASCII.space || text[i] == ASCII.minus || text[i] == ASCII.dot) && ASCII.isDigit(text[i + 1]) && (sep == 0 || sep == text[i]) {
                sep = text[i]
                i += 1
            } else {
                break
            }
        }
        var k = ends.count - 1
        while k >= 0 {
            let count = counts[k]
            if count < 12 { return nil }
            // Groups continued by the same separator and more digits: a longer number (account, tracking).
            let end = ends[k]
            if k > 0 && end + 1 < textLength && text[end] == sep && ASCII.isDigit(text[end + 1]) { return nil }
            if count <= 19 && bytes.rightClean(ends[k]) {
                let candidate = Array(digits.prefix(count))
                if Validators.luhn(candidate) && Validators.cardIssuer(candidate) {
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
    static func iban(_ bytes: Bytes, _ start: Int) -> Int? {
        let text = bytes.buffer, count = bytes.count
        guard let want = Validators.ibanLength(text[start], text[start + 1]) else { return nil }
        var chars: [UInt8] = []
        chars.reserveCapacity(34)
        var i = start
        var lastEnd = start
        var wrapped = false
        while i < count && chars.count < want {
            if ASCII.isAlphanumeric(text[i]) {
                chars.append(text[i])
                i += 1
                lastEnd = i
            } else if text[i] == ASCII.space && i + 1 < count && ASCII.isAlphanumeric(text[i + 1]) && (chars.count % 4 == 0) {
                i += 1
            } else if !wrapped && (text[i] == ASCII.newline || text[i] == ASCII.cr) {
                // A line break, with the spaces around it.
                var k = i
                if text[k] == ASCII.cr { k += 1 }
                guard k < count, text[k] == ASCII.newline else { break }
                k += 1
                while k < count && text[k] == ASCII.space && k - i < 8 { k += 1 }
                guard k < count, ASCII.isAlphanumeric(text[k]) else { break }
                if i > start && text[i - 1] == ASCII.space && chars.count % 4 != 0 { break }
                wrapped = true
                i = k
            } else if !wrapped && text[i] == ASCII.space && i + 1 < count && (text[i + 1] == ASCII.newline || text[i + 1] == ASCII.cr) && chars.count % 4 == 0 {
                i += 1
            } else {
                break
            }
        }
        if chars.count != want || (lastEnd < count && ASCII.isWordByte(text[lastEnd])) { return nil }
        return Validators.iban(chars) ? lastEnd : nil
    }
}

/// Words that make a weak phone candidate (short, or a plain run of digits) a phone.
enum Phones {
    static let contextWords = WordsByFirstByte(["phone", "tel", "call", "mobile", "cell", "fax", "office", "contact", "reach",
                                                "whatsapp", "sms", "text me", "dial", "ring", "hotline", "answer",
                                                "home", "work"].map { Array($0.utf8) })
}

extension Phones {
    /// Words before a number that make it part of an address ("Apt. 722 20 40").
    static let addressBefore = WordsByFirstByte(["apt", "suite", "unit", "box", "room", "flat", "floor", "no.", "#"].map { Array($0.utf8) })
    /// Street words right after a number ("03 2657 Koontz Lane").
    static let streetAfter = WordsByFirstByte(["street", "st.", "lane", "road", "rd.", "avenue", "ave", "parkway", "drive", "boulevard",
                                               "blvd", "rue", "via", "way", "court", "place", "plaza", "square", "straße", "strasse",
                                               "calle", "avenida", "rua"].map { Array($0.utf8) })
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
        for tld in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            var key: UInt64 = 0
            for byte in tld.utf8 { key = key << 8 | UInt64(byte) }
            set.insert(key)
        }
        return set
    }()
}
