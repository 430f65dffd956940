/// The built-in entity types, in priority order (earlier wins an overlap).
enum Kind: Int, CaseIterable, Sendable {
    case secret, email, url, iban, creditCard, ssn, ip, date, phone, person

    /// The annotation type and option value.
    var name: String {
        switch self {
        case .secret: return "secret"
        case .email: return "email"
        case .url: return "url"
        case .iban: return "iban"
        case .creditCard: return "credit-card"
        case .ssn: return "ssn"
        case .ip: return "ip"
        case .date: return "date"
        case .phone: return "phone"
        case .person: return "person"
        }
    }

    init?(name: String) {
        guard let kind = Kind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// A finding: a UTF-8 byte range, the index of its type in the stage's type table, and its
/// priority (lower wins).
struct Match: Sendable {
    var start: Int
    var end: Int
    var type: Int
    var priority: Int
    var length: Int { end - start }
}

/// A set of built-in kinds as a bit mask.
struct KindSet: Sendable {
    var bits: UInt32 = 0
    @inline(__always) func contains(_ kind: Kind) -> Bool { bits & (1 << UInt32(kind.rawValue)) != 0 }
    mutating func insert(_ kind: Kind) { bits |= 1 << UInt32(kind.rawValue) }
}

/// The single-pass byte scanner for every built-in detector except `person`.
///
/// It walks the bytes once. At the start of a word it looks at the first bytes (scheme, `www.`,
/// IBAN country code, token prefixes, month and weekday names, a dot followed by a known TLD);
/// at the start of a number it tries the numeric formats; `@`, `+`, `(`, `:` and `-----BEGIN`
/// trigger their own detectors (`:`, `=`, `>` and `,` the assigned-secret check, `-u` curl
/// credentials). Candidates may overlap; the stage resolves them afterwards.
struct Detectors {
    let kinds: KindSet
    let calendarBits: [UInt64] = Detectors.makeCalendarBits()
    /// The secret-rule catalogue (prefix table, vendor rules, allow-lists); loaded only when
    /// `secret` is among the kinds (every use is behind that check), else the empty catalogue.
    let secrets: SecretCatalogue
    /// What a run of plain words needs from `quietWordsEnd` with these kinds.
    let quietWords: QuietWordLook
    /// Whether `words` skips runs of plain words with `quietWordsEnd` (always, but in the tests
    /// that compare it with looking at every word).
    let skipsQuietWords: Bool
    /// The bytes `scanTriggers` visits when the kinds need no look at words (email, phone, url),
    /// else `nil`: decided once, here.
    let triggers: TriggerBytes?
    /// Whether phone is the only enabled kind that looks at numbers (no date, ssn, credit-card,
    /// secret or ip): then `numberAt` can pass over a short number followed by a word.
    let numbersNeedOnlyPhone: Bool

    /// `skipsQuietWords`, `quietWords`, `usesTriggers` and `skipsShortNumbers` are for tests (the
    /// look, the triggers and the short-number pass are otherwise the kinds' own).
    init(kinds: KindSet, skipsQuietWords: Bool = true, quietWords: QuietWordLook? = nil, usesTriggers: Bool = true, skipsShortNumbers: Bool = true) {
        self.kinds = kinds
        self.secrets = kinds.contains(.secret) ? SecretCatalogue.shared : SecretCatalogue.empty
        self.quietWords = quietWords ?? QuietWordLook(kinds: kinds, secrets: secrets)
        self.skipsQuietWords = skipsQuietWords
        self.triggers = usesTriggers ? TriggerBytes(kinds: kinds) : nil
        self.numbersNeedOnlyPhone = skipsShortNumbers && kinds.bits & KindSet.bits(of: [.date, .ssn, .creditCard, .secret, .ip]) == 0
    }

    /// Appends every candidate in `bytes` to `out`, from left to right.
    func scan(_ bytes: Bytes, into out: inout [Match]) {
        if let triggers {
            scanTriggers(bytes, triggers, into: &out)
            return
        }
        let text = bytes.buffer, count = bytes.count
        var i = 0
        while i < count {
            let byte = text[i]
            if ASCII.isLetter(byte) {
                if i > 0 && ASCII.isWordByte(text[i - 1]) {
                    i += 1
                    continue
                }
                i = words(bytes, from: i, &out)
            } else if ASCII.isDigit(byte) {
                if i > 0 && ASCII.isWordByte(text[i - 1]) {
                    i += 1
                    continue
                }
                i = numberAt(bytes, i, &out)
            } else if byte < 0x80 {
                switch byte {
                case ASCII.at:
                    if kinds.contains(.email), let found = Detectors.email(bytes, at: i) {
                        out.append(Match(start: found.start, end: found.end, type: Kind.email.rawValue, priority: Kind.email.rawValue))
                        i = found.end
                        continue
                    }
                case ASCII.plus, ASCII.lparen:
                    if kinds.contains(.phone), bytes.leftClean(i) || byte == ASCII.lparen, let found = Detectors.phone(bytes, i) {
                        out.append(Match(start: i, end: found, type: Kind.phone.rawValue, priority: Kind.phone.rawValue))
                        i = found
                        continue
                    }
                case ASCII.colon, ASCII.equals, ASCII.gt, ASCII.comma:
                    if byte == ASCII.colon, kinds.contains(.ip), i + 1 < count, text[i + 1] == ASCII.colon, let range = Detectors.ipv6(bytes, i) {
                        out.append(Match(start: range.start, end: range.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
                        i = range.end
                        continue
                    }
                    if kinds.contains(.secret), let range = assignedSecret(bytes, i) {
                        out.append(Match(start: range.start, end: range.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
                        i = range.end
                        continue
                    }
                case ASCII.minus:
                    if kinds.contains(.secret), let range = dashSecret(bytes, i) {
                        out.append(Match(start: range.start, end: range.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
                        i = range.end
                        continue
                    }
                default: break
                }
                i += 1
            } else {
                i += 1
            }
        }
    }

    // MARK: words

    /// Handles the words from `start` (a letter at a word boundary) on, as long as they are
    /// separated by single spaces, the common case in prose: each word's end is found (eight
    /// bytes at a time while they are ASCII letters and digits) and only a word whose shape or
    /// next byte may begin an entity goes to `word`. Returns where to resume.
    @inline(__always)
    private func words(_ bytes: Bytes, from start: Int, _ out: inout [Match]) -> Int {
        let text = bytes.buffer, count = bytes.count
        var i = start
        while true {
            // Whole runs of quiet words go by eight bytes at a time; what is left is a word that
            // needs the look below, or a byte for `scan`.
            if skipsQuietWords {
                i = quietWordsEnd(bytes, from: i)
                if i >= count || !ASCII.isLetter(text[i]) { return i }
            }
            let first = text[i]
            var end = i + 1
            var hasDigit = false
            // Eight bytes at a time while they are ASCII letters and digits (SWAR); `stopped`
            // when a chunk showed where the word ends.
            var stopped = false
            while end + 8 <= count {
                let chunk = UnsafeRawPointer(text.baseAddress! + end).loadUnaligned(as: UInt64.self)
                if chunk & Detectors.high != 0 { break }
                let (alnum, digit) = Detectors.alnumMask(chunk)
                if alnum == Detectors.high {
                    if digit != 0 { hasDigit = true }
                    end += 8
                    continue
                }
                let stop = (~alnum & Detectors.high).trailingZeroBitCount >> 3
                if stop > 0 && digit & ((1 << UInt64(stop * 8)) &- 1) != 0 { hasDigit = true }
                end += stop
                stopped = true
                break
            }
            // Byte by byte near the end of the text or after a non-ASCII byte.
            while !stopped && end < count {
                let byte = text[end]
                if (byte | 0x20) &- 97 < 26 {
                    end += 1
                } else if byte &- 48 < 10 {
                    hasDigit = true
                    end += 1
                } else {
                    break
                }
            }
            let next: UInt8 = end < count ? text[end] : 0
            let len = end - i
            if (len >= 8 && hasDigit) || (next < 64 && (Detectors.afterWordMask >> UInt64(next)) & 1 != 0) || next == ASCII.underscore
                || next == ASCII.at || (len >= 4 && ASCII.isDigit(text[i + 2])) || (len >= 3 && calendarPrefix(first, text[i + 1], text[i + 2])) {
                return word(bytes, i, wordEnd: end, hasDigit: hasDigit, &out)
            }
            // A single space, or a comma and a space, and another word: straight on to it (a
            // space triggers nothing, nor does a comma after a letter or digit: see `assignedSecret`).
            if end + 1 < count && next == ASCII.space && ASCII.isLetter(text[end + 1]) {
                i = end + 1
            } else if end + 2 < count && next == ASCII.comma && text[end + 1] == ASCII.space && ASCII.isLetter(text[end + 2]) {
                i = end + 2
            } else {
                return end
            }
        }
    }

    /// Handles a word `start..<end` (ASCII letters and digits from a word boundary, `hasDigit` when it
    /// holds a digit) found by `scan`; returns where to resume.
    @inline(__always)
    private func word(_ bytes: Bytes, _ start: Int, wordEnd end: Int, hasDigit: Bool, _ out: inout [Match]) -> Int {
        let text = bytes.buffer, count = bytes.count
        let len = end - start
        let next: UInt8 = end < count ? text[end] : 0
        var resume = end
        if kinds.contains(.secret), let found = secretAtWord(bytes, start, wordEnd: end, &out) { return found }

        if next == ASCII.colon, kinds.contains(.url), let urlEnd = Detectors.schemeURLAtWord(bytes, start, wordEnd: end) {
            out.append(Match(start: start, end: urlEnd, type: Kind.url.rawValue, priority: Kind.url.rawValue))
            return urlEnd
        }
        if kinds.contains(.iban), len >= 4, ASCII.isLetter(text[start + 1]), ASCII.isDigit(text[start + 2]), ASCII.isDigit(text[start + 3]),
           Validators.ibanLength(text[start], text[start + 1]) != nil, let found = Detectors.iban(bytes, start) {
            out.append(Match(start: start, end: found, type: Kind.iban.rawValue, priority: Kind.iban.rawValue))
            return found
        }
        if kinds.contains(.date), len >= 3, len <= 9, calendarPrefix(text[start], text[start + 1], text[start + 2]),
           let found = Detectors.dateFromWord(bytes, start, end) {
            out.append(Match(start: start, end: found, type: Kind.date.rawValue, priority: Kind.date.rawValue))
            resume = max(resume, found)
        }
        if next == ASCII.dot, kinds.contains(.url), let urlEnd = Detectors.bareDomainAtWord(bytes, start, wordEnd: end) {
            out.append(Match(start: start, end: urlEnd, type: Kind.url.rawValue, priority: Kind.url.rawValue))
            return urlEnd
        }
        if next == ASCII.colon, len <= 4, kinds.contains(.ip), Detectors.allHex(bytes, start, end), let range = Detectors.ipv6(bytes, start) {
            out.append(Match(start: range.start, end: range.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
            return range.end
        }
        if kinds.contains(.secret), next == ASCII.minus || next == ASCII.underscore || next == ASCII.plus || next == ASCII.slash
            || next == ASCII.equals || ((len >= 8 || next == ASCII.dot) && hasDigit),
           let found = SecretCatalogue.entropySecret(bytes, start) {
            out.append(Match(start: start, end: found, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
            return found
        }
        return resume
    }

    /// A URL with a scheme at the word `start..<end` (a word start; a colon follows it):
    /// `http://`, `https://` or `ftp://` in any case and a valid rest (`schemeURL`); its end.
    @inline(__always)
    static func schemeURLAtWord(_ bytes: Bytes, _ start: Int, wordEnd end: Int) -> Int? {
        let len = end - start, firstLower = bytes.buffer[start] | 0x20
        guard (firstLower == 0x68 || firstLower == 0x66) && (len == 4 || len == 5 || len == 3),
              bytes.matchesLower(start, "http://") || bytes.matchesLower(start, "https://") || bytes.matchesLower(start, "ftp://") else { return nil }
        return schemeURL(bytes, start)
    }

    /// A bare domain at the word `start..<end` (a word start; a dot follows it): one when a
    /// letter or digit follows the dot and `bareDomain` accepts it; its end.
    @inline(__always)
    static func bareDomainAtWord(_ bytes: Bytes, _ start: Int, wordEnd end: Int) -> Int? {
        guard end + 1 < bytes.count, ASCII.isAlphanumeric(bytes.buffer[end + 1]) else { return nil }
        return bareDomain(bytes, start)
    }

    // MARK: numbers

    static let high: UInt64 = 0x8080_8080_8080_8080
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// For eight ASCII bytes: the high bit of each byte that is a letter or digit, and of each digit.
    /// For eight ASCII bytes: the high bit of each byte in `lo...hi`.
    @inline(__always) static func inRange(_ chunk: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
        let geLo = chunk &+ ones &* (0x80 - lo)
        let gtHi = chunk &+ ones &* (0x7F - hi)
        return geLo & ~gtHi & high
    }

    @inline(__always) static func alnumMask(_ chunk: UInt64) -> (UInt64, UInt64) {
        let letter = inRange(chunk | ones &* 0x20, 0x61, 0x7A)
        let digit = inRange(chunk, 0x30, 0x39)
        return (letter | digit, digit)
    }

    /// Bytes after a word that may make it part of a URL, email, address, token or IPv6 address.
    static let afterWordMask: UInt64 = 1 << 0x3A | 1 << 0x2E | 1 << 0x2D | 1 << 0x2B | 1 << 0x2F | 1 << 0x3D

    /// `true` when the first three letters (packed lowercase) begin a month or weekday name.
    @inline(__always) func calendarPrefix(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        // Letter numbers 0-25 (anything else is out of range and rules the word out).
        let one = UInt64(first | 0x20) &- 97, two = UInt64(second | 0x20) &- 97, three = UInt64(third | 0x20) &- 97
        if one >= 26 || two >= 26 || three >= 26 { return false }
        let index = Int(one << 10 | two << 5 | three)
        return calendarBits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// The bitmap behind `calendarPrefix`.
    static func makeCalendarBits() -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: 512)
        for name in calendarNames {
            let letters = Array(name.utf8).map { Int($0) - 97 }
            let index = letters[0] << 10 | letters[1] << 5 | letters[2]
            bits[index >> 6] |= 1 << UInt64(index & 63)
        }
        return bits
    }

    /// Handles a number starting at `start` (a digit at a word boundary); returns where to resume.
    @inline(__always)
    func numberAt(_ bytes: Bytes, _ start: Int, _ out: inout [Match]) -> Int {
        let text = bytes.buffer, count = bytes.count
        let digitsEnd = bytes.digitsEnd(start)
        let next: UInt8 = digitsEnd < count ? text[digitsEnd] : 0
        var resume = digitsEnd
        // A lone short number followed by a space or punctuation is by far the most common case.
        if digitsEnd - start < 5 && next != ASCII.dot && next != ASCII.minus && next != ASCII.colon && next != ASCII.slash && next != ASCII.space
            && next != ASCII.lparen && !ASCII.isLetter(next) {
            return resume
        }
        // Next most common: a number of one to three digits, a space and a word ("20 to 30").
        // That is one digit group of under four digits, which `phone` never takes; when phone is
        // the only numeric kind nothing else looks at it, and nothing restarts inside it.
        if numbersNeedOnlyPhone && next == ASCII.space && digitsEnd - start < 4 {
            let after: UInt8 = digitsEnd + 1 < count ? text[digitsEnd + 1] : 0
            if !ASCII.isDigit(after) && after != ASCII.lparen { return resume }
        }
        // Then a year and a space and a word ("in 2019 the", ~1 a news item) or a dot and no digit
        // ("in 2019. The", ~0.8): `phone` reads one group of four digits there, which
        // `shortNumber` never takes for 1900-2099 once the numbering plans let it through. Only a
        // word that may open an extension (" x12", " ext. 7") could make the candidate longer than
        // the year, so those go to `phone`.
        if numbersNeedOnlyPhone && (next == ASCII.space || next == ASCII.dot) && digitsEnd - start == 4 {
            let after: UInt8 = digitsEnd + 1 < count ? text[digitsEnd + 1] : 0
            let yearEnds = next == ASCII.dot ? !ASCII.isDigit(after)
                : ASCII.isLetter(after) && after | 0x20 != UInt8(ascii: "x") && after | 0x20 != UInt8(ascii: "e")
            if yearEnds && (1900...2099).contains(bytes.number(start, digitsEnd)) { return resume }
        }
        // Skip the whole cluster of digit groups joined by single separators, so that no
        // detector restarts inside a number it has already judged ("4111 1111 1111 1112").
        // The walk is bounded (no entity is longer), so a long run of digit groups costs linear time.
        var cluster = digitsEnd
        var mixed = digitsEnd - start >= 12
        let sep: UInt8 = digitsEnd < count ? text[digitsEnd] : 0
        let bound = start + 64
        while cluster + 1 < count && cluster < bound && (text[cluster] == ASCII.space || text[cluster] == ASCII.minus) && ASCII.isDigit(text[cluster + 1]) {
            if text[cluster] != sep { mixed = true; break }
            let ge = bytes.digitsEnd(cluster + 1)
            if ge - cluster - 1 >= 12 { mixed = true }
            cluster = ge
        }
        if cluster + 1 < count && (text[cluster] == ASCII.dot || text[cluster] == ASCII.colon || text[cluster] == ASCII.slash) && ASCII.isDigit(text[cluster + 1]) {
            mixed = true
        }
        // Only a plain run of same-separated groups is skipped whole; a cluster holding a long
        // group or other punctuation ("1 4556601938071755", "2021 10.0.0.1") may hold an entity further on.
        let extent = cluster
        if mixed { cluster = digitsEnd }
        let clean = bytes.leftClean(start)
        if !clean && !(next == ASCII.colon) { return resume == digitsEnd ? cluster : resume }
        if next == ASCII.dot && kinds.contains(.ip), let range = Detectors.ipv4(bytes, start) {
            out.append(Match(start: range.start, end: range.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
            return max(resume, range.end)
        }
        if next == ASCII.colon || ASCII.isLetter(next), digitsEnd - start <= 4, kinds.contains(.ip), let range = Detectors.ipv6(bytes, start) {
            out.append(Match(start: range.start, end: range.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
            return max(resume, range.end)
        }
        if !clean { return cluster }
        // The numeric formats in turn (date, SSN, card, phone, secret), each when enabled.
        var foundAny = false
        func record(_ kind: Kind, _ entityEnd: Int?) {
            guard let entityEnd else { return }
            out.append(Match(start: start, end: entityEnd, type: kind.rawValue, priority: kind.rawValue))
            resume = max(resume, entityEnd)
            foundAny = true
        }
        if kinds.contains(.date) { record(.date, Detectors.numericDate(bytes, start)) }
        if kinds.contains(.ssn) && digitsEnd - start == 3 { record(.ssn, Detectors.ssn(bytes, start)) }
        if kinds.contains(.creditCard) && (extent - start >= 12 || (next == ASCII.dot && digitsEnd - start == 4)) { record(.creditCard, Detectors.card(bytes, start)) }
        if kinds.contains(.phone) { record(.phone, Detectors.phone(bytes, start)) }
        if kinds.contains(.secret) && (ASCII.isLetter(next) || digitsEnd - start >= 20) { record(.secret, SecretCatalogue.entropySecret(bytes, start)) }
        return foundAny ? resume : cluster
    }
}
