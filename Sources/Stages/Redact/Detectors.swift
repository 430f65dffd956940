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
        guard let k = Kind.allCases.first(where: { $0.name == name }) else { return nil }
        self = k
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
    @inline(__always) func contains(_ k: Kind) -> Bool { bits & (1 << UInt32(k.rawValue)) != 0 }
    mutating func insert(_ k: Kind) { bits |= 1 << UInt32(k.rawValue) }
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

    init(kinds: KindSet) {
        self.kinds = kinds
        self.secrets = kinds.contains(.secret) ? SecretCatalogue.shared : SecretCatalogue.empty
    }

    func scan(_ b: Bytes, into out: inout [Match]) {
        let p = b.p, n = b.n
        var i = 0
        while i < n {
            let c = p[i]
            if isAlpha(c) {
                if i > 0 && isWordByte(p[i - 1]) {
                    i += 1
                    continue
                }
                i = words(b, from: i, &out)
            } else if isDigit(c) {
                if i > 0 && isWordByte(p[i - 1]) {
                    i += 1
                    continue
                }
                i = numberAt(b, i, &out)
            } else if c < 0x80 {
                switch c {
                case A.at:
                    if kinds.contains(.email), let e = Detectors.email(b, at: i) {
                        out.append(Match(start: e.start, end: e.end, type: Kind.email.rawValue, priority: Kind.email.rawValue))
                        i = e.end
                        continue
                    }
                case A.plus, A.lparen:
                    if kinds.contains(.phone), b.leftClean(i) || c == A.lparen, let e = Detectors.phone(b, i) {
                        out.append(Match(start: i, end: e, type: Kind.phone.rawValue, priority: Kind.phone.rawValue))
                        i = e
                        continue
                    }
                case A.colon, A.equals, A.gt, A.comma:
                    if c == A.colon, kinds.contains(.ip), i + 1 < n, p[i + 1] == A.colon, let r = Detectors.ipv6(b, i) {
                        out.append(Match(start: r.start, end: r.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
                        i = r.end
                        continue
                    }
                    if kinds.contains(.secret), let r = assignedSecret(b, i) {
                        out.append(Match(start: r.start, end: r.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
                        i = r.end
                        continue
                    }
                case A.minus:
                    if kinds.contains(.secret), let r = dashSecret(b, i) {
                        out.append(Match(start: r.start, end: r.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
                        i = r.end
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
    private func words(_ b: Bytes, from start: Int, _ out: inout [Match]) -> Int {
        let p = b.p, n = b.n
        var i = start
        while true {
            let c = p[i]
            var e = i + 1
            var hasDigit = false
            // Eight bytes at a time while they are ASCII letters and digits (SWAR).
            while e + 8 <= n {
                let x = UnsafeRawPointer(p.baseAddress! + e).loadUnaligned(as: UInt64.self)
                if x & Detectors.high != 0 { break }
                let (alnum, digit) = Detectors.alnumMask(x)
                if alnum == Detectors.high {
                    if digit != 0 { hasDigit = true }
                    e += 8
                    continue
                }
                let stop = (~alnum & Detectors.high).trailingZeroBitCount >> 3
                if stop > 0 && digit & ((1 << UInt64(stop * 8)) &- 1) != 0 { hasDigit = true }
                e += stop
                break
            }
            while e < n {
                let w = p[e]
                if (w | 0x20) &- 97 < 26 {
                    e += 1
                } else if w &- 48 < 10 {
                    hasDigit = true
                    e += 1
                } else {
                    break
                }
            }
            let next: UInt8 = e < n ? p[e] : 0
            let len = e - i
            if (len >= 8 && hasDigit) || (next < 64 && (Detectors.afterWordMask >> UInt64(next)) & 1 != 0) || next == A.underscore
                || next == A.at || (len >= 4 && isDigit(p[i + 2])) || (len >= 3 && calendarPrefix(c, p[i + 1], p[i + 2])) {
                return word(b, i, wordEnd: e, hasDigit: hasDigit, &out)
            }
            // A single space, or a comma and a space, and another word: straight on to it (a
            // space triggers nothing, nor does a comma after a letter or digit: see `assignedSecret`).
            if e + 1 < n && next == A.space && isAlpha(p[e + 1]) {
                i = e + 1
            } else if e + 2 < n && next == A.comma && p[e + 1] == A.space && isAlpha(p[e + 2]) {
                i = e + 2
            } else {
                return e
            }
        }
    }

    /// Handles a word `s..<e` (ASCII letters and digits from a word boundary, `hasDigit` when it
    /// holds a digit) found by `scan`; returns where to resume.
    @inline(__always)
    private func word(_ b: Bytes, _ s: Int, wordEnd e: Int, hasDigit: Bool, _ out: inout [Match]) -> Int {
        let p = b.p, n = b.n
        let len = e - s
        let c0 = p[s] | 0x20
        let next: UInt8 = e < n ? p[e] : 0
        var resume = e
        if kinds.contains(.secret), let t = secretAtWord(b, s, wordEnd: e, &out) { return t }

        if kinds.contains(.url) {
            if next == A.colon && (c0 == 0x68 || c0 == 0x66) && (len == 4 || len == 5 || len == 3),
               b.matchesLower(s, "http://") || b.matchesLower(s, "https://") || b.matchesLower(s, "ftp://") {
                if let u = Detectors.schemeURL(b, s) {
                    out.append(Match(start: s, end: u, type: Kind.url.rawValue, priority: Kind.url.rawValue))
                    return u
                }
            }
        }
        if kinds.contains(.iban), len >= 4, isAlpha(p[s + 1]), isDigit(p[s + 2]), isDigit(p[s + 3]),
           Validators.ibanLength(p[s], p[s + 1]) != nil, let t = Detectors.iban(b, s) {
            out.append(Match(start: s, end: t, type: Kind.iban.rawValue, priority: Kind.iban.rawValue))
            return t
        }
        if kinds.contains(.date), len >= 3, len <= 9, calendarPrefix(p[s], p[s + 1], p[s + 2]),
           let t = Detectors.dateFromWord(b, s, e) {
            out.append(Match(start: s, end: t, type: Kind.date.rawValue, priority: Kind.date.rawValue))
            resume = max(resume, t)
        }
        if next == A.dot, kinds.contains(.url), e + 1 < n, isAlnum(p[e + 1]), let u = Detectors.bareDomain(b, s) {
            out.append(Match(start: s, end: u, type: Kind.url.rawValue, priority: Kind.url.rawValue))
            return u
        }
        if next == A.colon, len <= 4, kinds.contains(.ip), Detectors.allHex(b, s, e), let r = Detectors.ipv6(b, s) {
            out.append(Match(start: r.start, end: r.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
            return r.end
        }
        if kinds.contains(.secret), next == A.minus || next == A.underscore || next == A.plus || next == A.slash
            || next == A.equals || ((len >= 8 || next == A.dot) && hasDigit),
           let t = SecretCatalogue.entropySecret(b, s) {
            out.append(Match(start: s, end: t, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
            return t
        }
        return resume
    }

    // MARK: numbers

    static let numericKinds: [Kind] = [.date, .ssn, .creditCard, .phone, .secret]

    static let high: UInt64 = 0x8080_8080_8080_8080
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// For eight ASCII bytes: the high bit of each byte that is a letter or digit, and of each digit.
    /// For eight ASCII bytes: the high bit of each byte in `lo...hi`.
    @inline(__always) static func inRange(_ v: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
        let geLo = v &+ ones &* (0x80 - lo)
        let gtHi = v &+ ones &* (0x7F - hi)
        return geLo & ~gtHi & high
    }

    @inline(__always) static func alnumMask(_ x: UInt64) -> (UInt64, UInt64) {
        let letter = inRange(x | ones &* 0x20, 0x61, 0x7A)
        let digit = inRange(x, 0x30, 0x39)
        return (letter | digit, digit)
    }

    /// Bytes after a word that may make it part of a URL, email, address, token or IPv6 address.
    static let afterWordMask: UInt64 = 1 << 0x3A | 1 << 0x2E | 1 << 0x2D | 1 << 0x2B | 1 << 0x2F | 1 << 0x3D

    /// `true` when the first three letters (packed lowercase) begin a month or weekday name.
    @inline(__always) func calendarPrefix(_ x: UInt8, _ y: UInt8, _ z: UInt8) -> Bool {
        let a = UInt64(x | 0x20), b = UInt64(y | 0x20), c = UInt64(z | 0x20)
        if a &- 97 >= 26 || b &- 97 >= 26 || c &- 97 >= 26 { return false }
        let index = Int((a - 97) << 10 | (b - 97) << 5 | (c - 97))
        return calendarBits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// The bitmap behind `calendarPrefix`.
    static func makeCalendarBits() -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: 512)
        for w in ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                  "mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
            let u = Array(w.utf8).map { Int($0) - 97 }
            let index = u[0] << 10 | u[1] << 5 | u[2]
            bits[index >> 6] |= 1 << UInt64(index & 63)
        }
        return bits
    }

    /// Handles a number starting at `s` (a digit at a word boundary); returns where to resume.
    @inline(__always)
    private func numberAt(_ b: Bytes, _ s: Int, _ out: inout [Match]) -> Int {
        let p = b.p, n = b.n
        let d = b.digitsEnd(s)
        let next: UInt8 = d < n ? p[d] : 0
        var resume = d
        // A lone short number followed by a space or punctuation is by far the most common case.
        if d - s < 5 && next != A.dot && next != A.minus && next != A.colon && next != A.slash && next != A.space
            && next != A.lparen && !isAlpha(next) {
            return resume
        }
        // Skip the whole cluster of digit groups joined by single separators, so that no
        // detector restarts inside a number it has already judged ("4111 1111 1111 1112").
        // The walk is bounded (no entity is longer), so a long run of digit groups costs linear time.
        var cluster = d
        var mixed = d - s >= 12
        let sep: UInt8 = d < n ? p[d] : 0
        let bound = s + 64
        while cluster + 1 < n && cluster < bound && (p[cluster] == A.space || p[cluster] == A.minus) && isDigit(p[cluster + 1]) {
            if p[cluster] != sep { mixed = true; break }
            let ge = b.digitsEnd(cluster + 1)
            if ge - cluster - 1 >= 12 { mixed = true }
            cluster = ge
        }
        if cluster + 1 < n && (p[cluster] == A.dot || p[cluster] == A.colon || p[cluster] == A.slash) && isDigit(p[cluster + 1]) {
            mixed = true
        }
        // Only a plain run of same-separated groups is skipped whole; a cluster holding a long
        // group or other punctuation ("1 4556601938071755", "2021 10.0.0.1") may hold an entity further on.
        let extent = cluster
        if mixed { cluster = d }
        let clean = b.leftClean(s)
        if !clean && !(next == A.colon) { return resume == d ? cluster : resume }
        if next == A.dot && kinds.contains(.ip), let r = Detectors.ipv4(b, s) {
            out.append(Match(start: r.start, end: r.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
            return max(resume, r.end)
        }
        if next == A.colon || isAlpha(next), d - s <= 4, kinds.contains(.ip), let r = Detectors.ipv6(b, s) {
            out.append(Match(start: r.start, end: r.end, type: Kind.ip.rawValue, priority: Kind.ip.rawValue))
            return max(resume, r.end)
        }
        if !clean { return cluster }
        var found = false
        for k in Detectors.numericKinds where kinds.contains(k) {
            let t: Int?
            switch k {
            case .date: t = Detectors.numericDate(b, s)
            case .ssn: t = d - s == 3 ? Detectors.ssn(b, s) : nil
            case .creditCard: t = extent - s >= 12 || (next == A.dot && d - s == 4) ? Detectors.card(b, s) : nil
            case .phone: t = Detectors.phone(b, s)
            default: t = isAlpha(next) || d - s >= 20 ? SecretCatalogue.entropySecret(b, s) : nil
            }
            if let t {
                out.append(Match(start: s, end: t, type: k.rawValue, priority: k.rawValue))
                resume = max(resume, t)
                found = true
            }
        }
        return found ? resume : cluster
    }
}
