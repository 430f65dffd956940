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

    // MARK: secrets

    /// Well-known credential prefixes: AWS access keys, GitHub, GitLab, Slack, Stripe, Google
    /// API keys, npm and OpenAI tokens, JSON Web Tokens.
    static func prefixedSecret(_ b: Bytes, _ s: Int, wordEnd e: Int) -> Int? {
        let p = b.p, n = b.n
        func run(_ from: Int, _ extra: (UInt8) -> Bool) -> Int {
            var k = from
            while k < n && (isAlnum(p[k]) || extra(p[k])) { k += 1 }
            return k
        }
        func boundary(_ k: Int) -> Bool { k >= n || !(isWordByte(p[k])) }
        switch p[s] {
        case 0x41: // A
            if e - s == 20, b.matches(s, "AKIA") || b.matches(s, "ASIA") || b.matches(s, "AGPA") || b.matches(s, "AIDA")
                || b.matches(s, "AROA") || b.matches(s, "ANPA") || b.matches(s, "ANVA") || b.matches(s, "AIPA")
                || b.matches(s, "ABIA") || b.matches(s, "ACCA") {
                for k in s..<e where !(isUpper(p[k]) || isDigit(p[k])) { return nil }
                return e
            }
            if b.matches(s, "AIza") {
                let k = run(s + 4) { $0 == A.minus || $0 == A.underscore }
                return k - s == 39 && boundary(k) ? k : nil
            }
        case 0x67: // g
            if b.matches(s, "ghp_") || b.matches(s, "gho_") || b.matches(s, "ghu_") || b.matches(s, "ghs_") || b.matches(s, "ghr_") {
                let k = run(s + 4) { _ in false }
                return k - s >= 40 && boundary(k) ? k : nil
            }
            if b.matches(s, "github_pat_") {
                let k = run(s + 11) { $0 == A.underscore }
                return k - s >= 40 ? k : nil
            }
            if b.matches(s, "glpat-") {
                let k = run(s + 6) { $0 == A.minus || $0 == A.underscore }
                return k - s >= 26 ? k : nil
            }
        case 0x78: // x
            if b.matches(s, "xox") && s + 4 < n && p[s + 4] == A.minus && "abposr".utf8.contains(p[s + 3]) {
                let k = run(s + 5) { $0 == A.minus }
                return k - s >= 20 ? k : nil
            }
        case 0x73, 0x72: // s r
            if b.matches(s, "sk_live_") || b.matches(s, "sk_test_") || b.matches(s, "rk_live_") || b.matches(s, "rk_test_") {
                let k = run(s + 8) { _ in false }
                return k - s >= 24 ? k : nil
            }
            if b.matches(s, "sk-") {
                let k = run(s + 3) { $0 == A.minus || $0 == A.underscore }
                return k - s >= 35 ? k : nil
            }
        case 0x77: // w
            if b.matches(s, "whsec_") {
                let k = run(s + 6) { _ in false }
                return k - s >= 30 ? k : nil
            }
        case 0x6E: // n
            if b.matches(s, "npm_") {
                let k = run(s + 4) { _ in false }
                return k - s == 40 ? k : nil
            }
        case 0x65: // e
            if b.matches(s, "eyJ") {
                let seg: (UInt8) -> Bool = { $0 == A.minus || $0 == A.underscore }
                let k1 = run(s + 3, seg)
                guard k1 - s >= 10, k1 < n, p[k1] == A.dot else { return nil }
                let k2 = run(k1 + 1, seg)
                guard k2 - k1 > 10, k2 < n, p[k2] == A.dot else { return nil }
                let k3 = run(k2 + 1, seg)
                return k3 - k2 > 10 ? k3 : nil
            }
        default: break
        }
        return nil
    }

    /// A PEM private-key block: `-----BEGIN ... PRIVATE KEY-----` through the matching END line
    /// (or the end of the base64 body when the END line is missing).
    static func privateKey(_ b: Bytes, _ s: Int) -> Int? {
        guard b.matches(s, "-----BEGIN ") else { return nil }
        let p = b.p, n = b.n
        var i = s + 11
        let lineEnd = min(n, s + 80)
        var found = false
        while i < lineEnd && p[i] != A.newline {
            if b.matches(i, "PRIVATE KEY-----") { found = true; i += 16; break }
            i += 1
        }
        guard found else { return nil }
        var k = i
        while k < n {
            if p[k] == A.minus && b.matches(k, "-----END ") {
                var e = k + 9
                while e < n && p[e] != A.newline && !b.matches(e, "-----") { e += 1 }
                return e < n && b.matches(e, "-----") ? e + 5 : e
            }
            let c = p[k]
            if !(isAlnum(c) || c == A.plus || c == A.slash || c == A.equals || c == A.newline || c == A.cr
                 || c == A.space || c == A.colon || c == A.minus || c == A.comma) {
                break
            }
            k += 1
        }
        return k
    }

    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == A.plus || c == A.slash || c == A.equals || c == A.underscore || c == A.minus || c == A.dot
    }

    /// A long random-looking token (20-512 characters of base64/hex/url-safe alphabet with
    /// letters and digits mixed and high character entropy) within 48 bytes after a word
    /// such as key, token, secret, password or bearer.
    static func entropySecret(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        var e = s
        var upper = 0, lowerCount = 0, digit = 0
        while e < n && isTokenByte(p[e]) && e - s <= 512 {
            let c = p[e]
            if isUpper(c) { upper += 1 } else if isLower(c) { lowerCount += 1 } else if isDigit(c) { digit += 1 }
            e += 1
        }
        while e > s && (p[e - 1] == A.dot || p[e - 1] == A.minus) { e -= 1 }
        let len = e - s
        if len < 20 || len > 512 || digit == 0 || (upper + lowerCount) == 0 { return nil }
        if e < n && isWordByte(p[e]) { return nil }
        if digit * 10 < len && !(upper > 0 && lowerCount > 0) { return nil }
        // Shannon entropy of the characters.
        var counts = [Int](repeating: 0, count: 128)
        for k in s..<e { counts[Int(p[k] & 0x7F)] += 1 }
        var h = 0.0
        let total = Double(len)
        for c in counts where c > 0 {
            let f = Double(c) / total
            h -= f * log2approx(f)
        }
        let hexOnly = upper == 0 && (s..<e).allSatisfy { isHex(p[$0]) }
        if h < (hexOnly ? 3.0 : 3.5) { return nil }
        return b.hasContext(s, s, before: 48, after: 0, words: Secrets.contextWords) ? e : nil
    }

    /// log2 without Foundation.
    @inline(__always) static func log2approx(_ x: Double) -> Double {
        // x in (0, 1]: use the identity log2(x) = ln(x) / ln 2 with a series on the mantissa.
        var m = x, e = 0.0
        while m < 0.5 { m *= 2; e -= 1 }
        // m in [0.5, 1): ln(m) via atanh series.
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y, sum = 0.0
        var k = 1.0
        for _ in 0..<12 { sum += term / k; term *= y2; k += 2 }
        return e + 2 * sum / 0.6931471805599453
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

/// Words that make a high-entropy token a secret.
enum Secrets {
    static let contextWords: [[UInt8]] = ["key", "token", "secret", "passw", "pwd", "bearer", "auth", "credential",
                                          "api", "private"].map { Array($0.utf8) }
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
