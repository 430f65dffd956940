// Tokens around a terminator: abbreviations, initials, capitalization, closers.
extension SentenceScanner {
    /// The start of the whitespace-delimited token that ends at `i`, after leading openers and bullets.
    /// (Forwards the fields it needs, see ``tokenStart(_:start:before:)``.)
    @inline(__always)
    func tokenStart(before i: Int) -> Int { Self.tokenStart(b, start: start, before: i) }

    /// The start of the whitespace-delimited token that ends at `i`, no earlier than `start`.
    /// Static, with the buffer and bounds as arguments, for the reason given at ``closers(_:_:from:)``.
    static func tokenStart(_ b: UnsafeBufferPointer<UInt8>, start: Int, before i: Int) -> Int {
        // ASCII bytes other than whitespace are stepped over without decoding; the first other
        // byte (whitespace, or non-ASCII) is left to the general loop.
        var j = Self.asciiWordStart(b, before: i, floor: max(start, i - 64))
        // Most tokens start after ASCII whitespace, where the loop below would stop at once.
        let atSpace = j > start && ASCII.isWhitespace(b[j - 1])
        while !atSpace && j > start {
            let previous = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, previous) > 0 { break }
            j = previous
            if i - j > 64 { break }
        }
        while j < i {
            let byte = b[j]
            if byte < 0x80 && !Self.isASCIIOpener(byte) { break }
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isOpener(v) || Self.isBullet(v) { j += l } else { break }
        }
        return j
    }

    /// The start of the run of ASCII word bytes (``isASCIIWordByte(_:)``) that ends at `end`,
    /// going back no further than `floor`. Sixteen bytes are tested at once (SSE2 compares: space,
    /// tab to carriage return, non-ASCII) and the last stop byte found from the top lane down, so
    /// a token of up to 15 bytes costs one block instead of a branch per byte.
    @inline(__always)
    static func asciiWordStart(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int, floor: Int) -> Int {
        var j = end
        if let start = bytes.baseAddress {
            let base = UnsafeRawPointer(start)
            while j - 16 >= floor {
                let block = base.loadUnaligned(fromByteOffset: j - 16, as: SIMD16<UInt8>.self)
                // Compares of concrete vectors with spelled-out types, which compile to SSE2: with a
                // scalar or literal operand the generic lane-by-lane code is chosen. Tab to carriage
                // return (0x09-0x0D) plus 0x77 are the signed bytes -128...-124, nothing else is.
                let signed = unsafeBitCast(block, to: SIMD16<Int8>.self)
                let space: SIMDMask<SIMD16<Int8>> = block .== SIMD16<UInt8>(repeating: 0x20)
                let controls: SIMDMask<SIMD16<Int8>> = (signed &+ SIMD16<Int8>(repeating: 0x77)) .< SIMD16<Int8>(repeating: -123)
                let nonASCII: SIMDMask<SIMD16<Int8>> = signed .< SIMD16<Int8>(repeating: 0)
                let stops = space .| controls .| nonASCII
                let halves = unsafeBitCast(stops, to: SIMD2<UInt64>.self)
                // A stop's lane is 0xFF: the highest set bit is in the last stop byte.
                if halves[1] != 0 { return j - 8 + ((63 - halves[1].leadingZeroBitCount) >> 3) + 1 }
                if halves[0] != 0 { return j - 16 + ((63 - halves[0].leadingZeroBitCount) >> 3) + 1 }
                j -= 16
            }
        }
        while j > floor && isASCIIWordByte(bytes[j - 1]) { j -= 1 }
        return j
    }

    enum Abbreviation { case none, title, initial, time, ambiguous, beforeNumber }

    /// What kind of abbreviation the token `ts..<end` before a period is (`.none` if it is not one).
    @inline(__always)
    func abbreviation(_ ts: Int, _ end: Int) -> Abbreviation { Self.abbreviation(b, ts, end) }

    /// ``abbreviation(_:_:)`` on the buffer `b`; static for the reason given at ``closers(_:_:from:)``.
    static func abbreviation(_ b: UnsafeBufferPointer<UInt8>, _ ts: Int, _ end: Int) -> Abbreviation {
        let len = end - ts
        if len <= 0 { return .none }
        if len == 1 {
            let byte = b[ts]
            if ASCII.isUppercase(byte) { return .initial }
            if ASCII.isLowercase(byte) { return .ambiguous }
        }
        // Dotted acronyms: U.S, E.U, a.m, Ph.D, i.e. A token without a period is none (most tokens:
        // up to 8 bytes, one test of the word that holds them tells).
        var hasDot = false
        var dotted = true
        if !hasNoPeriod(b, ts..<end) {
            var segment = 0
            for p in ts..<end {
                let byte = b[p]
                if byte == 0x2E {
                    if segment == 0 { dotted = false; break }
                    hasDot = true
                    segment = 0
                } else if ASCII.isLetter(byte) {
                    segment += 1
                    if segment > 2 { dotted = false; break }
                } else {
                    dotted = false
                    break
                }
            }
        }
        if hasDot {
            guard dotted else { return .none }
            let hash = UTF8Scan.asciiLowerHash(b, ts..<end)
            if hash == Self.amHash || hash == Self.pmHash { return .time }
            if hash == Self.ieHash || hash == Self.egHash { return .title }
            return .ambiguous
        }
        // Exact keys: no hashing of the bytes (this runs at most periods).
        guard len <= longestAbbreviation, let cls = abbreviations.get(exactKey(b, ts..<end)) else { return .none }
        switch cls {
        case 1: return .title
        case 2: return .ambiguous
        default: return .beforeNumber
        }
    }

    /// `true` when the bytes `range` of `b` surely hold no period: a range of at most 8 bytes
    /// with at least 8 before its end is tested in one 64-bit word (``ByteBlock/marks(_:_:)``);
    /// `false` for any other range (the caller looks byte by byte).
    @inline(__always)
    static func hasNoPeriod(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count <= 8, range.upperBound >= 8, let base = b.baseAddress else { return false }
        // The marks of the bytes before the range are shifted out.
        return ByteBlock.marks(ByteBlock.load(base, range.upperBound - 8), 0x2E) >> UInt64(8 * (8 - range.count)) == 0
    }

    func isStarter(_ m: Int) -> Bool {
        var wordEnd = m
        while wordEnd < n && wordEnd - m < 12 && ASCII.isLetter(b[wordEnd]) { wordEnd += 1 }
        guard wordEnd > m else { return false }
        return Self.starters.get(UTF8Scan.asciiLowerHash(b, m..<wordEnd)) != nil
    }

    func previousWordCapitalized(_ ts: Int) -> Bool {
        var j = ts
        while j > start {
            let previous = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, previous) == 0 { break }
            j = previous
        }
        guard j > start else { return false }
        var wordStart = j
        while wordStart > start {
            let previous = UTF8Scan.previousStart(b, wordStart)
            if UTF8Scan.spaceLength(b, previous) > 0 { break }
            wordStart = previous
        }
        return UTF8Scan.isUpper(UTF8Scan.decode(b, wordStart).0)
    }

    func wordCount(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var inWord = false
        var position = from
        while position < to {
            let isSpace = b[position] == 0x20 || b[position] == 0x0A || b[position] == 0x09
            if !isSpace && !inWord { count += 1 }
            inWord = !isSpace
            position += 1
        }
        return count
    }

    func nextIsLower(_ m: Int) -> Bool {
        var mm = m
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        return UTF8Scan.isLower(v)
    }

    func hasContent(_ from: Int, _ to: Int) -> Bool {
        UTF8Scan.skipSpace(b, from, to) < to
    }

    func onlyBulletsOrSpace(_ from: Int, _ to: Int) -> Bool {
        var position = from
        while position < to {
            let (v, l) = UTF8Scan.decode(b, position)
            if !(Self.isBullet(v) || UTF8Scan.spaceLength(b, position) > 0 || Self.isOpener(v)) { return false }
            position += l
        }
        return true
    }

    /// The index after closing quotes and brackets starting at `j`. An apostrophe counts only
    /// when whitespace, the end or another closer follows (so `Jr.'s` keeps its `'s`).
    @inline(__always)
    func closers(_ j: Int) -> Int {
        // After most periods comes a space: an ASCII byte that closes nothing ends the run, no call.
        if j < n && b[j] < 0x80 && !Self.isASCIICloser(b[j]) { return j }
        return Self.closers(b, n, from: j)
    }

    /// ``closers(_:)`` on the first `n` bytes of `b`. Static with the fields it reads as arguments
    /// because an instance method called from a `mutating` one (`period`, `terminator`) received
    /// a copy of the whole 104-byte scanner on the stack at every call (~26 moves); the forwarders
    /// above inline to two register loads instead.
    static func closers(_ b: UnsafeBufferPointer<UInt8>, _ n: Int, from j: Int) -> Int {
        var k = j
        while k < n {
            let (v, l) = UTF8Scan.decode(b, k)
            guard Self.isCloser(v) else { break }
            if v == 0x27 || v == 0x2019 {
                let after = k + l
                if after < n && UTF8Scan.spaceLength(b, after) == 0 && !Self.isCloser(UTF8Scan.decode(b, after).0) { break }
            }
            k += l
        }
        return k
    }
}
