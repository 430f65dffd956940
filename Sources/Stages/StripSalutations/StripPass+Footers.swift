import Foundation

// Device and app footers, mailing-list footers, disclaimers, source lines and `--` lines.
extension StripPass {
    /// Lines `from...to` look like a mailing-list or newsletter footer (an address, a link, "mailing list",
    /// "unsubscribe", "listinfo").
    func footerish(_ from: Int, _ to: Int) -> Bool {
        guard from <= to else { return false }
        for k in from...to where !lines[k].blank && !lines[k].removed {
            let (a, e) = trimmed(k)
            if e - a > 160 { return false }
            let t = norm(k, limit: 200).t
            if t.s.contains(0x40) || contains(t.s, Word.http) || contains(t.s, Word.www) || contains(t.s, Word.mailingList) || contains(t.s, Word.unsubscribe) || contains(t.s, Word.listinfo) { return true }
        }
        return false
    }

    func isDashDash(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        return e - a == 2 && bytes[a] == 0x2D && bytes[a + 1] == 0x2D
    }

    func isBareURL(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 8 else { return false }
        var k = a
        while k < e { if bytes[k] == 0x20 || bytes[k] == 0x09 { return false }; k += 1 }
        return hasPrefixCI(a, e, StripPass.http) || hasPrefixCI(a, e, StripPass.https) || hasPrefixCI(a, e, StripPass.www)
    }

    static let sourcePrefixes = ["source:", "sources:", "source -", "via ", "(c)", "©", "copyright", "credit:", "photo:", "read more:", "original article:"]

    /// A source/credit line at the very end ("Source: Reuters", "© AFP"): part of the article, kept.
    func isSourceLine(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 3, e - a <= 160 else { return false }
        return StripPass.sourcePrefixBytes.contains { hasPrefixCI(a, e, $0) }
    }

    /// A device or app footer: "Sent from my iPhone", "Get Outlook for Android<https://aka.ms/…>",
    /// "Von meinem iPhone gesendet", "Sent from my Galaxy smartphone!" (a trailing `<link>` is ignored).
    func isDevice(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        // Long lines only with a link in them (most last lines of articles are long: keep them cheap).
        let hasLink = lineContains(i, 0x3C)
        guard e - a <= 100 || (e - a <= 300 && hasLink) else { return false }
        // Without a `<link>` to drop, a footer phrase must open the line.
        if !hasLink && noPhraseAtStart(stripper.devices, line: i) { return false }
        var t = norm(i, limit: 320).t
        // Drop "<https://…>" links: "Get Outlook for Android<https://aka.ms/…>", "Sent from Mail<https://…> for Windows".
        if t.s.contains(0x3C) {
            var kept = NText()
            var inLink = false
            for (x, c) in t.s.enumerated() {
                if c == 0x3C { inLink = true; continue }
                if inLink { if c == 0x3E { inLink = false }; continue }
                if c == asciiSpace && kept.s.last == asciiSpace { continue }
                kept.s.append(c); kept.start.append(t.start[x])
            }
            while kept.s.last == asciiSpace { kept.s.removeLast(); kept.start.removeLast() }
            t = kept
        }
        let n = t.count
        guard n > 0, t.start[n - 1] - a <= 100 else { return false }
        for m in stripper.devices.matches(t.s, from: 0, to: n) {
            var k = m.end
            var words = 0
            var bad = false
            while k < n {
                let c = t.s[k]
                if c == asciiSpace { words += 1 }
                if (c == 0x2C || c == 0x2E || c == 0x3B || c == 0x21 || c == 0x3F) && k != n - 1 { bad = true; break }
                k += 1
            }
            if bad { continue }
            if m.flag & Trie.prefix != 0 && words <= 7 { return true }
            if m.flag & Trie.exact != 0 && (m.end == n || (m.end == n - 1 && StripPass.isStopPunct(t.s[n - 1]))) { return true }
        }
        return false
    }

    /// A disclaimer or unsubscribe line that stands alone at the end: it must carry a link, an address
    /// or an unsubscribe word ("To unsubscribe from this list, click here: https://…").
    func isStandaloneFooter(_ i: Int) -> Bool {
        // A disclaimer phrase must open the line (its first 60 bytes, normalized once and shared with
        // `isSigLine`); then an address or a link ("@", "://") must be there, or the word "unsubscribe".
        let (a, e) = trimmed(i)
        guard e - a >= 16, isDisclaimer(i) else { return false }
        guard lineContains(i, 0x40) || lineContains(i, 0x3A) || hasSubstringCI(a, e, StripPass.unsubscribeBytes) else { return false }
        let t = norm(i, limit: 400).t
        return t.s.contains(0x40) || contains(t.s, Word.http) || contains(t.s, Word.unsubscribe) || contains(t.s, Word.www)
    }

    static let unsubscribeBytes = Array("unsubscribe".utf8)

    /// ASCII case-insensitive: do the bytes `a..<e` contain `p` (lowercase)?
    func hasSubstringCI(_ a: Int, _ e: Int, _ p: [UInt8]) -> Bool {
        var k = a
        while k + p.count <= e { if hasPrefixCI(k, e, p) { return true }; k += 1 }
        return false
    }

    /// A legal disclaimer line ("This email and any attachments are confidential…").
    func isDisclaimer(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 16, e - a <= 4000 else { return false }
        if noPhraseAtStart(stripper.disclaimers, line: i) { return false }
        let head = norm(i, limit: 60).t
        return !stripper.disclaimers.matches(head.s, from: 0, to: head.count).isEmpty
    }
}
