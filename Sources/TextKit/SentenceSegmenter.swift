#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits text into sentences, working on UTF-8 bytes and returning byte ranges into the
/// original text (trimmed of surrounding whitespace). One forward pass, no copies.
///
/// Handles abbreviations (`Mr.`, `U.S.`, `a.m.`, `Jr.'s`, `p. 55`, `No. 5`), decimals and
/// money, initials, ellipses (`...`, `…`, `. . .`), quotes and brackets after the terminator,
/// e-mail addresses and URLs, inline and line-based lists (`1.)`, `2)`, `a.`, `•`), line
/// breaks (blank lines always split; single line breaks split unless the text looks
/// hard-wrapped or the next line starts in lowercase), and non-Latin terminators: Arabic and
/// Urdu `؟` `۔`, Devanagari `।` `॥`, CJK `。` `！` `？`. It passes all 48 of pySBD's English
/// "Golden Rules".
///
/// ```swift
/// let text = "Mr. Smith arrived at 5 p.m. He left."
/// let ranges = SentenceSegmenter().sentences(in: text)     // 2 ranges of UTF-8 offsets
/// ```
public struct SentenceSegmenter: Sendable {
    /// A sentence longer than this many bytes is split at a whitespace (texts without
    /// punctuation still yield usable units, and cost stays linear).
    public var maximumSentenceBytes: Int

    /// Creates a segmenter.
    public init(maximumSentenceBytes: Int = 3000) {
        self.maximumSentenceBytes = max(64, maximumSentenceBytes)
    }

    /// The sentences of `text` as UTF-8 byte ranges, in order.
    public func sentences(in text: String) -> [Range<Int>] {
        TextKit.withUTF8(text) { sentences(in: $0) }
    }

    /// The sentences of UTF-8 `bytes` as byte ranges, in order.
    public func sentences(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(bytes.count / 100 + 1)
        forEachSentence(in: bytes) { out.append($0); return true }
        return out
    }

    /// Calls `body` with each sentence's byte range, in order, until it returns `false`.
    /// The work done is proportional to the text scanned, so stopping early is cheap
    /// (the first sentences of a 10 MB text cost only those sentences).
    public func forEachSentence(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
        var scanner = SentenceScanner(bytes, maximumSentenceBytes: maximumSentenceBytes)
        while let range = scanner.next() {
            if !body(range) { return }
        }
    }
}

/// The state of one pass over a text.
struct SentenceScanner {
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
            // Candidates are found sixteen bytes at a time; a lead byte that `passes` (of a
            // scalar `scan` has no rule for) is stepped over and the wide scan resumes.
            while i + 16 <= quiet {
                i = Self.skipQuiet(b, from: i, to: quiet)
                guard i + 16 <= quiet, Self.passes(b[i]) else { break }
                i += 1
            }
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

    /// The first index from `i` (below `end - 15`, then `end - 15` or wherever the last full
    /// 16-byte block started) that may hold a byte `scan` must look at: `.` `!` `?` `)`, line
    /// feed, or a byte from 0xD8 up (a superset of the lead bytes `passes` stops at: D8, DB, E0,
    /// E2, E3, EF); it also stops at `*` and 0x0E (see `stops`), which pass. Sixteen bytes are compared at once (SSE2 `pcmpeqb`/`pmaxub`), two blocks a
    /// turn while 32 bytes are left (one test and branch for both): about a fifth of the
    /// instructions per byte of the eight-byte SWAR mask this replaced. Latin-1 letters (C3 ..)
    /// and every continuation byte are passed over in the block, not one by one.
    @inline(__always)
    static func skipQuiet(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, to end: Int) -> Int {
        guard let start = bytes.baseAddress else { return i }
        let base = UnsafeRawPointer(start)
        // Bytes 0xD8...0xFF as signed bytes plus 0xA8 are -128...-89, and no other byte is below -88.
        let leadBias = SIMD16<Int8>(repeating: Int8(truncatingIfNeeded: 0x80 &- 0xD8))
        let leadLimit = SIMD16<Int8>(repeating: -88)
        /// The stop bytes of the block at `offset` as 0xFF bytes (lane k is byte k), in two words.
        @inline(__always) func stops(at offset: Int) -> SIMD2<UInt64> {
            let block = base.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
            // Vector-to-vector compares: comparing with a scalar (`block .== 0x2E`) compiles to a
            // loop over the lanes.
            @inline(__always) func equal(_ byte: UInt8, setting bits: UInt8) -> SIMDMask<SIMD16<Int8>> {
                (block | SIMD16<UInt8>(repeating: bits)) .== SIMD16<UInt8>(repeating: byte)
            }
            // Two stop bytes per compare where setting bits maps both (and few others) to one
            // value: `!` `)` are 0x21 0x29 (| 0x08: exactly those two); line feed and `.` are 0x0A
            // 0x2E (| 0x24: also 0x0E and `*`, rare bytes that `scan` steps over).
            let punctuation = equal(0x29, setting: 0x08) .| equal(0x2E, setting: 0x24) .| (block .== SIMD16<UInt8>(repeating: 0x3F))
            let lead = (unsafeBitCast(block, to: SIMD16<Int8>.self) &+ leadBias) .< leadLimit
            return unsafeBitCast(punctuation .| lead, to: SIMD2<UInt64>.self)
        }
        /// The index of the first stop in `halves` (which has one).
        @inline(__always) func first(_ halves: SIMD2<UInt64>) -> Int {
            halves[0] != 0 ? halves[0].trailingZeroBitCount >> 3 : 8 + halves[1].trailingZeroBitCount >> 3
        }
        var offset = i
        while offset + 32 <= end {
            let low = stops(at: offset), high = stops(at: offset + 16)
            let both = low | high
            if both[0] | both[1] != 0 {
                return low[0] | low[1] != 0 ? offset + first(low) : offset + 16 + first(high)
            }
            offset += 32
        }
        if offset + 16 <= end {
            let halves = stops(at: offset)
            if halves[0] | halves[1] != 0 { return offset + first(halves) }
            offset += 16
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
