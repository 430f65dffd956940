import Foundation

/// Secrets with a structure the detector checks in code: PEM private keys (with key material),
/// JSON Web Tokens (also wrapped across lines), and high-entropy tokens near a cue word in prose.
extension SecretCatalogue {
    /// A PEM/OpenSSH/PGP private-key block: `-----BEGIN … PRIVATE KEY[ BLOCK]-----` through the END
    /// line, holding at least 64 base64 characters of key material (an empty block is no secret).
    static func privateKey(_ bytes: Bytes, _ start: Int) -> Int? {
        guard bytes.matches(start, "-----BEGIN ") else { return nil }
        let p = bytes.p, n = bytes.n
        var i = start + 11
        let lineEnd = min(n, start + 100)
        var found = false
        while i < lineEnd && p[i] != ASCII.newline {
            if bytes.matches(i, "PRIVATE KEY") {
                i += 11
                if bytes.matches(i, " BLOCK") { i += 6 }
                if bytes.matches(i, "-----") { found = true; i += 5 }
                break
            }
            i += 1
        }
        guard found else { return nil }
        var k = i, material = 0, lastMaterial = i
        while k < n && k - i < 65536 {
            let byte = p[k]
            // The next block starts: this one has no END line (and no block is scanned twice).
            if byte == ASCII.minus && bytes.matches(k, "-----BEGIN") { break }
            if byte == ASCII.minus && bytes.matches(k, "-----END ") {
                guard material >= 64 else { return nil }
                var end = k + 9
                while end < n && p[end] != ASCII.newline && end - k < 100 && !bytes.matches(end, "-----") { end += 1 }
                return end < n && bytes.matches(end, "-----") ? end + 5 : end
            }
            if ASCII.isAlphanumeric(byte) || byte == ASCII.plus || byte == ASCII.slash || byte == ASCII.equals {
                material += 1
                lastMaterial = k + 1
            } else if !(byte == ASCII.newline || byte == ASCII.cr || byte == ASCII.space || byte == ASCII.tab || byte == ASCII.colon || byte == ASCII.minus
                        || byte == ASCII.comma || byte == 0x5C || byte == ASCII.quote || byte == ASCII.dot) {
                break
            }
            k += 1
        }
        // No END line: the block runs to the end of its key material.
        return material >= 64 ? lastMaterial : nil
    }

    @inline(__always) static func isBase64URL(_ byte: UInt8) -> Bool { ASCII.isAlphanumeric(byte) || byte == ASCII.minus || byte == ASCII.underscore }

    /// A JSON Web Token at `start` (`ey…` header): `header.payload.signature` in base64url, the
    /// signature optional. A segment may wrap onto the next line (a break right after base64
    /// characters, the next line indented or not); returns the end.
    static func jwt(_ bytes: Bytes, _ start: Int) -> Int? {
        let p = bytes.p, n = bytes.n
        guard start + 2 < n, p[start] == 0x65, p[start + 1] == 0x79 else { return nil }
        var i = start
        /// Reads one segment; returns its length in base64 characters.
        func segment(wrapAllowed: Bool, limit: Int) -> Int {
            var count = 0
            while i < n && count <= limit {
                let byte = p[i]
                if isBase64URL(byte) || byte == ASCII.slash || byte == 0x5C {
                    count += 1
                    i += 1
                    continue
                }
                // A line break inside the token: continue on the next line when it goes on in base64.
                if (byte == ASCII.newline || byte == ASCII.cr) && count > 0 && wrapAllowed {
                    var k = i
                    if p[k] == ASCII.cr { k += 1 }
                    if k < n && p[k] == ASCII.newline { k += 1 }
                    while k < n && (p[k] == ASCII.space || p[k] == ASCII.tab) && k - i < 16 { k += 1 }
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
        guard header >= 10, header <= 512, i < n, p[i] == ASCII.dot, i + 2 < n, p[i + 1] == 0x65, p[i + 2] == 0x79 else { return nil }
        i += 1
        let payload = segment(wrapAllowed: true, limit: 16384)
        guard payload >= 10, payload <= 16384, i < n, p[i] == ASCII.dot else { return nil }
        i += 1
        let sigStart = i
        // The signature wraps only where a long line breaks and the next line is base64 alone.
        var column = 0
        var k = sigStart
        while k > 0 && p[k - 1] != ASCII.newline && column < 200 { k -= 1; column += 1 }
        let signature = segment(wrapAllowed: false, limit: 4096)
        if signature > 0 && column + signature >= 60 && i < n && (p[i] == ASCII.newline || p[i] == ASCII.cr) {
            var j = i
            if p[j] == ASCII.cr { j += 1 }
            if j < n && p[j] == ASCII.newline { j += 1 }
            while j < n && (p[j] == ASCII.space || p[j] == ASCII.tab) && j - i < 16 { j += 1 }
            var end = j
            while end < n && isBase64URL(p[end]) { end += 1 }
            // The rest of the signature fills its line alone ("Next line." is prose, not base64).
            if end > j && (end >= n || p[end] == ASCII.newline || p[end] == ASCII.cr || p[end] == ASCII.quote || p[end] == ASCII.apostrophe || p[end] == ASCII.equals) { i = end }
        }
        while i < n && p[i] == ASCII.equals && i - sigStart < signature + 2 { i += 1 }
        if i < n && ASCII.isAlphanumeric(p[i]) { return nil }
        if signature == 0 { i = sigStart }
        return i
    }

    @inline(__always) static func isTokenByte(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == ASCII.plus || byte == ASCII.slash || byte == ASCII.equals || byte == ASCII.underscore || byte == ASCII.minus || byte == ASCII.dot
    }

    /// Words that make a high-entropy token in prose a secret ("your API key is …").
    static let contextWords: [[UInt8]] = ["key", "token", "secret", "passw", "pwd", "bearer", "auth", "credential",
                                          "api", "private"].map { Array($0.utf8) }

    /// A long random-looking token (20-512 characters of base64/hex/url-safe alphabet with
    /// letters and digits mixed and high character entropy) within 48 bytes after a word
    /// such as key, token, secret, password or bearer. Not UUIDs, placeholders or versions.
    static func entropySecret(_ bytes: Bytes, _ start: Int) -> Int? {
        let p = bytes.p, n = bytes.n
        if start > 0 && isTokenByte(p[start - 1]) { return nil } // the middle of a token judged from its start
        var end = start
        var upper = 0, lowerCount = 0, digit = 0
        while end < n && isTokenByte(p[end]) && end - start <= 512 {
            let byte = p[end]
            if ASCII.isUppercase(byte) { upper += 1 } else if ASCII.isLowercase(byte) { lowerCount += 1 } else if ASCII.isDigit(byte) { digit += 1 }
            end += 1
        }
        while end > start && (p[end - 1] == ASCII.dot || p[end - 1] == ASCII.minus) { end -= 1 }
        let len = end - start
        if len < 20 || len > 512 || digit == 0 || (upper + lowerCount) == 0 { return nil }
        if end < n && ASCII.isWordByte(p[end]) { return nil }
        if digit * 10 < len && !(upper > 0 && lowerCount > 0) { return nil }
        // A value after an assignment operator was already judged by `assigned`.
        var k = start
        while k > 0 && start - k < 8 && (p[k - 1] == ASCII.space || p[k - 1] == ASCII.tab || p[k - 1] == ASCII.quote || p[k - 1] == ASCII.apostrophe) { k -= 1 }
        if k > 0 && (p[k - 1] == ASCII.equals || p[k - 1] == ASCII.colon || p[k - 1] == ASCII.gt || p[k - 1] == ASCII.comma) { return nil }
        // The cue word first: the cheapest check, and the one most tokens in prose fail.
        if !hasCueWord(bytes, start) { return nil }
        let hexOnly = upper == 0 && (start..<end).allSatisfy { ASCII.isHexDigit(p[$0]) || p[$0] == ASCII.minus }
        if SecretValue.entropy(p, start, end) < (hexOnly ? 3.0 : 3.5) { return nil }
        if isUUID(p, start, end) || SecretValue.isPlaceholder(p, start, end) { return nil }
        return end
    }

    /// A cue word (`contextWords`, plural allowed) standing as a word of its own within the 48
    /// bytes before `start`: not inside an identifier (`authenticity_token`, `api03`).
    static func hasCueWord(_ bytes: Bytes, _ start: Int) -> Bool {
        let p = bytes.p
        let lo = max(0, start - 48)
        for i in lo..<start where i == 0 || !(ASCII.isAlphanumeric(p[i - 1]) || p[i - 1] == ASCII.underscore) {
            let first = ASCII.lowercased(p[i])
            for word in contextWords where word[0] == first && i + word.count <= start {
                var k = 1
                while k < word.count && ASCII.lowercased(p[i + k]) == word[k] { k += 1 }
                if k == word.count {
                    var after = i + k
                    while after < start && ASCII.isLowercase(p[after]) && after - i - k < 4 { after += 1 } // keys, tokens, password
                    if after >= start || !(ASCII.isAlphanumeric(p[after]) || p[after] == ASCII.underscore || p[after] == ASCII.minus) { return true }
                }
            }
        }
        return false
    }
}
