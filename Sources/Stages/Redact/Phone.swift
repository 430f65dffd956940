// Phone numbers: digit groups parsed from the text, judged by the numbering plans
// (`PhonePlans`, libphonenumber's metadata) and by the look-alike numerals that are not phones.

extension Detectors {
    /// Eight integers stored inline (no heap allocation on the scanner's hot path).
    struct Inline8 {
        private var storage: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
        subscript(_ i: Int) -> Int {
            get { withUnsafeBytes(of: storage) { $0.load(fromByteOffset: i * 8, as: Int.self) } }
            set { withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: newValue, toByteOffset: i * 8, as: Int.self) } }
        }
    }

    /// Up to 24 digit values stored inline. A collection, so that a candidate's first digits
    /// (`prefix(_:)`, a `Slice` of the buffer) reach the numbering plans without an array: the
    /// `ArraySlice` made per candidate before cost an allocation and a release each.
    struct DigitBuffer: RandomAccessCollection {
        private var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        private(set) var count = 0
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(_ i: Int) -> UInt8 {
            withUnsafeBytes(of: storage) { $0[i] }
        }
        mutating func append(_ digit: UInt8) {
            guard count < 24 else { return }
            let k = count
            withUnsafeMutableBytes(of: &storage) { $0[k] = digit }
            count += 1
        }
        mutating func removeLast(_ k: Int) { count -= Swift.min(k, count) }
    }

    /// The digit groups of a phone candidate, at most eight.
    struct PhoneGroups {
        var ends = Inline8()
        var cum = Inline8()
        var lens = Inline8()
        var dotsAt = Inline8()
        var othersAt = Inline8()
        var dashesAt = Inline8()
        var count = 0
        /// The digits read, as values 0-9.
        var digits = DigitBuffer()
        /// The group written in parentheses, or -1.
        var parenGroup = -1
        /// A `(0)` trunk group after the country code ("+44 (0)20 …"): its index, or -1.
        var trunkGroup = -1
    }

    /// Phone numbers: optional `+country` (or `00`/`011` and the country code), optional
    /// `(area)` (which may hold a trunk prefix: `(06 1)`, `(8-312)`), digit groups joined by
    /// single spaces, dashes or dots, an optional extension. International numbers must be
    /// possible in the country's numbering plan; national ones in some region's plan, with or
    /// without its trunk prefix, and must not look like ISBNs, versions, money, tracking or part
    /// numbers, ZIP+4 codes, grid references or dates.
    static func phone(_ bytes: Bytes, _ start: Int) -> Int? {
        let text = bytes.buffer, count = bytes.count
        var i = start
        var plus = false
        if start > 0 && text[start - 1] == ASCII.plus && ASCII.isDigit(text[start]) { return nil } // judged from the `+`
        if text[i] == ASCII.plus {
            plus = true
            i += 1
            if i >= count || !ASCII.isDigit(text[i]) { return nil }
        }
        var digitGroups = PhoneGroups()
        var dots = 0, others = 0, dashes = 0
        var slash = false // "30/166 1318": area code and number
        while i < count && digitGroups.count < 8 {
            var len = 0
            if text[i] == ASCII.lparen {
                // "(415)", "(+358)", "(06 1)", "(8-312)", "(0)"
                var ds = i + 1
                if ds < count && text[ds] == ASCII.plus && digitGroups.count == 0 { ds += 1; plus = true }
                var k = ds
                var inner = 0
                while k < count && inner <= 6 {
                    if ASCII.isDigit(text[k]) {
                        digitGroups.digits.append(text[k] - 48)
                        inner += 1
                        k += 1
                    } else if (text[k] == ASCII.space || text[k] == ASCII.minus) && inner > 0 && k + 1 < count && ASCII.isDigit(text[k + 1]) {
                        k += 1
                    } else {
                        break
                    }
                }
                if inner == 0 || inner > 6 || k >= count || text[k] != ASCII.rparen {
                    digitGroups.digits.removeLast(inner)
                    break
                }
                len = inner
                if plus && digitGroups.count == 1 && inner == 1 && text[ds] == 48 { digitGroups.trunkGroup = digitGroups.count }
                i = k + 1
                digitGroups.parenGroup = digitGroups.count
            } else if ASCII.isDigit(text[i]) {
                let de = bytes.digitsEnd(i)
                len = de - i
                if len > 12 && !(plus && digitGroups.count == 0 && len <= 15) {
                    if digitGroups.count == 0 { return nil }
                    break // a long number after the phone ("+1 415 555 0132 4556601938071755")
                }
                if digitGroups.digits.count + len > 15 {
                    if !plus { return nil } // a long digit sequence is an account or card number
                    break
                }
                for k in i..<de { digitGroups.digits.append(text[k] - 48) }
                i = de
            } else {
                break
            }
            if digitGroups.digits.count > 15 {
                if !plus { return nil }
                digitGroups.digits.removeLast(len)
                break
            }
            let k = digitGroups.count
            digitGroups.ends[k] = i
            digitGroups.cum[k] = digitGroups.digits.count
            digitGroups.lens[k] = len
            digitGroups.dotsAt[k] = dots
            digitGroups.othersAt[k] = others
            digitGroups.dashesAt[k] = dashes
            digitGroups.count += 1
            if i < count && ASCII.isDigit(text[i]) && digitGroups.parenGroup == k { continue } // "(978)645-9740"
            if i + 1 < count && (text[i] == ASCII.space || text[i] == ASCII.minus || text[i] == ASCII.dot || (text[i] == ASCII.slash && digitGroups.count <= 2 && len <= 3)) {
                let next = text[i + 1]
                // "+7 (912)", and a trunk digit before the area code: "8 (912) 345-67-89".
                let paren = next == ASCII.lparen && digitGroups.count == 1 && (plus || len <= 2)
                if !(ASCII.isDigit(next) || paren) { break }
                // After a country code any separator may come ("+687 89.04.60").
                if plus && digitGroups.count == 1 && text[i] == ASCII.space {
                } else if text[i] == ASCII.dot { dots += 1 } else { others += 1 }
                if text[i] == ASCII.minus { dashes += 1 }
                if text[i] == ASCII.slash { slash = true }
                i += 1
            } else {
                break
            }
        }
        if digitGroups.count == 0 { return nil }
        var k = digitGroups.count - 1
        while k >= 0 {
            if slash && (k < 2 || digitGroups.cum[k] < 7) { return nil }
            if !plus && digitGroups.dotsAt[k] > 0 && k == 3 && (0...3).allSatisfy({ digitGroups.lens[$0] <= 3 }) { return nil } // IPv4-shaped
            if let end = phoneCandidate(bytes, start, digitGroups, groups: k + 1, plus: plus) {
                // A look-alike judged on all its groups is not a phone in its first groups either
                // ("1234 5678 9012" is no "1234 5678"); judged only once a phone is found.
                if !plus && digitGroups.count > 1 && PhoneLookalikes.any(bytes, start, digitGroups.ends[digitGroups.count - 1], digitGroups, groups: digitGroups.count) { return nil }
                return end
            }
            k -= 1
        }
        return nil
    }

    /// Validates a phone made of the first `groups` digit groups.
    static func phoneCandidate(_ bytes: Bytes, _ start: Int, _ digitGroups: PhoneGroups, groups: Int, plus: Bool) -> Int? {
        let text = bytes.buffer, count = bytes.count
        let end = digitGroups.ends[groups - 1], digits = digitGroups.cum[groups - 1]
        let dots = digitGroups.dotsAt[groups - 1], others = digitGroups.othersAt[groups - 1], dashes = digitGroups.dashesAt[groups - 1]
        let paren = digitGroups.parenGroup >= 0 && digitGroups.parenGroup < groups
        if digits > 15 || digits < (plus ? 6 : 4) { return nil }
        if dots > 0 && (others > 0 || groups < 3) { return nil }
        var entityEnd = end
        // Extension.
        if entityEnd + 1 < count && (text[entityEnd] == ASCII.x || text[entityEnd] == 0x58) && ASCII.isDigit(text[entityEnd + 1]) {
            let xe = bytes.digitsEnd(entityEnd + 1)
            if xe - entityEnd - 1 <= 6 { entityEnd = xe }
        } else if entityEnd + 4 < count, bytes.matchesLower(entityEnd, " ext") || bytes.matchesLower(entityEnd, " x") {
            var k = entityEnd + (bytes.matchesLower(entityEnd, " ext") ? 4 : 2)
            if k < count && text[k] == ASCII.dot { k += 1 }
            if k < count && text[k] == ASCII.space { k += 1 }
            let xe = bytes.digitsEnd(k)
            if xe > k && xe - k <= 6 { entityEnd = xe }
        }
        // Right boundary: no letters or more number glued on; no ISBN-10 check letter.
        if entityEnd < count && (ASCII.isWordByte(text[entityEnd]) || ((text[entityEnd] == ASCII.dot || text[entityEnd] == ASCII.comma || text[entityEnd] == ASCII.minus || text[entityEnd] == ASCII.slash)
                                           && entityEnd + 1 < count && (ASCII.isDigit(text[entityEnd + 1]) || text[entityEnd + 1] | 0x20 == ASCII.x))) {
            return nil
        }
        let digitValues = digitGroups.digits.prefix(digits)
        guard let plans = PhonePlans.shared else { return nil }
        if plus {
            // International: possible for the country's plan (the "(0)" trunk group dropped).
            var intl = Array(digitValues)
            if digitGroups.trunkGroup >= 0 && digitGroups.trunkGroup < groups {
                intl.remove(at: digitGroups.cum[digitGroups.trunkGroup] - 1)
            }
            if plans.international(intl) != nil { return entityEnd }
            // Outside the plan but written as a phone number is written (three or more groups,
            // 8-15 digits: "+1-177-892-0730"): a leak gate still takes it.
            return groups >= 3 && digits >= 8 && dots == 0 ? entityEnd : nil
        }
        // An international call prefix in place of the plus: "00 44 20 7946 0958", "011 44 …".
        if digits >= 9, digitValues.starts(with: [0, 0]) || digitValues.starts(with: [0, 1, 1]) {
            let rest = Array(digitValues.dropFirst(digitValues.starts(with: [0, 0]) ? 2 : 3))
            if plans.international(rest) != nil && !PhoneLookalikes.any(bytes, start, entityEnd, digitGroups, groups: groups) { return entityEnd }
        }
        // The plan lookup first, then the shape and context checks, and the look-alike checks
        // (which only ever reject) last, on the few candidates still standing: most numbers in
        // prose ("in 2019 the") are rejected by the cheap checks before them.
        if !plans.national(digitValues) { return nil }
        guard let found = nationalShape(bytes, start, entityEnd, digitGroups, groups: groups, end: end, digits: digits, paren: paren, dashes: dashes),
              !PhoneLookalikes.any(bytes, start, entityEnd, digitGroups, groups: groups) else { return nil }
        return found
    }

    /// The shape and context checks of a national number (the first `groups` groups,
    /// `start..<entityEnd` with its extension): `entityEnd`, or nil when it is not written like a
    /// phone number.
    private static func nationalShape(_ bytes: Bytes, _ start: Int, _ entityEnd: Int, _ digitGroups: PhoneGroups, groups: Int, end: Int,
                                      digits: Int, paren: Bool, dashes: Int) -> Int? {
        let text = bytes.buffer
        let lens = (digitGroups.lens[0], digitGroups.lens[1], digitGroups.lens[2])
        if groups == 1 {
            // A plain run of digits: a national number with its trunk 0 ("0285601815"), or a
            // run beside a phone word.
            if paren { return entityEnd }
            if digits < 8 { return shortNumber(bytes, start, entityEnd, digits: digits) ? entityEnd : nil }
            if digits > 12 { return nil }
            if text[start] == 0x30 && digits >= 10 && digits <= 11 && !(start > 0 && text[start - 1] == ASCII.hash) { return entityEnd }
            return bytes.hasContext(start, entityEnd, before: 40, after: 24, words: Phones.contextWords) || shortNumber(bytes, start, entityEnd, digits: digits) ? entityEnd : nil
        }
        if groups == 3 && !paren && lens.0 == 3 && lens.1 == 2 && lens.2 == 4 && entityEnd == end && dashes == 2 {
            return nil // SSN-shaped (valid ones are SSNs, invalid ones are nothing)
        }
        if groups == 3 && !paren, let dateEnd = numericDate(bytes, start), dateEnd >= end {
            return nil // a date such as 2021-03-04 or 04.03.2021
        }
        if groups == 2 && !paren {
            // Year ranges and pairs ("1990-2000", "2019 2020", "2013-14").
            if lens.0 == 4 && (lens.1 == 4 || lens.1 == 2) {
                let y1 = bytes.number(start, start + 4)
                let y2 = bytes.number(digitGroups.ends[1] - lens.1, digitGroups.ends[1])
                if y1 >= 1800 && y1 <= 2100 && (lens.1 == 2 ? y2 > y1 % 100 : (y2 >= y1 && y2 <= 2100)) { return nil }
            }
            if lens.0 > 4 && lens.1 < 3 { return nil }
        }
        if !paren && groups <= 3 && bytes.hasContext(start, entityEnd, before: 12, after: 0, words: Phones.addressBefore) { return nil }
        if !paren && groups <= 4 && bytes.hasContext(entityEnd, entityEnd, before: 0, after: 24, words: Phones.streetAfter) { return nil }
        let local = groups == 2 && lens.0 == 3 && lens.1 == 4 // "555 1234", "555-1234"
        if digits < 7 || (groups == 2 && !paren && digits < 8 && !local) {
            // Short numbers are phones only beside a phone word.
            if digits < 6 { return shortNumber(bytes, start, entityEnd, digits: digits) ? entityEnd : nil }
            if groups < 2 { return nil }
            return bytes.hasContext(start, entityEnd, before: 40, after: 24, words: Phones.contextWords) || shortNumber(bytes, start, entityEnd, digits: digits) ? entityEnd : nil
        }
        return entityEnd
    }
}

extension Detectors {
    /// A short national number (4-7 digits, as small countries and territories write them) is
    /// a phone only right after a phone word ("Tel. 7012", "call 52849"); never a year.
    static func shortNumber(_ bytes: Bytes, _ start: Int, _ end: Int, digits: Int) -> Bool {
        if digits == 4 && end - start == 4 {
            let year = bytes.number(start, end)
            if year >= 1900 && year <= 2099 { return false }
        }
        return bytes.hasContext(start, start, before: 16, after: 0, words: PhoneLookalikes.phoneWords)
    }
}

/// Numerals that look like phone numbers and are not: hyphenated ISBNs, version strings,
/// money in digit groups, parcel tracking and part numbers, ZIP+4 codes, map grid references
/// and dates written with spaces. Each check sees the groups of a candidate written without `+`.
enum PhoneLookalikes {
    static func any(_ bytes: Bytes, _ start: Int, _ end: Int, _ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        // The checks on the groups alone first, then those reading the text around.
        isbn(digitGroups, groups: groups) || version(bytes, start, digitGroups, groups: groups) || tracking(bytes, start, digitGroups, groups: groups)
            || zipPlus4(bytes, start, digitGroups, groups: groups) || spacedDate(digitGroups, groups: groups) || gridReference(bytes, start, digitGroups, groups: groups)
            || money(bytes, start, end) || codeBefore(bytes, start) || negativeWordBefore(bytes, start)
    }

    /// ISBN-10 (check digit mod 11) or ISBN-13 (978/979, EAN check) in four or five groups
    /// ending in the one-digit check group: "0-306-40615-2", "978-3-16-148410-0".
    static func isbn(_ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        guard groups >= 4, digitGroups.lens[groups - 1] == 1 else { return false }
        let digitValues = digitGroups.digits.prefix(digitGroups.cum[groups - 1])
        if digitValues.count == 10 {
            var sum = 0
            for (i, v) in digitValues.enumerated() { sum += (10 - i) * Int(v) }
            return sum % 11 == 0
        }
        if digitValues.count == 13 && digitValues.starts(with: [9, 7]) && (digitValues[digitValues.startIndex + 2] == 8 || digitValues[digitValues.startIndex + 2] == 9) {
            var sum = 0
            for (i, v) in digitValues.enumerated() { sum += Int(v) * (i % 2 == 0 ? 1 : 3) }
            return sum % 10 == 0
        }
        return false
    }

    /// Dotted numbers with a one-digit part ("10.0.19041.1288", "2.4.12.1045") are versions.
    static func version(_ bytes: Bytes, _ start: Int, _ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        guard digitGroups.dotsAt[groups - 1] > 0 else { return false }
        if groups == 4 && digitGroups.lens[0] == 1 && digitGroups.lens[1] == 3 && digitGroups.lens[2] == 3 && digitGroups.lens[3] == 4 { return false } // "1.800.555.0199"
        return (0..<groups).contains { digitGroups.lens[$0] == 1 }
    }

    /// A currency sign or code right before, or a currency word right after.
    static func money(_ bytes: Bytes, _ start: Int, _ end: Int) -> Bool {
        let text = bytes.buffer, count = bytes.count
        var i = start
        var spaces = 0
        while i > 0 && text[i - 1] == ASCII.space && spaces < 2 { i -= 1; spaces += 1 }
        if i > 0 {
            let byte = text[i - 1]
            if byte == 0x24 { return true } // $
            // £ ¥ (C2 A3, C2 A5), € (E2 82 AC), ₹ ₽ ₩ ₺ ₴ ₦ ₱ ₫ ₪ (E2 82 xx), ฿ (E0 B8 BF)
            if i >= 2 && text[i - 2] == 0xC2 && (byte == 0xA3 || byte == 0xA5) { return true }
            if i >= 3 && text[i - 3] == 0xE2 && text[i - 2] == 0x82 { return true }
            if i >= 3 && text[i - 3] == 0xE0 && text[i - 2] == 0xB8 && byte == 0xBF { return true }
            if ASCII.isLetter(byte) {
                var ws = i - 1
                while ws > 0 && ASCII.isLetter(text[ws - 1]) && i - ws < 4 { ws -= 1 }
                if ws == 0 || !ASCII.isLetter(text[ws - 1]), let _ = currencyCodes.first(where: { word in word.count == i - ws && (0..<word.count).allSatisfy { ASCII.lowercased(text[ws + $0]) == word[$0] } }) {
                    return true
                }
            }
        }
        var j = end
        spaces = 0
        while j < count && text[j] == ASCII.space && spaces < 2 { j += 1; spaces += 1 }
        if j < count {
            let byte = text[j]
            if byte == 0x24 || byte == 0xE2 || (byte == 0xC2 && j + 1 < count && (text[j + 1] == 0xA3 || text[j + 1] == 0xA5)) { return true }
            let first = ASCII.lowercased(byte)
            for word in currencyWords where word[0] == first && j + word.count <= count {
                var k = 0
                while k < word.count && ASCII.lowercased(text[j + k]) == word[k] { k += 1 }
                if k == word.count && (j + k >= count || !ASCII.isLetter(text[j + k]) || word.count >= 4) { return true }
            }
        }
        return false
    }

    /// Three or more groups of four ("9400 1000 0000 0012"): tracking, account and serial numbers.
    static func tracking(_ bytes: Bytes, _ start: Int, _ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        guard groups >= 3, digitGroups.parenGroup < 0 else { return false }
        return (0..<groups).allSatisfy { digitGroups.lens[$0] == 4 }
    }

    /// "94105-1234".
    static func zipPlus4(_ bytes: Bytes, _ start: Int, _ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        groups == 2 && digitGroups.lens[0] == 5 && digitGroups.lens[1] == 4 && digitGroups.dashesAt[1] == 1
    }

    /// Two equal groups after a two-letter grid square ("TQ 30256 80868", "NT 2570 7340").
    static func gridReference(_ bytes: Bytes, _ start: Int, _ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        guard groups == 2, digitGroups.lens[0] == digitGroups.lens[1], digitGroups.lens[0] >= 2, digitGroups.lens[0] <= 5, start >= 3 else { return false }
        let text = bytes.buffer
        return text[start - 1] == ASCII.space && ASCII.isUppercase(text[start - 2]) && ASCII.isUppercase(text[start - 3]) && (start == 3 || !ASCII.isWordByte(text[start - 4]))
    }

    /// Three groups that read as a date in any order: "2024 03 15", "15 03 2024", "03 15 2024".
    static func spacedDate(_ digitGroups: Detectors.PhoneGroups, groups: Int) -> Bool {
        guard groups == 3, digitGroups.parenGroup < 0 else { return false }
        var values = Detectors.Inline8()
        var at = 0
        for k in 0..<3 {
            var value = 0
            for _ in 0..<digitGroups.lens[k] { value = value * 10 + Int(digitGroups.digits[at]); at += 1 }
            values[k] = value
        }
        let lengths = (digitGroups.lens[0], digitGroups.lens[1], digitGroups.lens[2])
        func year(_ number: Int, _ len: Int) -> Bool { len == 4 && number >= 1800 && number <= 2100 }
        func dm(_ day: Int, _ month: Int) -> Bool { (1...31).contains(day) && (1...12).contains(month) }
        if year(values[0], lengths.0) && lengths.1 <= 2 && lengths.2 <= 2 { return dm(values[2], values[1]) || dm(values[1], values[2]) }
        if year(values[2], lengths.2) && lengths.0 <= 2 && lengths.1 <= 2 { return dm(values[0], values[1]) || dm(values[1], values[0]) }
        return false
    }

    /// A code glued on the left: the previous word (one space before) mixes letters and digits
    /// ("1Z 999 AA1 01 2345 6784", "P/N 4K2 231 5567").
    static func codeBefore(_ bytes: Bytes, _ start: Int) -> Bool {
        let text = bytes.buffer
        guard start >= 2, text[start - 1] == ASCII.space || text[start - 1] == ASCII.minus else { return false }
        var k = start - 1
        var letters = false, digits = false
        while k > 0 && ASCII.isAlphanumeric(text[k - 1]) && start - k < 24 {
            if ASCII.isDigit(text[k - 1]) { digits = true } else { letters = true }
            k -= 1
        }
        return letters && digits
    }

    /// `true` when a word of `negativeContext` starts within 24 bytes before `start`. Looks only at
    /// word starts and at the words with the same first letter, so it stays cheap per candidate.
    static func negativeWordBefore(_ bytes: Bytes, _ start: Int) -> Bool {
        let text = bytes.buffer
        var i = max(0, start - 24)
        while i < start {
            let byte = ASCII.lowercased(text[i])
            if ASCII.isLowercase(byte) && (i == 0 || !ASCII.isLetter(text[i - 1])) {
                for word in negativeByFirst[Int(byte - 97)] where i + word.count <= bytes.count {
                    var k = 1
                    while k < word.count && ASCII.lowercased(text[i + k]) == word[k] { k += 1 }
                    if k == word.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    static let negativeByFirst: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 26)
        for word in negativeContext { table[Int(word[0] - 97)].append(word) }
        return table
    }()

    /// Words shortly before a number that make it something other than a phone.
    static let negativeContext: [[UInt8]] = ["isbn", "issn", "part no", "part number", "part #", "p/n", "pn:", "sku", "model no",
                                             "model number", "serial", "s/n", "item no", "item #", "invoice", "order no", "order #",
                                             "order number", "tracking", "parcel", "shipment", "waybill", "awb", "version", "build ",
                                             "zip", "postal", "postcode", "grid", "lot no", "batch", "patent", "catalog", "ref.",
                                             "reference", "account no", "account number", "acct", "iban"]
        .map { Array($0.utf8) }
    /// Words right before a short number that make it a phone, in several languages.
    static let phoneWords = WordsByFirstByte(["phone", "tel", "tél", "call", "mobile", "cell", "fax", "contact", "whatsapp", "sms",
                                              "dial", "hotline", "numéro", "número", "numero", "nummer", "numer", "telefon", "teléfono",
                                              "телефон", "тел", "handy", "mob"].map { Array($0.utf8) })
    static let currencyCodes: [[UInt8]] = ["usd", "eur", "gbp", "chf", "jpy", "cny", "rmb", "rub", "inr", "sek", "nok", "dkk",
                                           "pln", "czk", "huf", "aud", "cad", "nzd", "hkd", "sgd", "brl", "mxn", "zar", "try",
                                           "krw", "rs", "kr"].map { Array($0.utf8) }
    static let currencyWords: [[UInt8]] = ["usd", "eur", "gbp", "chf", "jpy", "cny", "rub", "inr", "sek", "nok", "dkk", "pln",
                                           "czk", "huf", "aud", "cad", "brl", "mxn", "zar", "dollar", "euro", "pound", "yen",
                                           "yuan", "rupee", "ruble", "rouble", "franc", "peso", "real", "reais", "won", "baht",
                                           "dinar", "dirham", "riyal", "lira", "zł", "zl", "kr", "kč", "ft", "lei", "lev",
                                           "руб", "грн", "тенге", "million", "billion", "mln", "mio", "bn"].map { Array($0.utf8) }
}
