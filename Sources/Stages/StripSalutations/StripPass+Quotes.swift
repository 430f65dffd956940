import Foundation

// Quoted replies and forwards: `>` blocks, header blocks, separators and reply headers.
extension StripPass {
    // MARK: Quotes

    /// Finds reply headers and `>` blocks; returns the line index where a reply cut starts (or lines.count).
    /// A forwarded message loses its separator and header block but keeps its body (minus its greeting).
    func quotePass() -> Int {
        var firstContent: Int? = nil
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.removed || line.blank { i += 1; continue }
            if line.quoteLine {
                // "> wrote:" closing an attribution whose address wrapped ("Ana <\nmailto:ana@x>\n> wrote:").
                if let quoteHeader = header(at: i), quoteHeader.start < i {
                    if let firstContentLine = firstContent, firstContentLine < quoteHeader.start { return cutBelow(quoteHeader.start) }
                    for k in quoteHeader.start...quoteHeader.end { removeLine(k, "quote") }
                    i = quoteHeader.end + 1
                    continue
                }
                var j = i
                var last = i
                while j < lines.count && (lines[j].quoteLine || lines[j].blank) {
                    if lines[j].quoteLine { last = j }
                    j += 1
                }
                for k in i...last { if lines[k].quoteLine { removeLine(k, "quote") } else { lines[k].removed = true } }
                i = last + 1
                continue
            }
            if let quoteHeader = header(at: i) {
                if quoteHeader.isForward {
                    for k in quoteHeader.start...quoteHeader.end { removeLine(k, "quote") }
                    i = quoteHeader.end + 1
                    if stripper.settings.greetings { openers(from: i) }
                    continue
                }
                if let firstContentLine = firstContent, firstContentLine < quoteHeader.start { return cutBelow(quoteHeader.start) }
                for k in quoteHeader.start...quoteHeader.end { removeLine(k, "quote") }
                i = quoteHeader.end + 1
                continue
            }
            if firstContent == nil && !isRule(i) { firstContent = i }
            i += 1
        }
        return lines.count
    }

    /// Removes everything from line `start` on as a quote; returns `start`.
    func cutBelow(_ start: Int) -> Int {
        for k in start..<lines.count { removeLine(k, "quote") }
        return start
    }

    /// A reply or forward header: its first and last line, and whether it introduces a forwarded message.
    struct QuoteHeader {
        var start: Int
        var end: Int
        var isForward = false
    }

    /// A reply/forward header ending (or starting) at line `i`.
    func header(at i: Int) -> QuoteHeader? {
        let (start, end) = trimmed(i)
        guard end > start else { return nil }
        let first = bytes[start]
        let lastByte = bytes[end - 1]
        let endsColon = lastByte == 0x3A || (end - start >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC && bytes[end - 1] == 0x9A)
        if lines[i].quoteLine {
            // Only the "> wrote:" tail of a wrapped attribution.
            guard endsColon, end - start <= 48, i > 0, let attributionFirst = attributionStart(endingAt: i), attributionFirst < i else { return nil }
            return QuoteHeader(start: attributionFirst, end: i)
        }
        // Separator lines: "-----Original Message-----", "Begin forwarded message:", "-------- Oprindelig besked --------".
        if first == 0x2D || first == 0x5F || first == 0x3D || first == 0x2A || endsColon || first == 0x3C || first == 0x23 {
            if end - start < 120 && isSeparator(i) {
                var header = QuoteHeader(start: i, end: i, isForward: isForwardSeparator(i))
                // The header block under the separator goes with it.
                var j = i + 1
                while j < lines.count && lines[j].blank && j <= i + 2 { j += 1 }
                if j < lines.count, let block = fieldBlock(at: j, afterSeparator: true) {
                    header.end = block.end
                    if block.isForward { header.isForward = true }
                }
                return header
            }
        }
        // Outlook/forward header block: "From: …" with "Sent:/Date:/To:/Subject:" (any field may come first).
        var colonEarly = false
        var k = start
        while k < min(end, start + 40) { if bytes[k] == 0x3A || (bytes[k] == 0xEF && k + 2 < end && bytes[k + 1] == 0xBC && bytes[k + 2] == 0x9A) { colonEarly = true; break }; k += 1 }
        if colonEarly, let block = fieldBlock(at: i, afterSeparator: false) {
            return QuoteHeader(start: block.start, end: block.end, isForward: block.isForward)
        }
        // "On <date>, <name> wrote:" over up to five lines, "2024/3/5 Ana Ruiz <ana@x>", "---- Ana wrote ----".
        let dashEnd = end - start >= 3 && lastByte == 0x2D && bytes[end - 2] == 0x2D
        if endsColon || lastByte == 0x3E || dashEnd {
            if let attributionFirst = attributionStart(endingAt: i) { return QuoteHeader(start: attributionFirst, end: i) }
        }
        return nil
    }

    /// One "Name: value" line of a header block.
    struct HeaderField {
        var line: Int
        /// Metadata key (`from`, `to`, `cc`, `bcc`, `subject`, `date`, `reply-to`), if known.
        var key: String?
        var isSender: Bool
        /// Byte offset where the value starts (after the colon).
        var valueStart: Int
    }

    /// A block of header fields.
    struct FieldBlock {
        var start: Int
        var end: Int
        var fields: [HeaderField]
        var isForward: Bool
    }

    /// "From:" / "*Von:*" / "Envoyé le :" style field at the start of line `i`.
    func headerField(_ i: Int) -> HeaderField? {
        if lines[i].quoteLine { return nil }
        let isStar: (UInt8) -> Bool = { $0 == 0x2A }
        let sources = stripper.headerFieldNames
        if sources.allSatisfy({ noPhraseAtStart($0.trie, line: i, skipping: isStar) }) { return nil }
        let text = norm(i, limit: 60).text
        var nameStart = 0
        while nameStart < text.count && (text.scalars[nameStart] == 0x2A || text.scalars[nameStart] == asciiSpace) { nameStart += 1 }
        for (trie, sender) in sources {
            for match in trie.matches(text.scalars, from: nameStart, to: text.count) {
                var k = match.end
                while k < text.count && (text.scalars[k] == asciiSpace || text.scalars[k] == 0x2A) { k += 1 }
                guard k < text.count && text.scalars[k] == 0x3A else { continue }
                let name = Array(text.scalars[nameStart..<match.end])
                let key = stripper.mail.fieldKeys[name]
                let isSender = sender || key == "from"
                let valueStart = k + 1 < text.count ? text.start[k + 1] : lines[i].keepTo
                return HeaderField(line: i, key: key ?? (isSender ? "from" : nil), isSender: isSender, valueStart: valueStart)
            }
        }
        return nil
    }

    /// A wrapped field value: an indented line or an address part ("[mailto:ana@x]", "<ana@x>", "ana@x>;").
    func isFieldContinuation(_ i: Int) -> Bool {
        let line = lines[i]
        guard !line.quoteLine, !line.blank else { return false }
        let (start, end) = trimmed(i)
        guard end - start <= 120 else { return false }
        if start > line.start && (bytes[line.start] == 0x20 || bytes[line.start] == 0x09) { return true }
        var k = start
        while k < end { if bytes[k] == 0x40 { return true }; k += 1 }
        return bytes[start] == 0x3C || bytes[start] == 0x5B || bytes[end - 1] == 0x3E || bytes[end - 1] == 0x5D
    }

    /// The consecutive field lines (and wrapped values) starting at line `i`, and the block's last line.
    func fieldLines(at i: Int) -> (fields: [HeaderField], end: Int)? {
        guard let first = headerField(i) else { return nil }
        var fields = [first]
        var j = i + 1
        var continuations = 0
        while j < lines.count && j <= i + 12 && !lines[j].blank {
            if let field = headerField(j) { fields.append(field); j += 1; continue }
            if continuations < 3 && isFieldContinuation(j) { continuations += 1; j += 1; continue }
            break
        }
        return (fields, j - 1)
    }

    /// A header block starting at line `i` (a `____` or `====` rule right above it is part of it).
    func fieldBlock(at i: Int, afterSeparator: Bool) -> FieldBlock? {
        guard let (fields, end) = fieldLines(at: i) else { return nil }
        let first = fields[0]
        let below = end + 1
        guard fields.contains(where: \.isSender) || (afterSeparator && fields.count >= 2) || dateAndAddress(fields, end) else { return nil }
        let after = fields.count - 1
        // "From: Paris…\nTo: New York…" in a story is not a header: want an address, a time, more fields,
        // a rule above or a blank line (or the end) right below, as mail clients write it.
        var senderHasAddress = false
        if let sender = fields.first(where: \.isSender) {
            var last = sender.line
            while last + 1 <= end && headerField(last + 1) == nil { last += 1 }
            for k in sender.line...last where lineContains(k, 0x40) { senderHasAddress = true }
        }
        var hasTimeOrAt = false
        for k in i...end where lineContains(k, 0x40) || lineHasTime(k) { hasTimeOrAt = true; break }
        var above = i - 1
        while above >= 0 && lines[above].blank { above -= 1 }
        let ruleAbove = above >= 0 && !lines[above].removed && isRule(above)
        let blankBelow = below >= lines.count || lines[below].blank
        let accepted: Bool
        if afterSeparator { accepted = true }
        else if first.isSender {
            accepted = after >= 3 || (after == 2 && (hasTimeOrAt || ruleAbove || blankBelow)) || (after >= 1 && senderHasAddress)
        } else {
            // "Date: Wed, 16 May 2012 00:15:02 -0600\nTo: ana@example.com" (a date with a time and an address, then a blank line).
            let dated = fields.contains { $0.key == "date" && lineHasTime($0.line) }
            accepted = (after >= 2 && (hasTimeOrAt || ruleAbove) && (after >= 3 || blankBelow)) || (after >= 1 && dated && senderOrAddress(fields, end) && blankBelow)
        }
        guard accepted else { return nil }
        return FieldBlock(start: ruleAbove && !afterSeparator ? above : i, end: end, fields: fields, isForward: subjectIsForward(fields))
    }

    /// A dated field with a time and an address somewhere in the block (a block that opens with "Date:").
    func dateAndAddress(_ fields: [HeaderField], _ end: Int) -> Bool {
        fields.contains { $0.key == "date" && lineHasTime($0.line) } && senderOrAddress(fields, end)
    }

    func senderOrAddress(_ fields: [HeaderField], _ end: Int) -> Bool {
        guard let first = fields.first else { return false }
        for k in first.line...end where lineContains(k, 0x40) { return true }
        return false
    }

    /// The block's subject starts with a forward prefix ("Fwd:", "FW:", "WG:", "TR:").
    func subjectIsForward(_ fields: [HeaderField]) -> Bool {
        guard let subject = fields.first(where: { $0.key == "subject" }) else { return false }
        let (_, end) = trimmed(subject.line)
        guard subject.valueStart < end else { return false }
        let text = Normalizer.normalize(bytes, subject.valueStart, min(end, subject.valueStart + 40))
        var start = 0
        while start < text.count && text.scalars[start] == asciiSpace { start += 1 }
        var k = start
        while k < text.count && Fold.isWord(text.scalars[k]) { k += 1 }
        guard k < text.count && text.scalars[k] == 0x3A else { return false }
        return stripper.mail.forwardSubjectPrefixes.contains(Array(text.scalars[start..<k]))
    }

    func lineContains(_ i: Int, _ byte: UInt8) -> Bool {
        let (start, end) = trimmed(i)
        guard end > start else { return false }
        return memchr(bytes.baseAddress! + start, Int32(byte), end - start) != nil
    }

    /// "10:00" somewhere on line `i`.
    func lineHasTime(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        var colon = start + 1
        while colon + 2 < end {
            if bytes[colon] == 0x3A && bytes[colon - 1] >= 0x30 && bytes[colon - 1] <= 0x39 && bytes[colon + 1] >= 0x30 && bytes[colon + 1] <= 0x39 && bytes[colon + 2] >= 0x30 && bytes[colon + 2] <= 0x39 { return true }
            colon += 1
        }
        return false
    }

    /// A forward separator line ("---------- Forwarded message ---------", "-----Message transféré-----").
    func isForwardSeparator(_ i: Int) -> Bool { isFramedPhrase(i, stripper.forwardSeparators, hashIsJunk: false) }

    /// A separator line: a forward separator, or a separator phrase in rules ("-----Original Message-----", "### reply above ###").
    func isSeparator(_ i: Int) -> Bool {
        isForwardSeparator(i) || isFramedPhrase(i, stripper.separators, hashIsJunk: true)
    }

    /// Rule and bracket characters around a separator's words (`#` only when `hashIsJunk`).
    static func isSeparatorJunk(_ scalar: UInt32, hashIsJunk: Bool) -> Bool {
        scalar == 0x2D || scalar == 0x5F || scalar == 0x3D || scalar == 0x2A || scalar == 0x3A || scalar == 0x3C || scalar == 0x3E || (hashIsJunk && scalar == 0x23)
    }

    /// Line `i` is a whole phrase of `trie` between separator junk and spaces.
    private func isFramedPhrase(_ i: Int, _ trie: FrozenTrieWalk, hashIsJunk: Bool) -> Bool {
        if noPhraseAtStart(trie, line: i, skipping: { StripPass.isSeparatorJunk(UInt32($0), hashIsJunk: hashIsJunk) }) { return false }
        let text = norm(i, limit: 160).text
        var start = 0, end = text.count
        func junk(_ scalar: UInt32) -> Bool { scalar == asciiSpace || StripPass.isSeparatorJunk(scalar, hashIsJunk: hashIsJunk) }
        while start < end && junk(text.scalars[start]) { start += 1 }
        while end > start && junk(text.scalars[end - 1]) { end -= 1 }
        guard end > start else { return false }
        // No phrase ends past `end`, so one ends there exactly when the longest does.
        return trie.longest(text.scalars, from: start, to: end)?.end == end
    }
}
