import Foundation

/// Secrets with a structure the detector checks in code: PEM private keys (with key material),
/// JSON Web Tokens (also wrapped across lines), and high-entropy tokens near a cue word in prose.
extension SecretCatalogue {
    /// A PEM/OpenSSH/PGP private-key block: `-----BEGIN … PRIVATE KEY[ BLOCK]-----` through the END
    /// line, holding at least 64 base64 characters of key material (an empty block is no secret).
    static func privateKey(_ bytes: Bytes, _ start: Int) -> Int? {
        guard bytes.matches(start, "-----BEGIN ") else { return nil }
        let text = bytes.buffer, count = bytes.count
        var i = start + 11
        let lineEnd = min(count, start + 100)
        var found = false
        while i < lineEnd && text[i] != ASCII.newline {
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
        while k < count && k - i < 65536 {
            let byte = text[k]
            // The next block starts: this one has no END line (and no block is scanned twice).
            if byte == ASCII.minus && bytes.matches(k, "-----BEGIN") { break }
            if byte == ASCII.minus && bytes.matches(k, "-----END ") {
                guard material >= 64 else { return nil }
                var end = k + 9
                while end < count && text[end] != ASCII.newline && end - k < 100 && !bytes.matches(end, "-----") { end += 1 }
                return end < count && bytes.matches(end, "-----") ? end + 5 : end
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
        let text = bytes.buffer, textLength = bytes.count
        guard start + 2 < textLength, text[start] == 0x65, text[start + 1] == 0x79 else { return nil }
        var i = start
        /// Reads one segment; returns its length in base64 characters.
        func segment(wrapAllowed: Bool, limit: Int) -> Int {
            var count = 0
            while i < textLength && count <= limit {
                let byte = text[i]
                if isBase64URL(byte) || byte == ASCII.slash || byte == 0x5C {
                    count += 1
                    i += 1
                    continue
                }
                // A line break inside the token: continue on the next line when it goes on in base64.
                if (byte == ASCII.newline || byte == ASCII.cr) && count > 0 && wrapAllowed {
                    var k = i
                    if text[k] == ASCII.cr { k += 1 }
                    if k < textLength && text[k] == ASCII.newline { k += 1 }
                    while k < textLength && (text[k] == ASCII.space || text[k] == ASCII.tab) && k - i < 16 { k += 1 }
                    if k < textLength && isBase64URL(text[k]) {
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
        guard header >= 10, header <= 512, i < textLength, text[i] == ASCII.dot, i + 2 < textLength, text[i + 1] == 0x65, text[i + 2] == 0x79 else { return nil }
        i += 1
        let payload = segment(wrapAllowed: true, limit: 16384)
        guard payload >= 10, payload <= 16384, i < textLength, text[i] == ASCII.dot else { return nil }
        i += 1
        let sigStart = i
        // The signature wraps only where a long line breaks and the next line is base64 alone.
        var column = 0
        var k = sigStart
        while k > 0 && text[k - 1] != ASCII.newline && column < 200 { k -= 1; column += 1 }
        let signature = segment(wrapAllowed: false, limit: 4096)
        if signature > 0 && column + signature >= 60 && i < textLength && (text[i] == ASCII.newline || text[i] == ASCII.cr) {
            var j = i
            if text[j] == ASCII.cr { j += 1 }
            if j < textLength && text[j] == ASCII.newline { j += 1 }
            while j < textLength && (text[j] == ASCII.space || text[j] == ASCII.tab) && j - i < 16 { j += 1 }
            var end = j
            while end < textLength && isBase64URL(text[end]) { end += 1 }
            // The rest of the signature fills its line alone ("Next line." is prose, not base64).
            if end > j && (end >= textLength || text[end] == ASCII.newline || text[end] == ASCII.cr || text[end] == ASCII.quote || text[end] == ASCII.apostrophe || text[end] == ASCII.equals) { i = end }
        }
        while i < textLength && text[i] == ASCII.equals && i - sigStart < signature + 2 { i += 1 }
        if i < textLength && ASCII.isAlphanumeric(text[i]) { return nil }
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
        let text = bytes.buffer, count = bytes.count
        if start > 0 && isTokenByte(text[start - 1]) { return nil } // the middle of a token judged from its start
        var end = start
        var upper = 0, lowerCount = 0, digit = 0
        while end < count && isTokenByte(text[end]) && end - start <= 512 {
            let byte = text[end]
            if ASCII.isUppercase(byte) { upper += 1 } else if ASCII.isLowercase(byte) { lowerCount += 1 } else if ASCII.isDigit(byte) { digit += 1 }
            end += 1
        }
        while end > start && (text[end - 1] == ASCII.dot || text[end - 1] == ASCII.minus) { end -= 1 }
        let len = end - start
        if len < 20 || len > 512 || digit == 0 || (upper + lowerCount) == 0 { return nil }
        if end < count && ASCII.isWordByte(text[end]) { return nil }
        if digit * 10 < len && !(upper > 0 && lowerCount > 0) { return nil }
        // A value after an assignment operator was already judged by `assigned`.
        var k = start
        while k > 0 && start - k < 8 && (text[k - 1] == ASCII.space || text[k - 1] == ASCII.tab || text[k - 1] == ASCII.quote || text[k - 1] == ASCII.apostrophe) { k -= 1 }
        if k > 0 && (text[k - 1] == ASCII.equals || text[k - 1] == ASCII.colon || text[k - 1] == ASCII.gt || text[k - 1] == ASCII.comma) { return nil }
        // The cue word first: the cheapest check, and the one most tokens in prose fail.
        if !hasCueWord(bytes, start) { return nil }
        let hexOnly = upper == 0 && (start..<end).allSatisfy { ASCII.isHexDigit(text[$0]) || text[$0] == ASCII.minus }
        if SecretValue.entropy(text, start, end) < (hexOnly ? 3.0 : 3.5) { return nil }
        if isUUID(text, start, end) || SecretValue.isPlaceholder(text, start, end) { return nil }
        return end
    }

    /// A cue word (`contextWords`, plural allowed) standing as a word of its own within the 48
    /// bytes before `start`: not inside an identifier (`authenticity_token`, `api03`).
    static func hasCueWord(_ bytes: Bytes, _ start: Int) -> Bool {
        let text = bytes.buffer
        let lo = max(0, start - 48)
        for i in lo..<start where i == 0 || !(ASCII.isAlphanumeric(text[i - 1]) || text[i - 1] == ASCII.underscore) {
            let first = ASCII.lowercased(text[i])
            for word in contextWords where word[0] == first && i + word.count <= start {
                var k = 1
                while k < word.count && ASCII.lowercased(text[i + k]) == word[k] { k += 1 }
                if k == word.count {
                    var after = i + k
                    while after < start && ASCII.isLowercase(text[after]) && after - i - k < 4 { after += 1 } // keys, tokens, password
                    if after >= start || !(ASCII.isAlphanumeric(text[after]) || text[after] == ASCII.underscore || text[after] == ASCII.minus) { return true }
                }
            }
        }
        return false
    }
}
