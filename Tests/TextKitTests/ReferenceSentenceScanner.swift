// The sentence scanner as it was before the wide-scan rewrite (main at 5646510), kept
// verbatim but renamed, as the reference `SentenceScannerEquivalenceTests` compares the
// current scanner with. Not used by any source target.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import TextKit

// MARK: - SentenceSegmenter.swift
/// The state of one pass over a text.
struct ReferenceSentenceScanner {
    enum Action {
        case none(resume: Int)
        case split(end: Int, next: Int)
    }

    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    let maxBytes: Int
    var start = 0
    var pos = 0
    var lineStart = 0
    var hardWrapped = false
    var wrapWidth = 0
    var linesAnalyzed = false
    var lastMarker: (letter: Bool, value: Int, at: Int)?

    init(_ bytes: UnsafeBufferPointer<UInt8>, maximumSentenceBytes: Int) {
        b = bytes
        n = bytes.count
        maxBytes = maximumSentenceBytes
    }

    /// Decides whether single line breaks are hard wraps: most of the first lines are of
    /// nearly the same width, at most 120 bytes. Runs once, at the first single line break.
    mutating func analyzeLines() {
        linesAnalyzed = true
        let limit = min(n, 16_384)
        var lengths: [Int] = []
        lengths.reserveCapacity(64)
        var lineStart = 0
        guard let base = b.baseAddress else { return }
        // Line feeds are found with `memchr` (many bytes at a time), not byte by byte.
        while lineStart < limit, let found = memchr(base + lineStart, 0x0A, limit - lineStart) {
            let i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            var lineEnd = i
            while lineEnd > lineStart && (b[lineEnd - 1] == 0x0D || b[lineEnd - 1] == 0x20) { lineEnd -= 1 }
            if lineEnd > lineStart { lengths.append(lineEnd - lineStart) }
            lineStart = i + 1
            if lengths.count >= 64 { break }
        }
        guard lengths.count >= 4, let width = lengths.max(), width >= 50, width <= 120 else { return }
        let near = lengths.filter { $0 * 10 >= width * 7 }.count
        if near * 10 >= lengths.count * 6 {
            hardWrapped = true
            wrapWidth = width
        }
    }

    mutating func next() -> Range<Int>? {
        while true {
            start = UTF8Scan.skipSpace(b, start, n)
            if start >= n { return nil }
            if pos < start { pos = start }
            let action = scan()
            switch action {
            case .split(let end, let nextStart):
                let sentenceStart = start
                var sentenceEnd = max(sentenceStart, min(end, n))
                while sentenceEnd > sentenceStart {
                    let previous = UTF8Scan.previousStart(b, sentenceEnd)
                    if UTF8Scan.spaceLength(b, previous) == 0 { break }
                    sentenceEnd = previous
                }
                start = max(nextStart, sentenceStart + 1)
                pos = start
                if sentenceEnd > sentenceStart { return sentenceStart..<sentenceEnd }
            case .none:
                continue
            }
        }
    }

    /// Scans from `pos` to the end of the current sentence.
    mutating func scan() -> Action {
        var i = pos
        let limit = start + maxBytes
        let quiet = min(n, limit)
        while i < n {
            // Bytes that need no decision (most of a text) are passed over in a tight loop.
            if i + 8 <= quiet { i = Self.skipQuiet(b, from: i, to: quiet) }
            while i < quiet && Self.passes(b[i]) { i += 1 }
            if i >= n { break }
            let byte = b[i]
            if i >= limit && byte & 0xC0 != 0x80 { return forcedSplit(i) }
            if byte < 0x80 {
                switch byte {
                case 0x2E, 0x21, 0x3F:  // . ! ?
                    switch terminator(i) {
                    case .split(let end, let nextStart): return .split(end: end, next: nextStart)
                    case .none(let resume): i = max(resume, i + 1)
                    }
                case 0x29:  // )
                    if case .split(let end, let nextStart)? = listMarker(tokenStart: tokenStart(before: i), end: i, after: i + 1) {
                        return .split(end: end, next: nextStart)
                    }
                    i += 1
                case 0x0A:
                    switch newline(i) {
                    case .split(let end, let nextStart): return .split(end: end, next: nextStart)
                    case .none(let resume): i = max(resume, i + 1)
                    }
                default:
                    i += 1
                }
                continue
            }
            switch byte {
            case 0xD8, 0xDB, 0xE0, 0xE2, 0xE3, 0xEF:
                let (scalar, length) = UTF8Scan.decode(b, i)
                if Self.isStrongTerminator(scalar) {
                    return strongNonLatin(i)
                }
                if scalar == 0x2026 {  // …
                    switch ellipsis(i, runEnd: i + length) {
                    case .split(let end, let nextStart): return .split(end: end, next: nextStart)
                    case .none(let resume): i = max(resume, i + length)
                    }
                    continue
                }
                if Self.isBullet(scalar) {
                    if hasContent(start, i) { return .split(end: i, next: i) }
                    i += length
                    continue
                }
                if scalar == 0x2029 { if hasContent(start, i) { return .split(end: i, next: i + length) } }
                if scalar == 0x2028 {
                    switch newline(i, length: length) {
                    case .split(let end, let nextStart): return .split(end: end, next: nextStart)
                    case .none(let resume): i = max(resume, i + length)
                    }
                    continue
                }
                i += length
            default:
                i += 1
            }
        }
        return .split(end: n, next: n)
    }

    /// The first index from `i` (stepping 8 bytes at a time, so at most 7 bytes before `end`)
    /// whose 8-byte block may hold a byte `scan` must look at: `.` `!` `?` `)`, line feed, or
    /// any non-ASCII byte (a superset of the lead bytes `passes` stops at). Eight bytes are
    /// tested at once as one 64-bit word (SWAR: a byte equal to `c` is a zero byte of `block ^ c`).
    @inline(__always)
    static func skipQuiet(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, to end: Int) -> Int {
        guard let start = bytes.baseAddress else { return i }
        let base = UnsafeRawPointer(start)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var offset = i
        while offset + 8 <= end {
            let block = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            if block & highs != 0 || hasZeroByte(block ^ (ones &* 0x2E)) || hasZeroByte(block ^ (ones &* 0x0A))
                || hasZeroByte(block ^ (ones &* 0x21)) || hasZeroByte(block ^ (ones &* 0x3F)) || hasZeroByte(block ^ (ones &* 0x29)) { break }
            offset += 8
        }
        return offset
    }

    /// Whether `scan` passes over `byte` without a decision: true for everything but `.` `!`
    /// `?` `)` and line feed, and the lead bytes of the scalars it looks at (terminators,
    /// ellipsis, bullets, line and paragraph separators: D8, DB, E0, E2, E3, EF).
    @inline(__always)
    static func passes(_ byte: UInt8) -> Bool {
        let stopsBelow40: UInt64 = 1 << 0x0A | 1 << 0x21 | 1 << 0x29 | 1 << 0x2E | 1 << 0x3F
        let stopsFromD8: UInt32 = 1 << 0 | 1 << 3 | 1 << 8 | 1 << 10 | 1 << 11 | 1 << 23
        if byte < 0x40 { return (stopsBelow40 >> UInt64(byte)) & 1 == 0 }
        if byte < 0xD8 || byte > 0xEF { return true }
        return (stopsFromD8 >> UInt32(byte &- 0xD8)) & 1 == 0
    }
}

// MARK: - SentenceScanner+CharacterClasses.swift
// Byte and scalar classes: terminators, bullets, openers, closers.
extension ReferenceSentenceScanner {
    static func isStrongTerminator(_ v: UInt32) -> Bool {
        switch v {
        case 0x061F, 0x06D4, 0x0964, 0x0965, 0x3002, 0xFF01, 0xFF1F, 0xFF61, 0x203C, 0x2047, 0x2048, 0x2049: return true
        default: return false
        }
    }

    static func isBullet(_ v: UInt32) -> Bool {
        switch v {
        case 0x2022, 0x2023, 0x2043, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25B8, 0x27A2: return true
        default: return false
        }
    }

    static func isOpener(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x28, 0x5B, 0x7B, 0x201C, 0x2018, 0x00AB, 0x2039, 0x201E, 0x00BF, 0x00A1,
             0x300C, 0x300E, 0xFF08, 0x3010, 0x3008, 0x300A: return true
        default: return false
        }
    }

    static func isCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x201D, 0x2019, 0x00BB, 0x203A,
             0x300D, 0x300F, 0xFF09, 0x3011, 0x3009, 0x300B: return true
        default: return false
        }
    }
}

// MARK: - SentenceScanner+LineBreaks.swift
// Line breaks: blank lines, hard-wrapped text, list items, forced splits of overlong sentences.
extension ReferenceSentenceScanner {
    mutating func newline(_ i: Int, length: Int = 1) -> Action {
        let lineLength = i - lineStart
        lineStart = i + length
        var j = i + length
        while j < n && (b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D) { j += 1 }
        if j >= n { return .none(resume: j) }
        if b[j] == 0x0A { return hasContent(start, i) ? .split(end: i, next: j) : .none(resume: j) }
        guard hasContent(start, i) else { return .none(resume: j) }
        if startsListItem(j) { return .split(end: i, next: j) }
        var mm = j
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        if UTF8Scan.isLower(v) { return .none(resume: j) }
        if !linesAnalyzed { analyzeLines() }
        if hardWrapped && lineLength * 10 >= wrapWidth * 6 { return .none(resume: j) }
        return .split(end: i, next: j)
    }

    func startsListItem(_ j: Int) -> Bool {
        let byte = b[j]
        if (byte == 0x2D || byte == 0x2A || byte == 0x2B) && j + 1 < n && b[j + 1] == 0x20 { return true }  // "- " "* " "+ "
        if byte >= 0x80 { return Self.isBullet(UTF8Scan.decode(b, j).0) }
        var digitEnd = j
        while digitEnd < n && digitEnd - j < 3 && ASCII.isDigit(b[digitEnd]) { digitEnd += 1 }
        if digitEnd > j && digitEnd + 1 < n && (b[digitEnd] == 0x2E || b[digitEnd] == 0x29) && UTF8Scan.spaceLength(b, digitEnd + 1) > 0 { return true }
        return false
    }

    func forcedSplit(_ i: Int) -> Action {
        var position = i
        let floor = start + maxBytes / 2
        while position > floor {
            if UTF8Scan.spaceLength(b, position) > 0 && b[position] < 0x80 { return .split(end: position, next: position + 1) }
            position -= 1
        }
        return .split(end: i, next: i)
    }
}

// MARK: - SentenceScanner+Lists.swift
// Inline and line-based list markers (`1.)`, `2)`, `a.`, bullets).
extension ReferenceSentenceScanner {
    /// An inline list marker (`2.`, `2)`, `2.)`, `b.`) ending at `end` (the `.` or `)`).
    /// At the start of a sentence it is remembered and never ends the sentence; inside one it
    /// starts a new sentence when it continues a numbering (the previous marker was one less,
    /// or the next one follows within a few hundred bytes). `nil`: not a list marker.
    mutating func listMarker(tokenStart ts: Int, end: Int, after: Int) -> Action? {
        let len = end - ts
        guard len >= 1 && len <= 2 else { return nil }
        var value = 0
        let letter: Bool
        if len == 1 && ASCII.isLowercase(b[ts]) {
            letter = true
            value = Int(b[ts]) - 0x60
        } else {
            letter = false
            for p in ts..<end {
                let byte = b[p]
                guard ASCII.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte) - 0x30
            }
        }
        guard ts == 0 || UTF8Scan.spaceBefore(b, ts) || Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, ts)).0) else { return nil }
        var markerEnd = after
        if markerEnd < n && b[end] == 0x2E && b[markerEnd] == 0x29 { markerEnd += 1 }  // "1.)"
        guard markerEnd < n, UTF8Scan.spaceLength(b, markerEnd) > 0 else { return nil }
        if onlyBulletsOrSpace(start, ts) {
            lastMarker = (letter, value, end)
            return .none(resume: markerEnd)
        }
        let nextStart = UTF8Scan.skipSpace(b, markerEnd, n)
        guard nextStart < n, !nextIsLower(nextStart) else { return nil }
        var accepted = false
        if let last = lastMarker, last.letter == letter, last.value == value - 1, end - last.at < 2000 {
            accepted = true
        } else if findMarker(letter: letter, value: value + 1, from: markerEnd, window: 600) {
            accepted = true
        }
        guard accepted else { return nil }
        lastMarker = (letter, value, end)
        return .split(end: ts, next: ts)
    }

    func findMarker(letter: Bool, value: Int, from: Int, window: Int) -> Bool {
        let target: [UInt8] = letter ? [UInt8(0x60 + min(value, 26))] : Array(String(value).utf8)
        let end = min(n, from + window)
        var position = from
        while position + target.count + 1 < end {
            if b[position] == target[0] && (UTF8Scan.spaceBefore(b, position) || (position > 0 && b[position - 1] >= 0x80 && Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, position)).0))) {
                var ok = true
                for (t, byte) in target.enumerated() where b[position + t] != byte { ok = false; break }
                let numberEnd = position + target.count
                if ok && (b[numberEnd] == 0x2E || b[numberEnd] == 0x29) {
                    var markerEnd = numberEnd + 1
                    if b[numberEnd] == 0x2E && markerEnd < n && b[markerEnd] == 0x29 { markerEnd += 1 }
                    if markerEnd < n && UTF8Scan.spaceLength(b, markerEnd) > 0 { return true }
                }
            }
            position += 1
        }
        return false
    }
}

// MARK: - SentenceScanner+Terminators.swift
// Sentence terminators: periods, ellipses, `!`/`?` and non-Latin terminators.
extension ReferenceSentenceScanner {
    mutating func terminator(_ i: Int) -> Action {
        var j = i
        var dots = 0
        var strong = false
        while j < n {
            let byte = b[j]
            if byte == 0x2E { dots += 1 } else if byte == 0x21 || byte == 0x3F { strong = true } else { break }
            j += 1
        }
        if strong { return afterStrong(j) }
        if dots >= 2 { return ellipsis(i, runEnd: j) }
        // A single period; maybe followed by a spaced ellipsis ". . .".
        var spaced = 0
        var k = j
        while k + 1 < n && b[k] == 0x20 && b[k + 1] == 0x2E {
            spaced += 1
            k += 2
        }
        if spaced >= 2 {
            let attached = i > start && !UTF8Scan.spaceBefore(b, i)
            if attached && spaced >= 3 {
                // "word. . . . Next": the period ends the sentence, the ellipsis opens the next.
                let after = closers(k)
                let nextStart = UTF8Scan.skipSpace(b, after, n)
                if nextStart > after && nextStart < n && !nextIsLower(nextStart) { return .split(end: i + 1, next: i + 1) }
                return .none(resume: after)
            }
            if !attached && spaced >= 3 { return afterStrong(k) }
            return .none(resume: k)  // ". . ." marks an omission inside a sentence
        }
        return period(i)
    }

    /// After `!`, `?` or a sentence-ending ellipsis: split when whitespace and a
    /// non-lowercase start follow (closing quotes and brackets stay with the sentence).
    func afterStrong(_ j: Int) -> Action {
        let k = closers(j)
        if k >= n { return .split(end: n, next: n) }
        if UTF8Scan.spaceLength(b, k) == 0 { return .none(resume: k) }
        let nextStart = UTF8Scan.skipSpace(b, k, n)
        if nextStart >= n { return .split(end: n, next: n) }
        if nextIsLower(nextStart) { return .none(resume: nextStart) }
        return .split(end: k, next: nextStart)
    }

    func ellipsis(_ i: Int, runEnd: Int) -> Action {
        if i > 0 && (b[i - 1] == 0x5B || b[i - 1] == 0x28) { return .none(resume: runEnd) }  // [...] (...)
        return afterStrong(runEnd)
    }

    func strongNonLatin(_ i: Int) -> Action {
        var j = i
        while j < n {
            let byte = b[j]
            if byte == 0x2E || byte == 0x21 || byte == 0x3F { j += 1; continue }
            if byte < 0x80 { break }
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isStrongTerminator(v) || v == 0x2026 { j += l } else { break }
        }
        let k = closers(j)
        return .split(end: k, next: k)
    }

    /// A single period at `i`.
    mutating func period(_ i: Int) -> Action {
        let ts = tokenStart(before: i)
        if let action = listMarker(tokenStart: ts, end: i, after: i + 1) { return action }
        let k = closers(i + 1)
        if k >= n { return .split(end: n, next: n) }
        if UTF8Scan.spaceLength(b, k) == 0 { return .none(resume: k) }  // U.S.A, 100.00, a.b@c.d, Jr.'s
        let nextStart = UTF8Scan.skipSpace(b, k, n)
        if nextStart >= n { return .split(end: n, next: n) }
        var mm = nextStart
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        if UTF8Scan.isLower(v) { return .none(resume: nextStart) }
        let kind = abbreviation(ts, i)
        if v >= 0x30 && v <= 0x39 {
            return kind == .none ? .split(end: k, next: nextStart) : .none(resume: nextStart)
        }
        switch kind {
        case .none, .beforeNumber:
            return .split(end: k, next: nextStart)
        case .title:
            return .none(resume: nextStart)
        case .initial:
            // "you and I. Did" ends a sentence; "Albert I. Jones" and "E. Smith" do not.
            if i - ts == 1 && b[ts] == 0x49 && ts > start && !previousWordCapitalized(ts) {
                return .split(end: k, next: nextStart)
            }
            return .none(resume: nextStart)
        case .time:
            if isStarter(mm) || wordCount(start, ts) >= 3 { return .split(end: k, next: nextStart) }
            return .none(resume: nextStart)
        case .ambiguous:
            return isStarter(mm) ? .split(end: k, next: nextStart) : .none(resume: nextStart)
        }
    }
}

// MARK: - SentenceScanner+Tokens.swift
// Tokens around a terminator: abbreviations, initials, capitalization, closers.
extension ReferenceSentenceScanner {
    /// The start of the whitespace-delimited token that ends at `i`, after leading openers and bullets.
    func tokenStart(before i: Int) -> Int {
        var j = i
        while j > start {
            let previous = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, previous) > 0 { break }
            j = previous
            if i - j > 64 { break }
        }
        while j < i {
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isOpener(v) || Self.isBullet(v) { j += l } else { break }
        }
        return j
    }

    enum Abbreviation { case none, title, initial, time, ambiguous, beforeNumber }

    func abbreviation(_ ts: Int, _ end: Int) -> Abbreviation {
        let len = end - ts
        if len <= 0 { return .none }
        if len == 1 {
            let byte = b[ts]
            if ASCII.isUppercase(byte) { return .initial }
            if ASCII.isLowercase(byte) { return .ambiguous }
        }
        // Dotted acronyms: U.S, E.U, a.m, Ph.D, i.e
        var hasDot = false
        var segment = 0
        var dotted = true
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
        let hash = UTF8Scan.asciiLowerHash(b, ts..<end)
        if hasDot {
            guard dotted else { return .none }
            if hash == Self.amHash || hash == Self.pmHash { return .time }
            if hash == Self.ieHash || hash == Self.egHash { return .title }
            return .ambiguous
        }
        guard len <= 8, let cls = Self.abbreviations.get(hash) else { return .none }
        switch cls {
        case 1: return .title
        case 2: return .ambiguous
        default: return .beforeNumber
        }
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
    func closers(_ j: Int) -> Int {
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

// MARK: - SentenceScanner+WordLists.swift
// The abbreviation and sentence-starter word lists.
extension ReferenceSentenceScanner {
    static let amHash = UTF8Scan.asciiLowerHash("a.m")
    static let pmHash = UTF8Scan.asciiLowerHash("p.m")
    static let ieHash = UTF8Scan.asciiLowerHash("i.e")
    static let egHash = UTF8Scan.asciiLowerHash("e.g")

    /// 1: title (never ends a sentence before a capitalized word), 2: ambiguous (ends one
    /// only before a common sentence starter), 3: used before numbers (`p. 55`, `No. 5`).
    static let abbreviations: HashMap64 = {
        var table = HashMap64(capacity: 256)
        let titles = """
            mr mrs ms messrs mmes mme mlle dr prof gen sen rep reps gov capt cpt lt col maj sgt cpl pvt pfc spc adm cmdr cdr ens \
            brig rev hon pres supt det insp atty amb mt ft fr vs v cf viz sra sr\u{00E9} srta
            """
        let ambiguous = """
            co corp inc ltd llc plc bros jr sr st ste etc al esp ave blvd rd hwy ln dept univ assn est \
            jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun \
            min max misc ca approx govt intl natl mfg
            """
        let numbers = "no nos nr n\u{00B0} n\u{00BA} p pp vol vols ch chap art sec para pt eq ed eds op ref tel ext fig figs ll"
        for word in titles.split(separator: " ") { table.set(UTF8Scan.asciiLowerHash(String(word)), 1) }
        for word in ambiguous.split(separator: " ") { table.set(UTF8Scan.asciiLowerHash(String(word)), 2) }
        for word in numbers.split(separator: " ") { table.set(UTF8Scan.asciiLowerHash(String(word)), 3) }
        return table
    }()

    /// Capitalized words that commonly open an English sentence.
    static let starters: HashMap64 = {
        var table = HashMap64(capacity: 128)
        let words = """
            the a an this that these those there here it its he she they we i you his her their our my your \
            but and or so yet if when while after before as at in on for from by with what who whom whose why \
            how where which no not yes however then also one some many most all both each such meanwhile \
            today yesterday now still even only later since because although though once
            """
        for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table.set(UTF8Scan.asciiLowerHash(String(word)), 1) }
        return table
    }()
}
