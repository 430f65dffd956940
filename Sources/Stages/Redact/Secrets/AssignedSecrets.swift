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
    static func cue(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (SecretCue, Int) {
        var best = SecretCue.none, bestEnd = start
        func has(_ j: Int, _ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            if j + length > end { return false }
            let expected = literal.utf8Start
            for k in 0..<length where ASCII.lowercased(text[j + k]) != expected[k] { return false }
            return true
        }
        var j = start
        while j < end {
            let byte = ASCII.lowercased(text[j])
            // Most bytes start no cue: two bytes looked up in `cuePairs` skip them.
            let pair = Int(byte) << 8 | Int(j + 1 < end ? ASCII.lowercased(text[j + 1]) : 0)
            if cuePairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 {
                j += 1
                continue
            }
            var found = SecretCue.none, len = 0
            switch byte {
            case 0x70: // p
                if has(j, "passw") { found = .password; len = 5 } else if has(j, "pwd") { found = .password; len = 3 } else if has(j, "pass") {
                    let k = j + 4
                    if k >= end || !ASCII.isLowercase(text[k]) { found = .password; len = 4 }
                } else if has(j, "private") { found = .key; len = 7 }
            case 0x73: if has(j, "secret") { found = .key; len = 6 }
            case 0x74: if has(j, "token") { found = .key; len = 5 }
            case 0x6B: if has(j, "key") { found = .key; len = 3 }
            case 0x61:
                // gitleaks: "api", "Api" or "API" only ("ultraPictureBox" is no cue).
                if j + 3 <= end && ((text[j + 1] == 0x70 && text[j + 2] == 0x69) || (text[j] == 0x41 && text[j + 1] == 0x50 && text[j + 2] == 0x49)) {
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

    /// Bit `a << 8 | b` is set when a cue of `cue(_:_:_:)` starts with the lowercase bytes `a b`.
    static let cuePairs: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for cue in ["passw", "pwd", "pass", "private", "secret", "token", "key", "api", "auth", "access", "credential", "creds", "bearer"] {
            let bytes = Array(cue.utf8)
            let pair = Int(bytes[0]) << 8 | Int(bytes[1])
            bits[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        return bits
    }()

    /// Judges the value after the assignment operator at `op` (`=`, `:`, `>`, `,`).
    func assigned(_ bytes: Bytes, _ op: Int) -> AssignmentVerdict {
        let text = bytes.buffer, count = bytes.count
        let operatorByte = text[op]
        var vs = op + 1
        var k = op
        switch operatorByte {
        case ASCII.equals:
            if vs < count && text[vs] == ASCII.equals { return .none } // ==
            if op > 0 && (text[op - 1] == ASCII.bang || text[op - 1] == ASCII.lt || text[op - 1] == ASCII.gt || text[op - 1] == ASCII.equals) { return .none }
            if vs < count && text[vs] == ASCII.gt { vs += 1 } // =>
            while k > 0 && op - k < 3 && (text[k - 1] == ASCII.colon || text[k - 1] == ASCII.question || text[k - 1] == ASCII.dot || text[k - 1] == ASCII.plus) { k -= 1 }
        case ASCII.colon:
            if vs + 1 < count && text[vs] == ASCII.slash && text[vs + 1] == ASCII.slash { return .none } // a URL: see urlCredentials
            while vs < count && text[vs] == ASCII.colon { vs += 1 }
            if vs < count && text[vs] == ASCII.equals { return .none } // ":=" is judged at its "="
        case ASCII.gt:
            // <apiToken>value</apiToken>
            guard op > 0, ASCII.isAlphanumeric(text[op - 1]) else { return .none }
        case ASCII.comma:
            guard op > 0, text[op - 1] == ASCII.quote || text[op - 1] == ASCII.apostrophe else { return .none }
        default:
            return .none
        }
        // The name: back over blanks, a closing quote, then identifier bytes and blanks.
        while k > 0 && op - k < 8 && (text[k - 1] == ASCII.space || text[k - 1] == ASCII.tab) { k -= 1 }
        if k > 0 && (text[k - 1] == ASCII.quote || text[k - 1] == ASCII.apostrophe) { k -= 1 }
        let nameEnd = k
        var ns = k
        while ns > 0 && nameEnd - ns < 64 {
            let byte = text[ns - 1]
            if ASCII.isAlphanumeric(byte) || byte == ASCII.underscore || byte == ASCII.dot || byte == ASCII.minus || byte == 0x24 || byte >= 0x80 {
                ns -= 1
            } else if (byte == ASCII.space || byte == ASCII.tab) && nameEnd - ns < 20 {
                ns -= 1 // gitleaks: blanks only in the 20 bytes before the operator ("var token string =")
            } else {
                break
            }
        }
        while ns < nameEnd && (text[ns] == ASCII.space || text[ns] == ASCII.tab) { ns += 1 }
        if ns == nameEnd { return .none }
        if operatorByte == ASCII.gt && !(ns > 0 && text[ns - 1] == ASCII.lt) { return .none }
        // The value first: an empty one ("PUBLISHED: . 12:33") needs no look at the name.
        // The value: blanks (a line break inside an XML element), an HTTP auth scheme, a quote.
        var cursor = vs
        while cursor < count && cursor - vs < 16 && (text[cursor] == ASCII.space || text[cursor] == ASCII.tab || text[cursor] == ASCII.equals
                                       || (operatorByte == ASCII.gt && (text[cursor] == ASCII.newline || text[cursor] == ASCII.cr))) { cursor += 1 }
        for scheme in ["bearer ", "basic ", "token ", "digest "] as [StaticString] where bytes.matchesLower(cursor, scheme) {
            cursor += scheme.utf8CodeUnitCount
            break
        }
        var quote: UInt8 = 0
        if cursor < count && (text[cursor] == ASCII.quote || text[cursor] == ASCII.apostrophe || text[cursor] == ASCII.backtick) {
            quote = text[cursor]
            cursor += 1
        }
        let start = cursor
        var valueEnd = start
        if quote != 0 {
            while valueEnd < count && text[valueEnd] != quote && text[valueEnd] != ASCII.newline && valueEnd - start < 512 {
                if text[valueEnd] == 0x5C { valueEnd += 1 }
                valueEnd += 1
            }
            guard valueEnd < count && text[valueEnd] == quote else { return .none }
        } else {
            while valueEnd < count && valueEnd - start < 256 {
                let byte = text[valueEnd]
                if byte <= 0x20 || byte == ASCII.quote || byte == ASCII.apostrophe || byte == ASCII.backtick || byte == ASCII.semicolon || byte == ASCII.comma
                    || byte == ASCII.lt || byte == 0x5C || byte == ASCII.rparen || byte == ASCII.rbracket || byte == 0x7D { break }
                valueEnd += 1
            }
            while valueEnd > start && (text[valueEnd - 1] == ASCII.dot || text[valueEnd - 1] == ASCII.colon) { valueEnd -= 1 }
        }
        let len = valueEnd - start
        if len == 0 { return .none }
        var (cue, cueEnd) = Self.cue(text, ns, nameEnd)
        if nameEnd - cueEnd > 20 { cue = .none } // gitleaks: at most 20 bytes between keyword and operator
        let vendor = cue == .none ? vendorRules(text, ns, nameEnd) : []
        if cue == .none && vendor.isEmpty { return .none }

        let resume = quote != 0 ? valueEnd + 1 : valueEnd
        // A token with its own format wins over the generic judgement (id = "ghp_…").
        if let token = prefixed(bytes, start) { return .secret(start: token.start, end: token.end) }
        if len >= 20 && text[start] == 0x65 && text[start + 1] == 0x79, let token = Self.jwt(bytes, start), vetJWT(bytes, start, token) { return .secret(start: start, end: token) }
        if len >= 8 {
            let found = vendor.isEmpty && cue != .none ? vendorRules(text, ns, nameEnd) : vendor
            for index in found {
                let rule = rules[index]
                guard let ids = rule.identifiers, ids.firstMatch(text, ns, nameEnd) != nil else { continue }
                let end = start + min(len, 1024)
                guard let slots = rule.regex.firstMatch(text, start, end, anchored: true), slots[1] == end,
                      let secretRange = CatalogueRegex.secret(slots, group: rule.secretGroup) else { continue }
                if vet(rule, bytes, secret: secretRange, match: (ns, valueEnd)) { return .secret(start: secretRange.start, end: secretRange.end) }
            }
        }
        if cue == .none { return .none }
        if genericValue(bytes, start, valueEnd, quoted: quote != 0, cue: cue, name: (ns, nameEnd)) { return .secret(start: start, end: valueEnd) }
        return .judged(resume: resume)
    }

    /// Assignment rules whose keyword occurs in the name `p[start..<end]`.
    func vendorRules(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [Int] {
        var out: [Int] = []
        guard end - start >= 2 else { return out } // keywords have two bytes or more (and `s..<e - 1` needs e > s)
        for j in start..<(end - 1) {
            let key = Self.keywordStart(ASCII.lowercased(text[j]), ASCII.lowercased(text[j + 1]), j + 2 < end ? ASCII.lowercased(text[j + 2]) : 0)
            if keywordStarts[key >> 6] & (1 << UInt64(key & 63)) == 0 { continue }
            let list = keywordIndex[Int(ASCII.lowercased(text[j]))]
            if list.isEmpty { continue }
            for (kw, rule) in list where kw.count <= end - j && !out.contains(rule) {
                var k = 1
                while k < kw.count && ASCII.lowercased(text[j + k]) == kw[k] { k += 1 }
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
        let text = bytes.buffer
        let len = end - start
        let first = text[start]
        if first == 0x24 || first == ASCII.percent || first == 0x7B || first == ASCII.lt || first == ASCII.at || first == ASCII.lbracket
            || first == ASCII.lparen || first == ASCII.hash { return false }
        if end < bytes.count && text[end] == ASCII.lparen { return false } // a function call
        if SecretValue.isPlaceholder(text, start, end) { return false }
        if isDocumented(text, start, end) { return false }
        var upper = 0, lowers = 0, digits = 0, other = 0, hex = true, space = false
        for k in start..<end {
            let byte = text[k]
            if ASCII.isUppercase(byte) { upper += 1 } else if ASCII.isLowercase(byte) { lowers += 1 } else if ASCII.isDigit(byte) { digits += 1 } else { other += 1 }
            if !ASCII.isHexDigit(byte) { hex = false }
            if byte == ASCII.space { space = true }
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
        let lowered = word.lowercased()
        if ["true", "false", "null", "none", "nil", "undefined", "required", "optional", "string", "password", "secret"].contains(lowered) { return false }
        if Self.isUUID(text, start, end) { return false }
        // An identifier (`os.environ`, `config.token`, `self.apiKey`) is a reference, not a value.
        if !quoted && digits == 0 && other == (lowered.filter { $0 == "." || $0 == "_" }).count { return false }
        let entropy = SecretValue.entropy(text, start, end)
        let classes = (upper > 0 ? 1 : 0) + (lowers > 0 ? 1 : 0) + (digits > 0 ? 1 : 0) + (other > 0 ? 1 : 0)
        let nameText = String(decoding: UnsafeBufferPointer(rebasing: text[name.0..<end]), as: UTF8.self)
        // The cheap judgement by the cue first: the allow-list (1,446 stop words searched in the
        // value) runs only on a value that would otherwise be reported, so a run of key-like
        // assignments with ordinary values ("key=secret:key=secret:…") costs no stop-word search.
        let looksSecret: Bool
        switch cue {
        case .none: return false
        case .password:
            if len < 6 || len > 128 || (space && entropy < 3.5) { return false }
            looksSecret = (classes >= 2 && entropy >= 2.5) || entropy >= 3.0
        case .key:
            if len < 10 || len > 512 || space { return false }
            for k in start..<end where !(ASCII.isAlphanumeric(text[k]) || text[k] == ASCII.underscore || text[k] == ASCII.minus || text[k] == ASCII.dot || text[k] == ASCII.equals
                                   || text[k] == ASCII.plus || text[k] == ASCII.slash || text[k] == 0x7E) { return false }
            if digits == 0 && !(word.contains("+") || word.contains("/")) { return false }
            looksSecret = entropy >= (hex ? 3.0 : 3.5)
        }
        guard looksSecret else { return false }
        // gitleaks' stop words (English words) judge key-like values only; passwords may hold words.
        if let generic = special("generic-api-key"),
           allowed(generic, bytes, secret: (start, end), match: (name.0, end), stopwords: cue == .key) || nameText.isEmpty { return false }
        return true
    }

    /// `8-4-4-4-12` hexadecimal: an identifier, not a credential.
    static func isUUID(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start == 36 else { return false }
        for k in 0..<36 {
            let byte = text[start + k]
            if k == 8 || k == 13 || k == 18 || k == 23 { if byte != ASCII.minus { return false } } else if !ASCII.isHexDigit(byte) { return false }
        }
        return true
    }

    /// The password of `scheme://user:password@host` where `colon` is the scheme's `:`.
    func urlCredentials(_ bytes: Bytes, _ colon: Int) -> (start: Int, end: Int)? {
        let text = bytes.buffer, count = bytes.count
        guard colon + 3 < count, text[colon + 1] == ASCII.slash, text[colon + 2] == ASCII.slash else { return nil }
        let userStart = colon + 3
        var i = userStart, sep = -1
        while i < count && i - userStart < 256 {
            let byte = text[i]
            if byte == ASCII.at { break }
            if byte <= 0x20 || byte == ASCII.slash || byte == ASCII.question || byte == ASCII.hash || byte == ASCII.quote || byte == ASCII.apostrophe || byte == ASCII.lt || byte == ASCII.gt {
                return nil
            }
            if byte == ASCII.colon && sep < 0 { sep = i }
            i += 1
        }
        guard i + 1 < count, text[i] == ASCII.at, sep > userStart, i - sep > 1, ASCII.isAlphanumeric(text[i + 1]) || text[i + 1] == ASCII.lbracket else { return nil }
        let start = sep + 1
        let first = text[start]
        if first == 0x24 || first == ASCII.percent || first == 0x7B || first == ASCII.lt || first == ASCII.star { return nil }
        if SecretValue.isPlaceholder(text, start, i) { return nil }
        let password = String(decoding: UnsafeBufferPointer(rebasing: text[start..<i]), as: UTF8.self).lowercased()
        if ["password", "pass", "passwd", "pwd", "secret", "token", "user", "username"].contains(password) { return nil }
        return (start, i)
    }

    /// `curl … -u user:pass` / `--user user:pass` with the option at `dash`: the credential.
    func curlUser(_ bytes: Bytes, _ dash: Int) -> (start: Int, end: Int)? {
        let text = bytes.buffer, count = bytes.count
        guard dash > 0, text[dash - 1] == ASCII.space || text[dash - 1] == ASCII.tab else { return nil }
        var k: Int
        if bytes.matches(dash, "-u"), dash + 2 < count, text[dash + 2] == ASCII.space || text[dash + 2] == ASCII.quote || text[dash + 2] == ASCII.apostrophe {
            k = dash + 2
        } else if bytes.matches(dash, "--user"), dash + 6 < count, text[dash + 6] == ASCII.space || text[dash + 6] == ASCII.equals {
            k = dash + 7
        } else {
            return nil
        }
        // `curl` earlier on this line or on up to five continued lines.
        var j = dash - 1, lines = 0, found = false
        while j >= 3 && dash - j < 1024 {
            if text[j] == ASCII.newline { lines += 1; if lines > 5 { break } }
            if ASCII.lowercased(text[j - 3]) == 0x63 && bytes.matchesLower(j - 3, "curl") && (j - 3 == 0 || !ASCII.isWordByte(text[j - 4]))
                && (j + 1 >= count || !ASCII.isWordByte(text[j + 1])) { found = true; break }
            j -= 1
        }
        guard found else { return nil }
        while k < count && (text[k] == ASCII.space || text[k] == ASCII.tab) && k - dash < 12 { k += 1 }
        let credentialStart = k
        var quote: UInt8 = 0
        var credentialEnd = k
        while credentialEnd < count && credentialEnd - credentialStart < 256 {
            let byte = text[credentialEnd]
            if quote != 0 {
                if byte == quote { quote = 0 }
                if byte == ASCII.newline { return nil }
            } else if byte == ASCII.quote || byte == ASCII.apostrophe {
                quote = byte
            } else if byte <= 0x20 {
                break
            }
            credentialEnd += 1
        }
        guard credentialEnd - credentialStart >= 4 else { return nil }
        let cred = String(decoding: UnsafeBufferPointer(rebasing: text[credentialStart..<credentialEnd]), as: UTF8.self)
        let bare = cred.filter { $0 != "\"" && $0 != "'" }
        guard let colon = bare.firstIndex(of: ":") else { return nil }
        let user = bare[..<colon], pass = bare[bare.index(after: colon)...]
        if user.count < 3 && pass.count < 3 { return nil }
        if pass.hasPrefix("$") || pass.hasPrefix("{") && !pass.dropFirst().contains(where: { $0.isNumber }) { return nil }
        if let rule = special("curl-auth-user") {
            if allowed(rule, bytes, secret: (credentialStart, credentialEnd), match: (credentialStart, credentialEnd)) || SecretValue.entropy(cred) < rule.entropy { return nil }
        }
        if SecretValue.isPlaceholder(String(pass)) && !pass.isEmpty { return nil }
        var start = credentialStart, end = credentialEnd
        if (text[start] == ASCII.quote || text[start] == ASCII.apostrophe) && text[end - 1] == text[start] { start += 1; end -= 1 }
        return (start, end)
    }
}
