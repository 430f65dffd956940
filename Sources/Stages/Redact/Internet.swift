// E-mail addresses, URLs and IP addresses, by the standards: RFC 5321/5322 local parts (quoted
// ones too) with RFC 6531 non-ASCII characters, host names by RFC 1123 and IDNA (punycode
// labels decoded and checked), IPv4 by its four octets, IPv6 in every RFC 4291/5952 form.

extension Detectors {
    // MARK: non-ASCII scalars

    /// The length of the UTF-8 sequence starting with `lead`.
    @inline(__always) static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// For a non-ASCII scalar starting at `i`: its length when it can be part of a name (a
    /// letter, digit or combining mark of any script), `nil` for spaces, punctuation, symbols
    /// and emoji (which end an address or a URL).
    @inline(__always) static func nameScalar(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        let lead = text[start]
        let count = text.count
        if lead < 0xC2 || lead > 0xF4 { return nil }
        let len = scalarLength(lead)
        if start + len > count { return nil }
        for k in 1..<len where text[start + k] & 0xC0 != 0x80 { return nil }
        let second = text[start + 1]
        switch lead {
        case 0xC2: return nil                                           // U+0080-00BF: « » ¡ ¿ © no-break space
        case 0xC3: return second == 0x97 || second == 0xB7 ? nil : 2            // × ÷
        case 0xE2: return nil                                           // U+2000-2FFF: punctuation, symbols, arrows
        case 0xE3: return second == 0x80 ? nil : 3                          // U+3000-303F: CJK punctuation
        case 0xEF: return second >= 0xB8 ? nil : 3                          // variation selectors, fullwidth forms, specials
        case 0xF0: return second == 0x9F ? nil : 4                          // emoji and pictographs
        default: return len
        }
    }

    /// The start of the non-ASCII scalar that ends at `end` (exclusive).
    @inline(__always) static func scalarStart(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var k = end - 1
        while k > 0 && text[k] & 0xC0 == 0x80 && end - k < 4 { k -= 1 }
        return k
    }

    // MARK: email

    /// Local-part characters accepted unquoted: RFC 5322 atext except the ones that in running
    /// text glue an address to its surroundings (`=`, `/`, `?`, `` ` ``, `{`, `}`, `|`).
    @inline(__always) static func isLocalChar(_ byte: UInt8) -> Bool {
        ASCII.isAlphanumeric(byte) || byte == ASCII.dot || byte == ASCII.underscore || byte == ASCII.percent || byte == ASCII.plus || byte == ASCII.minus
            || byte == ASCII.bang || byte == ASCII.hash || byte == 0x24 || byte == ASCII.amp || byte == ASCII.star || byte == 0x5E || byte == 0x7E || byte == ASCII.apostrophe
    }

    /// An email around the `@` at `atSign`: local part to the left (at most 64 bytes, no leading,
    /// trailing or consecutive dots; or a quoted string), domain to the right (a host name of
    /// two or more labels, or an address literal `[192.0.2.1]`, `[IPv6:2001:db8::1]`).
    static func email(_ bytes: Bytes, at atSign: Int) -> (start: Int, end: Int)? {
        let text = bytes.buffer
        guard atSign > 0 else { return nil }
        var start = atSign
        if text[atSign - 1] == ASCII.quote {
            // "john doe"@example.com
            var k = atSign - 2
            while k >= 0 && atSign - k <= 66 && text[k] != ASCII.newline {
                if text[k] == ASCII.quote && !(k > 0 && text[k - 1] == 0x5C) { break }
                k -= 1
            }
            guard k >= 0, text[k] == ASCII.quote, atSign - k > 2 else { return nil }
            start = k
        } else {
            while start > 0 {
                let byte = text[start - 1]
                if byte < 0x80 {
                    if !isLocalChar(byte) { break }
                    start -= 1
                } else {
                    let k = scalarStart(text, before: start)
                    guard nameScalar(text, k) == start - k else { break }
                    start = k
                }
                if atSign - start > 64 { return nil }
            }
            // Punctuation that opens a quotation or a flag is not part of the address.
            while start < atSign && (text[start] == ASCII.minus || text[start] == ASCII.plus || text[start] == ASCII.apostrophe || text[start] == ASCII.amp || text[start] == ASCII.star) { start += 1 }
            if start == atSign || text[start] == ASCII.dot || text[atSign - 1] == ASCII.dot { return nil }
            for k in start..<(atSign - 1) where text[k] == ASCII.dot && text[k + 1] == ASCII.dot { return nil }
        }
        var domainStart = atSign + 1
        // An address wrapped after the `@`.
        if domainStart < bytes.count && text[domainStart] == ASCII.newline { domainStart += 1 } else if domainStart + 1 < bytes.count && text[domainStart] == ASCII.cr && text[domainStart + 1] == ASCII.newline { domainStart += 2 }
        if domainStart < bytes.count && text[domainStart] == ASCII.lbracket { return addressLiteral(bytes, domainStart).map { (start, $0) } }
        guard let end = domain(bytes, domainStart, minLabels: 2, wrap: true) else { return nil }
        return (start, end)
    }

    /// `[192.0.2.1]` or `[IPv6:2001:db8::1]`; returns the end after `]`.
    static func addressLiteral(_ bytes: Bytes, _ start: Int) -> Int? {
        var i = start + 1
        if bytes.matchesLower(i, "ipv6:") {
            i += 5
            guard let address = ipv6(bytes, i, literal: true) else { return nil }
            i = address.end
        } else {
            guard let address = ipv4(bytes, i) else { return nil }
            i = address.end
        }
        return i < bytes.count && bytes.buffer[i] == ASCII.rbracket ? i + 1 : nil
    }

    /// A host name starting at `start`: labels of letters, digits, non-ASCII letters and inner
    /// hyphens (1-63 bytes, punycode `xn--` labels must decode), joined by dots, at most 253
    /// bytes, the last label alphabetic (2+ letters), non-ASCII or punycode. `wrap` lets the
    /// name continue after a line break that follows a dot. Returns the end.
    static func domain(_ bytes: Bytes, _ start: Int, minLabels: Int, wrap: Bool = false) -> Int? {
        let text = bytes.buffer, count = bytes.count
        var i = start, labels = 0, lastStart = start, end = -1
        var lastASCII = true
        while i < count && i - start <= 253 {
            let ls = i
            var ascii = true
            while i < count {
                let byte = text[i]
                if ASCII.isAlphanumeric(byte) || byte == ASCII.minus {
                    i += 1
                } else if byte >= 0x80, let len = nameScalar(text, i) {
                    ascii = false
                    i += len
                } else {
                    break
                }
            }
            if i == ls || i - ls > 63 || text[ls] == ASCII.minus || text[i - 1] == ASCII.minus { break }
            if i - ls >= 4 && ASCII.lowercased(text[ls]) == 0x78 && ASCII.lowercased(text[ls + 1]) == 0x6E && text[ls + 2] == ASCII.minus && text[ls + 3] == ASCII.minus {
                if !Punycode.isValid(bytes, ls + 4, i) { return nil }
                ascii = false
            }
            labels += 1
            lastStart = ls
            lastASCII = ascii
            end = i
            if i + 1 < count && text[i] == ASCII.dot && (ASCII.isAlphanumeric(text[i + 1]) || text[i + 1] >= 0xC2) {
                i += 1
            } else if wrap && i + 2 < count && text[i] == ASCII.dot && text[i + 1] == ASCII.newline && ASCII.isAlphanumeric(text[i + 2]) {
                i += 2
            } else {
                break
            }
        }
        if i - start > 253 { return nil }
        if labels < minLabels || end < 0 { return nil }
        if lastASCII {
            if end - lastStart < 2 { return nil }
            for k in lastStart..<end where !ASCII.isLetter(text[k]) { return nil }
        }
        return end
    }

    // MARK: URLs

    @inline(__always) static func isURLByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != ASCII.quote && byte != ASCII.lt && byte != ASCII.gt && byte != ASCII.backtick && byte != 0x7B && byte != 0x7D
            && byte != 0x7C && byte != 0x5C && byte != 0x5E
    }

    /// Extends a URL body from `start` (non-ASCII letters and marks included, so NFC and NFD paths
    /// stay whole), then trims trailing punctuation (and an unbalanced `)`).
    static func urlTail(_ bytes: Bytes, _ start: Int) -> Int {
        let text = bytes.buffer, count = bytes.count
        var end = start
        var parens = 0
        while end < count {
            let byte = text[end]
            if byte < 0x80 {
                if !isURLByte(byte) { break }
                if byte == ASCII.lparen { parens += 1 } else if byte == ASCII.rparen { parens -= 1 }
                end += 1
            } else if let len = nameScalar(text, end) {
                end += len
            } else {
                break
            }
        }
        while end > start {
            let byte = text[end - 1]
            if byte == ASCII.dot || byte == ASCII.comma || byte == ASCII.semicolon || byte == ASCII.colon || byte == ASCII.bang || byte == ASCII.question
                || byte == ASCII.apostrophe || byte == ASCII.star || byte == ASCII.rbracket {
                end -= 1
            } else if byte == ASCII.rparen && parens < 0 {
                parens += 1
                end -= 1
            } else {
                break
            }
        }
        return end
    }

    /// `http://`, `https://` or `ftp://`, optional `user:password@`, a valid host (a name, an
    /// IPv4 address of exactly four octets up to 255, or `[IPv6]`), an optional port up to 65535,
    /// then the path, query and fragment.
    static func schemeURL(_ bytes: Bytes, _ start: Int) -> Int? {
        let text = bytes.buffer, count = bytes.count
        var i = start
        while text[i] != ASCII.colon { i += 1 }
        i += 3
        guard i < count else { return nil }
        // user:password@
        var k = i
        while k < count && k - i < 128 && text[k] != ASCII.slash && text[k] != ASCII.at && text[k] > 0x20 && text[k] != ASCII.quote && text[k] != ASCII.gt { k += 1 }
        if k < count && text[k] == ASCII.at { i = k + 1 }
        guard i < count else { return nil }
        var hostEnd: Int
        if text[i] == ASCII.lbracket {
            guard let address = ipv6(bytes, i + 1, literal: true), address.end < count, text[address.end] == ASCII.rbracket else { return nil }
            hostEnd = address.end + 1
        } else if ASCII.isDigit(text[i]), let address = ipv4(bytes, i, hostOnly: true) {
            hostEnd = address.end
        } else {
            // A host that is all digits and dots must be an IPv4 address ("http://300.1.1.1", "http://3628126748").
            var j = i
            while j < count && (ASCII.isDigit(text[j]) || text[j] == ASCII.dot) { j += 1 }
            if j > i && (j >= count || !(ASCII.isLetter(text[j]) || text[j] == ASCII.minus || text[j] >= 0x80)) { return nil }
            guard let end = domain(bytes, i, minLabels: 1) else { return nil }
            hostEnd = end
            if hostEnd < count && text[hostEnd] == ASCII.dot && !(hostEnd + 1 < count && ASCII.isAlphanumeric(text[hostEnd + 1])) && hostEnd + 1 < count && text[hostEnd + 1] == ASCII.slash { hostEnd += 1 } // "www.foo.bar./"
        }
        if hostEnd < count && text[hostEnd] == ASCII.colon && hostEnd + 1 < count && ASCII.isDigit(text[hostEnd + 1]) {
            let pe = bytes.digitsEnd(hostEnd + 1)
            if pe - hostEnd - 1 > 5 || bytes.number(hostEnd + 1, pe) > 65535 { return nil }
            hostEnd = pe
        }
        if hostEnd < count && (ASCII.isAlphanumeric(text[hostEnd]) || text[hostEnd] == ASCII.minus || text[hostEnd] == ASCII.underscore) { return nil } // an invalid host character
        return hostEnd < count && (text[hostEnd] == ASCII.slash || text[hostEnd] == ASCII.question || text[hostEnd] == ASCII.hash) ? urlTail(bytes, hostEnd) : hostEnd
    }

    /// A domain with a known TLD (or starting `www.`), with optional port and path. Not the
    /// domain of an email.
    static func bareDomain(_ bytes: Bytes, _ start: Int) -> Int? {
        if start > 0 && (bytes.buffer[start - 1] == ASCII.at || bytes.buffer[start - 1] == ASCII.dot || bytes.buffer[start - 1] == ASCII.slash || bytes.buffer[start - 1] == ASCII.minus) { return nil }
        let www = bytes.matchesLower(start, "www.")
        guard let domainEnd = domain(bytes, start, minLabels: www ? 3 : 2) else { return nil }
        if domainEnd < bytes.count && (bytes.buffer[domainEnd] == ASCII.at || ASCII.isWordByte(bytes.buffer[domainEnd])) { return nil }
        if domainEnd + 1 < bytes.count && bytes.buffer[domainEnd] == ASCII.minus { return nil }
        if !www {
            // The TLD must be lowercase and known; the first label at least two characters.
            var ts = domainEnd
            while bytes.buffer[ts - 1] != ASCII.dot { ts -= 1 }
            var key: UInt64 = 0
            for k in ts..<domainEnd {
                if !ASCII.isLowercase(bytes.buffer[k]) || domainEnd - ts > 8 { return nil }
                key = key << 8 | UInt64(bytes.buffer[k])
            }
            if !TLD.known.contains(key) { return nil }
            var fs = start
            while fs < domainEnd && bytes.buffer[fs] != ASCII.dot { fs += 1 }
            if fs - start < 2 { return nil }
        }
        var end = domainEnd
        if end < bytes.count && (bytes.buffer[end] == ASCII.slash || (bytes.buffer[end] == ASCII.colon && end + 1 < bytes.count && ASCII.isDigit(bytes.buffer[end + 1]))) {
            end = urlTail(bytes, end)
        }
        return end
    }

    // MARK: IP addresses

    /// A dotted IPv4 address (exactly four octets 0-255, no leading zeros), optionally with a
    /// `/prefix` up to 32 (not when `hostOnly`).
    static func ipv4(_ bytes: Bytes, _ start: Int, hostOnly: Bool = false) -> (start: Int, end: Int)? {
        let text = bytes.buffer, count = bytes.count
        var i = start
        for part in 0..<4 {
            let ds = i
            while i < count && ASCII.isDigit(text[i]) && i - ds < 4 { i += 1 }
            let len = i - ds
            if len == 0 || len > 3 || (len > 1 && text[ds] == 48) { return nil }
            if bytes.number(ds, i) > 255 { return nil }
            if part < 3 {
                if i >= count || text[i] != ASCII.dot { return nil }
                i += 1
            }
        }
        if i < count && (ASCII.isAlphanumeric(text[i]) || (text[i] == ASCII.dot && i + 1 < count && ASCII.isDigit(text[i + 1]))) { return nil }
        if hostOnly { return (start, i) }
        if start > 0 && (text[start - 1] == ASCII.dot || ASCII.isAlphanumeric(text[start - 1])) { return nil }
        if i + 1 < count && text[i] == ASCII.slash && ASCII.isDigit(text[i + 1]) {
            let end = bytes.digitsEnd(i + 1)
            if end - i - 1 <= 2 && bytes.number(i + 1, end) <= 32 && !(end < count && ASCII.isAlphanumeric(text[end])) { i = end }
        }
        return (start, i)
    }

    @inline(__always) static func allHex(_ bytes: Bytes, _ start: Int, _ end: Int) -> Bool {
        for k in start..<end where !ASCII.isHexDigit(bytes.buffer[k]) { return false }
        return true
    }

    /// An IPv6 address: eight groups of 1-4 hex digits, or fewer with one `::` (`::`, `::1`,
    /// `fe80::`, `1:2:3:4:5:6:7::`), optionally ending in a dotted IPv4 address, then an optional
    /// zone id (`%eth0`) and prefix length (`/64`). Reads at most nine groups, so colon-joined
    /// runs cost linear time. `literal`: inside brackets, where the boundaries are the brackets.
    static func ipv6(_ bytes: Bytes, _ start: Int, literal: Bool = false) -> (start: Int, end: Int)? {
        let text = bytes.buffer, count = bytes.count
        var i = start, groups = 0, doubleColon = false, digitGroup = false
        if i + 1 < count && text[i] == ASCII.colon && text[i + 1] == ASCII.colon {
            doubleColon = true
            i += 2
        }
        var end = i
        while i < count && groups <= 8 {
            let gs = i
            var hasDigit = false
            while i < count && ASCII.isHexDigit(text[i]) && i - gs < 5 { if ASCII.isDigit(text[i]) { hasDigit = true }; i += 1 }
            let len = i - gs
            if len == 0 { break }
            if len > 4 { return nil }
            if i < count && text[i] == ASCII.dot && groups <= 6, let v4 = ipv4(bytes, gs, hostOnly: true) {
                groups += 2
                end = v4.end
                digitGroup = true
                break
            }
            if hasDigit { digitGroup = true }
            groups += 1
            end = i
            if i + 1 < count && text[i] == ASCII.colon && text[i + 1] == ASCII.colon {
                if doubleColon { return nil } // two "::"
                doubleColon = true
                i += 2
                end = i
            } else if i + 1 < count && text[i] == ASCII.colon && ASCII.isHexDigit(text[i + 1]) {
                i += 1
            } else {
                break
            }
        }
        if groups > 8 || (!doubleColon && groups != 8) || (doubleColon && groups > 7) { return nil }
        if doubleColon && groups < 2 && !literal {
            // "::", "::1", "fe80::": only a compressed form with a digit, or "::" standing alone.
            if groups == 1 && !digitGroup { return nil }
            if groups == 0 && !(start == 0 || text[start - 1] == ASCII.space || text[start - 1] == ASCII.lparen || text[start - 1] == ASCII.quote || text[start - 1] == ASCII.lbracket) {
                return nil
            }
        }
        if end < count {
            // Glued letters or digits, or a longer colon run; a colon ending a clause is fine.
            if ASCII.isAlphanumeric(text[end]) { return nil }
            if text[end] == ASCII.colon && (text[end - 1] == ASCII.colon || (end + 1 < count && (ASCII.isHexDigit(text[end + 1]) || text[end + 1] == ASCII.colon))) {
                return nil
            }
        }
        if !literal && start > 0 && (ASCII.isAlphanumeric(text[start - 1]) || text[start - 1] == ASCII.colon) { return nil }
        // Zone id and prefix length.
        if end + 1 < count && text[end] == ASCII.percent && ASCII.isAlphanumeric(text[end + 1]) {
            var k = end + 1
            while k < count && (ASCII.isAlphanumeric(text[k]) || text[k] == ASCII.dot || text[k] == ASCII.underscore || text[k] == ASCII.minus) && k - end < 32 { k += 1 }
            end = k
        }
        if !literal && end + 1 < count && text[end] == ASCII.slash && ASCII.isDigit(text[end + 1]) {
            let prefixEnd = bytes.digitsEnd(end + 1)
            if prefixEnd - end - 1 <= 3 && bytes.number(end + 1, prefixEnd) <= 128 && !(prefixEnd < count && ASCII.isAlphanumeric(text[prefixEnd])) { end = prefixEnd }
        }
        return (start, end)
    }
}

/// RFC 3492 punycode, used to check `xn--` labels.
///
/// The decoder keeps the RFC's own short names (`n`, `i`, `t`, `bias`, `delta`, `oldi`, `th`
/// for its `t` clamped to tmin..tmax; see RFC 3492 section 6.2), so that it reads line by line
/// against the RFC's pseudocode.
enum Punycode {
    /// `true` when the bytes `start..<end` (the part after `xn--`) decode to a label with at least one
    /// non-ASCII character.
    static func isValid(_ bytes: Bytes, _ start: Int, _ end: Int) -> Bool {
        let text = bytes.buffer
        if end <= start { return false }
        var basicEnd = start
        for k in start..<end where text[k] == ASCII.minus { basicEnd = k }
        var out = basicEnd > start ? basicEnd - start : 0
        var i = 0, n = 128, bias = 72
        var k = basicEnd > start ? basicEnd + 1 : start
        if k >= end { return false } // no encoded part: nothing non-ASCII
        var decoded = 0
        while k < end {
            let oldi = i
            var word = 1
            var digitPosition = 36
            while true {
                guard k < end else { return false }
                let byte = ASCII.lowercased(text[k])
                k += 1
                let digit: Int
                if byte >= 0x61 && byte <= 0x7A { digit = Int(byte - 0x61) } else if ASCII.isDigit(byte) { digit = Int(byte - 48) + 26 } else { return false }
                i += digit * word
                if i > 0x10FFFF * 64 { return false }
                let th = digitPosition <= bias ? 1 : (digitPosition >= bias + 26 ? 26 : digitPosition - bias)
                if digit < th { break }
                word *= 36 - th
                if word > 0x10FFFF * 64 { return false }
                digitPosition += 36
            }
            out += 1
            // Bias adaptation.
            var delta = decoded == 0 ? (i - oldi) / 700 : (i - oldi) / 2
            decoded += 1
            delta += delta / out
            var kk = 0
            while delta > 455 { delta /= 35; kk += 36 }
            bias = kk + (36 * delta) / (delta + 38)
            n += i / out
            i %= out
            if n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) { return false }
            i += 1
        }
        return decoded > 0 && n >= 0x80
    }
}
