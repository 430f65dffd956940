/// Where the single-pass scanner (`Detectors.scan`) hands over to the secret detectors: at a
/// word start (token prefixes, JWTs, credentials in URLs), at an assignment operator (generic and
/// vendor secrets) and at a dash (`-----BEGIN … PRIVATE KEY`, `curl -u`).
extension Detectors {
    /// A secret starting at the word `start..<wordEnd`; returns where the scan resumes. A password
    /// in a URL is appended without consuming the URL, so the URL detector still runs.
    @inline(__always)
    func secretAtWord(_ bytes: Bytes, _ start: Int, wordEnd end: Int, _ out: inout [Match]) -> Int? {
        let text = bytes.buffer, count = bytes.count
        if end < count && text[end] == ASCII.colon && end - start <= 12, let found = secrets.urlCredentials(bytes, end) {
            out.append(Match(start: found.start, end: found.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
        }
        guard start + 1 < count else { return nil }
        let jwtStart = text[start] == 0x65 && text[start + 1] == 0x79
        guard jwtStart || secrets.mayStart(text[start], text[start + 1], start + 2 < count ? text[start + 2] : 0) else { return nil }
        if jwtStart, let tokenEnd = SecretCatalogue.jwt(bytes, start), secrets.vetJWT(bytes, start, tokenEnd) {
            out.append(Match(start: start, end: tokenEnd, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
            return tokenEnd
        }
        if let found = secrets.prefixed(bytes, start) {
            out.append(Match(start: found.start, end: found.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
            return max(found.end, start + 1)
        }
        return nil
    }

    /// A secret assigned at the operator `op` (`=`, `:`, `>`, `,`), or a password in a
    /// `scheme://user:pass@host` URL whose scheme ends at `op`.
    @inline(__always)
    func assignedSecret(_ bytes: Bytes, _ op: Int) -> (start: Int, end: Int)? {
        if op == 0 { return nil }
        let prev = bytes.buffer[op - 1]
        if bytes.buffer[op] == ASCII.comma && prev != ASCII.quote && prev != ASCII.apostrophe { return nil } // prose commas: nothing to do
        // Operators after a name, a closing quote or blanks; never inside numbers ("10:30").
        guard ASCII.isLetter(prev) || prev == ASCII.quote || prev == ASCII.apostrophe || prev == ASCII.space || prev == ASCII.tab || prev == ASCII.underscore
                || prev == ASCII.colon || prev == ASCII.question || prev == ASCII.dot || prev == ASCII.plus || (ASCII.isDigit(prev) && bytes.buffer[op] != ASCII.colon)
        else { return nil }
        if bytes.buffer[op] == ASCII.colon, let credentials = secrets.urlCredentials(bytes, op) { return credentials }
        if case .secret(let start, let end) = secrets.assigned(bytes, op) { return (start, end) }
        return nil
    }

    /// A private-key block or a `curl -u` credential at the dash `dash`.
    @inline(__always)
    func dashSecret(_ bytes: Bytes, _ dash: Int) -> (start: Int, end: Int)? {
        guard dash + 1 < bytes.count else { return nil }
        let next = bytes.buffer[dash + 1]
        if next == ASCII.minus, let end = SecretCatalogue.privateKey(bytes, dash) { return (dash, end) }
        if next == 0x75 || next == ASCII.minus, let credentials = secrets.curlUser(bytes, dash) { return credentials }
        return nil
    }
}

extension SecretCatalogue {
    /// The catalogue's `jwt` rule: entropy floor and placeholders.
    func vetJWT(_ bytes: Bytes, _ start: Int, _ end: Int) -> Bool {
        if SecretValue.isPlaceholder(bytes.buffer, start, end) && !(end - start > 60) { return false }
        return SecretValue.entropy(bytes.buffer, start, end) >= (special("jwt")?.entropy ?? 3)
    }
}
