/// Where the single-pass scanner (`Detectors.scan`) hands over to the secret detectors: at a
/// word start (token prefixes, JWTs, credentials in URLs), at an assignment operator (generic and
/// vendor secrets) and at a dash (`-----BEGIN … PRIVATE KEY`, `curl -u`).
extension Detectors {
    /// A secret starting at the word `s..<wordEnd`; returns where the scan resumes. A password
    /// in a URL is appended without consuming the URL, so the URL detector still runs.
    @inline(__always)
    func secretAtWord(_ b: Bytes, _ s: Int, wordEnd e: Int, _ out: inout [Match]) -> Int? {
        let p = b.p, n = b.n
        if e < n && p[e] == A.colon && e - s <= 12, let r = secrets.urlCredentials(b, e) {
            out.append(Match(start: r.start, end: r.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
        }
        guard s + 1 < n else { return nil }
        let jwtStart = p[s] == 0x65 && p[s + 1] == 0x79
        guard jwtStart || secrets.mayStart(p[s], p[s + 1], s + 2 < n ? p[s + 2] : 0) else { return nil }
        if jwtStart, let t = SecretCatalogue.jwt(b, s), secrets.vetJWT(b, s, t) {
            out.append(Match(start: s, end: t, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
            return t
        }
        if let r = secrets.prefixed(b, s) {
            out.append(Match(start: r.start, end: r.end, type: Kind.secret.rawValue, priority: Kind.secret.rawValue))
            return max(r.end, s + 1)
        }
        return nil
    }

    /// A secret assigned at the operator `op` (`=`, `:`, `>`, `,`), or a password in a
    /// `scheme://user:pass@host` URL whose scheme ends at `op`.
    @inline(__always)
    func assignedSecret(_ b: Bytes, _ op: Int) -> (start: Int, end: Int)? {
        if op == 0 { return nil }
        let prev = b.p[op - 1]
        if b.p[op] == A.comma && prev != A.quote && prev != A.apostrophe { return nil } // prose commas: nothing to do
        // Operators after a name, a closing quote or blanks; never inside numbers ("10:30").
        guard isAlpha(prev) || prev == A.quote || prev == A.apostrophe || prev == A.space || prev == A.tab || prev == A.underscore
                || prev == A.colon || prev == A.question || prev == A.dot || prev == A.plus || (isDigit(prev) && b.p[op] != A.colon)
        else { return nil }
        if b.p[op] == A.colon, let r = secrets.urlCredentials(b, op) { return r }
        if case .secret(let s, let e) = secrets.assigned(b, op) { return (s, e) }
        return nil
    }

    /// A private-key block or a `curl -u` credential at the dash `i`.
    @inline(__always)
    func dashSecret(_ b: Bytes, _ i: Int) -> (start: Int, end: Int)? {
        guard i + 1 < b.n else { return nil }
        let next = b.p[i + 1]
        if next == A.minus, let e = SecretCatalogue.privateKey(b, i) { return (i, e) }
        if next == 0x75 || next == A.minus, let r = secrets.curlUser(b, i) { return r }
        return nil
    }
}

extension SecretCatalogue {
    /// The catalogue's `jwt` rule: entropy floor and placeholders.
    func vetJWT(_ b: Bytes, _ s: Int, _ e: Int) -> Bool {
        if SecretValue.isPlaceholder(b.p, s, e) && !(e - s > 60) { return false }
        return SecretValue.entropy(b.p, s, e) >= (special("jwt")?.entropy ?? 3)
    }
}
