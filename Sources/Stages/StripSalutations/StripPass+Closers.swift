import Foundation
import TextKit

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
            let line = lines[j]
            if line.removed { j -= 1; continue }
            if line.blank { j -= 1; continue }
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
        var (start, lineEnd) = trimmed(i)
        if let end { lineEnd = end }
        guard lineEnd - start >= 2, lineEnd - start <= 40 else { return false }
        var words = 0, atWordStart = true
        var k = start
        while k < lineEnd {
            let byte = bytes[k]
            if byte == 0x20 { atWordStart = true; k += 1; continue }
            if byte < 0x80 && !(byte >= 0x41 && byte <= 0x5A) && !(byte >= 0x61 && byte <= 0x7A) && byte != 0x2E && byte != 0x2D && byte != 0x27 { return false }
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
        let (start, end) = trimmed(i)
        guard end - start >= 2, end - start <= 48 else { return false }
        let mark = bytes[start]
        guard mark == 0x2D || mark == 0x2F || mark == 0x7E else { return false }
        var k = start + 1
        if mark == 0x2D && bytes[k] == 0x2D { k += 1; if k < end && bytes[k] == 0x20 { k += 1 } else { return false } }
        else if bytes[k] == 0x20 { if mark == 0x2D { return false }; k += 1 }
        guard k < end else { return false }
        var words = 0
        var atWordStart = true
        while k < end {
            let byte = bytes[k]
            if byte == 0x20 { atWordStart = true; k += 1; continue }
            if byte >= 0x30 && byte <= 0x39 { return false }
            if byte == 0x2E && k == end - 1 && words >= 1 { k += 1; continue }   // "-Ana."
            if byte == 0x2E || byte == 0x2C || byte == 0x3F || byte == 0x21 || byte == 0x3A || byte == 0x3B { return false }
            if atWordStart {
                words += 1
                if words > 4 { return false }
                if !notLowercase(at: k) && (words == 1 || !isNameParticle(k, end)) { return false }
                atWordStart = false
            }
            k += 1
        }
        if words >= 1 {
            // A news credit ("-Associated Press", "/Reuters") is the source, not a signature.
            let lowercased = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased()
            for credit in ["press", "reuters", "afp", "news", "agency", "staff", "wire", "bloomberg", "times", "post"] where lowercased.contains(credit) { return false }
            return true
        }
        return false
    }


    static let particles: Set<String> = ["de", "van", "der", "den", "von", "da", "di", "del", "della", "la", "le", "bin", "binti", "al", "el", "ibn", "du", "dos", "das", "y", "zu", "ter", "ten"]

    /// A lowercase name particle ("de", "van", "bin") at byte `k`.
    func isNameParticle(_ k: Int, _ end: Int) -> Bool {
        var wordEnd = k
        while wordEnd < end && bytes[wordEnd] != 0x20 { wordEnd += 1 }
        return StripPass.particles.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[k..<wordEnd]), as: UTF8.self))
    }


    /// A line under a sign-off: a name, a title, a company, a phone number, an address or link.
    func isSigLine(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        return isFewWordsEndingInLetter(start, end) || isSigLineNormalized(i)
    }

    /// `isSigLine` read from the line's normalization (what the byte gate spares most lines).
    func isSigLineNormalized(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        if isDisclaimer(i) { return true }
        if end - start > 160 { return false }
        let text = norm(i, limit: 200).text
        if text.count == 0 { return true }
        var words = 1, digits = 0
        for scalar in text.scalars { if scalar == asciiSpace { words += 1 } else if scalar >= 0x30 && scalar <= 0x39 { digits += 1 } }
        if text.scalars.contains(0x40) || contains(text.scalars, Word.http) || contains(text.scalars, Word.www) || digits >= 6 { return true }
        let last = text.scalars[text.count - 1]
        if last == 0x3F || last == 0x3A { return false }
        return words <= 8
    }


    /// Byte gate for `isSigLine`: `true` when `bytes[start..<end]` (a trimmed line) is at most 160
    /// bytes, ends in an ASCII letter or digit and has at most seven bytes that could become a
    /// space when normalized, so its normalization (not truncated at 200) has at most eight words
    /// and ends in that letter or digit, not `?` or `:`: `isSigLine` is `true` then, whatever else
    /// the line holds ("María López", "Senior Analyst"), and the line need not be normalized.
    ///
    /// Could become a space: a byte the normalizer does not write as one plain scalar (a space,
    /// a tab, a control character), a hyphen (read as a space between letters), and the lead
    /// byte of a non-ASCII scalar, counted twice (its fold may be two scalars).
    func isFewWordsEndingInLetter(_ start: Int, _ end: Int) -> Bool {
        guard end > start, end - start <= 160, bytes[end - 1] < 0x80, StripPass.isASCIIAlnum(bytes[end - 1]) else { return false }
        let plainFolds = Fold.asciiPlainFolds
        var spaceLike = 0
        for k in start..<end {
            let byte = bytes[k]
            if byte < 0x80 {
                if plainFolds[Int(byte)] == 0 || byte == 0x2D { spaceLike += 1 }
            } else if byte >= 0xC0 {
                spaceLike += 2
            }
        }
        return spaceLike <= 7
    }

    enum ClosingKind { case none, exact, prefix }

    /// Is `text[start..<end]` a closing item: a sign-off/blessing/thanks phrase (with an optional ", Name"),
    /// or a sentence opened by a `*` phrase ("May Allah …").
    func closingItem(_ text: NText, _ start: Int, _ end: Int) -> ClosingKind {
        let scalars = text.scalars
        var best = ClosingKind.none
        for match in stripper.closings.matches(scalars, from: start, to: end) {
            if match.flag & Trie.exact != 0 {
                var k = match.end
                // Chained closings: "Wassalamu alaikum" + "wa rahmatullahi wa barakatuh".
                while k < end {
                    var j = k
                    while j < end && scalars[j] == asciiSpace { j += 1 }
                    guard j < end, j > k, let chained = stripper.closings.longest(scalars, from: j, to: end), chained.flag & Trie.exact != 0 else { break }
                    k = chained.end
                }
                while k < end && scalars[k] == asciiSpace { k += 1 }
                if k == end { return .exact }
                if StripPass.isStopPunct(scalars[k]) || scalars[k] == 0x2D {
                    let sepIsNameSep = scalars[k] == 0x2C || scalars[k] == 0x2D
                    while k < end && (scalars[k] == asciiSpace || StripPass.isStopPunct(scalars[k]) || scalars[k] == 0x2D) { k += 1 }
                    if k == end { return .exact }
                    if sepIsNameSep {
                        // ", John Smith" — a short name, nothing sentence-like.
                        var words = 1, ok = true
                        var j = k
                        while j < end {
                            let scalar = scalars[j]
                            if scalar == asciiSpace { words += 1 }
                            else if StripPass.isStopPunct(scalar) && !(j == end - 1 && (scalar == 0x2E || scalar == 0x21)) { ok = false; break }
                            j += 1
                        }
                        if ok && words <= 4 && notLowercase(at: text.start[k]) { return .exact }
                    }
                }
            }
            if match.flag & Trie.prefix != 0 && best == .none {
                var words = 0, ok = true
                var j = match.end
                while j < end {
                    let scalar = scalars[j]
                    if scalar == asciiSpace { words += 1 }
                    if scalar == 0x2C || scalar == 0x3A || scalar == 0x3B { ok = false }
                    if (scalar == 0x2E || scalar == 0x21 || scalar == 0x3F) && j + 1 < end && scalars[j + 1] == asciiSpace { ok = false }
                    // "Дякую за увагу — цими словами закінчився вечір." / a quotation: a report, not a closing.
                    if scalar == 0x2D && scalars[j - 1] == asciiSpace && j + 1 < end && scalars[j + 1] == asciiSpace { ok = false }
                    if scalar == 0x22 { ok = false }
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
        let (start, end) = trimmed(i)
        guard end - start <= maxBytes else { return false }
        // Every reading starts with a closing phrase at the line's start (the whole line, or its first sentence).
        if noPhraseAtStart(stripper.closings, line: i) { return false }
        let text = norm(i, limit: maxBytes + 20).text
        guard text.count > 0 else { return false }
        if closingItem(text, 0, text.count) != .none { return true }
        for (sentenceStart, sentenceEnd) in sentences(text) where closingItem(text, sentenceStart, sentenceEnd) == .none { return false }
        return true
    }

    /// Trailing closing sentences at the end of a body line ("… see you there. Thanks!").
    func suffixClosing(_ i: Int) -> Bool {
        // Gate on bytes: closing sentences are short, so the last sentence must start within 120 bytes.
        let (lineStart, lineEnd) = trimmed(i)
        var terminator = lineEnd - 2
        var found = false
        let lowest = max(lineStart, lineEnd - 120) + 1
        while terminator >= lowest {
            // Eight bytes at a time while none can end a sentence: no terminator before a
            // space, no lead byte of a non-ASCII scalar.
            if terminator - 7 >= lowest && noSentenceEnd(in: terminator - 7) { terminator -= 8; continue }
            let byte = bytes[terminator]
            if (byte == 0x2E || byte == 0x21 || byte == 0x3F) && bytes[terminator + 1] == 0x20 { found = true; break }
            // Non-Latin punctuation (。！۔।), spaces and unspaced scripts may end a sentence: let the
            // normalizer decide. Letters and symbols ("é", "’", "£") do not.
            if byte >= 0xC0 && mayEndSentence(at: terminator) { found = true; break }
            terminator -= 1
        }
        if !found { return false }
        if lastSentenceCannotClose(terminator, lineStart, lineEnd) { return false }
        let (text, _) = norm(i, limit: 200, fromEnd: true)
        let sentenceRanges = sentences(text)
        guard sentenceRanges.count >= 2 else { return false }
        var k = sentenceRanges.count
        while k > 1 && closingItem(text, sentenceRanges[k - 1].0, sentenceRanges[k - 1].1) == .exact { k -= 1 }
        guard k < sentenceRanges.count else { return false }
        let cut = text.start[sentenceRanges[k].0]
        let (start, end) = trimmed(i)
        removals.append(Removal(type: "closing", start: cut, end: end))
        lines[i].keepTo = trimEnd(start, cut)
        return true
    }

    /// `true` when none of the eight bytes from `start` is a `.`, `!` or `?` followed by a space,
    /// or a non-ASCII lead byte (`>= 0xC0`): the bytes `suffixClosing`'s scan stops at. Reads
    /// `bytes[start...start + 8]`, as two words (SWAR: exact per-byte masks, no borrow between bytes).
    @inline(__always)
    func noSentenceEnd(in start: Int) -> Bool {
        let raw = UnsafeRawPointer(bytes.baseAddress! + start)
        let current = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        let next = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        // The high bit of each byte of `word` that is zero.
        @inline(__always) func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & low7) &+ low7) | word | low7) }
        let terminators = zeroBytes(current ^ (ones &* 0x2E)) | zeroBytes(current ^ (ones &* 0x21)) | zeroBytes(current ^ (ones &* 0x3F))
        let stops = (terminators & zeroBytes(next ^ (ones &* 0x20))) | (current & (current << 1) & high)
        return stops == 0
    }

    /// Gate for `suffixClosing`: no closing phrase can start the line's last sentence (after the
    /// terminator at `terminator`, found by the byte scan, with only letters and symbols after it), so the
    /// sentence split of the normalized tail would end in no closing. Conservative: an
    /// abbreviation-length word before a dot ("Mr. Smith"), a control character, a hyphen or a
    /// non-ASCII word before the dot leaves the decision to the normalizer.
    func lastSentenceCannotClose(_ terminator: Int, _ start: Int, _ end: Int) -> Bool {
        let byte = bytes[terminator]
        guard byte == 0x2E || byte == 0x21 || byte == 0x3F else { return false }
        if byte == 0x2E {
            // The word before the dot, within the 200-byte window the normalizer would see.
            let floor = max(start, end - 200)
            var wordStart = terminator
            while wordStart > floor && bytes[wordStart - 1] < 0x80 && StripPass.isASCIIAlnum(bytes[wordStart - 1]) { wordStart -= 1 }
            if wordStart > floor && bytes[wordStart - 1] >= 0x80 { return false }
            // A short word is an abbreviation only if the list has it ("Mr.", "Dr.", "p."): "said."
            // and "work." end sentences. Read as the normalizer would only when a space (or the
            // window's start) is before it: another byte might fold away and join two words.
            if terminator - wordStart <= 4 {
                guard terminator > wordStart, wordStart == floor || bytes[wordStart - 1] == 0x20 else { return false }
                if StripPass.asciiAbbreviationKeys.contains(asciiKey(bytes, wordStart, terminator)) { return false }
            }
        }
        var k = terminator + 1
        while k < end && bytes[k] == 0x20 { k += 1 }
        guard k < end else { return false }
        // A control character (a tab after a terminator) may split the sentence later.
        for position in k..<end where bytes[position] < 0x20 { return false }
        return stripper.closings.couldMatchBytes(bytes, from: k, to: end) == false
    }

    /// The scalar starting at byte `offset` (a lead byte) folds to something that may split sentences
    /// (a terminator, a space, an unspaced script) or to nothing (a mark or zero-width character
    /// between a terminator and a space).
    func mayEndSentence(at offset: Int) -> Bool {
        let lead = bytes[offset]
        var scalar: UInt32
        if lead < 0xE0 { scalar = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[offset + 1] & 0x3F) }
        else if lead < 0xF0 { scalar = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[offset + 1] & 0x3F) << 6) | UInt32(bytes[offset + 2] & 0x3F) }
        else { return true }
        let folded = CaseFolding.phrase.fold(scalar)
        guard folded.count > 0 else { return true }
        let first = folded.first
        return first == 0x20 || first == 0x0A || first == 0x2E || first == 0x21 || first == 0x3F || Fold.isUnspaced(first)
    }

    /// The ASCII abbreviations of `abbreviations` (all of at most four letters), as `asciiKey`s.
    static let asciiAbbreviationKeys: Set<UInt32> = Set(abbreviations.compactMap { word in
        guard word.count <= 4, word.allSatisfy({ $0 < 0x80 }) else { return nil }
        return word.reduce(UInt32(0)) { $0 << 8 | $1 }
    })

    /// Up to four ASCII letters and digits `bytes[from..<to]`, lowercased, packed into one number
    /// (the first byte highest), as `asciiAbbreviationKeys` holds them.
    @inline(__always) func asciiKey(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> UInt32 {
        var key: UInt32 = 0
        for k in from..<to {
            var byte = bytes[k]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            key = key << 8 | UInt32(byte)
        }
        return key
    }

    @inline(__always) static func isASCIIAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20) &- 0x61 < 26
    }
}
