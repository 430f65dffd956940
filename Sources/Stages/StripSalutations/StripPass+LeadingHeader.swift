import Foundation

// A header block at the very top ("From: … / To: … / Subject: …", as exported or forwarded mail
// arrives): removed from the text, its fields kept for metadata (`from`, `to`, `cc`, `subject`, `date`).
extension StripPass {
    /// Removes a leading header block (after an optional separator line) and records its fields.
    func leadingHeaderBlock() {
        var i = 0
        while i < lines.count && lines[i].blank { i += 1 }
        guard i < lines.count, mayOpenHeader(i) else { return }
        var separator: Int? = nil
        if lines[i].end - lines[i].start < 120 && isSeparator(i) {
            separator = i
            i += 1
            while i < lines.count && lines[i].blank { i += 1 }
            guard i < lines.count else { return }
        }
        guard let (fields, end) = fieldLines(at: i), fields.count >= 2 else { return }
        // "From: Hanoi / To: Da Nang / Date: 5/11" opening an itinerary stays: want a subject, an address or a time.
        let hasSubject = fields.contains { $0.key == "subject" }
        // ("From: 9:00 / To: 17:00" is a range): a time counts only in a block of three fields with a sender.
        var evidence = hasSubject || separator != nil
        if !evidence { for k in i...end where lineContains(k, 0x40) { evidence = true; break } }
        if !evidence && fields.count >= 3 && fields.contains(where: \.isSender) { for k in i...end where lineHasTime(k) { evidence = true; break } }
        guard evidence, fields.contains(where: { $0.key != nil }) else { return }
        // Something must follow the block.
        var next = end + 1
        while next < lines.count && lines[next].blank { next += 1 }
        guard next < lines.count else { return }
        for (fieldIndex, field) in fields.enumerated() {
            guard let key = field.key, !headerFields.contains(where: { $0.key == key }) else { continue }
            let lastLine = fieldIndex + 1 < fields.count ? fields[fieldIndex + 1].line - 1 : end
            var value = text(field.valueStart, trimmed(field.line).1)
            if lastLine > field.line {
                for k in (field.line + 1)...lastLine {
                    let (lineStart, lineEnd) = trimmed(k)
                    value += (value.isEmpty ? "" : " ") + text(lineStart, lineEnd)
                }
            }
            value = value.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { headerFields.append((key, value)) }
        }
        for k in (separator ?? i)...end { removeLine(k, "header") }
    }

    /// Cheap byte test before any normalization: a field's colon in the first 40 bytes, or a separator's
    /// leading rule character or trailing colon.
    func mayOpenHeader(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard end > start else { return false }
        let first = bytes[start]
        if first == 0x2D || first == 0x5F || first == 0x3D || first == 0x2A || first == 0x23 || first == 0x3C || bytes[end - 1] == 0x3A { return true }
        var k = start
        while k < min(end, start + 40) { if bytes[k] == 0x3A || (bytes[k] == 0xEF && k + 2 < end && bytes[k + 1] == 0xBC && bytes[k + 2] == 0x9A) { return true }; k += 1 }
        return false
    }

    /// The text of bytes `start..<end`.
    func text(_ start: Int, _ end: Int) -> String {
        guard end > start else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A subject without its reply/forward prefixes ("Re: Fwd: Budget" -> "Budget"), for a title.
    static func titleFromSubject(_ subject: String, vocabulary: MailVocabulary) -> String {
        var rest = Substring(subject)
        while true {
            let trimmedRest = rest.drop(while: { $0 == " " })
            guard let colon = trimmedRest.firstIndex(where: { $0 == ":" || $0 == "：" }), trimmedRest.distance(from: trimmedRest.startIndex, to: colon) <= 8 else { break }
            var prefix = String(trimmedRest[..<colon])
            // "Re[2]", "AW (3)"
            if let bracket = prefix.firstIndex(where: { $0 == "[" || $0 == "(" }) { prefix = String(prefix[..<bracket]) }
            let word = Normalizer.normalize(prefix.trimmingCharacters(in: .whitespaces))
            guard vocabulary.forwardSubjectPrefixes.contains(word) || vocabulary.replySubjectPrefixes.contains(word) else { break }
            rest = trimmedRest[trimmedRest.index(after: colon)...]
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }
}
