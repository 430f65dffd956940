// The scanner's fast lane through prose: runs of plain words go by eight bytes at a time.

/// What a plain word (ASCII letters followed by a space, a comma or an apostrophe) can start, given the
/// enabled kinds, and so how `Detectors.quietWordsEnd` passes over runs of them.
///
/// In `Detectors.words` such a word triggers nothing but a month or weekday prefix
/// (`calendarPrefix`): every other trigger needs a digit in the word or another byte after it.
/// Behind that trigger only two detectors can find anything in it: `date` (a month or weekday
/// name followed by a day, a month or a year) and `secret` (a vendor token whose prefix is the
/// word's letters, or those and a space, comma or apostrophe: see `init`).
enum QuietWordLook: Equatable, Sendable {
    /// Nothing: the words go by unseen.
    case none
    /// `date`, and no vendor prefix that a plain word starting like a month or weekday can begin:
    /// a date can only start at one of the last two words before a digit or a dot (`Monday,
    /// March 3`, `Tue 5 May`, `Mar. 3`), so the run hands over from there.
    case beforeDigitOrDot
    /// Every word with a month or weekday prefix is looked at (a vendor prefix starts like one).
    case calendarWords

    init(kinds: KindSet, secrets: SecretCatalogue) {
        if kinds.contains(.secret) && secrets.prefixLists.contains(where: { $0.contains(where: Self.mayBeginPlainCalendarWord) }) {
            self = .calendarWords
        } else if kinds.contains(.date) {
            self = .beforeDigitOrDot
        } else {
            self = .none
        }
    }

    /// Whether a vendor prefix can match at a plain word with a month or weekday prefix: its
    /// bytes after the lead are ASCII letters, up to the end or a space, comma or apostrophe,
    /// starting like a month or weekday name (in any case). `sat.` (Harness) cannot: a plain word
    /// has no dot.
    static func mayBeginPlainCalendarWord(_ prefix: SecretCatalogueIndex.Prefix) -> Bool {
        let word = prefix.bytes.dropFirst(prefix.lead)
        let letters = word.prefix(while: ASCII.isLetter).map(ASCII.lowercased)
        if letters.count < word.count {
            let after = word[word.startIndex + letters.count]
            if after != ASCII.space && after != ASCII.comma && after != ASCII.apostrophe { return false }
        }
        // A word of fewer than three letters has no month or weekday prefix.
        if letters.count < 3 { return letters.count == word.count && Detectors.calendarNames.contains { $0.utf8.starts(with: letters) } }
        return Detectors.calendarNames.contains { Array($0.utf8) == Array(letters.prefix(3)) }
    }
}

extension Detectors {
    /// The month and weekday names' first three letters, which `calendarPrefix` knows.
    static let calendarNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                                "mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Skips, from the word start `start`, the run of plain words (ASCII letters, each followed by
    /// a space, a comma or an apostrophe) that `words` would pass over anyway, eight bytes at a
    /// time, and returns where `words` must look again: a word start or, when no letter comes
    /// before it, the first byte other than an ASCII letter, space, apostrophe or comma (a comma
    /// right after an apostrophe counts as other: `'key', 'value'` is an assignment). That is the start of the word running
    /// into that byte (or reaching the text's last eight bytes), or an earlier one as `quietWords`
    /// requires: a word with a month or weekday prefix anywhere (`calendarWords`), or one of the
    /// last two words before a digit or a dot (`beforeDigitOrDot`).
    @inline(__always)
    func quietWordsEnd(_ bytes: Bytes, from start: Int) -> Int {
        let text = bytes.buffer, count = bytes.count
        guard let base = text.baseAddress else { return start }
        let look = quietWords
        var p = start
        // The word starts (high bits) of the last chunk that had any, at `lastP`, and of the one
        // before it, at `earlierP`: the last two word starts are among them.
        var lastStarts: UInt64 = 0, lastP = start
        var earlierStarts: UInt64 = 0, earlierP = start
        // The high bit of the byte before the chunk when it is not a letter (`start` is a word
        // start), and when it is an apostrophe.
        var carry: UInt64 = 0x80, apostropheCarry: UInt64 = 0
        var loudAt = -1
        while p + 8 <= count {
            let chunk = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let letters = Detectors.inRange(chunk | Detectors.ones &* 0x20, 0x61, 0x7A)
            let apostrophes = Detectors.equalMask(chunk, ASCII.apostrophe)
            let commas = Detectors.equalMask(chunk, ASCII.comma) & ~(apostrophes << 8 | apostropheCarry)
            let quiet = letters | Detectors.equalMask(chunk, ASCII.space) | apostrophes | commas
            // Bytes before the first one that is not quiet are ASCII and classified exactly.
            let loud = ~quiet & Detectors.high
            let notLetters = ~letters & Detectors.high
            var starts = letters & (notLetters << 8 | carry)
            if loud != 0 {
                let stop = loud.trailingZeroBitCount >> 3
                starts &= (1 << UInt64(stop * 8)) &- 1
                loudAt = p + stop
            }
            if starts != 0 {
                if look == .calendarWords, let hit = firstCalendarWord(base, count, p, starts) { return hit }
                earlierStarts = lastStarts
                earlierP = lastP
                lastStarts = starts
                lastP = p
            }
            if loudAt >= 0 { break }
            carry = notLetters >> 56
            apostropheCarry = apostrophes >> 56
            p += 8
        }
        // The last word start and the one before it (the same when there is one).
        let lastBit = 63 - lastStarts.leadingZeroBitCount
        let lastStart = lastStarts == 0 ? start : lastP + lastBit >> 3
        let before = lastStarts & ~(1 << UInt64(lastBit & 63))
        let previousStart = before != 0 ? lastP + (63 - before.leadingZeroBitCount) >> 3
            : earlierStarts != 0 ? earlierP + (63 - earlierStarts.leadingZeroBitCount) >> 3 : lastStart
        // A date can start at one of them when it has a month or weekday prefix and a digit or a
        // dot follows (the end of the text may hold either).
        if look == .beforeDigitOrDot && (loudAt < 0 || ASCII.isDigit(text[loudAt]) || text[loudAt] == ASCII.dot) {
            if previousStart != lastStart && calendarPrefix(previousStart, text.baseAddress!, count) { return previousStart }
            if calendarPrefix(lastStart, text.baseAddress!, count) { return lastStart }
        }
        if loudAt < 0 || ASCII.isLetter(text[loudAt - 1]) { return lastStart }
        return loudAt
    }

    /// `calendarPrefix` of the (up to) three bytes at `s`.
    @inline(__always) private func calendarPrefix(_ s: Int, _ text: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        calendarPrefix(text[s], s + 1 < count ? text[s + 1] : 0, s + 2 < count ? text[s + 2] : 0)
    }

    /// The first of the word starts `starts` (high bits of the chunk at `p`) whose first three
    /// letters begin a month or weekday name, if any. The first two are tested without a branch
    /// each (one or two per chunk is the rule in prose).
    @inline(__always)
    private func firstCalendarWord(_ base: UnsafePointer<UInt8>, _ count: Int, _ p: Int, _ starts: UInt64) -> Int? {
        let first = p + starts.trailingZeroBitCount >> 3
        let rest = starts & (starts &- 1)
        let second = rest == 0 ? first : p + rest.trailingZeroBitCount >> 3
        if p + 16 <= count && rest & (rest &- 1) == 0 {
            if calendarBit(base, first) | calendarBit(base, second) == 0 { return nil }
            return calendarBit(base, first) != 0 ? first : second
        }
        var pending = starts
        while pending != 0 {
            let s = p + pending.trailingZeroBitCount >> 3
            if calendarPrefix(s, base, count) { return s }
            pending &= pending &- 1
        }
        return nil
    }

    /// Nonzero when the three bytes at `s` (all readable) are the first letters of a month or
    /// weekday name in any case (`calendarPrefix` without a branch).
    @inline(__always) func calendarBit(_ base: UnsafePointer<UInt8>, _ s: Int) -> UInt64 {
        let index = Int(Detectors.letterCode(base[s])) << 10 | Int(Detectors.letterCode(base[s + 1])) << 5 | Int(Detectors.letterCode(base[s + 2]))
        return calendarBits.withUnsafeBufferPointer { $0[index >> 6] } >> UInt64(index & 63) & 1
    }

    /// A letter's place in the alphabet (0-25, either case); 31 for any other byte, which no
    /// month or weekday prefix in `calendarBits` has.
    @inline(__always) static func letterCode(_ byte: UInt8) -> UInt8 {
        let code = (byte | 0x20) &- 0x61
        return ASCII.isLetter(byte) ? code : 31
    }

    /// For eight ASCII bytes: the high bit of each byte equal to `byte`.
    @inline(__always) static func equalMask(_ chunk: UInt64, _ byte: UInt8) -> UInt64 {
        let x = chunk ^ (ones &* UInt64(byte))
        let nonZero = ((x & ~high) &+ ~high) | x
        return ~nonZero & high
    }
}
