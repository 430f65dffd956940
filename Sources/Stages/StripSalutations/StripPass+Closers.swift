import Foundation

// Sign-offs, blessings, thanks lines and the signature block under them, at the end.
extension StripPass {
    // MARK: Closers

    /// Removes sign-offs, blessings, thanks, device footers, signature blocks and mailing-list
    /// footers at the end of lines `0..<limit`.
    func closers(limit: Int) {
        // The first content line is never a closer: at least one line of body stays.
        var firstLive = 0
        while firstLive < limit && (lines[firstLive].removed || lines[firstLive].blank) { firstLive += 1 }
        var protectedLine = -1
        var rounds = 0
        while rounds < 8 {
            rounds += 1
            // The last live, non-blank line.
            var last = limit - 1
            while last >= 0 && (lines[last].removed || lines[last].blank || last == protectedLine || (protectedLine >= 0 && last > protectedLine)) { last -= 1 }
            if last < firstLive { return }
            if last == firstLive {
                if stripper.settings.closings { _ = suffixClosing(last) }
                return
            }
            if stripper.settings.signatures && isDevice(last) {
                removeLine(last, "signature")
                // "Ana\nvia mobile", "Ana Ruiz\nSent from my iPhone": the name signed right above the footer.
                if last - 1 > firstLive && !lines[last - 1].blank && !lines[last - 1].removed && isNameLine(last - 1) { removeLine(last - 1, "signature") }
                continue
            }
            if stripper.settings.signatures && isDashName(last) { removeLine(last, "signature"); continue }
            if stripper.settings.signatures && isStandaloneFooter(last) { removeLine(last, "signature"); continue }
            if stripper.settings.signatures && isDashDash(last) { removeLine(last, "signature"); continue }
            if stripper.settings.closings && wholeLineClosing(last) { removeLine(last, "closing"); continue }
            if blockAbove(last, floor: firstLive) { continue }
            if stripper.settings.closings && suffixClosing(last) { return }
            if protectedLine < 0 && (isBareURL(last) || isSourceLine(last)) { protectedLine = last; continue }
            return
        }
    }

    /// A sign-off, `-- ` or mailing-list rule heading a short block that ends at `last`.
    func blockAbove(_ last: Int, floor: Int) -> Bool {
        var j = last
        var nonBlank = 0
        var seen = 0
        var allURL = true
        while j > floor && seen < 24 {
            seen += 1
            let l = lines[j]
            if l.removed { j -= 1; continue }
            if l.blank { j -= 1; continue }
            nonBlank += 1
            if j < last || nonBlank > 1 {
                if stripper.settings.signatures && isDashDash(j) && nonBlank <= 16 {
                    for k in j...last where !lines[k].removed { removeLine(k, "signature") }
                    return true
                }
                if stripper.settings.closings && isSignOff(j) && nonBlank <= 12 {
                    if allURL { removeLine(j, "closing"); return true }
                    removeLine(j, "closing")
                    for k in (j + 1)...last where !lines[k].removed && !lines[k].blank { removeLine(k, "signature") }
                    return true
                }
                if stripper.settings.signatures && isRule(j) && nonBlank <= 7 && footerish(j + 1, last) {
                    for k in j...last where !lines[k].removed { removeLine(k, "signature") }
                    return true
                }
            }
            if nonBlank > 16 { return false }
            if !isSigLine(j) { if !(stripper.settings.signatures && nonBlank <= 16 && dashDashWithin(j, 16 - nonBlank)) { return false } }
            if !isBareURL(j) && !isSourceLine(j) { allURL = false }
            j -= 1
        }
        return false
    }

    /// `true` when a `--` line lies within `budget` non-blank lines above `j`.
    func dashDashWithin(_ j: Int, _ budget: Int) -> Bool {
        var k = j - 1, left = budget
        while k >= 0 && left > 0 {
            if !lines[k].blank && !lines[k].removed { if isDashDash(k) { return true }; left -= 1 }
            k -= 1
        }
        return false
    }


    /// A bare name of one to three capitalized words ("Ana", "Ana Ruiz", "J. Smith"), nothing else.
    func isNameLine(_ i: Int, endingWith end: Int? = nil) -> Bool {
        var (a, e) = trimmed(i)
        if let end { e = end }
        guard e - a >= 2, e - a <= 40 else { return false }
        var words = 0, atWordStart = true
        var k = a
        while k < e {
            let x = bytes[k]
            if x == 0x20 { atWordStart = true; k += 1; continue }
            if x < 0x80 && !(x >= 0x41 && x <= 0x5A) && !(x >= 0x61 && x <= 0x7A) && x != 0x2E && x != 0x2D && x != 0x27 { return false }
            if atWordStart {
                words += 1
                if words > 3 || !isUppercase(at: k) { return false }
                atWordStart = false
            }
            k += 1
        }
        return words >= 1
    }

    /// "-Abhishek Kona", "/John", "~ Maria", "-- Tim": a name signed with a dash or slash.
    func isDashName(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 2, e - a <= 48 else { return false }
        let c = bytes[a]
        guard c == 0x2D || c == 0x2F || c == 0x7E else { return false }
        var k = a + 1
        if c == 0x2D && bytes[k] == 0x2D { k += 1; if k < e && bytes[k] == 0x20 { k += 1 } else { return false } }
        else if bytes[k] == 0x20 { if c == 0x2D { return false }; k += 1 }
        guard k < e else { return false }
        var words = 0
        var atWordStart = true
        while k < e {
            let x = bytes[k]
            if x == 0x20 { atWordStart = true; k += 1; continue }
            if x >= 0x30 && x <= 0x39 { return false }
            if x == 0x2E && k == e - 1 && words >= 1 { k += 1; continue }   // "-Ana."
            if x == 0x2E || x == 0x2C || x == 0x3F || x == 0x21 || x == 0x3A || x == 0x3B { return false }
            if atWordStart {
                words += 1
                if words > 4 { return false }
                if !notLowercase(at: k) && (words == 1 || !isNameParticle(k, e)) { return false }
                atWordStart = false
            }
            k += 1
        }
        if words >= 1 {
            // A news credit ("-Associated Press", "/Reuters") is the source, not a signature.
            let low = String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<e]), as: UTF8.self).lowercased()
            for w in ["press", "reuters", "afp", "news", "agency", "staff", "wire", "bloomberg", "times", "post"] where low.contains(w) { return false }
            return true
        }
        return false
    }


    static let particles: Set<String> = ["de", "van", "der", "den", "von", "da", "di", "del", "della", "la", "le", "bin", "binti", "al", "el", "ibn", "du", "dos", "das", "y", "zu", "ter", "ten"]

    /// A lowercase name particle ("de", "van", "bin") at byte `k`.
    func isNameParticle(_ k: Int, _ e: Int) -> Bool {
        var j = k
        while j < e && bytes[j] != 0x20 { j += 1 }
        return StripPass.particles.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[k..<j]), as: UTF8.self))
    }


    /// A line under a sign-off: a name, a title, a company, a phone number, an address or link.
    func isSigLine(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        if isDisclaimer(i) { return true }
        if e - a > 160 { return false }
        let t = norm(i, limit: 200).t
        if t.count == 0 { return true }
        var words = 1, digits = 0
        for c in t.s { if c == asciiSpace { words += 1 } else if c >= 0x30 && c <= 0x39 { digits += 1 } }
        if t.s.contains(0x40) || contains(t.s, Word.http) || contains(t.s, Word.www) || digits >= 6 { return true }
        let last = t.s[t.count - 1]
        if last == 0x3F || last == 0x3A { return false }
        return words <= 8
    }


    enum ClosingKind { case none, exact, prefix }

    /// Is `t[a..<e]` a closing item: a sign-off/blessing/thanks phrase (with an optional ", Name"),
    /// or a sentence opened by a `*` phrase ("May Allah …").
    func closingItem(_ t: NText, _ a: Int, _ e: Int) -> ClosingKind {
        let s0 = t.s
        var best = ClosingKind.none
        for m in stripper.closings.matches(s0, from: a, to: e) {
            if m.flag & Trie.exact != 0 {
                var k = m.end
                // Chained closings: "Wassalamu alaikum" + "wa rahmatullahi wa barakatuh".
                while k < e {
                    var j = k
                    while j < e && s0[j] == asciiSpace { j += 1 }
                    guard j < e, j > k, let c = stripper.closings.longest(s0, from: j, to: e), c.flag & Trie.exact != 0 else { break }
                    k = c.end
                }
                while k < e && s0[k] == asciiSpace { k += 1 }
                if k == e { return .exact }
                if StripPass.isStopPunct(s0[k]) || s0[k] == 0x2D {
                    let sepIsNameSep = s0[k] == 0x2C || s0[k] == 0x2D
                    while k < e && (s0[k] == asciiSpace || StripPass.isStopPunct(s0[k]) || s0[k] == 0x2D) { k += 1 }
                    if k == e { return .exact }
                    if sepIsNameSep {
                        // ", John Smith" — a short name, nothing sentence-like.
                        var words = 1, ok = true
                        var j = k
                        while j < e {
                            let c = s0[j]
                            if c == asciiSpace { words += 1 }
                            else if StripPass.isStopPunct(c) && !(j == e - 1 && (c == 0x2E || c == 0x21)) { ok = false; break }
                            j += 1
                        }
                        if ok && words <= 4 && notLowercase(at: t.start[k]) { return .exact }
                    }
                }
            }
            if m.flag & Trie.prefix != 0 && best == .none {
                var words = 0, ok = true
                var j = m.end
                while j < e {
                    let c = s0[j]
                    if c == asciiSpace { words += 1 }
                    if c == 0x2C || c == 0x3A || c == 0x3B { ok = false }
                    if (c == 0x2E || c == 0x21 || c == 0x3F) && j + 1 < e && s0[j + 1] == asciiSpace { ok = false }
                    // "Дякую за увагу — цими словами закінчився вечір." / a quotation: a report, not a closing.
                    if c == 0x2D && s0[j - 1] == asciiSpace && j + 1 < e && s0[j + 1] == asciiSpace { ok = false }
                    if c == 0x22 { ok = false }
                    j += 1
                }
                if ok && words <= 22 { best = .prefix }
            }
        }
        return best
    }

    /// The whole line is closing items (sign-off, blessing sentences, thanks).
    func wholeLineClosing(_ i: Int) -> Bool { isClosingLine(i, maxBytes: 400) }

    /// A sign-off line that can head a signature block ("Best regards,", "Mvh,", "Thanks, John").
    func isSignOff(_ i: Int) -> Bool { isClosingLine(i, maxBytes: 120) }

    /// Line `i` (at most `maxBytes`) is one closing item or a run of closing sentences.
    func isClosingLine(_ i: Int, maxBytes: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a <= maxBytes else { return false }
        // Every reading starts with a closing phrase at the line's start (the whole line, or its first sentence).
        if noPhraseAtStart(stripper.closings, line: i) { return false }
        let t = norm(i, limit: maxBytes + 20).t
        guard t.count > 0 else { return false }
        if closingItem(t, 0, t.count) != .none { return true }
        for (x, y) in sentences(t) where closingItem(t, x, y) == .none { return false }
        return true
    }

    /// Trailing closing sentences at the end of a body line ("… see you there. Thanks!").
    func suffixClosing(_ i: Int) -> Bool {
        // Gate on bytes: closing sentences are short, so the last sentence must start within 120 bytes.
        let (a0, e0) = trimmed(i)
        var g = e0 - 2
        var found = false
        while g > a0 && g > e0 - 120 {
            let c = bytes[g]
            if (c == 0x2E || c == 0x21 || c == 0x3F) && bytes[g + 1] == 0x20 { found = true; break }
            // Non-Latin punctuation (。！۔।), spaces and unspaced scripts may end a sentence: let the
            // normalizer decide. Letters and symbols ("é", "’", "£") do not.
            if c >= 0xC0 && mayEndSentence(at: g) { found = true; break }
            g -= 1
        }
        if !found { return false }
        if lastSentenceCannotClose(g, a0, e0) { return false }
        let (t, _) = norm(i, limit: 200, fromEnd: true)
        let ss = sentences(t)
        guard ss.count >= 2 else { return false }
        var k = ss.count
        while k > 1 && closingItem(t, ss[k - 1].0, ss[k - 1].1) == .exact { k -= 1 }
        guard k < ss.count else { return false }
        let cut = t.start[ss[k].0]
        let (a, e) = trimmed(i)
        removals.append(Removal(type: "closing", start: cut, end: e))
        lines[i].keepTo = trimEnd(a, cut)
        return true
    }

    /// Gate for `suffixClosing`: no closing phrase can start the line's last sentence (after the
    /// terminator at `g`, found by the byte scan, with only letters and symbols after it), so the
    /// sentence split of the normalized tail would end in no closing. Conservative: an
    /// abbreviation-length word before a dot ("Mr. Smith"), a control character, a hyphen or a
    /// non-ASCII word before the dot leaves the decision to the normalizer.
    func lastSentenceCannotClose(_ g: Int, _ a: Int, _ e: Int) -> Bool {
        let c = bytes[g]
        guard c == 0x2E || c == 0x21 || c == 0x3F else { return false }
        if c == 0x2E {
            // The word before the dot, within the 200-byte window the normalizer would see.
            let floor = max(a, e - 200)
            var j = g
            while j > floor && bytes[j - 1] < 0x80 && StripPass.isASCIIAlnum(bytes[j - 1]) { j -= 1 }
            if g - j <= 4 || (j > floor && bytes[j - 1] >= 0x80) { return false }
        }
        var k = g + 1
        while k < e && bytes[k] == 0x20 { k += 1 }
        guard k < e else { return false }
        // A control character (a tab after a terminator) may split the sentence later.
        for x in k..<e where bytes[x] < 0x20 { return false }
        return stripper.closings.couldMatchBytes(bytes, from: k, to: e) == false
    }

    /// The scalar starting at byte `o` (a lead byte) folds to something that may split sentences
    /// (a terminator, a space, an unspaced script) or to nothing (a mark or zero-width character
    /// between a terminator and a space).
    func mayEndSentence(at o: Int) -> Bool {
        let c = bytes[o]
        var v: UInt32
        if c < 0xE0 { v = (UInt32(c & 0x1F) << 6) | UInt32(bytes[o + 1] & 0x3F) }
        else if c < 0xF0 { v = (UInt32(c & 0x0F) << 12) | (UInt32(bytes[o + 1] & 0x3F) << 6) | UInt32(bytes[o + 2] & 0x3F) }
        else { return true }
        let first: UInt32
        if v < 0x2000 {
            first = UInt32(truncatingIfNeeded: Fold.table[Int(v)])
        } else {
            guard let h = Fold.high(v) else { return true }
            first = h
        }
        return first == 0 || first == 0x20 || first == 0x0A || first == 0x2E || first == 0x21 || first == 0x3F || Fold.isUnspaced(first)
    }

    @inline(__always) static func isASCIIAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20) &- 0x61 < 26
    }
}
