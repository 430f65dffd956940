import Foundation

extension SecretCatalogue {
    /// Longest window a prefix rule's regex sees (tokens are shorter; multi-line rules need room).
    static let window = 1100

    /// A token of a prefix rule whose prefix starts at `wordStart` (a word start): the byte range of its
    /// secret, checked against the rule's entropy floor, allow-lists and placeholders.
    func prefixed(_ bytes: Bytes, _ wordStart: Int) -> (start: Int, end: Int)? {
        guard wordStart + 1 < bytes.count, mayStart(bytes.buffer[wordStart], bytes.buffer[wordStart + 1], wordStart + 2 < bytes.count ? bytes.buffer[wordStart + 2] : 0) else { return nil }
        let key = UInt16(ASCII.lowercased(bytes.buffer[wordStart])) << 8 | UInt16(ASCII.lowercased(bytes.buffer[wordStart + 1]))
        guard let slot = prefixSlot(key) else { return nil }
        let candidates = prefixLists[slot]
        var lastTried = -1 // one rule's prefixes are adjacent in the table
        for index in candidates.indices where candidates[index].rule != lastTried {
            let tokenStart = wordStart - candidates[index].lead
            let matched = candidates[index].bytes.withUnsafeBufferPointer { prefixBytes -> Bool in
                guard tokenStart >= 0, tokenStart + prefixBytes.count <= bytes.count else { return false }
                let folding = candidates[index].caseInsensitive
                for k in 0..<prefixBytes.count {
                    let textByte = bytes.buffer[tokenStart + k], prefixByte = prefixBytes[k]
                    if textByte != prefixByte && !(folding && ASCII.lowercased(textByte) == ASCII.lowercased(prefixByte)) { return false }
                }
                return true
            }
            guard matched else { continue }
            lastTried = candidates[index].rule
            if let found = confirm(rules[lastTried], bytes, tokenStart, keywordSeen: candidates[index].holdsKeyword) { return found }
        }
        return nil
    }

    /// The index of `key` in `prefixKeys`, by binary search.
    @inline(__always) func prefixSlot(_ key: UInt16) -> Int? {
        var lo = 0, hi = prefixKeys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if prefixKeys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < prefixKeys.count && prefixKeys[lo] == key ? lo : nil
    }

    /// Runs `rule`'s regex at `start` and vets the secret it finds.
    /// `keywordSeen`: the prefix holds one of the rule's keywords (no search needed).
    func confirm(_ rule: SecretRule, _ bytes: Bytes, _ start: Int, keywordSeen: Bool = false) -> (start: Int, end: Int)? {
        // A one-line token needs only its own bytes (to the first blank) and its boundary byte.
        var limit = Self.window
        if !rule.multiline {
            var k = start
            while k < bytes.count && bytes.buffer[k] > 0x20 && k - start < Self.window { k += 1 }
            limit = k - start + 2
        }
        var end = min(bytes.count, start + limit)
        // Too short for the format ("patient" is no Airtable token): no keyword search, no match.
        let program = rule.regex.bytes
        if let program, end - start < program.minLength { return nil }
        guard keywordSeen || Self.hasKeyword(rule, bytes, start) else { return nil }
        var found = rule.regex.firstMatch(bytes.buffer, start, end, anchored: true, program: program)
        if found == nil && !rule.multiline {
            // A token at the end of a sentence or in parentheses: gitleaks' boundary does not
            // accept ".,!?:)]" after it, so try again with that punctuation cut off.
            var cutEnd = start + limit - 2
            while cutEnd > start, let byte = Optional(bytes.buffer[cutEnd - 1]), byte == ASCII.dot || byte == ASCII.comma || byte == ASCII.bang || byte == ASCII.question
                    || byte == ASCII.colon || byte == ASCII.rparen || byte == ASCII.rbracket { cutEnd -= 1 }
            if cutEnd < start + limit - 2 && cutEnd > start {
                end = min(bytes.count, cutEnd)
                found = rule.regex.firstMatch(bytes.buffer, start, end, anchored: true, program: program)
            }
        }
        guard let slots = found, var token = CatalogueRegex.secret(slots, group: rule.secretGroup), slots[1] > slots[0] else { return nil }
        let whole = (start: slots[0], end: slots[1])
        // A short group is a repeated part of the format (Teams' `([a-z0-9]{4}-){3}`), not the
        // secret: take the whole match without its trailing boundary byte.
        if token.end - token.start < 12 && whole.end - whole.start > token.end - token.start {
            token = whole
            while token.end > token.start, let byte = Optional(bytes.buffer[token.end - 1]),
                  byte <= 0x20 || byte == ASCII.quote || byte == ASCII.apostrophe || byte == ASCII.semicolon || byte == ASCII.backtick { token.end -= 1 }
        }
        return vet(rule, bytes, secret: token, match: whole) ? token : nil
    }

    /// gitleaks runs a rule only where one of its keywords occurs: here, in the 512 bytes from `start`.
    /// Each keyword's first byte (either case) is found with `memchr`, then the rest is compared.
    static func hasKeyword(_ rule: SecretRule, _ bytes: Bytes, _ start: Int) -> Bool {
        if rule.keywords.isEmpty { return true }
        guard let base = bytes.buffer.baseAddress else { return false }
        let end = min(bytes.count, start + 512)
        for keyword in rule.keywords where !keyword.isEmpty && keyword.count <= end - start {
            let last = end - keyword.count
            let first = keyword[0]
            let firstUpper = first >= 0x61 && first <= 0x7A ? first - 0x20 : first
            var i = start
            while i <= last {
                // The next byte equal to f0 or f1 in i...last.
                var next = last + 1
                if let found = memchr(base + i, Int32(first), next - i) { next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) }
                if firstUpper != first, next > i, let found = memchr(base + i, Int32(firstUpper), next - i) { next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) }
                if next > last { break }
                var k = 1
                while k < keyword.count && ASCII.lowercased(bytes.buffer[next + k]) == keyword[k] { k += 1 }
                if k == keyword.count { return true }
                i = next + 1
            }
        }
        return false
    }

    /// The checks every catalogue finding passes: checksum or entropy floor, placeholders,
    /// documented examples, the rule's and the global allow-lists.
    func vet(_ rule: SecretRule, _ bytes: Bytes, secret: (start: Int, end: Int), match: (start: Int, end: Int)) -> Bool {
        if isDocumented(bytes.buffer, secret.start, secret.end) { return false }
        // The literal start of the token ("sk_test_", "glpat-") is not judged as a placeholder.
        var body = secret.start
        var cut = min(secret.end, secret.start + 16)
        while cut > secret.start {
            let byte = bytes.buffer[cut - 1]
            if byte == ASCII.underscore || byte == ASCII.minus || byte == ASCII.dot { body = cut; break }
            cut -= 1
        }
        if SecretValue.isPlaceholder(bytes.buffer, secret.start, secret.end, from: body) { return false }
        // A fixed-length rule may stop before a placeholder tail ("…b25hd3MuY29tXXXXXXXX").
        var tail = secret.end
        while tail < bytes.count && ASCII.isAlphanumeric(bytes.buffer[tail]) && tail - secret.end < 64 { tail += 1 }
        if tail - secret.end >= 4 && SecretValue.isPlaceholder(bytes.buffer, secret.end, tail) { return false }
        let checked = rule.checksum.map { SecretValue.checksumValid($0, Array(bytes.buffer[secret.start..<secret.end])) } ?? false
        if !checked && SecretValue.entropy(bytes.buffer, secret.start, secret.end) < rule.entropy { return false }
        if allowed(rule, bytes, secret: secret, match: match) { return false }
        return true
    }

    /// `true` when an allow-list (the rule's or the global one) lets the secret `bytes[secret]` through.
    func allowed(_ rule: SecretRule, _ bytes: Bytes, secret: (start: Int, end: Int), match: (start: Int, end: Int),
                 stopwords: Bool = true) -> Bool {
        if globalAllow.allows(bytes.buffer, secret: secret, match: secret, line: secret, stopwords: stopwords) { return true }
        if rule.allow.isEmpty { return false }
        // The line around the match (up to 512 bytes each way), found only for a list that needs it.
        var line = match
        if rule.allow.contains(where: { $0.target == .line }) {
            while line.start > 0 && bytes.buffer[line.start - 1] != ASCII.newline && match.start - line.start < 512 { line.start -= 1 }
            while line.end < bytes.count && bytes.buffer[line.end] != ASCII.newline && line.end - match.end < 512 { line.end += 1 }
        }
        return rule.allow.contains { $0.allows(bytes.buffer, secret: secret, match: match, line: line, stopwords: stopwords) }
    }
}
