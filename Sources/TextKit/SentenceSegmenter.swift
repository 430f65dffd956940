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
        while let r = scanner.next() {
            if !body(r) { return }
        }
    }
}

/// The state of one pass over a text.
struct SentenceScanner {
    private enum Action {
        case none(resume: Int)
        case split(end: Int, next: Int)
    }

    private let b: UnsafeBufferPointer<UInt8>
    private let n: Int
    private let maxBytes: Int
    private var start = 0
    private var pos = 0
    private var lineStart = 0
    private var hardWrapped = false
    private var wrapWidth = 0
    private var linesAnalyzed = false
    private var lastMarker: (letter: Bool, value: Int, at: Int)?

    init(_ bytes: UnsafeBufferPointer<UInt8>, maximumSentenceBytes: Int) {
        b = bytes
        n = bytes.count
        maxBytes = maximumSentenceBytes
    }

    /// Decides whether single line breaks are hard wraps: most of the first lines are of
    /// nearly the same width, at most 120 bytes. Runs once, at the first single line break.
    private mutating func analyzeLines() {
        linesAnalyzed = true
        let limit = min(n, 16_384)
        var lengths: [Int] = []
        var ls = 0
        var i = 0
        while i < limit {
            if b[i] == 0x0A {
                var e = i
                while e > ls && (b[e - 1] == 0x0D || b[e - 1] == 0x20) { e -= 1 }
                if e > ls { lengths.append(e - ls) }
                ls = i + 1
                if lengths.count >= 64 { break }
            }
            i += 1
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
                let s = start
                var e = max(s, min(end, n))
                while e > s {
                    let p = UTF8Scan.previousStart(b, e)
                    if UTF8Scan.spaceLength(b, p) == 0 { break }
                    e = p
                }
                start = max(nextStart, s + 1)
                pos = start
                if e > s { return s..<e }
            case .none:
                continue
            }
        }
    }

    /// Scans from `pos` to the end of the current sentence.
    private mutating func scan() -> Action {
        var i = pos
        let limit = start + maxBytes
        while i < n {
            let c = b[i]
            if i >= limit && c & 0xC0 != 0x80 { return forcedSplit(i) }
            if c < 0x80 {
                switch c {
                case 0x2E, 0x21, 0x3F:  // . ! ?
                    switch terminator(i) {
                    case .split(let e, let nx): return .split(end: e, next: nx)
                    case .none(let r): i = max(r, i + 1)
                    }
                case 0x29:  // )
                    if case .split(let e, let nx)? = listMarker(tokenStart: tokenStart(before: i), end: i, after: i + 1) {
                        return .split(end: e, next: nx)
                    }
                    i += 1
                case 0x0A:
                    switch newline(i) {
                    case .split(let e, let nx): return .split(end: e, next: nx)
                    case .none(let r): i = max(r, i + 1)
                    }
                default:
                    i += 1
                }
                continue
            }
            switch c {
            case 0xD8, 0xDB, 0xE0, 0xE2, 0xE3, 0xEF:
                let (v, l) = UTF8Scan.decode(b, i)
                if Self.isStrongTerminator(v) {
                    return strongNonLatin(i)
                }
                if v == 0x2026 {  // …
                    switch ellipsis(i, runEnd: i + l) {
                    case .split(let e, let nx): return .split(end: e, next: nx)
                    case .none(let r): i = max(r, i + l)
                    }
                    continue
                }
                if Self.isBullet(v) {
                    if hasContent(start, i) { return .split(end: i, next: i) }
                    i += l
                    continue
                }
                if v == 0x2029 { if hasContent(start, i) { return .split(end: i, next: i + l) } }
                if v == 0x2028 {
                    switch newline(i, length: l) {
                    case .split(let e, let nx): return .split(end: e, next: nx)
                    case .none(let r): i = max(r, i + l)
                    }
                    continue
                }
                i += l
            default:
                i += 1
            }
        }
        return .split(end: n, next: n)
    }

    // MARK: Terminators

    private mutating func terminator(_ i: Int) -> Action {
        var j = i
        var dots = 0
        var strong = false
        while j < n {
            let c = b[j]
            if c == 0x2E { dots += 1 } else if c == 0x21 || c == 0x3F { strong = true } else { break }
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
                let m = UTF8Scan.skipSpace(b, after, n)
                if m > after && m < n && !nextIsLower(m) { return .split(end: i + 1, next: i + 1) }
                return .none(resume: after)
            }
            if !attached && spaced >= 3 { return afterStrong(k) }
            return .none(resume: k)  // ". . ." marks an omission inside a sentence
        }
        return period(i)
    }

    /// After `!`, `?` or a sentence-ending ellipsis: split when whitespace and a
    /// non-lowercase start follow (closing quotes and brackets stay with the sentence).
    private func afterStrong(_ j: Int) -> Action {
        let k = closers(j)
        if k >= n { return .split(end: n, next: n) }
        if UTF8Scan.spaceLength(b, k) == 0 { return .none(resume: k) }
        let m = UTF8Scan.skipSpace(b, k, n)
        if m >= n { return .split(end: n, next: n) }
        if nextIsLower(m) { return .none(resume: m) }
        return .split(end: k, next: m)
    }

    private func ellipsis(_ i: Int, runEnd: Int) -> Action {
        if i > 0 && (b[i - 1] == 0x5B || b[i - 1] == 0x28) { return .none(resume: runEnd) }  // [...] (...)
        return afterStrong(runEnd)
    }

    private func strongNonLatin(_ i: Int) -> Action {
        var j = i
        while j < n {
            let c = b[j]
            if c == 0x2E || c == 0x21 || c == 0x3F { j += 1; continue }
            if c < 0x80 { break }
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isStrongTerminator(v) || v == 0x2026 { j += l } else { break }
        }
        let k = closers(j)
        return .split(end: k, next: k)
    }

    /// A single period at `i`.
    private mutating func period(_ i: Int) -> Action {
        let ts = tokenStart(before: i)
        if let action = listMarker(tokenStart: ts, end: i, after: i + 1) { return action }
        let k = closers(i + 1)
        if k >= n { return .split(end: n, next: n) }
        if UTF8Scan.spaceLength(b, k) == 0 { return .none(resume: k) }  // U.S.A, 100.00, a.b@c.d, Jr.'s
        let m = UTF8Scan.skipSpace(b, k, n)
        if m >= n { return .split(end: n, next: n) }
        var mm = m
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        if UTF8Scan.isLower(v) { return .none(resume: m) }
        let kind = abbreviation(ts, i)
        if v >= 0x30 && v <= 0x39 {
            return kind == .none ? .split(end: k, next: m) : .none(resume: m)
        }
        switch kind {
        case .none, .beforeNumber:
            return .split(end: k, next: m)
        case .title:
            return .none(resume: m)
        case .initial:
            // "you and I. Did" ends a sentence; "Albert I. Jones" and "E. Smith" do not.
            if i - ts == 1 && b[ts] == 0x49 && ts > start && !previousWordCapitalized(ts) {
                return .split(end: k, next: m)
            }
            return .none(resume: m)
        case .time:
            if isStarter(mm) || wordCount(start, ts) >= 3 { return .split(end: k, next: m) }
            return .none(resume: m)
        case .ambiguous:
            return isStarter(mm) ? .split(end: k, next: m) : .none(resume: m)
        }
    }

    // MARK: Lists

    /// An inline list marker (`2.`, `2)`, `2.)`, `b.`) ending at `end` (the `.` or `)`).
    /// At the start of a sentence it is remembered and never ends the sentence; inside one it
    /// starts a new sentence when it continues a numbering (the previous marker was one less,
    /// or the next one follows within a few hundred bytes). `nil`: not a list marker.
    private mutating func listMarker(tokenStart ts: Int, end: Int, after: Int) -> Action? {
        let len = end - ts
        guard len >= 1 && len <= 2 else { return nil }
        var value = 0
        let letter: Bool
        if len == 1 && b[ts] >= 0x61 && b[ts] <= 0x7A {
            letter = true
            value = Int(b[ts]) - 0x60
        } else {
            letter = false
            for p in ts..<end {
                let c = b[p]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value * 10 + Int(c) - 0x30
            }
        }
        guard ts == 0 || UTF8Scan.spaceBefore(b, ts) || Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, ts)).0) else { return nil }
        var a = after
        if a < n && b[end] == 0x2E && b[a] == 0x29 { a += 1 }  // "1.)"
        guard a < n, UTF8Scan.spaceLength(b, a) > 0 else { return nil }
        if onlyBulletsOrSpace(start, ts) {
            lastMarker = (letter, value, end)
            return .none(resume: a)
        }
        let m = UTF8Scan.skipSpace(b, a, n)
        guard m < n, !nextIsLower(m) else { return nil }
        var accepted = false
        if let last = lastMarker, last.letter == letter, last.value == value - 1, end - last.at < 2000 {
            accepted = true
        } else if findMarker(letter: letter, value: value + 1, from: a, window: 600) {
            accepted = true
        }
        guard accepted else { return nil }
        lastMarker = (letter, value, end)
        return .split(end: ts, next: ts)
    }

    private func findMarker(letter: Bool, value: Int, from: Int, window: Int) -> Bool {
        let target: [UInt8] = letter ? [UInt8(0x60 + min(value, 26))] : Array(String(value).utf8)
        let end = min(n, from + window)
        var p = from
        while p + target.count + 1 < end {
            if b[p] == target[0] && (UTF8Scan.spaceBefore(b, p) || (p > 0 && b[p - 1] >= 0x80 && Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, p)).0))) {
                var ok = true
                for (t, byte) in target.enumerated() where b[p + t] != byte { ok = false; break }
                let q = p + target.count
                if ok && (b[q] == 0x2E || b[q] == 0x29) {
                    var a = q + 1
                    if b[q] == 0x2E && a < n && b[a] == 0x29 { a += 1 }
                    if a < n && UTF8Scan.spaceLength(b, a) > 0 { return true }
                }
            }
            p += 1
        }
        return false
    }

    // MARK: Line breaks

    private mutating func newline(_ i: Int, length: Int = 1) -> Action {
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

    private func startsListItem(_ j: Int) -> Bool {
        let c = b[j]
        if (c == 0x2D || c == 0x2A || c == 0x2B) && j + 1 < n && b[j + 1] == 0x20 { return true }  // "- " "* " "+ "
        if c >= 0x80 { return Self.isBullet(UTF8Scan.decode(b, j).0) }
        var p = j
        while p < n && p - j < 3 && b[p] >= 0x30 && b[p] <= 0x39 { p += 1 }
        if p > j && p + 1 < n && (b[p] == 0x2E || b[p] == 0x29) && UTF8Scan.spaceLength(b, p + 1) > 0 { return true }
        return false
    }

    private func forcedSplit(_ i: Int) -> Action {
        var p = i
        let floor = start + maxBytes / 2
        while p > floor {
            if UTF8Scan.spaceLength(b, p) > 0 && b[p] < 0x80 { return .split(end: p, next: p + 1) }
            p -= 1
        }
        return .split(end: i, next: i)
    }

    // MARK: Tokens and classes

    /// The start of the whitespace-delimited token that ends at `i`, after leading openers and bullets.
    private func tokenStart(before i: Int) -> Int {
        var j = i
        while j > start {
            let p = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, p) > 0 { break }
            j = p
            if i - j > 64 { break }
        }
        while j < i {
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isOpener(v) || Self.isBullet(v) { j += l } else { break }
        }
        return j
    }

    private enum Abbreviation { case none, title, initial, time, ambiguous, beforeNumber }

    private func abbreviation(_ ts: Int, _ end: Int) -> Abbreviation {
        let len = end - ts
        if len <= 0 { return .none }
        if len == 1 {
            let c = b[ts]
            if c >= 0x41 && c <= 0x5A { return .initial }
            if c >= 0x61 && c <= 0x7A { return .ambiguous }
        }
        // Dotted acronyms: U.S, E.U, a.m, Ph.D, i.e
        var hasDot = false
        var segment = 0
        var dotted = true
        for p in ts..<end {
            let c = b[p]
            if c == 0x2E {
                if segment == 0 { dotted = false; break }
                hasDot = true
                segment = 0
            } else if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A {
                segment += 1
                if segment > 2 { dotted = false; break }
            } else {
                dotted = false
                break
            }
        }
        let h = UTF8Scan.asciiLowerHash(b, ts..<end)
        if hasDot {
            guard dotted else { return .none }
            if h == Self.amHash || h == Self.pmHash { return .time }
            if h == Self.ieHash || h == Self.egHash { return .title }
            return .ambiguous
        }
        guard len <= 8, let cls = Self.abbreviations.get(h) else { return .none }
        switch cls {
        case 1: return .title
        case 2: return .ambiguous
        default: return .beforeNumber
        }
    }

    private func isStarter(_ m: Int) -> Bool {
        var e = m
        while e < n && e - m < 12 && (b[e] | 0x20) >= 0x61 && (b[e] | 0x20) <= 0x7A { e += 1 }
        guard e > m else { return false }
        return Self.starters.get(UTF8Scan.asciiLowerHash(b, m..<e)) != nil
    }

    private func previousWordCapitalized(_ ts: Int) -> Bool {
        var j = ts
        while j > start {
            let p = UTF8Scan.previousStart(b, j)
            if UTF8Scan.spaceLength(b, p) == 0 { break }
            j = p
        }
        guard j > start else { return false }
        var w = j
        while w > start {
            let p = UTF8Scan.previousStart(b, w)
            if UTF8Scan.spaceLength(b, p) > 0 { break }
            w = p
        }
        return UTF8Scan.isUpper(UTF8Scan.decode(b, w).0)
    }

    private func wordCount(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var inWord = false
        var p = from
        while p < to {
            let s = b[p] == 0x20 || b[p] == 0x0A || b[p] == 0x09
            if !s && !inWord { count += 1 }
            inWord = !s
            p += 1
        }
        return count
    }

    private func nextIsLower(_ m: Int) -> Bool {
        var mm = m
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        return UTF8Scan.isLower(v)
    }

    private func hasContent(_ from: Int, _ to: Int) -> Bool {
        UTF8Scan.skipSpace(b, from, to) < to
    }

    private func onlyBulletsOrSpace(_ from: Int, _ to: Int) -> Bool {
        var p = from
        while p < to {
            let (v, l) = UTF8Scan.decode(b, p)
            if !(Self.isBullet(v) || UTF8Scan.spaceLength(b, p) > 0 || Self.isOpener(v)) { return false }
            p += l
        }
        return true
    }

    /// The index after closing quotes and brackets starting at `j`. An apostrophe counts only
    /// when whitespace, the end or another closer follows (so `Jr.'s` keeps its `'s`).
    private func closers(_ j: Int) -> Int {
        var k = j
        while k < n {
            let (v, l) = UTF8Scan.decode(b, k)
            guard Self.isCloser(v) else { break }
            if v == 0x27 || v == 0x2019 {
                let a = k + l
                if a < n && UTF8Scan.spaceLength(b, a) == 0 && !Self.isCloser(UTF8Scan.decode(b, a).0) { break }
            }
            k += l
        }
        return k
    }

    // MARK: Character classes

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

    // MARK: Word lists

    static let amHash = UTF8Scan.asciiLowerHash("a.m")
    static let pmHash = UTF8Scan.asciiLowerHash("p.m")
    static let ieHash = UTF8Scan.asciiLowerHash("i.e")
    static let egHash = UTF8Scan.asciiLowerHash("e.g")

    /// 1: title (never ends a sentence before a capitalized word), 2: ambiguous (ends one
    /// only before a common sentence starter), 3: used before numbers (`p. 55`, `No. 5`).
    static let abbreviations: HashMap64 = {
        var m = HashMap64(capacity: 256)
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
        for w in titles.split(separator: " ") { m.set(UTF8Scan.asciiLowerHash(String(w)), 1) }
        for w in ambiguous.split(separator: " ") { m.set(UTF8Scan.asciiLowerHash(String(w)), 2) }
        for w in numbers.split(separator: " ") { m.set(UTF8Scan.asciiLowerHash(String(w)), 3) }
        return m
    }()

    /// Capitalized words that commonly open an English sentence.
    static let starters: HashMap64 = {
        var m = HashMap64(capacity: 128)
        let words = """
            the a an this that these those there here it its he she they we i you his her their our my your \
            but and or so yet if when while after before as at in on for from by with what who whom whose why \
            how where which no not yes however then also one some many most all both each such meanwhile \
            today yesterday now still even only later since because although though once
            """
        for w in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { m.set(UTF8Scan.asciiLowerHash(String(w)), 1) }
        return m
    }()
}
