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
            let line = lines[k]
            if line.removed || line.quoteLine { break }
            if line.blank {
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
        let (start, end) = trimmed(i)
        guard end > start else { return false }
        var k = start
        if bytes[k] == 0x3E { k += 1; while k < end && bytes[k] == 0x20 { k += 1 } }   // "> wrote:" after "<\nmailto:…>"
        guard k < end else { return false }
        return bytes[k] == 0x3C || bytes[k] == 0x5B || hasPrefixCI(k, end, StripPass.mailto)
    }

    static let mailto = Array("mailto:".utf8)

    /// Joins the given lines (undoing quoted-printable soft breaks and a `>` that closes a wrapped address).
    func joinedText(_ indices: [Int]) -> NText {
        var text = NText()
        for k in indices {
            var part = norm(k, limit: 300).text
            if part.count == 0 { continue }
            if lines[k].quoteLine, part.scalars.first == 0x3E { part.scalars.removeFirst(); part.start.removeFirst() }
            if !text.scalars.isEmpty {
                if text.scalars.last == 0x3D { text.scalars.removeLast(); text.start.removeLast() } else { text.scalars.append(asciiSpace); text.start.append(part.start.first ?? 0) }
            }
            text.scalars += part.scalars
            text.start += part.start
        }
        return text
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

    @inline(__always) static func isDigit(_ scalar: UInt32) -> Bool { scalar >= 0x30 && scalar <= 0x39 }

    @inline(__always) static func isTokenBreak(_ scalar: UInt32) -> Bool {
        scalar == asciiSpace || scalar == 0x2C || scalar == 0x28 || scalar == 0x29 || scalar == 0x5B || scalar == 0x5D || scalar == 0x3B || scalar == 0x22 || scalar == 0x3C || scalar == 0x3E || scalar == 0x7C
    }

    /// Does `text` read as a reply attribution?
    func isAttribution(_ text: NText, followedByQuote: Bool) -> Bool {
        let scalars = text.scalars
        var start = 0, end = text.count
        var leadDashes = 0, trailDashes = 0
        while start < end && (scalars[start] == 0x2D || scalars[start] == 0x2A || scalars[start] == asciiSpace || scalars[start] == 0x5F || scalars[start] == 0x3D) { if scalars[start] == 0x2D { leadDashes += 1 }; start += 1 }
        while end > start && (scalars[end - 1] == 0x2D || scalars[end - 1] == 0x2A || scalars[end - 1] == asciiSpace || scalars[end - 1] == 0x5F || scalars[end - 1] == 0x3D) { if scalars[end - 1] == 0x2D { trailDashes += 1 }; end -= 1 }
        let dashWrapped = trailDashes >= 2
        guard end - start >= 6, end - start <= 320 else { return false }
        var endsColon = false, endsAngle = false
        if scalars[end - 1] == 0x3A { endsColon = true; end -= 1; while end > start && scalars[end - 1] == asciiSpace { end -= 1 } }
        else if scalars[end - 1] == 0x3E { endsAngle = true }
        guard endsColon || endsAngle || dashWrapped, end > start else { return false }
        // A leading dash that is not a rule ("- Ana wrote:") is a list item, not a header.
        if leadDashes == 1 && trailDashes == 0 { return false }
        let parts = attributionParts(text, start, end)
        if parts.others > 3 || parts.names > 8 || parts.uncased > 14 { return false }
        if parts.verbEnd >= 0 {
            guard parts.verbWordsAfter <= 8, parts.hasSender || parts.hasDate else { return false }
            if dashWrapped { return parts.hasSender }
            if parts.hasDate && parts.hasSender && (parts.hasTime || parts.hasAddress || parts.hasCJKDate || (parts.hasYear && parts.others == 0)) { return true }
            // Thunderbird's short form "Ana Ruiz <ana@x> wrote:" / "Ana wrote:" above a quote.
            if !parts.hasDate && parts.others == 0 && parts.names <= 4 && (parts.hasAddress || (followedByQuote && parts.names > 0)) && parts.verbWordsAfter == 0 { return true }
            return false
        }
        // No verb: "2024/3/5 Ana Ruiz <ana@x>", "Tuesday, 5 March 2024, 10:00 AM +0100 from ana@x:",
        // "2025年11月3日(月) 10:00 山田 <t@x.jp>:", "пн, 3 нояб. 2025 г. в 10:00, Иван <i@x.ru>:".
        guard parts.hasDate, parts.hasAddress, parts.opensWithDate, parts.others <= 1 else { return false }
        return parts.hasTime || parts.hasYear || parts.hasNumericDate || parts.hasCJKDate
    }

    /// Classifies the words of `text[start..<end]`.
    func attributionParts(_ text: NText, _ start: Int, _ end: Int) -> AttributionParts {
        let scalars = text.scalars
        var parts = AttributionParts()
        // The verb, near the end: at most 8 words (name, address, date) after it.
        var k = start
        var verbStart = -1
        while k < end {
            let atStart = k == start || !Fold.isWord(scalars[k - 1]) || Fold.isUnspaced(scalars[k])
            if atStart, let verb = stripper.replyVerbs.longest(scalars, from: k, to: end) {
                var words = 0
                var tokenEnd = verb.end
                while tokenEnd < end { if scalars[tokenEnd] == asciiSpace { words += 1 }; tokenEnd += 1 }
                if words <= 8 { verbStart = k; parts.verbEnd = verb.end; parts.verbWordsAfter = words; break }
            }
            k += 1
        }
        k = start
        var first = true
        while k < end {
            if verbStart >= 0 && k == verbStart { k = parts.verbEnd; continue }
            let scalar = scalars[k]
            if StripPass.isTokenBreak(scalar) || scalar == 0x2E || scalar == 0x2F || scalar == 0x3A || scalar == 0x2D || scalar == 0x27 { k += 1; continue }
            var tokenEnd = k
            while tokenEnd < end && !StripPass.isTokenBreak(scalars[tokenEnd]) && !(verbStart >= 0 && tokenEnd == verbStart) { tokenEnd += 1 }
            var wordEnd = tokenEnd
            while wordEnd > k && (scalars[wordEnd - 1] == 0x2E || scalars[wordEnd - 1] == 0x3A || scalars[wordEnd - 1] == 0x2D || scalars[wordEnd - 1] == 0x27) { wordEnd -= 1 }
            let isDate = classify(text, k, wordEnd, &parts)
            if first { parts.opensWithDate = isDate; first = false }
            k = tokenEnd
        }
        return parts
    }

    /// Classifies one word `text[k..<end]` into `parts`; returns whether it is a date part (or an opening lead word).
    func classify(_ text: NText, _ k: Int, _ end: Int, _ parts: inout AttributionParts) -> Bool {
        guard end > k else { return false }
        let scalars = text.scalars
        var digits = 0, letters = 0, hasAt = false, colonBetweenDigits = false, dateSeparators = 0, cjkDateMark = false
        for position in k..<end {
            let scalar = scalars[position]
            if StripPass.isDigit(scalar) { digits += 1 }
            else if scalar == 0x40 { hasAt = true }
            else if (scalar == 0x3A || scalar == 0x2E) && position > k && position + 2 < end + 1 && StripPass.isDigit(scalars[position - 1]) && position + 1 < end && StripPass.isDigit(scalars[position + 1]) {
                if scalar == 0x3A || (position + 2 < end && StripPass.isDigit(scalars[position + 2]) && position + 3 == end && digits <= 2) { colonBetweenDigits = true } else { dateSeparators += 1 }
            }
            else if (scalar == 0x2F || scalar == 0x2D) && position > k && position + 1 < end && StripPass.isDigit(scalars[position - 1]) && StripPass.isDigit(scalars[position + 1]) { dateSeparators += 1 }
            else if scalar == 0x5E74 || scalar == 0x6708 || scalar == 0x65E5 || scalar == 0xB144 || scalar == 0xC6D4 || scalar == 0xC77C { cjkDateMark = true }   // 年 月 日 년 월 일
            else if Fold.isWord(scalar) { letters += 1 }
        }
        if hasAt || hasPrefix(scalars, k, end, StripPass.mailtoScalars) { parts.hasAddress = true; return false }
        if digits > 0 {
            if colonBetweenDigits { parts.hasTime = true }
            if cjkDateMark { parts.hasCJKDate = true }
            if dateSeparators >= 1 && !colonBetweenDigits { parts.hasNumericDate = true }
            if (scalars[k] == 0x2B || scalars[k] == 0x2D) && digits == 4 { return true }   // "+0100"
            if letters == 0 || cjkDateMark || colonBetweenDigits {
                if digits == 4 && dateSeparators == 0 && !colonBetweenDigits { parts.hasYear = true } else if !colonBetweenDigits && dateSeparators == 0 { parts.hasNumber = true }
                return true
            }
            // "gmt+03:00", "10h00", "上午10:00", "5th".
            return true
        }
        let word = Array(scalars[k..<end])
        if let dateWord = stripper.dateWords.longest(scalars, from: k, to: end), dateWord.end == end {
            if let monthWord = stripper.monthWords.longest(scalars, from: k, to: end), monthWord.end == end { parts.hasMonth = true }
            return true
        }
        if StripPass.timeZones.contains(word) { return true }
        if stripper.mail.replyConnectors.contains(word) { return false }
        if let lead = stripper.replyLeads.longest(scalars, from: k, to: end), lead.end == end { return true }
        if stripper.mail.replyPronouns.contains(word) { parts.hasPronoun = true; return false }
        if Fold.isUnspaced(scalars[k]) || !hasCase(at: text.start[k]) { parts.uncased += 1; return false }
        if notLowercase(at: text.start[k]) { parts.names += 1 } else { parts.others += 1 }
        return false
    }

    static let mailtoScalars = Array("mailto".unicodeScalars.map(\.value))
    static let timeZones: Set<[UInt32]> = Set(["gmt", "utc", "cet", "cest", "eet", "eest", "wet", "west", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "ist", "msk", "jst", "kst", "aest", "aedt", "hkt", "sgt", "z"].map { Array($0.unicodeScalars.map(\.value)) })

    func hasPrefix(_ scalars: [UInt32], _ k: Int, _ end: Int, _ prefix: [UInt32]) -> Bool {
        guard end - k >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() where scalars[k + offset] != expected { return false }
        return true
    }

    /// `true` when the original scalar at byte `offset` belongs to a cased script (Latin, Greek, Cyrillic…).
    func hasCase(at offset: Int) -> Bool {
        let lead = bytes[offset]
        if lead < 0x80 { return true }
        var scalar: UInt32
        if lead < 0xE0 { scalar = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[offset + 1] & 0x3F) }
        else if lead < 0xF0 { scalar = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[offset + 1] & 0x3F) << 6) | UInt32(bytes[offset + 2] & 0x3F) }
        else { return false }
        guard let unicodeScalar = Unicode.Scalar(scalar) else { return false }
        return unicodeScalar.properties.isUppercase || unicodeScalar.properties.isLowercase
    }
}
