import Foundation

/// Secrets with a structure the detector checks in code: PEM private keys (with key material),
/// JSON Web Tokens (also wrapped across lines), and high-entropy tokens near a cue word in prose.
extension SecretCatalogue {
    /// A PEM/OpenSSH/PGP private-key block: `-----BEGIN … PRIVATE KEY[ BLOCK]-----` through the END
    /// line, holding at least 64 base64 characters of key material (an empty block is no secret).
    static func privateKey(_ b: Bytes, _ s: Int) -> Int? {
        guard b.matches(s, "-----BEGIN ") else { return nil }
        let p = b.p, n = b.n
        var i = s + 11
        let lineEnd = min(n, s + 100)
        var found = false
        while i < lineEnd && p[i] != A.newline {
            if b.matches(i, "PRIVATE KEY") {
                i += 11
                if b.matches(i, " BLOCK") { i += 6 }
                if b.matches(i, "-----") { found = true; i += 5 }
                break
            }
            i += 1
        }
        guard found else { return nil }
        var k = i, material = 0, lastMaterial = i
        while k < n && k - i < 65536 {
            let c = p[k]
            // The next block starts: this one has no END line (and no block is scanned twice).
            if c == A.minus && b.matches(k, "-----BEGIN") { break }
            if c == A.minus && b.matches(k, "-----END ") {
                guard material >= 64 else { return nil }
                var e = k + 9
                while e < n && p[e] != A.newline && e - k < 100 && !b.matches(e, "-----") { e += 1 }
                return e < n && b.matches(e, "-----") ? e + 5 : e
            }
            if isAlnum(c) || c == A.plus || c == A.slash || c == A.equals {
                material += 1
                lastMaterial = k + 1
            } else if !(c == A.newline || c == A.cr || c == A.space || c == A.tab || c == A.colon || c == A.minus
                        || c == A.comma || c == 0x5C || c == A.quote || c == A.dot) {
                break
            }
            k += 1
        }
        // No END line: the block runs to the end of its key material.
        return material >= 64 ? lastMaterial : nil
    }

    @inline(__always) static func isBase64URL(_ c: UInt8) -> Bool { isAlnum(c) || c == A.minus || c == A.underscore }

    /// A JSON Web Token at `s` (`ey…` header): `header.payload.signature` in base64url, the
    /// signature optional. A segment may wrap onto the next line (a break right after base64
    /// characters, the next line indented or not); returns the end.
    static func jwt(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        guard s + 2 < n, p[s] == 0x65, p[s + 1] == 0x79 else { return nil }
        var i = s
        /// Reads one segment; returns its length in base64 characters.
        func segment(wrapAllowed: Bool, limit: Int) -> Int {
            var count = 0
            while i < n && count <= limit {
                let c = p[i]
                if isBase64URL(c) || c == A.slash || c == 0x5C {
                    count += 1
                    i += 1
                    continue
                }
                // A line break inside the token: continue on the next line when it goes on in base64.
                if (c == A.newline || c == A.cr) && count > 0 && wrapAllowed {
                    var k = i
                    if p[k] == A.cr { k += 1 }
                    if k < n && p[k] == A.newline { k += 1 }
                    while k < n && (p[k] == A.space || p[k] == A.tab) && k - i < 16 { k += 1 }
                    if k < n && isBase64URL(p[k]) {
                        i = k
                        continue
                    }
                }
                break
            }
            return count
        }
        // Bounded segments: a long base64 blob with many lines starting "ey" costs linear time.
        let header = segment(wrapAllowed: true, limit: 512)
        guard header >= 10, header <= 512, i < n, p[i] == A.dot, i + 2 < n, p[i + 1] == 0x65, p[i + 2] == 0x79 else { return nil }
        i += 1
        let payload = segment(wrapAllowed: true, limit: 16384)
        guard payload >= 10, payload <= 16384, i < n, p[i] == A.dot else { return nil }
        i += 1
        let sigStart = i
        // The signature wraps only where a long line breaks and the next line is base64 alone.
        var column = 0
        var k = sigStart
        while k > 0 && p[k - 1] != A.newline && column < 200 { k -= 1; column += 1 }
        let signature = segment(wrapAllowed: false, limit: 4096)
        if signature > 0 && column + signature >= 60 && i < n && (p[i] == A.newline || p[i] == A.cr) {
            var j = i
            if p[j] == A.cr { j += 1 }
            if j < n && p[j] == A.newline { j += 1 }
            while j < n && (p[j] == A.space || p[j] == A.tab) && j - i < 16 { j += 1 }
            var e = j
            while e < n && isBase64URL(p[e]) { e += 1 }
            // The rest of the signature fills its line alone ("Next line." is prose, not base64).
            if e > j && (e >= n || p[e] == A.newline || p[e] == A.cr || p[e] == A.quote || p[e] == A.apostrophe || p[e] == A.equals) { i = e }
        }
        while i < n && p[i] == A.equals && i - sigStart < signature + 2 { i += 1 }
        if i < n && isAlnum(p[i]) { return nil }
        if signature == 0 { i = sigStart }
        return i
    }

    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == A.plus || c == A.slash || c == A.equals || c == A.underscore || c == A.minus || c == A.dot
    }

    /// Words that make a high-entropy token in prose a secret ("your API key is …").
    static let contextWords: [[UInt8]] = ["key", "token", "secret", "passw", "pwd", "bearer", "auth", "credential",
                                          "api", "private"].map { Array($0.utf8) }

    /// A long random-looking token (20-512 characters of base64/hex/url-safe alphabet with
    /// letters and digits mixed and high character entropy) within 48 bytes after a word
    /// such as key, token, secret, password or bearer. Not UUIDs, placeholders or versions.
    static func entropySecret(_ b: Bytes, _ s: Int) -> Int? {
        let p = b.p, n = b.n
        if s > 0 && isTokenByte(p[s - 1]) { return nil } // the middle of a token judged from its start
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
        // A value after an assignment operator was already judged by `assigned`.
        var k = s
        while k > 0 && s - k < 8 && (p[k - 1] == A.space || p[k - 1] == A.tab || p[k - 1] == A.quote || p[k - 1] == A.apostrophe) { k -= 1 }
        if k > 0 && (p[k - 1] == A.equals || p[k - 1] == A.colon || p[k - 1] == A.gt || p[k - 1] == A.comma) { return nil }
        // The cue word first: the cheapest check, and the one most tokens in prose fail.
        if !hasCueWord(b, s) { return nil }
        let hexOnly = upper == 0 && (s..<e).allSatisfy { isHex(p[$0]) || p[$0] == A.minus }
        if SecretValue.entropy(p, s, e) < (hexOnly ? 3.0 : 3.5) { return nil }
        if isUUID(p, s, e) || SecretValue.isPlaceholder(p, s, e) { return nil }
        return e
    }

    /// A cue word (`contextWords`, plural allowed) standing as a word of its own within the 48
    /// bytes before `s`: not inside an identifier (`authenticity_token`, `api03`).
    static func hasCueWord(_ b: Bytes, _ s: Int) -> Bool {
        let p = b.p
        let lo = max(0, s - 48)
        for i in lo..<s where i == 0 || !(isAlnum(p[i - 1]) || p[i - 1] == A.underscore) {
            let first = lower(p[i])
            for w in contextWords where w[0] == first && i + w.count <= s {
                var k = 1
                while k < w.count && lower(p[i + k]) == w[k] { k += 1 }
                if k == w.count {
                    var after = i + k
                    while after < s && isLower(p[after]) && after - i - k < 4 { after += 1 } // keys, tokens, password
                    if after >= s || !(isAlnum(p[after]) || p[after] == A.underscore || p[after] == A.minus) { return true }
                }
            }
        }
        return false
    }
}
