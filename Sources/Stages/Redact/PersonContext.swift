/// Context and shape evidence around a candidate name run: coordination, addresses, places,
/// surname endings, form fields, sign-off lines and company legal forms.
extension PersonDetector {
    /// `true` when a one-word run is joined by "and" or "or" to another capitalized word that
    /// is a known name or looks like one ("Ask Stanislav or Moravec").
    static func coordinated(_ bytes: Bytes, _ toks: [Tok], _ first: Int, _ last: Int) -> Bool {
        func nameLike(_ index: Int) -> Bool {
            guard index >= 0 && index < toks.count else { return false }
            let token = toks[index]
            return token.has(cap) && !token.has(allCaps) && !token.flags.contains(.dictionary) && !token.flags.contains(.nonPerson)
                && !token.flags.contains(.place) && (token.flags.contains(.given) || token.flags.contains(.surname) || surnameShape(bytes, token))
        }
        // "A, B and C" (three or more bare names) is usually a firm: "Davis, Reynolds and Williamson".
        func inCommaList(_ index: Int) -> Bool {
            let before = index > 0 && toks[index].start >= 2 && bytes.buffer[toks[index].start - 2] == ASCII.comma
            let after = toks[index].end < bytes.count && bytes.buffer[toks[index].end] == ASCII.comma
            return before || after
        }
        if inCommaList(first) { return false }
        if last + 2 < toks.count && (toks[last + 1].hash == andHash || toks[last + 1].hash == orHash)
            && toks[last + 1].start - toks[last].end == 1 && nameLike(last + 2)
            && !inCommaList(last + 2) {
            return true
        }
        if first >= 2 && (toks[first - 1].hash == andHash || toks[first - 1].hash == orHash)
            && toks[first].start - toks[first - 1].end == 1 && nameLike(first - 2)
            && !inCommaList(first - 2) {
            return true
        }
        return false
    }

    static let andHash: UInt64 = Lexicon.hash(Array("and".unicodeScalars.map(\.value)))
    static let orHash: UInt64 = Lexicon.hash(Array("or".unicodeScalars.map(\.value)))

    /// A house number (not a year) right before `start` on the same line: "92 Eusebio Dávila".
    static func houseNumberBefore(_ bytes: Bytes, _ start: Int) -> Bool {
        var end = start - 1
        while end >= 0 && bytes.buffer[end] == ASCII.space { end -= 1 }
        if end < 0 || end == start - 1 || !ASCII.isDigit(bytes.buffer[end]) { return false }
        var digitsStart = end
        while digitsStart > 0 && ASCII.isDigit(bytes.buffer[digitsStart - 1]) { digitsStart -= 1 }
        if digitsStart > 0 && (ASCII.isLetter(bytes.buffer[digitsStart - 1]) || bytes.buffer[digitsStart - 1] == ASCII.comma || bytes.buffer[digitsStart - 1] == ASCII.dot || bytes.buffer[digitsStart - 1] == ASCII.minus
                      || bytes.buffer[digitsStart - 1] == ASCII.rparen || bytes.buffer[digitsStart - 1] == ASCII.plus) { return false }
        if digitsStart > 1 && bytes.buffer[digitsStart - 1] == ASCII.space && ASCII.isDigit(bytes.buffer[digitsStart - 2]) { return false } // the end of a phone number
        if digitsStart > 1 && bytes.buffer[digitsStart - 1] == ASCII.space {
            // "Oct. 19 Mary", "on March 3 Mary": a day, not a house number.
            var wordEnd = digitsStart - 1
            if wordEnd > 0 && bytes.buffer[wordEnd - 1] == ASCII.dot { wordEnd -= 1 }
            var wordStart = wordEnd
            while wordStart > 0 && ASCII.isLetter(bytes.buffer[wordStart - 1]) { wordStart -= 1 }
            if wordEnd > wordStart && (1...12).contains(Detectors.calendarWord(bytes, wordStart, wordEnd)) { return false }
        }
        let len = end + 1 - digitsStart
        if len > 5 { return false }
        let value = bytes.number(digitsStart, end + 1)
        return !(len == 4 && value >= 1900 && value <= 2099)
    }

    /// A number right after `end` on the same line ("Via Nizza 60"), not a year or a percentage.
    static func numberAfter(_ bytes: Bytes, _ end: Int) -> Bool {
        guard end + 1 < bytes.count, bytes.buffer[end] == ASCII.space, ASCII.isDigit(bytes.buffer[end + 1]) else { return false }
        let digitsEnd = bytes.digitsEnd(end + 1)
        if digitsEnd < bytes.count && (ASCII.isLetter(bytes.buffer[digitsEnd]) || bytes.buffer[digitsEnd] == ASCII.percent || bytes.buffer[digitsEnd] == ASCII.colon || bytes.buffer[digitsEnd] == ASCII.minus
                        || bytes.buffer[digitsEnd] == ASCII.slash || (bytes.buffer[digitsEnd] == ASCII.dot && digitsEnd + 1 < bytes.count && ASCII.isDigit(bytes.buffer[digitsEnd + 1]))) {
            return false // a phone, date or SSN, not a house number
        }
        let len = digitsEnd - end - 1
        let value = bytes.number(end + 1, digitsEnd)
        return len <= 5 && !(len == 4 && value >= 1900 && value <= 2099)
    }

    /// `true` when two adjacent name tokens form a country or city in the lists ("Costa Rica", "Santa Ana").
    static func isPlacePhrase(_ bytes: Bytes, _ toks: [Tok], _ names: ArraySlice<Int>, _ lexicon: Lexicon) -> Bool {
        for (first, second) in zip(names, names.dropFirst())
        where lexicon.flags(pairHash(bytes, toks[first].start, toks[second].end)).isPlace {
            return true
        }
        return false
    }

    /// `isPlacePhrase` for each of `runs` (their name tokens in `names`): every pair is hashed
    /// first and then looked up, so that the large table's cache misses overlap.
    static func placePhrases(_ bytes: Bytes, _ toks: [Tok], _ runs: [Run], _ names: [Int], _ lexicon: Lexicon) -> [Bool] {
        var places = [Bool](repeating: false, count: runs.count)
        var pairs: [(hash: UInt64, run: Int)] = []
        for (index, run) in runs.enumerated() where run.to - run.from > 1 {
            for (first, second) in zip(names[run.from..<run.to], names[run.from + 1..<run.to]) {
                pairs.append((pairHash(bytes, toks[first].start, toks[second].end), index))
            }
        }
        for pair in pairs where lexicon.flags(pair.hash).isPlace { places[pair.run] = true }
        return places
    }

    /// The lexicon hash of the bytes `start..<end` with every scalar folded (spaces and
    /// connectors between two name tokens included: "costa rica", "ludwig van beethoven").
    @inline(__always) static func pairHash(_ bytes: Bytes, _ start: Int, _ end: Int) -> UInt64 {
        var hash = Lexicon.offset
        var index = start
        while index < end {
            let (scalarValue, length) = scalar(bytes.buffer, index)
            hash = (hash ^ UInt64(Lexicon.fold(scalarValue))) &* Lexicon.prime
            index += length
        }
        return hash
    }

    static let theHash: UInt64 = Lexicon.hash(Array("the".unicodeScalars.map(\.value)))

    /// Common surname endings across Slavic, Nordic, Greek, Armenian, Georgian and other naming
    /// traditions (the lists are strongest for English names).
    static func surnameShape(_ bytes: Bytes, _ token: Tok) -> Bool {
        let length = token.end - token.start
        if length < 5 || token.has(allCaps) { return false }
        // Most words end in a byte no ending ends in.
        let last = ASCII.lowercased(bytes.buffer[token.end - 1])
        if surnameEndingLastBytes[Int(last >> 6)] & (1 << UInt64(last & 63)) == 0 { return false }
        for ending in surnameEndings {
            let endingLength = ending.utf8CodeUnitCount
            if endingLength + 2 > length { continue }
            let before = bytes.buffer[token.end - endingLength - 1]
            if bytes.matchesLower(token.end - endingLength, ending) && (ASCII.isLowercase(before) || before >= 0x80) { return true }
        }
        return false
    }

    /// The endings `surnameShape` looks for (lowercase UTF-8).
    static let surnameEndings: [StaticString] = ["ov", "ova", "ev", "eva", "ić", "vić", "ski", "ska", "sky", "cki", "cka", "son",
                                                 "sen", "ssen", "dóttir", "dottir", "ová", "escu", "poulos", "akis", "idis",
                                                 "enko", "chuk", "vich", "yan", "shvili", "dze", "oglu", "oğlu", "zadeh"]

    /// The last bytes of `surnameEndings`, as a 256-bit set.
    static let surnameEndingLastBytes: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 4)
        for ending in surnameEndings {
            let last = ending.utf8Start[ending.utf8CodeUnitCount - 1]
            bits[Int(last >> 6)] |= 1 << UInt64(last & 63)
        }
        return bits
    }()

    /// `true` when only a colon and blanks stand between a form label ending at `labelEnd` and
    /// the run at `runStart` ("Name: Anna", "Attn:  Kovács").
    static func labelColon(_ bytes: Bytes, _ labelEnd: Int, _ runStart: Int) -> Bool {
        guard labelEnd < runStart, bytes.buffer[labelEnd] == ASCII.colon else { return false }
        var index = labelEnd + 1
        while index < runStart && (bytes.buffer[index] == ASCII.space || bytes.buffer[index] == ASCII.tab) { index += 1 }
        return index == runStart
    }

    /// `true` when the run fills its own line and the line above is a sign-off: a short line with
    /// a closing word ("Best,", "Kind regards", "Mit freundlichen Grüßen") or ending in a comma
    /// after at most three words ("Take care,").
    static func signOffLine(_ bytes: Bytes, _ runStart: Int, _ runEnd: Int, _ lexicon: Lexicon) -> Bool {
        let text = bytes.buffer
        var start = runStart - 1
        while start >= 0 && (text[start] == ASCII.space || text[start] == ASCII.tab) { start -= 1 }
        guard start >= 1, text[start] == ASCII.newline else { return false }
        var end = runEnd
        while end < bytes.count && (text[end] == ASCII.space || text[end] == ASCII.tab || text[end] == ASCII.cr) { end += 1 }
        guard end == bytes.count || text[end] == ASCII.newline || text[end] == ASCII.comma else { return false }
        // The line above, without its line break and trailing blanks.
        var lineEnd = start
        if lineEnd > 0 && text[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
        while lineEnd > 0 && (text[lineEnd - 1] == ASCII.space || text[lineEnd - 1] == ASCII.tab) { lineEnd -= 1 }
        var lineStart = lineEnd
        while lineStart > 0 && text[lineStart - 1] != ASCII.newline { lineStart -= 1 }
        guard lineEnd > lineStart, lineEnd - lineStart <= 40 else { return false }
        let last = text[lineEnd - 1]
        var words = 0
        var closing = false
        var index = lineStart
        while index < lineEnd {
            while index < lineEnd && !isWordStart(text[index]) { index += 1 }
            if index >= lineEnd { break }
            let wordStart = index
            while index < lineEnd && (ASCII.isLetter(text[index]) || text[index] >= 0x80) { index += 1 }
            if index == wordStart { index += 1; continue }
            words += 1
            if !closing { closing = lexicon.cueFlags(fnv(text, wordStart, index)).contains(.closing) }
        }
        if words == 0 || words > 5 { return false }
        return closing || (last == ASCII.comma && words <= 3)
    }

    @inline(__always) static func isWordStart(_ byte: UInt8) -> Bool { ASCII.isLetter(byte) || byte >= 0x80 }

    /// `true` when a company's legal form follows the run within three words on the same line:
    /// "Bukovec s.p.", "Novak d.o.o.", "Fehér és társa Kht.", "Kowalski sp. z o.o.".
    static func legalFormAfter(_ bytes: Bytes, _ runEnd: Int, _ lexicon: Lexicon) -> Bool {
        let text = bytes.buffer
        var index = runEnd
        for _ in 0..<3 {
            while index < bytes.count && (text[index] == ASCII.space || text[index] == ASCII.comma || text[index] == ASCII.amp || text[index] == ASCII.minus) { index += 1 }
            guard index < bytes.count, isWordStart(text[index]) else { return false }
            // A word with its inner dots ("d.o.o.", "sp.") hashed without them.
            var hash = Lexicon.offset
            let wordStart = index
            while index < bytes.count && (ASCII.isLetter(text[index]) || text[index] >= 0x80 || (text[index] == ASCII.dot && index + 1 < bytes.count && ASCII.isLetter(text[index + 1]))) {
                if text[index] != ASCII.dot {
                    let (scalarValue, length) = scalar(text, index)
                    hash = (hash ^ UInt64(Lexicon.fold(scalarValue))) &* Lexicon.prime
                    index += length
                } else {
                    index += 1
                }
            }
            if index == wordStart { return false }
            if lexicon.cueFlags(hash).contains(.legalForm) { return true }
            if index < bytes.count && text[index] == ASCII.dot { index += 1 }
            if index < bytes.count && text[index] == ASCII.newline { return false }
        }
        return false
    }

    /// Where a run's trailing initials start ("Gonzalez Noël S.A" → before "S"), so a legal form
    /// written as initials is seen; `runEnd` when the run ends in a word.
    static func trailingInitialsStart(_ toks: [Tok], _ last: Int, _ runEnd: Int) -> Int {
        var index = last
        while index > 0 && toks[index].has(initial) && toks[index - 1].has(cap) { index -= 1 }
        return index < last ? toks[index].end : runEnd
    }

    /// `true` when the one-word run at `q` is an item of a list of three single capitalized words
    /// ("A, B and C") and two of them are not given names: a firm ("Cochran, Orr and Stewart"),
    /// not people ("Anna, Maria and Peter", "Maslow, Anthony and Perry").
    static func firmList(_ bytes: Bytes, _ toks: [Tok], _ item: Int) -> Bool {
        // The index of the next list item after the item at `end`, or nil.
        func next(_ end: Int) -> Int? {
            guard end + 1 < toks.count else { return nil }
            let token = toks[end + 1]
            if token.has(cap) && token.start - toks[end].end == 2 && bytes.buffer[toks[end].end] == ASCII.comma { return end + 1 } // "A, B"
            if token.hash == andHash && token.start - toks[end].end == 1 && end + 2 < toks.count && toks[end + 2].has(cap)
                && toks[end + 2].start - token.end == 1 { return end + 2 }
            return nil
        }
        // The list: walk left from the item to the first, then right from there (back through
        // the item) to the last.
        var first = item
        walk: while first >= 1 {
            for back in stride(from: first - 1, through: max(first - 2, 0), by: -1) where toks[back].has(cap) && next(back) == first {
                first = back
                continue walk
            }
            break
        }
        // Firm names have three partners at most; two of them at least are surnames only.
        var items = 1
        var notGiven = toks[first].flags.contains(.given) ? 0 : 1
        var end = first
        while let following = next(end) {
            items += 1
            if items > 3 { return false }
            if !toks[following].flags.contains(.given) { notGiven += 1 }
            end = following
        }
        return items == 3 && notGiven >= 2
    }

    static let placePrepositions: [UInt64] = ["in", "at", "near", "via", "outside", "around"].map { Lexicon.hash(Array($0.unicodeScalars.map(\.value))) }

    /// `true` when the word before the run is "in", "at", "near", "via", "outside" or "around".
    static func placePrepositionBefore(_ toks: [Tok], _ startTok: Int, _ runStart: Int) -> Bool {
        guard startTok > 0 else { return false }
        let prev = toks[startTok - 1]
        return !prev.has(cap) && runStart - prev.end == 1 && placePrepositions.contains(prev.hash)
    }
}
