import Foundation

extension SecretCatalogue {
    /// Longest window a prefix rule's regex sees (tokens are shorter; multi-line rules need room).
    static let window = 1100

    /// A token of a prefix rule whose prefix starts at `s` (a word start): the byte range of its
    /// secret, checked against the rule's entropy floor, allow-lists and placeholders.
    func prefixed(_ b: Bytes, _ s: Int) -> (start: Int, end: Int)? {
        guard s + 1 < b.n, mayStart(b.p[s], b.p[s + 1], s + 2 < b.n ? b.p[s + 2] : 0) else { return nil }
        let key = UInt16(ASCII.lowercased(b.p[s])) << 8 | UInt16(ASCII.lowercased(b.p[s + 1]))
        guard let slot = prefixSlot(key) else { return nil }
        let candidates = prefixLists[slot]
        var lastTried = -1 // one rule's prefixes are adjacent in the table
        for q in candidates.indices where candidates[q].rule != lastTried {
            let start = s - candidates[q].lead
            let matched = candidates[q].bytes.withUnsafeBufferPointer { bytes -> Bool in
                guard start >= 0, start + bytes.count <= b.n else { return false }
                let folding = candidates[q].caseInsensitive
                for k in 0..<bytes.count {
                    let x = b.p[start + k], y = bytes[k]
                    if x != y && !(folding && ASCII.lowercased(x) == ASCII.lowercased(y)) { return false }
                }
                return true
            }
            guard matched else { continue }
            lastTried = candidates[q].rule
            if let r = confirm(rules[lastTried], b, start, keywordSeen: candidates[q].holdsKeyword) { return r }
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
            while k < bytes.n && bytes.p[k] > 0x20 && k - start < Self.window { k += 1 }
            limit = k - start + 2
        }
        var end = min(bytes.n, start + limit)
        // Too short for the format ("patient" is no Airtable token): no keyword search, no match.
        let program = rule.regex.bytes
        if let program, end - start < program.minLength { return nil }
        guard keywordSeen || Self.hasKeyword(rule, bytes, start) else { return nil }
        var found = rule.regex.firstMatch(bytes.p, start, end, anchored: true, program: program)
        if found == nil && !rule.multiline {
            // A token at the end of a sentence or in parentheses: gitleaks' boundary does not
            // accept ".,!?:)]" after it, so try again with that punctuation cut off.
            var e = start + limit - 2
            while e > start, let c = Optional(bytes.p[e - 1]), c == ASCII.dot || c == ASCII.comma || c == ASCII.bang || c == ASCII.question
                    || c == ASCII.colon || c == ASCII.rparen || c == ASCII.rbracket { e -= 1 }
            if e < start + limit - 2 && e > start {
                end = min(bytes.n, e)
                found = rule.regex.firstMatch(bytes.p, start, end, anchored: true, program: program)
            }
        }
        guard let m = found, var r = CatalogueRegex.secret(m, group: rule.secretGroup), m[1] > m[0] else { return nil }
        let whole = (start: m[0], end: m[1])
        // A short group is a repeated part of the format (Teams' `([a-z0-9]{4}-){3}`), not the
        // secret: take the whole match without its trailing boundary byte.
        if r.end - r.start < 12 && whole.end - whole.start > r.end - r.start {
            r = whole
            while r.end > r.start, let c = Optional(bytes.p[r.end - 1]),
                  c <= 0x20 || c == ASCII.quote || c == ASCII.apostrophe || c == ASCII.semicolon || c == ASCII.backtick { r.end -= 1 }
        }
        return vet(rule, bytes, secret: r, match: whole) ? r : nil
    }

    /// gitleaks runs a rule only where one of its keywords occurs: here, in the 512 bytes from `start`.
    /// Each keyword's first byte (either case) is found with `memchr`, then the rest is compared.
    static func hasKeyword(_ rule: SecretRule, _ bytes: Bytes, _ start: Int) -> Bool {
        if rule.keywords.isEmpty { return true }
        guard let base = bytes.p.baseAddress else { return false }
        let end = min(bytes.n, start + 512)
        for kw in rule.keywords where !kw.isEmpty && kw.count <= end - start {
            let last = end - kw.count
            let f0 = kw[0]
            let f1 = f0 >= 0x61 && f0 <= 0x7A ? f0 - 0x20 : f0
            var i = start
            while i <= last {
                // The next byte equal to f0 or f1 in i...last.
                var next = last + 1
                if let q = memchr(base + i, Int32(f0), next - i) { next = base.distance(to: q.assumingMemoryBound(to: UInt8.self)) }
                if f1 != f0, next > i, let q = memchr(base + i, Int32(f1), next - i) { next = base.distance(to: q.assumingMemoryBound(to: UInt8.self)) }
                if next > last { break }
                var k = 1
                while k < kw.count && ASCII.lowercased(bytes.p[next + k]) == kw[k] { k += 1 }
                if k == kw.count { return true }
                i = next + 1
            }
        }
        return false
    }

    /// The checks every catalogue finding passes: checksum or entropy floor, placeholders,
    /// documented examples, the rule's and the global allow-lists.
    func vet(_ rule: SecretRule, _ bytes: Bytes, secret r: (start: Int, end: Int), match: (start: Int, end: Int)) -> Bool {
        if isDocumented(bytes.p, r.start, r.end) { return false }
        // The literal start of the token ("sk_test_", "glpat-") is not judged as a placeholder.
        var body = r.start
        var u = min(r.end, r.start + 16)
        while u > r.start {
            let c = bytes.p[u - 1]
            if c == ASCII.underscore || c == ASCII.minus || c == ASCII.dot { body = u; break }
            u -= 1
        }
        if SecretValue.isPlaceholder(bytes.p, r.start, r.end, from: body) { return false }
        // A fixed-length rule may stop before a placeholder tail ("…b25hd3MuY29tXXXXXXXX").
        var tail = r.end
        while tail < bytes.n && ASCII.isAlphanumeric(bytes.p[tail]) && tail - r.end < 64 { tail += 1 }
        if tail - r.end >= 4 && SecretValue.isPlaceholder(bytes.p, r.end, tail) { return false }
        let checked = rule.checksum.map { SecretValue.checksumValid($0, Array(bytes.p[r.start..<r.end])) } ?? false
        if !checked && SecretValue.entropy(bytes.p, r.start, r.end) < rule.entropy { return false }
        if allowed(rule, bytes, secret: r, match: match) { return false }
        return true
    }

    /// `true` when an allow-list (the rule's or the global one) lets the secret `b[secret]` through.
    func allowed(_ rule: SecretRule, _ b: Bytes, secret: (start: Int, end: Int), match: (start: Int, end: Int),
                 stopwords: Bool = true) -> Bool {
        if globalAllow.allows(b.p, secret: secret, match: secret, line: secret, stopwords: stopwords) { return true }
        if rule.allow.isEmpty { return false }
        // The line around the match (up to 512 bytes each way), found only for a list that needs it.
        var line = match
        if rule.allow.contains(where: { $0.target == .line }) {
            while line.start > 0 && b.p[line.start - 1] != ASCII.newline && match.start - line.start < 512 { line.start -= 1 }
            while line.end < b.n && b.p[line.end] != ASCII.newline && line.end - match.end < 512 { line.end += 1 }
        }
        return rule.allow.contains { $0.allows(b.p, secret: secret, match: match, line: line, stopwords: stopwords) }
    }
}
