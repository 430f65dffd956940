import Foundation

// Device and app footers, mailing-list footers, disclaimers, source lines and `--` lines.
extension StripPass {
    /// Lines `from...to` look like a mailing-list or newsletter footer (an address, a link, "mailing list",
    /// "unsubscribe", "listinfo").
    func footerish(_ from: Int, _ to: Int) -> Bool {
        guard from <= to else { return false }
        for k in from...to where !lines[k].blank && !lines[k].removed {
            let (start, end) = trimmed(k)
            if end - start > 160 { return false }
            let text = norm(k, limit: 200).text
            if text.scalars.contains(0x40) || contains(text.scalars, Word.http) || contains(text.scalars, Word.www) || contains(text.scalars, Word.mailingList) || contains(text.scalars, Word.unsubscribe) || contains(text.scalars, Word.listinfo) { return true }
        }
        return false
    }

    func isDashDash(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        return end - start == 2 && bytes[start] == 0x2D && bytes[start + 1] == 0x2D
    }

    func isBareURL(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard end - start >= 8 else { return false }
        var k = start
        while k < end { if bytes[k] == 0x20 || bytes[k] == 0x09 { return false }; k += 1 }
        return hasPrefixCI(start, end, StripPass.http) || hasPrefixCI(start, end, StripPass.https) || hasPrefixCI(start, end, StripPass.www)
    }

    static let sourcePrefixes = ["source:", "sources:", "source -", "via ", "(c)", "©", "copyright", "credit:", "photo:", "read more:", "original article:"]

    /// A source/credit line at the very end ("Source: Reuters", "© AFP"): part of the article, kept.
    func isSourceLine(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard end - start >= 3, end - start <= 160 else { return false }
        return StripPass.sourcePrefixBytes.contains { hasPrefixCI(start, end, $0) }
    }

    /// A device or app footer: "Sent from my iPhone", "Get Outlook for Android<https://aka.ms/…>",
    /// "Von meinem iPhone gesendet", "Sent from my Galaxy smartphone!" (a trailing `<link>` is ignored).
    func isDevice(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        // Long lines only with a link in them (most last lines of articles are long: keep them cheap,
        // without looking for the link in them).
        guard end - start <= 300 else { return false }
        let hasLink = lineContains(i, 0x3C)
        guard end - start <= 100 || hasLink else { return false }
        // Without a `<link>` to drop, a footer phrase must open the line.
        if !hasLink && noPhraseAtStart(stripper.devices, line: i) { return false }
        var text = norm(i, limit: 320).text
        // Drop "<https://…>" links: "Get Outlook for Android<https://aka.ms/…>", "Sent from Mail<https://…> for Windows".
        if text.scalars.contains(0x3C) {
            var kept = NText()
            var inLink = false
            for (index, scalar) in text.scalars.enumerated() {
                if scalar == 0x3C { inLink = true; continue }
                if inLink { if scalar == 0x3E { inLink = false }; continue }
                if scalar == asciiSpace && kept.scalars.last == asciiSpace { continue }
                kept.scalars.append(scalar); kept.start.append(text.start[index])
            }
            while kept.scalars.last == asciiSpace { kept.scalars.removeLast(); kept.start.removeLast() }
            text = kept
        }
        let count = text.count
        guard count > 0, text.start[count - 1] - start <= 100 else { return false }
        for match in stripper.devices.matches(text.scalars, from: 0, to: count) {
            var k = match.end
            var words = 0
            var bad = false
            while k < count {
                let scalar = text.scalars[k]
                if scalar == asciiSpace { words += 1 }
                if (scalar == 0x2C || scalar == 0x2E || scalar == 0x3B || scalar == 0x21 || scalar == 0x3F) && k != count - 1 { bad = true; break }
                k += 1
            }
            if bad { continue }
            if match.flag & Trie.prefix != 0 && words <= 7 { return true }
            if match.flag & Trie.exact != 0 && (match.end == count || (match.end == count - 1 && StripPass.isStopPunct(text.scalars[count - 1]))) { return true }
        }
        return false
    }

    /// A disclaimer or unsubscribe line that stands alone at the end: it must carry a link, an address
    /// or an unsubscribe word ("To unsubscribe from this list, click here: https://…").
    func isStandaloneFooter(_ i: Int) -> Bool {
        // A disclaimer phrase must open the line (its first 60 bytes, normalized once and shared with
        // `isSigLine`); then an address or a link ("@", "://") must be there, or the word "unsubscribe".
        let (start, end) = trimmed(i)
        guard end - start >= 16, isDisclaimer(i) else { return false }
        guard lineContains(i, 0x40) || lineContains(i, 0x3A) || hasSubstringCI(start, end, StripPass.unsubscribeBytes) else { return false }
        let text = norm(i, limit: 400).text
        return text.scalars.contains(0x40) || contains(text.scalars, Word.http) || contains(text.scalars, Word.unsubscribe) || contains(text.scalars, Word.www)
    }

    static let unsubscribeBytes = Array("unsubscribe".utf8)

    /// ASCII case-insensitive: do the bytes `start..<end` contain `needle` (lowercase)?
    func hasSubstringCI(_ start: Int, _ end: Int, _ needle: [UInt8]) -> Bool {
        var k = start
        while k + needle.count <= end { if hasPrefixCI(k, end, needle) { return true }; k += 1 }
        return false
    }

    /// A legal disclaimer line ("This email and any attachments are confidential…").
    func isDisclaimer(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard end - start >= 16, end - start <= 4000 else { return false }
        if noPhraseAtStart(stripper.disclaimers, line: i) { return false }
        let head = norm(i, limit: 60).text
        return !stripper.disclaimers.matches(head.scalars, from: 0, to: head.count).isEmpty
    }
}
