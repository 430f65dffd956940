import Foundation

/// What an assignment-operator check concluded.
enum AssignmentVerdict {
    /// No key-like name with a cue before the operator: nothing judged.
    case none
    /// A secret value at this byte range.
    case secret(start: Int, end: Int)
    /// A value was judged and is not a secret; the scan resumes at `resume`.
    case judged(resume: Int)
}

/// How strongly a name says its value is a credential.
enum SecretCue {
    case none
    /// password, passwd, pwd, passphrase, pass: any non-trivial value is a secret.
    case password
    /// secret, token, key, api, auth, access, credential(s), creds, bearer: high entropy needed.
    case key
}

/// Generic secrets: values assigned to key-like names in any style (camelCase, snake, kebab,
/// dotted, ENV, YAML, JSON, INI, XML attributes and elements, HTTP headers), credentials in URLs
/// and `curl -u user:pass`.
extension SecretCatalogue {
    /// The cue in a name (`p[start..<end]`), with where it ends: gitleaks' generic keywords found as
    /// substrings, so every naming style works (`weatherApiToken`, `db-password`, `AUTH.KEY`).
    static func cue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (SecretCue, Int) {
        var best = SecretCue.none, bestEnd = start
        func has(_ j: Int, _ literal: StaticString) -> Bool {
            let l = literal.utf8CodeUnitCount
            if j + l > end { return false }
            let u = literal.utf8Start
            for k in 0..<l where ASCII.lowercased(p[j + k]) != u[k] { return false }
            return true
        }
        var j = start
        while j < end {
            let c = ASCII.lowercased(p[j])
            var found = SecretCue.none, len = 0
            switch c {
            case 0x70: // p
                if has(j, "passw") { found = .password; len = 5 } else if has(j, "pwd") { found = .password; len = 3 } else if has(j, "pass") {
                    let k = j + 4
                    if k >= end || !ASCII.isLowercase(p[k]) { found = .password; len = 4 }
                } else if has(j, "private") { found = .key; len = 7 }
            case 0x73: if has(j, "secret") { found = .key; len = 6 }
            case 0x74: if has(j, "token") { found = .key; len = 5 }
            case 0x6B: if has(j, "key") { found = .key; len = 3 }
            case 0x61:
                // gitleaks: "api", "Api" or "API" only ("ultraPictureBox" is no cue).
                if j + 3 <= end && ((p[j + 1] == 0x70 && p[j + 2] == 0x69) || (p[j] == 0x41 && p[j + 1] == 0x50 && p[j + 2] == 0x49)) {
                    found = .key
                    len = 3
                } else if has(j, "auth") { found = .key; len = 4 } else if has(j, "access") { found = .key; len = 6 }
            case 0x63: if has(j, "credential") { found = .key; len = 10 } else if has(j, "creds") { found = .key; len = 5 }
            case 0x62: if has(j, "bearer") { found = .key; len = 6 }
            default: break
            }
            if case .password = found {
                best = .password
                bestEnd = j + len
            } else if case .key = found, case .none = best {
                best = .key
                bestEnd = j + len
            } else if case .key = found {
                bestEnd = max(bestEnd, j + len)
            }
            j += max(len, 1)
        }
        return (best, bestEnd)
    }

    /// Judges the value after the assignment operator at `op` (`=`, `:`, `>`, `,`).
    func assigned(_ bytes: Bytes, _ op: Int) -> AssignmentVerdict {
        let p = bytes.p, n = bytes.n
        let c = p[op]
        var vs = op + 1
        var k = op
        switch c {
        case ASCII.equals:
            if vs < n && p[vs] == ASCII.equals { return .none } // ==
            if op > 0 && (p[op - 1] == ASCII.bang || p[op - 1] == ASCII.lt || p[op - 1] == ASCII.gt || p[op - 1] == ASCII.equals) { return .none }
            if vs < n && p[vs] == ASCII.gt { vs += 1 } // =>
            while k > 0 && op - k < 3 && (p[k - 1] == ASCII.colon || p[k - 1] == ASCII.question || p[k - 1] == ASCII.dot || p[k - 1] == ASCII.plus) { k -= 1 }
        case ASCII.colon:
            if vs + 1 < n && p[vs] == ASCII.slash && p[vs + 1] == ASCII.slash { return .none } // a URL: see urlCredentials
            while vs < n && p[vs] == ASCII.colon { vs += 1 }
            if vs < n && p[vs] == ASCII.equals { return .none } // ":=" is judged at its "="
        case ASCII.gt:
            // <apiToken>value</apiToken>
            guard op > 0, ASCII.isAlphanumeric(p[op - 1]) else { return .none }
        case ASCII.comma:
            guard op > 0, p[op - 1] == ASCII.quote || p[op - 1] == ASCII.apostrophe else { return .none }
        default:
            return .none
        }
        // The name: back over blanks, a closing quote, then identifier bytes and blanks.
        while k > 0 && op - k < 8 && (p[k - 1] == ASCII.space || p[k - 1] == ASCII.tab) { k -= 1 }
        if k > 0 && (p[k - 1] == ASCII.quote || p[k - 1] == ASCII.apostrophe) { k -= 1 }
        let nameEnd = k
        var ns = k
        while ns > 0 && nameEnd - ns < 64 {
            let x = p[ns - 1]
            if ASCII.isAlphanumeric(x) || x == ASCII.underscore || x == ASCII.dot || x == ASCII.minus || x == 0x24 || x >= 0x80 {
                ns -= 1
            } else if (x == ASCII.space || x == ASCII.tab) && nameEnd - ns < 20 {
                ns -= 1 // gitleaks: blanks only in the 20 bytes before the operator ("var token string =")
            } else {
                break
            }
        }
        while ns < nameEnd && (p[ns] == ASCII.space || p[ns] == ASCII.tab) { ns += 1 }
        if ns == nameEnd { return .none }
        if c == ASCII.gt && !(ns > 0 && p[ns - 1] == ASCII.lt) { return .none }
        var (cue, cueEnd) = Self.cue(p, ns, nameEnd)
        if nameEnd - cueEnd > 20 { cue = .none } // gitleaks: at most 20 bytes between keyword and operator
        let vendor = cue == .none ? vendorRules(p, ns, nameEnd) : []
        if cue == .none && vendor.isEmpty { return .none }

        // The value: blanks (a line break inside an XML element), an HTTP auth scheme, a quote.
        var v = vs
        while v < n && v - vs < 16 && (p[v] == ASCII.space || p[v] == ASCII.tab || p[v] == ASCII.equals
                                       || (c == ASCII.gt && (p[v] == ASCII.newline || p[v] == ASCII.cr))) { v += 1 }
        for scheme in ["bearer ", "basic ", "token ", "digest "] as [StaticString] where bytes.matchesLower(v, scheme) {
            v += scheme.utf8CodeUnitCount
            break
        }
        var quote: UInt8 = 0
        if v < n && (p[v] == ASCII.quote || p[v] == ASCII.apostrophe || p[v] == ASCII.backtick) {
            quote = p[v]
            v += 1
        }
        let start = v
        var e = start
        if quote != 0 {
            while e < n && p[e] != quote && p[e] != ASCII.newline && e - start < 512 {
                if p[e] == 0x5C { e += 1 }
                e += 1
            }
            guard e < n && p[e] == quote else { return .none }
        } else {
            while e < n && e - start < 256 {
                let x = p[e]
                if x <= 0x20 || x == ASCII.quote || x == ASCII.apostrophe || x == ASCII.backtick || x == ASCII.semicolon || x == ASCII.comma
                    || x == ASCII.lt || x == 0x5C || x == ASCII.rparen || x == ASCII.rbracket || x == 0x7D { break }
                e += 1
            }
            while e > start && (p[e - 1] == ASCII.dot || p[e - 1] == ASCII.colon) { e -= 1 }
        }
        let len = e - start
        if len == 0 { return .none }
        let resume = quote != 0 ? e + 1 : e
        // A token with its own format wins over the generic judgement (id = "ghp_…").
        if let t = prefixed(bytes, start) { return .secret(start: t.start, end: t.end) }
        if len >= 20 && p[start] == 0x65 && p[start + 1] == 0x79, let t = Self.jwt(bytes, start), vetJWT(bytes, start, t) { return .secret(start: start, end: t) }
        if len >= 8 {
            let found = vendor.isEmpty && cue != .none ? vendorRules(p, ns, nameEnd) : vendor
            for index in found {
                let rule = rules[index]
                guard let ids = rule.identifiers, ids.firstMatch(p, ns, nameEnd) != nil else { continue }
                let end = start + min(len, 1024)
                guard let m = rule.regex.firstMatch(p, start, end, anchored: true), m[1] == end,
                      let r = CatalogueRegex.secret(m, group: rule.secretGroup) else { continue }
                if vet(rule, bytes, secret: r, match: (ns, e)) { return .secret(start: r.start, end: r.end) }
            }
        }
        if cue == .none { return .none }
        if genericValue(bytes, start, e, quoted: quote != 0, cue: cue, name: (ns, nameEnd)) { return .secret(start: start, end: e) }
        return .judged(resume: resume)
    }

    /// Assignment rules whose keyword occurs in the name `p[start..<end]`.
    func vendorRules(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [Int] {
        var out: [Int] = []
        guard end - start >= 2 else { return out } // keywords have two bytes or more (and `s..<e - 1` needs e > s)
        for j in start..<(end - 1) {
            let key = Self.keywordStart(ASCII.lowercased(p[j]), ASCII.lowercased(p[j + 1]), j + 2 < end ? ASCII.lowercased(p[j + 2]) : 0)
            if keywordStarts[key >> 6] & (1 << UInt64(key & 63)) == 0 { continue }
            let list = keywordIndex[Int(ASCII.lowercased(p[j]))]
            if list.isEmpty { continue }
            for (kw, rule) in list where kw.count <= end - j && !out.contains(rule) {
                var k = 1
                while k < kw.count && ASCII.lowercased(p[j + k]) == kw[k] { k += 1 }
                if k == kw.count { out.append(rule) }
            }
        }
        return out
    }

    /// The generic judgement of a value assigned to a cue name: not a reference, placeholder or
    /// identifier; for passwords any value of six or more characters with two character classes
    /// or some entropy; for keys and tokens a base64/hex/url-safe value of 10+ characters with a
    /// digit and gitleaks' entropy floor (3.5 bits, 3.0 for hex).
    func genericValue(_ bytes: Bytes, _ start: Int, _ end: Int, quoted: Bool, cue: SecretCue, name: (Int, Int)) -> Bool {
        let p = bytes.p
        let len = end - start
        let first = p[start]
        if first == 0x24 || first == ASCII.percent || first == 0x7B || first == ASCII.lt || first == ASCII.at || first == ASCII.lbracket
            || first == ASCII.lparen || first == ASCII.hash { return false }
        if end < bytes.n && p[end] == ASCII.lparen { return false } // a function call
        if SecretValue.isPlaceholder(p, start, end) { return false }
        if isDocumented(p, start, end) { return false }
        var upper = 0, lowers = 0, digits = 0, other = 0, hex = true, space = false
        for k in start..<end {
            let x = p[k]
            if ASCII.isUppercase(x) { upper += 1 } else if ASCII.isLowercase(x) { lowers += 1 } else if ASCII.isDigit(x) { digits += 1 } else { other += 1 }
            if !ASCII.isHexDigit(x) { hex = false }
            if x == ASCII.space { space = true }
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        let lowered = word.lowercased()
        if ["true", "false", "null", "none", "nil", "undefined", "required", "optional", "string", "password", "secret"].contains(lowered) { return false }
        if Self.isUUID(p, start, end) { return false }
        // An identifier (`os.environ`, `config.token`, `self.apiKey`) is a reference, not a value.
        if !quoted && digits == 0 && other == (lowered.filter { $0 == "." || $0 == "_" }).count { return false }
        let h = SecretValue.entropy(p, start, end)
        let classes = (upper > 0 ? 1 : 0) + (lowers > 0 ? 1 : 0) + (digits > 0 ? 1 : 0) + (other > 0 ? 1 : 0)
        let nameText = String(decoding: UnsafeBufferPointer(rebasing: p[name.0..<end]), as: UTF8.self)
        // The cheap judgement by the cue first: the allow-list (1,446 stop words searched in the
        // value) runs only on a value that would otherwise be reported, so a run of key-like
        // assignments with ordinary values ("key=secret:key=secret:…") costs no stop-word search.
        let looksSecret: Bool
        switch cue {
        case .none: return false
        case .password:
            if len < 6 || len > 128 || (space && h < 3.5) { return false }
            looksSecret = (classes >= 2 && h >= 2.5) || h >= 3.0
        case .key:
            if len < 10 || len > 512 || space { return false }
            for k in start..<end where !(ASCII.isAlphanumeric(p[k]) || p[k] == ASCII.underscore || p[k] == ASCII.minus || p[k] == ASCII.dot || p[k] == ASCII.equals
                                   || p[k] == ASCII.plus || p[k] == ASCII.slash || p[k] == 0x7E) { return false }
            if digits == 0 && !(word.contains("+") || word.contains("/")) { return false }
            looksSecret = h >= (hex ? 3.0 : 3.5)
        }
        guard looksSecret else { return false }
        // gitleaks' stop words (English words) judge key-like values only; passwords may hold words.
        if let generic = special("generic-api-key"),
           allowed(generic, bytes, secret: (start, end), match: (name.0, end), stopwords: cue == .key) || nameText.isEmpty { return false }
        return true
    }

    /// `8-4-4-4-12` hexadecimal: an identifier, not a credential.
    static func isUUID(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start == 36 else { return false }
        for k in 0..<36 {
            let x = p[start + k]
            if k == 8 || k == 13 || k == 18 || k == 23 { if x != ASCII.minus { return false } } else if !ASCII.isHexDigit(x) { return false }
        }
        return true
    }

    /// The password of `scheme://user:password@host` where `colon` is the scheme's `:`.
    func urlCredentials(_ bytes: Bytes, _ colon: Int) -> (start: Int, end: Int)? {
        let p = bytes.p, n = bytes.n
        guard colon + 3 < n, p[colon + 1] == ASCII.slash, p[colon + 2] == ASCII.slash else { return nil }
        let us = colon + 3
        var i = us, sep = -1
        while i < n && i - us < 256 {
            let x = p[i]
            if x == ASCII.at { break }
            if x <= 0x20 || x == ASCII.slash || x == ASCII.question || x == ASCII.hash || x == ASCII.quote || x == ASCII.apostrophe || x == ASCII.lt || x == ASCII.gt {
                return nil
            }
            if x == ASCII.colon && sep < 0 { sep = i }
            i += 1
        }
        guard i + 1 < n, p[i] == ASCII.at, sep > us, i - sep > 1, ASCII.isAlphanumeric(p[i + 1]) || p[i + 1] == ASCII.lbracket else { return nil }
        let start = sep + 1
        let first = p[start]
        if first == 0x24 || first == ASCII.percent || first == 0x7B || first == ASCII.lt || first == ASCII.star { return nil }
        if SecretValue.isPlaceholder(p, start, i) { return nil }
        let pw = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self).lowercased()
        if ["password", "pass", "passwd", "pwd", "secret", "token", "user", "username"].contains(pw) { return nil }
        return (start, i)
    }

    /// `curl … -u user:pass` / `--user user:pass` with the option at `dash`: the credential.
    func curlUser(_ bytes: Bytes, _ dash: Int) -> (start: Int, end: Int)? {
        let p = bytes.p, n = bytes.n
        guard dash > 0, p[dash - 1] == ASCII.space || p[dash - 1] == ASCII.tab else { return nil }
        var k: Int
        if bytes.matches(dash, "-u"), dash + 2 < n, p[dash + 2] == ASCII.space || p[dash + 2] == ASCII.quote || p[dash + 2] == ASCII.apostrophe {
            k = dash + 2
        } else if bytes.matches(dash, "--user"), dash + 6 < n, p[dash + 6] == ASCII.space || p[dash + 6] == ASCII.equals {
            k = dash + 7
        } else {
            return nil
        }
        // `curl` earlier on this line or on up to five continued lines.
        var j = dash - 1, lines = 0, found = false
        while j >= 3 && dash - j < 1024 {
            if p[j] == ASCII.newline { lines += 1; if lines > 5 { break } }
            if ASCII.lowercased(p[j - 3]) == 0x63 && bytes.matchesLower(j - 3, "curl") && (j - 3 == 0 || !ASCII.isWordByte(p[j - 4]))
                && (j + 1 >= n || !ASCII.isWordByte(p[j + 1])) { found = true; break }
            j -= 1
        }
        guard found else { return nil }
        while k < n && (p[k] == ASCII.space || p[k] == ASCII.tab) && k - dash < 12 { k += 1 }
        let s = k
        var quote: UInt8 = 0
        var e = k
        while e < n && e - s < 256 {
            let x = p[e]
            if quote != 0 {
                if x == quote { quote = 0 }
                if x == ASCII.newline { return nil }
            } else if x == ASCII.quote || x == ASCII.apostrophe {
                quote = x
            } else if x <= 0x20 {
                break
            }
            e += 1
        }
        guard e - s >= 4 else { return nil }
        let cred = String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        let bare = cred.filter { $0 != "\"" && $0 != "'" }
        guard let colon = bare.firstIndex(of: ":") else { return nil }
        let user = bare[..<colon], pass = bare[bare.index(after: colon)...]
        if user.count < 3 && pass.count < 3 { return nil }
        if pass.hasPrefix("$") || pass.hasPrefix("{") && !pass.dropFirst().contains(where: { $0.isNumber }) { return nil }
        if let rule = special("curl-auth-user") {
            if allowed(rule, bytes, secret: (s, e), match: (s, e)) || SecretValue.entropy(cred) < rule.entropy { return nil }
        }
        if SecretValue.isPlaceholder(String(pass)) && !pass.isEmpty { return nil }
        var start = s, end = e
        if (p[start] == ASCII.quote || p[start] == ASCII.apostrophe) && p[end - 1] == p[start] { start += 1; end -= 1 }
        return (start, end)
    }
}
