import Foundation

// The reply-header (attribution) grammar: a date and/or time, a name and/or address, and a verb or a
// colon, in the orders mail clients write them ("On Tue, 5 Mar 2024 at 10:00, Ana Ruiz <ana@x> wrote:",
// "Ana Ruiz <ana@x> schrieb am Di., 5. März 2024, 10:00:", "man. 4. mar. 2024 kl. 10:00 skrev Ana <ana@x>:",
// "2024/3/5 Ana Ruiz <ana@x>", "---- On Tue, 05 Mar 2024 … ana@x wrote ----"), possibly wrapped over
// several lines (Gmail wraps "<" + "mailto:" + "> wrote:").
extension StripPass {
    /// What the words of a candidate attribution turned out to be.
    struct AttributionParts {
        var hasTime = false, hasNumericDate = false, hasCJKDate = false, hasMonth = false, hasNumber = false, hasYear = false
        var hasAddress = false, hasPronoun = false
        var names = 0, uncased = 0, others = 0
        var opensWithDate = false
        var verbEnd = -1
        var verbWordsAfter = 0

        var hasDate: Bool { hasTime || hasNumericDate || hasCJKDate || (hasMonth && (hasNumber || hasYear)) }
        var hasSender: Bool { hasAddress || hasPronoun || names > 0 || uncased > 0 }
    }

    /// The line indices an attribution ending at line `i` may span, oldest first (at most five lines;
    /// one blank line is crossed only before a wrapped "<" / "mailto:" part).
    func attributionFragments(endingAt i: Int) -> [Int] {
        var out = [i]
        var k = i - 1
        var crossedBlank = false
        while k >= 0 && out.count < 5 {
            let l = lines[k]
            if l.removed || l.quoteLine { break }
            if l.blank {
                guard !crossedBlank, let first = out.first, startsAddressPart(first) else { break }
                crossedBlank = true
                k -= 1
                continue
            }
            out.insert(k, at: 0)
            k -= 1
        }
        return out
    }

    /// A line that continues a wrapped address: "<", "<mailto:…", "mailto:…", "[mailto:…".
    func startsAddressPart(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e > a else { return false }
        var k = a
        if bytes[k] == 0x3E { k += 1; while k < e && bytes[k] == 0x20 { k += 1 } }   // "> wrote:" after "<\nmailto:…>"
        guard k < e else { return false }
        return bytes[k] == 0x3C || bytes[k] == 0x5B || hasPrefixCI(k, e, StripPass.mailto)
    }

    static let mailto = Array("mailto:".utf8)

    /// Joins the given lines (undoing quoted-printable soft breaks and a `>` that closes a wrapped address).
    func joinedText(_ indices: [Int]) -> NText {
        var t = NText()
        for k in indices {
            var part = norm(k, limit: 300).t
            if part.count == 0 { continue }
            if lines[k].quoteLine, part.s.first == 0x3E { part.s.removeFirst(); part.start.removeFirst() }
            if !t.s.isEmpty {
                if t.s.last == 0x3D { t.s.removeLast(); t.start.removeLast() } else { t.s.append(asciiSpace); t.start.append(part.start.first ?? 0) }
            }
            t.s += part.s
            t.start += part.start
        }
        return t
    }

    /// The longest run of lines ending at `i` that reads as an attribution: its first line.
    func attributionStart(endingAt i: Int) -> Int? {
        let fragments = attributionFragments(endingAt: i)
        let followedByQuote = nextContentIsQuote(after: i)
        for back in 0..<fragments.count {
            let indices = Array(fragments[back...])
            if isAttribution(joinedText(indices), followedByQuote: followedByQuote) { return indices[0] }
        }
        return nil
    }

    func nextContentIsQuote(after i: Int) -> Bool {
        var k = i + 1
        while k < lines.count && lines[k].blank { k += 1 }
        return k < lines.count && lines[k].quoteLine
    }

    @inline(__always) static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always) static func isTokenBreak(_ c: UInt32) -> Bool {
        c == asciiSpace || c == 0x2C || c == 0x28 || c == 0x29 || c == 0x5B || c == 0x5D || c == 0x3B || c == 0x22 || c == 0x3C || c == 0x3E || c == 0x7C
    }

    /// Does `t` read as a reply attribution?
    func isAttribution(_ t: NText, followedByQuote: Bool) -> Bool {
        let s0 = t.s
        var a = 0, e = t.count
        var leadDashes = 0, trailDashes = 0
        while a < e && (s0[a] == 0x2D || s0[a] == 0x2A || s0[a] == asciiSpace || s0[a] == 0x5F || s0[a] == 0x3D) { if s0[a] == 0x2D { leadDashes += 1 }; a += 1 }
        while e > a && (s0[e - 1] == 0x2D || s0[e - 1] == 0x2A || s0[e - 1] == asciiSpace || s0[e - 1] == 0x5F || s0[e - 1] == 0x3D) { if s0[e - 1] == 0x2D { trailDashes += 1 }; e -= 1 }
        let dashWrapped = trailDashes >= 2
        guard e - a >= 6, e - a <= 320 else { return false }
        var endsColon = false, endsAngle = false
        if s0[e - 1] == 0x3A { endsColon = true; e -= 1; while e > a && s0[e - 1] == asciiSpace { e -= 1 } }
        else if s0[e - 1] == 0x3E { endsAngle = true }
        guard endsColon || endsAngle || dashWrapped, e > a else { return false }
        // A leading dash that is not a rule ("- Ana wrote:") is a list item, not a header.
        if leadDashes == 1 && trailDashes == 0 { return false }
        let p = attributionParts(t, a, e)
        if p.others > 3 || p.names > 8 || p.uncased > 14 { return false }
        if p.verbEnd >= 0 {
            guard p.verbWordsAfter <= 8, p.hasSender || p.hasDate else { return false }
            if dashWrapped { return p.hasSender }
            if p.hasDate && p.hasSender && (p.hasTime || p.hasAddress || p.hasCJKDate || (p.hasYear && p.others == 0)) { return true }
            // Thunderbird's short form "Ana Ruiz <ana@x> wrote:" / "Ana wrote:" above a quote.
            if !p.hasDate && p.others == 0 && p.names <= 4 && (p.hasAddress || (followedByQuote && p.names > 0)) && p.verbWordsAfter == 0 { return true }
            return false
        }
        // No verb: "2024/3/5 Ana Ruiz <ana@x>", "Tuesday, 5 March 2024, 10:00 AM +0100 from ana@x:",
        // "2025年11月3日(月) 10:00 山田 <t@x.jp>:", "пн, 3 нояб. 2025 г. в 10:00, Иван <i@x.ru>:".
        guard p.hasDate, p.hasAddress, p.opensWithDate, p.others <= 1 else { return false }
        return p.hasTime || p.hasYear || p.hasNumericDate || p.hasCJKDate
    }

    /// Classifies the words of `t[a..<e]`.
    func attributionParts(_ t: NText, _ a: Int, _ e: Int) -> AttributionParts {
        let s0 = t.s
        var p = AttributionParts()
        // The verb, near the end: at most 8 words (name, address, date) after it.
        var k = a
        var verbStart = -1
        while k < e {
            let atStart = k == a || !Fold.isWord(s0[k - 1]) || Fold.isUnspaced(s0[k])
            if atStart, let m = stripper.replyVerbs.longest(s0, from: k, to: e) {
                var words = 0
                var j = m.end
                while j < e { if s0[j] == asciiSpace { words += 1 }; j += 1 }
                if words <= 8 { verbStart = k; p.verbEnd = m.end; p.verbWordsAfter = words; break }
            }
            k += 1
        }
        k = a
        var first = true
        while k < e {
            if verbStart >= 0 && k == verbStart { k = p.verbEnd; continue }
            let c = s0[k]
            if StripPass.isTokenBreak(c) || c == 0x2E || c == 0x2F || c == 0x3A || c == 0x2D || c == 0x27 { k += 1; continue }
            var j = k
            while j < e && !StripPass.isTokenBreak(s0[j]) && !(verbStart >= 0 && j == verbStart) { j += 1 }
            var we = j
            while we > k && (s0[we - 1] == 0x2E || s0[we - 1] == 0x3A || s0[we - 1] == 0x2D || s0[we - 1] == 0x27) { we -= 1 }
            let isDate = classify(t, k, we, &p)
            if first { p.opensWithDate = isDate; first = false }
            k = j
        }
        return p
    }

    /// Classifies one word `t[k..<e]` into `p`; returns whether it is a date part (or an opening lead word).
    func classify(_ t: NText, _ k: Int, _ e: Int, _ p: inout AttributionParts) -> Bool {
        guard e > k else { return false }
        let s0 = t.s
        var digits = 0, letters = 0, hasAt = false, colonBetweenDigits = false, dateSeparators = 0, cjkDateMark = false
        for x in k..<e {
            let c = s0[x]
            if StripPass.isDigit(c) { digits += 1 }
            else if c == 0x40 { hasAt = true }
            else if (c == 0x3A || c == 0x2E) && x > k && x + 2 < e + 1 && StripPass.isDigit(s0[x - 1]) && x + 1 < e && StripPass.isDigit(s0[x + 1]) {
                if c == 0x3A || (x + 2 < e && StripPass.isDigit(s0[x + 2]) && x + 3 == e && digits <= 2) { colonBetweenDigits = true } else { dateSeparators += 1 }
            }
            else if (c == 0x2F || c == 0x2D) && x > k && x + 1 < e && StripPass.isDigit(s0[x - 1]) && StripPass.isDigit(s0[x + 1]) { dateSeparators += 1 }
            else if c == 0x5E74 || c == 0x6708 || c == 0x65E5 || c == 0xB144 || c == 0xC6D4 || c == 0xC77C { cjkDateMark = true }   // 年 月 日 년 월 일
            else if Fold.isWord(c) { letters += 1 }
        }
        if hasAt || hasPrefix(s0, k, e, StripPass.mailtoScalars) { p.hasAddress = true; return false }
        if digits > 0 {
            if colonBetweenDigits { p.hasTime = true }
            if cjkDateMark { p.hasCJKDate = true }
            if dateSeparators >= 1 && !colonBetweenDigits { p.hasNumericDate = true }
            if (s0[k] == 0x2B || s0[k] == 0x2D) && digits == 4 { return true }   // "+0100"
            if letters == 0 || cjkDateMark || colonBetweenDigits {
                if digits == 4 && dateSeparators == 0 && !colonBetweenDigits { p.hasYear = true } else if !colonBetweenDigits && dateSeparators == 0 { p.hasNumber = true }
                return true
            }
            // "gmt+03:00", "10h00", "上午10:00", "5th".
            return true
        }
        let word = Array(s0[k..<e])
        if let m = stripper.dateWords.longest(s0, from: k, to: e), m.end == e {
            if let mm = stripper.monthWords.longest(s0, from: k, to: e), mm.end == e { p.hasMonth = true }
            return true
        }
        if StripPass.timeZones.contains(word) { return true }
        if stripper.mail.replyConnectors.contains(word) { return false }
        if let m = stripper.replyLeads.longest(s0, from: k, to: e), m.end == e { return true }
        if stripper.mail.replyPronouns.contains(word) { p.hasPronoun = true; return false }
        if Fold.isUnspaced(s0[k]) || !hasCase(at: t.start[k]) { p.uncased += 1; return false }
        if notLowercase(at: t.start[k]) { p.names += 1 } else { p.others += 1 }
        return false
    }

    static let mailtoScalars = Array("mailto".unicodeScalars.map(\.value))
    static let timeZones: Set<[UInt32]> = Set(["gmt", "utc", "cet", "cest", "eet", "eest", "wet", "west", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "ist", "msk", "jst", "kst", "aest", "aedt", "hkt", "sgt", "z"].map { Array($0.unicodeScalars.map(\.value)) })

    func hasPrefix(_ s0: [UInt32], _ k: Int, _ e: Int, _ p: [UInt32]) -> Bool {
        guard e - k >= p.count else { return false }
        for (x, c) in p.enumerated() where s0[k + x] != c { return false }
        return true
    }

    /// `true` when the original scalar at byte `o` belongs to a cased script (Latin, Greek, Cyrillic…).
    func hasCase(at o: Int) -> Bool {
        let c = bytes[o]
        if c < 0x80 { return true }
        var v: UInt32
        if c < 0xE0 { v = (UInt32(c & 0x1F) << 6) | UInt32(bytes[o + 1] & 0x3F) }
        else if c < 0xF0 { v = (UInt32(c & 0x0F) << 12) | (UInt32(bytes[o + 1] & 0x3F) << 6) | UInt32(bytes[o + 2] & 0x3F) }
        else { return false }
        guard let u = Unicode.Scalar(v) else { return false }
        return u.properties.isUppercase || u.properties.isLowercase
    }
}
