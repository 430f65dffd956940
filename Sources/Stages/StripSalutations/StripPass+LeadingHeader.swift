import Foundation

// A header block at the very top ("From: … / To: … / Subject: …", as exported or forwarded mail
// arrives): removed from the text, its fields kept for metadata (`from`, `to`, `cc`, `subject`, `date`).
extension StripPass {
    /// Removes a leading header block (after an optional separator line) and records its fields.
    mutating func leadingHeaderBlock() {
        var i = 0
        while i < lines.count && lines[i].blank { i += 1 }
        guard i < lines.count else { return }
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
        for (n, field) in fields.enumerated() {
            guard let key = field.key, !headerFields.contains(where: { $0.key == key }) else { continue }
            let lastLine = n + 1 < fields.count ? fields[n + 1].line - 1 : end
            var value = text(field.valueStart, trimmed(field.line).1)
            if lastLine > field.line {
                for k in (field.line + 1)...lastLine {
                    let (a, e) = trimmed(k)
                    value += (value.isEmpty ? "" : " ") + text(a, e)
                }
            }
            value = value.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { headerFields.append((key, value)) }
        }
        for k in (separator ?? i)...end { removeLine(k, "header") }
    }

    /// The text of bytes `a..<e`.
    func text(_ a: Int, _ e: Int) -> String {
        guard e > a else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<e]), as: UTF8.self)
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
