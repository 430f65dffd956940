import Foundation

/// What was removed: the annotation type and the UTF-8 byte range.
struct Removal {
    var type: String
    var start: Int
    var end: Int
}

/// Which parts the stripper looks for.
struct StripSettings: Sendable {
    var greetings = true
    var closings = true
    var signatures = true
    var quotes = true
    /// How many lines at each end are examined for greetings and sign-offs.
    var edgeLines = 12
}

/// The detector: finds greetings at the start, sign-offs/blessings/signatures at the end, and
/// quoted replies anywhere (by their headers), scanning UTF-8 bytes. Only the first and last few
/// lines and candidate header lines are normalized, so the cost barely grows with the body.
struct Stripper: Sendable {
    let book: PhraseBook
    let settings: StripSettings
    let greet: Trie, close: Trie, device: Trie, verb: Trie, lead: Trie, from: Trie, field: Trie, sep: Trie

    init(book: PhraseBook, settings: StripSettings) {
        self.book = book
        self.settings = settings
        greet = book.trie(.greeting); close = book.trie(.closing); device = book.trie(.device)
        verb = book.trie(.replyVerb); lead = book.trie(.replyLead); from = book.trie(.headerFrom)
        field = book.trie(.headerField); sep = book.trie(.separator)
    }

    /// Per-line state while stripping one document.
    struct Line {
        var start: Int
        var end: Int      // content end (before \r\n)
        var next: Int     // start of the next line
        var keepFrom: Int
        var keepTo: Int
        var removed = false
        var quoteLine = false
        var blank = false
    }

    /// Runs on one document's bytes; returns the removals (empty: text unchanged) and the new bytes.
    func run(_ b: UnsafeBufferPointer<UInt8>) -> (removals: [Removal], kept: [Range<Int>])? {
        var w = Work(b: b, s: self)
        w.splitLines()
        if w.lines.isEmpty { return nil }
        if settings.greetings { w.openers() }
        var cut = w.lines.count
        if settings.quotes { cut = w.quotePass() }
        if settings.closings || settings.signatures { w.closers(limit: cut) }
        if w.removals.isEmpty { return nil }
        return w.assemble()
    }
}

private let SP: UInt32 = 0x20

/// Normalized lines of one document, by line index (with the byte range they cover).
final class NormCache {
    var entries: [Int: (Int, Int, NText)] = [:]
}

/// Mutable state for one document.
struct Work {
    let b: UnsafeBufferPointer<UInt8>
    let s: Stripper
    var lines: [Stripper.Line] = []
    var removals: [Removal] = []
    /// Whole-line normalizations already made (lines are looked at by several detectors).
    let cache = NormCache()

    init(b: UnsafeBufferPointer<UInt8>, s: Stripper) { self.b = b; self.s = s }

    // MARK: Lines

    mutating func splitLines() {
        let n = b.count
        var i = 0
        lines.reserveCapacity(16)
        while i < n {
            var j = n
            if let p = memchr(b.baseAddress! + i, 0x0A, n - i) { j = b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self)) }
            var e = j
            if e > i && b[e - 1] == 0x0D { e -= 1 }
            let next = j < n ? j + 1 : n
            var l = Stripper.Line(start: i, end: e, next: next, keepFrom: i, keepTo: e)
            var k = i
            while k < e && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
            l.blank = k == e
            if !l.blank && b[k] == 0x3E && k - i <= 3 { l.quoteLine = true }
            lines.append(l)
            i = next
        }
    }

    func trimmed(_ i: Int) -> (Int, Int) {
        var a = lines[i].keepFrom, e = lines[i].keepTo
        while a < e && (b[a] == 0x20 || b[a] == 0x09) { a += 1 }
        while e > a && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
        return (a, e)
    }

    /// Normalizes at most `limit` bytes of the kept part of line `i`, from its start or its end.
    func norm(_ i: Int, limit: Int = 600, fromEnd: Bool = false) -> (t: NText, truncated: Bool) {
        let (a, e) = trimmed(i)
        if e - a <= limit {
            if let hit = cache.entries[i], hit.0 == a, hit.1 == e { return (hit.2, false) }
            let t = Normalizer.normalize(b, a, e)
            cache.entries[i] = (a, e, t)
            return (t, false)
        }
        if fromEnd {
            var x = e - limit
            while x < e && b[x] & 0xC0 == 0x80 { x += 1 }
            return (Normalizer.normalize(b, x, e), true)
        }
        var y = a + limit
        while y > a && b[y] & 0xC0 == 0x80 { y -= 1 }
        return (Normalizer.normalize(b, a, y), true)
    }

    mutating func removeLine(_ i: Int, _ type: String) {
        guard !lines[i].removed else { return }
        let (a, e) = trimmed(i)
        lines[i].removed = true
        if a < e { removals.append(Removal(type: type, start: a, end: e)) }
    }

    func isRule(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 5 else { return false }
        var k = a
        while k < e { let c = b[k]; if c != 0x2D && c != 0x5F && c != 0x3D && c != 0x2A && c != 0x20 { return false }; k += 1 }
        return true
    }

    // MARK: Openers

    /// Removes greeting lines and greeting sentences/title prefixes at the start.
    mutating func openers() {
        var examined = 0
        var skippedTitle = false
        var i = 0
        while i < lines.count && examined < 4 {
            let l = lines[i]
            if l.blank { i += 1; continue }
            if l.quoteLine { return }
            examined += 1
            let (head, _) = norm(i, limit: 48)
            if !s.greet.couldMatch(head.s, from: 0) && !isAddresseeLine(head, lines[i].end - lines[i].start > 48) {
                if !skippedTitle && examined == 1 && lines[i].end - lines[i].start < 160 && isTitleLike(norm(i, limit: 200).t, false) { skippedTitle = true; i += 1; continue }
                return
            }
            let (t, truncated) = norm(i, limit: 240)
            if examined <= 2 && isAddresseeLine(t, truncated) { removeLine(i, "greeting"); i += 1; continue }
            if let p = greetingEnd(t, truncated: truncated) {
                if p >= t.count && !truncated {
                    removeLine(i, "greeting")
                } else {
                    let (a, _) = trimmed(i)
                    let cut = t.start[p]
                    removals.append(Removal(type: "greeting", start: a, end: trimEnd(a, cut)))
                    lines[i].keepFrom = cut
                }
                i += 1
                continue
            }
            // A short title line may precede the greeting ("Title\nAssalamualaikum. Body").
            if !skippedTitle && examined == 1 && isTitleLike(t, truncated) { skippedTitle = true; i += 1; continue }
            return
        }
    }

    /// Japanese/Chinese addressee lines: "田中様", "営業部 御中", "各位".
    static let addresseeSuffixes: [[UInt32]] = ["様", "さま", "殿", "御中", "各位", "さん", "先生"].map { Array($0.unicodeScalars.map(\.value)) }

    func isAddresseeLine(_ t: NText, _ truncated: Bool) -> Bool {
        guard !truncated, t.count >= 2, t.count <= 16 else { return false }
        var e = t.count
        while e > 0 && Work.isStopPunct(t.s[e - 1]) { e -= 1 }
        guard e >= 2, Fold.isUnspaced(t.s[0]) else { return false }
        for suffix in Work.addresseeSuffixes where e >= suffix.count && Array(t.s[(e - suffix.count)..<e]) == suffix { return true }
        // Chinese titles only with the letter's colon or comma ("王经理：", "李老师，"), never a bare headline ending in them.
        if e < t.count && (t.s[e] == 0x3A || t.s[e] == 0x2C) {
            for suffix in Work.addresseeTitleSuffixes where e >= suffix.count + 1 && Array(t.s[(e - suffix.count)..<e]) == suffix {
                // "张总：" is an addressee, "数据汇总：" (summary) / "合总" / "统总" are not.
                if suffix.count == 1, let before = Unicode.Scalar(t.s[e - 2]), "汇匯合统統总總".unicodeScalars.contains(before) { continue }
                return true
            }
        }
        return false
    }

    /// Endings of a self-introduction after a greeting ("田中です", "김민수입니다", "山田と申します").
    static let selfIntroEndings: [[UInt32]] = ["です", "と申します", "でございます", "입니다"].map { Array(Normalizer.normalize($0)) }

    /// Chinese addressee titles, taken only before a colon or comma: "王经理：", "张总，", "李老师：".
    static let addresseeTitleSuffixes: [[UInt32]] = ["经理", "經理", "总", "總", "老师", "老師", "女士", "小姐", "主任", "教授", "博士", "总监", "總監", "同学", "同學", "同事们", "领导"].map { Array($0.unicodeScalars.map(\.value)) }

    func trimEnd(_ a: Int, _ e: Int) -> Int {
        var e = e
        while e > a && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
        return e
    }

    func isTitleLike(_ t: NText, _ truncated: Bool) -> Bool {
        if truncated || t.count == 0 || t.count > 160 { return false }
        let last = t.s[t.count - 1]
        if last == 0x2E || last == 0x3A || last == 0x2C { return false }
        return t.s.filter { $0 == SP }.count < 18
    }

    static let abbreviations: Set<[UInt32]> = Set(["wr", "wb", "swt", "saw", "pbuh", "mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "st", "hr", "fr", "yth", "sgt", "capt", "gen", "hon", "rev", "mme", "mlle", "m", "sh", "smt", "sig", "dott", "ing", "bpk", "ibu", "pak", "h", "hj", "mx", "bi", "bw", "mgr", "mudr", "dl", "dna", "dlui", "p", "pi", "κ", "κα"].map { Array($0.unicodeScalars.map(\.value)) })

    func isAbbrevDot(_ s: [UInt32], _ k: Int) -> Bool {
        var j = k
        while j > 0 && Fold.isWord(s[j - 1]) { j -= 1 }
        return Work.abbreviations.contains(Array(s[j..<k]))
    }

    @inline(__always) static func isStopPunct(_ c: UInt32) -> Bool {
        c == 0x2C || c == 0x2E || c == 0x21 || c == 0x3F || c == 0x3A || c == 0x3B
    }

    /// `true` when the original scalar at byte `o` is an uppercase letter (or a digit/symbol of a cased context).
    func isUppercase(at o: Int) -> Bool {
        let c = b[o]
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        var v: UInt32
        if c < 0xE0 { v = (UInt32(c & 0x1F) << 6) | UInt32(b[o + 1] & 0x3F) }
        else if c < 0xF0 { v = (UInt32(c & 0x0F) << 12) | (UInt32(b[o + 1] & 0x3F) << 6) | UInt32(b[o + 2] & 0x3F) }
        else { return false }
        return Unicode.Scalar(v)?.properties.isUppercase ?? false
    }

    /// `true` when the original scalar at byte `o` is not a lowercase letter (a name, a handle, a non-cased script).
    func notLowercase(at o: Int) -> Bool {
        let c = b[o]
        if c < 0x80 { return !(c >= 0x61 && c <= 0x7A) }
        var v: UInt32
        if c < 0xE0 { v = (UInt32(c & 0x1F) << 6) | UInt32(b[o + 1] & 0x3F) }
        else if c < 0xF0 { v = (UInt32(c & 0x0F) << 12) | (UInt32(b[o + 1] & 0x3F) << 6) | UInt32(b[o + 2] & 0x3F) }
        else { return true }
        return !(Unicode.Scalar(v)?.properties.isLowercase ?? false)
    }

    /// Where the body starts after the greeting(s) at the start of `t` (t.count: the whole line), or nil.
    func greetingEnd(_ t: NText, truncated: Bool) -> Int? {
        let n = t.count
        var p = 0
        var found = false
        var rounds = 0
        while p < n && rounds < 4 {
            rounds += 1
            let ms = s.greet.matches(t.s, from: p, to: n)
            guard !ms.isEmpty else { break }
            var advanced = false
            for m in ms {
                // "Hi-tech": the phrase must not run into a hyphenated word.
                if m.end < n && t.s[m.end] == SP && b[t.start[m.end]] == 0x2D { continue }
                if let q = greetingTail(t, from: m.end, prefix: m.flag & Trie.prefix != 0 && m.flag & Trie.exact == 0,
                                        bare: m.flag & Trie.bare != 0, truncated: truncated) {
                    p = q; found = true; advanced = true
                    break
                }
            }
            if !advanced { break }
        }
        return found ? p : nil
    }

    /// After a greeting phrase ending at `i`: where the greeting ends (n: whole line), or nil.
    func greetingTail(_ t: NText, from i: Int, prefix: Bool, bare: Bool, truncated: Bool) -> Int? {
        let s = t.s, n = t.count
        if prefix {
            // A greeting sentence ("i hope this email finds you well *"): up to its end.
            var k = i, words = 0
            while k < n {
                let c = s[k]
                if c == SP { words += 1; if words > 25 { return nil } }
                if (c == 0x2E || c == 0x21 || c == 0x3F) && (k + 1 == n || s[k + 1] == SP) { break }
                k += 1
            }
            if k >= n { return truncated ? nil : n }
            k += 1
            while k < n && (s[k] == SP || Work.isStopPunct(s[k])) { k += 1 }
            return k
        }
        var i = i
        // Chained greetings: "Assalamu alaikum" + "wa rahmatullahi wa barakatuh", "Hi all" + "good morning".
        while true {
            var j = i
            while j < n && s[j] == SP { j += 1 }
            guard j < n, let m = self.s.greet.longest(s, from: j, to: n), m.flag & Trie.exact != 0 else { break }
            i = m.end
        }
        var tokens = 0, capsOK = true, inToken = false
        var stop: UInt32 = 0, stopAt = -1
        var unspaced = 0
        var k = i
        while k < n {
            let c = s[k]
            if k - i > 48 { return nil }
            // CJK has no spaces: a name after a greeting is a few characters ("尊敬的张经理").
            if Fold.isUnspaced(c) { unspaced += 1; if unspaced > 6 { return nil } }
            if c == SP {
                inToken = false
                if k + 2 < n && (s[k + 1] == 0x2D || s[k + 1] == 0x7C) && s[k + 2] == SP { stop = 0x2D; stopAt = k + 1; break }
                k += 1; continue
            }
            if Work.isStopPunct(c) && (k + 1 == n || s[k + 1] == SP || Work.isStopPunct(s[k + 1]) || Fold.isUnspaced(s[k + 1])) && !(c == 0x2E && isAbbrevDot(s, k)) {
                stop = c; stopAt = k; break
            }
            if !inToken {
                inToken = true; tokens += 1
                if tokens > 5 { return nil }
                if !notLowercase(at: t.start[k]) { capsOK = false }
            }
            k += 1
        }
        if stopAt < 0 {
            if truncated { return nil }
            if bare && tokens > 0 { return nil }   // "Morning traffic", "Salam Fayyad"
            return tokens <= 2 ? n : nil
        }
        var r = stopAt + 1
        while r < n && (s[r] == SP || Work.isStopPunct(s[r]) || s[r] == 0x2D) { r += 1 }
        if r >= n {
            if truncated { return nil }
            switch stop {
            case 0x2C, 0x3A, 0x3B: return tokens <= 6 ? n : nil
            case 0x21: return tokens <= 3 ? n : nil
            default: return tokens <= 2 && (tokens <= 1 || capsOK) ? n : nil
            }
        }
        if bare && tokens > 0 { return nil }
        if stop == 0x2D { return tokens <= 2 && (tokens == 0 || capsOK) ? r : nil }
        if stop == 0x3F { return nil }
        // "Buenos días, dijo el presidente…": a greeting quoted in a sentence, not addressed to the reader.
        if stop == 0x2C && tokens == 0 && !notLowercase(at: t.start[r]) { return nil }
        if stop == 0x2C && tokens == 0 {
            // "Здравствуйте, Иван!" (a name after the comma ends the line) or "Hello, Dolly! revival…" (a title).
            var k2 = r, words = 1
            while k2 < n && words <= 3 {
                let c = s[k2]
                if c == SP { words += 1 }
                else if Work.isStopPunct(c) && (k2 + 1 == n || s[k2 + 1] == SP) {
                    var r2 = k2 + 1
                    while r2 < n && (s[r2] == SP || Work.isStopPunct(s[r2])) { r2 += 1 }
                    if r2 >= n {
                        if truncated || !notLowercase(at: t.start[r]) { return nil }
                        // Scripts without case: "مرحبا، أرسلت التقرير." / "你好，报告已发送。" is a sentence, not a
                        // name (those end with "!" or stand alone): only the greeting goes.
                        // A self-introduction stays part of the greeting: "はじめまして、田中です。", "안녕하세요, 김민수입니다."
                        if c == 0x2E && !isUppercase(at: t.start[r]) && !Work.selfIntroEndings.contains(where: { e in
                            k2 - r >= e.count && Array(s[(k2 - e.count)..<k2]) == e }) { return r }
                        return n
                    }
                    if (c == 0x21 || c == 0x2E) && !notLowercase(at: t.start[r2]) { return nil }
                    break
                }
                k2 += 1
            }
        }
        // "Hello Games, the studio behind X, announced…": an appositive, not an address.
        if stop == 0x2C && tokens > 0 {
            var k3 = r
            while k3 < n {
                let c = s[k3]
                if c == 0x2C || c == 0x3B { return nil }
                if (c == 0x2E || c == 0x21 || c == 0x3F) && (k3 + 1 == n || s[k3 + 1] == SP) { break }
                k3 += 1
            }
        }
        // After "Hello!" or "Salam." the body starts a new sentence: not a lowercase letter.
        if (stop == 0x2E || stop == 0x21) && !notLowercase(at: t.start[r]) { return nil }
        return (tokens == 0 || (tokens <= 3 && capsOK)) ? r : nil
    }

    // MARK: Quotes

    /// Finds reply headers and `>` blocks; returns the line index where a reply cut starts (or lines.count).
    mutating func quotePass() -> Int {
        var firstContent: Int? = nil
        var i = 0
        while i < lines.count {
            let l = lines[i]
            if l.removed || l.blank { i += 1; continue }
            if l.quoteLine {
                var j = i
                var last = i
                while j < lines.count && (lines[j].quoteLine || lines[j].blank) {
                    if lines[j].quoteLine { last = j }
                    j += 1
                }
                for k in i...last { if lines[k].quoteLine { removeLine(k, "quote") } else { lines[k].removed = true } }
                i = last + 1
                continue
            }
            if let h = header(at: i) {
                if let fc = firstContent, fc < h.start {
                    for k in h.start..<lines.count { removeLine(k, "quote") }
                    return h.start
                }
                for k in h.start...h.end { removeLine(k, "quote") }
                i = h.end + 1
                continue
            }
            if firstContent == nil && !isRule(i) { firstContent = i }
            i += 1
        }
        return lines.count
    }

    /// A reply/forward header ending (or starting) at line `i`: its first and last line.
    func header(at i: Int) -> (start: Int, end: Int)? {
        let (a, e) = trimmed(i)
        guard e > a else { return nil }
        let first = b[a]
        let lastByte = b[e - 1]
        let endsColon = lastByte == 0x3A || (e - a >= 3 && b[e - 3] == 0xEF && b[e - 2] == 0xBC && b[e - 1] == 0x9A)
        // Separator lines: "-----Original Message-----", "Begin forwarded message:".
        if first == 0x2D || first == 0x5F || first == 0x3D || first == 0x2A || endsColon {
            if e - a < 120 && isSeparator(i) { return (i, i) }
        }
        // Outlook/forward header block: "From: …" followed by "Sent:/Date:/To:/Subject:".
        var colonEarly = false
        var k = a
        while k < min(e, a + 40) { if b[k] == 0x3A || (b[k] == 0xEF && k + 2 < e && b[k + 1] == 0xBC && b[k + 2] == 0x9A) { colonEarly = true; break }; k += 1 }
        if colonEarly, isField(i, s.from) {
            var j = i + 1
            var fields = 0
            while j < lines.count && j <= i + 6 && !lines[j].blank && isField(j, s.field) { fields += 1; j += 1 }
            // "From: Paris…\nTo: New York…" in a story is not a header: want an address or two more fields.
            var fromHasAddress = false
            var q = a
            while q < e { if b[q] == 0x40 { fromHasAddress = true; break }; q += 1 }
            // With only two more fields and no address on "From:", want a time or an address in the block:
            // "From: Hanoi\nTo: Da Nang\nDate: 5/11" in an itinerary stays.
            var blockHasTimeOrAt = false
            if fields == 2 && !fromHasAddress {
                let (_, be) = trimmed(j - 1)
                var q = a
                while q < be {
                    let c = b[q]
                    if c == 0x40 { blockHasTimeOrAt = true; break }
                    if c == 0x3A && q > a && q + 2 < be && b[q - 1] >= 0x30 && b[q - 1] <= 0x39 && b[q + 1] >= 0x30 && b[q + 1] <= 0x39 && b[q + 2] >= 0x30 && b[q + 2] <= 0x39 { blockHasTimeOrAt = true; break }
                    q += 1
                }
            }
            var u = i - 1
            while u >= 0 && lines[u].blank { u -= 1 }
            let ruleAbove = u >= 0 && !lines[u].removed && isRule(u)
            // Or a `____` rule above, or a blank line (or the end) right below the block, as mail clients write it.
            if fields >= 3 || (fields == 2 && (blockHasTimeOrAt || ruleAbove || j >= lines.count || lines[j].blank)) || (fields >= 1 && fromHasAddress) {
                return (ruleAbove ? u : i, j - 1)
            }
        }
        // "On <date>, <name> wrote:" over up to four lines.
        if endsColon {
            for bracket in [false, true] {
                for back in 0...3 {
                    let st = i - back
                    if st < 0 { break }
                    if back > 0 && (lines[st].blank || lines[st].quoteLine || lines[st].removed) { break }
                    if isReplyHeader(from: st, to: i, bracketOpening: bracket) { return (st, i) }
                }
            }
        }
        return nil
    }

    func isSeparator(_ i: Int) -> Bool {
        let t = norm(i, limit: 160).t
        var a = 0, e = t.count
        func junk(_ c: UInt32) -> Bool { c == 0x2D || c == 0x5F || c == 0x3D || c == 0x2A || c == SP || c == 0x3A }
        while a < e && junk(t.s[a]) { a += 1 }
        while e > a && junk(t.s[e - 1]) { e -= 1 }
        guard e > a else { return false }
        return s.sep.matches(t.s, from: a, to: e).contains { $0.end == e }
    }

    /// "From:" / "*Von:*" style field at the start of line `i`, using the given trie.
    func isField(_ i: Int, _ trie: Trie) -> Bool {
        if lines[i].quoteLine { return false }
        let t = norm(i, limit: 60).t
        var a = 0
        while a < t.count && (t.s[a] == 0x2A || t.s[a] == SP) { a += 1 }
        for m in trie.matches(t.s, from: a, to: t.count) {
            var k = m.end
            while k < t.count && (t.s[k] == SP || t.s[k] == 0x2A) { k += 1 }
            if k < t.count && t.s[k] == 0x3A { return true }
        }
        return false
    }

    /// Joins lines `from...to` (undoing quoted-printable soft breaks) and checks the reply-header shape.
    func isReplyHeader(from: Int, to: Int, bracketOpening: Bool) -> Bool {
        var t = NText()
        for k in from...to {
            var part = norm(k, limit: 300).t
            if part.count == 0 { continue }
            if !t.s.isEmpty {
                if t.s.last == 0x3D { t.s.removeLast(); t.start.removeLast() } else { t.s.append(SP); t.start.append(part.start[0]) }
            }
            t.s += part.s; t.start += part.start
            part = NText()
        }
        let s0 = t.s, n = t.count
        guard n >= 6, n <= 320, s0[n - 1] == 0x3A else { return false }
        // Mail clients write a time ("10:00", "kl. 10.00") or an address; "On 3 May, the senator wrote:" has neither.
        var hasTime = false, hasAt = false
        @inline(__always) func digit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }
        for k in 0..<n {
            let c = s0[k]
            if c == 0x40 { hasAt = true }
            else if !hasTime && digit(c) && k + 3 < n && (s0[k + 1] == 0x3A || s0[k + 1] == 0x2E) && digit(s0[k + 2]) && digit(s0[k + 3]) { hasTime = true }
        }
        guard hasTime || hasAt else { return false }
        // How it opens: a lead word ("on", "am", "le", "den", "在") or a date.
        let opensWithLead = !s.lead.matches(s0, from: 0, to: n).isEmpty
        let opensWithDigit = (s0[0] >= 0x30 && s0[0] <= 0x39)
        var opensWithWeekdayDigit = false
        if !opensWithLead && !opensWithDigit {
            // "ons 4 dec. 2024 kl. 20:42 skrev …:" — a short word, then a number.
            var k = 0
            while k < n && k < 6 && Fold.isWord(s0[k]) && !(s0[k] >= 0x30 && s0[k] <= 0x39) { k += 1 }
            if k < n && (s0[k] == 0x2C || s0[k] == 0x2E) { k += 1 }
            if k < n && k <= 6 && s0[k] == SP && k + 1 < n && s0[k + 1] >= 0x30 && s0[k + 1] <= 0x39 { opensWithWeekdayDigit = true }
        }
        // "Eva Braun <eva@example.de> schrieb am Mo., 3. Nov. 2025, 10:00:" — an address in angle brackets.
        let hasBracketAddress = bracketOpening && hasAt && s0.contains(0x3C)
        guard opensWithLead || opensWithDigit || opensWithWeekdayDigit || hasBracketAddress else { return false }
        // The verb, near the end: at most 8 words (name, address) between it and the colon.
        var k = 0
        while k < n {
            let atStart = k == 0 || !Fold.isWord(s0[k - 1]) || Fold.isUnspaced(s0[k])
            if atStart, let m = s.verb.longest(s0, from: k, to: n) {
                var words = 0
                var j = m.end
                while j < n { if s0[j] == SP { words += 1 }; j += 1 }
                if words <= 8 { return true }
            }
            k += 1
        }
        // Gmail without a verb (Japanese): "2025年11月3日(月) 10:00 山田 <t@x.jp>:"; also after a lead word or
        // weekday when a time is there (Russian: "пн, 3 нояб. 2025 г. в 10:00, Иван <i@x.ru>:").
        if hasAt && n >= 3 && s0[n - 2] == 0x3E && (opensWithDigit || (hasTime && (opensWithLead || opensWithWeekdayDigit))) { return true }
        return false
    }

    // MARK: Closers

    /// Removes sign-offs, blessings, thanks, device footers, signature blocks and mailing-list
    /// footers at the end of lines `0..<limit`.
    mutating func closers(limit: Int) {
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
                if s.settings.closings { _ = suffixClosing(last) }
                return
            }
            if s.settings.signatures && (isDevice(last) || isDashName(last)) { removeLine(last, "signature"); continue }
            if s.settings.signatures && isDashDash(last) { removeLine(last, "signature"); continue }
            if s.settings.closings && wholeLineClosing(last) { removeLine(last, "closing"); continue }
            if blockAbove(last, floor: firstLive) { continue }
            if s.settings.closings && suffixClosing(last) { return }
            if protectedLine < 0 && (isBareURL(last) || isSourceLine(last)) { protectedLine = last; continue }
            return
        }
    }

    /// A sign-off, `-- ` or mailing-list rule heading a short block that ends at `last`.
    mutating func blockAbove(_ last: Int, floor: Int) -> Bool {
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
                if s.settings.signatures && isDashDash(j) && nonBlank <= 16 {
                    for k in j...last where !lines[k].removed { removeLine(k, "signature") }
                    return true
                }
                if s.settings.closings && isSignOff(j) && nonBlank <= 12 {
                    if allURL { removeLine(j, "closing"); return true }
                    removeLine(j, "closing")
                    for k in (j + 1)...last where !lines[k].removed && !lines[k].blank { removeLine(k, "signature") }
                    return true
                }
                if s.settings.signatures && isRule(j) && nonBlank <= 7 && footerish(j + 1, last) {
                    for k in j...last where !lines[k].removed { removeLine(k, "signature") }
                    return true
                }
            }
            if nonBlank > 16 { return false }
            if !isSigLine(j) { if !(s.settings.signatures && nonBlank <= 16 && dashDashWithin(j, 16 - nonBlank)) { return false } }
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

    func footerish(_ from: Int, _ to: Int) -> Bool {
        guard from <= to else { return false }
        for k in from...to where !lines[k].blank && !lines[k].removed {
            let (a, e) = trimmed(k)
            if e - a > 160 { return false }
            let t = norm(k, limit: 200).t
            if t.s.contains(0x40) || contains(t.s, "http") || contains(t.s, "www.") || contains(t.s, "mailing list") || contains(t.s, "unsubscribe") || contains(t.s, "listinfo") { return true }
        }
        return false
    }

    func contains(_ s: [UInt32], _ word: String) -> Bool {
        let w = Array(word.unicodeScalars.map(\.value))
        guard s.count >= w.count else { return false }
        var i = 0
        while i + w.count <= s.count {
            if s[i] == w[0] && Array(s[i..<(i + w.count)]) == w { return true }
            i += 1
        }
        return false
    }

    func isDashDash(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        return e - a == 2 && b[a] == 0x2D && b[a + 1] == 0x2D
    }

    func isBareURL(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 8 else { return false }
        var k = a
        while k < e { if b[k] == 0x20 || b[k] == 0x09 { return false }; k += 1 }
        return hasPrefixCI(a, e, Work.http) || hasPrefixCI(a, e, Work.https) || hasPrefixCI(a, e, Work.www)
    }

    static let http = Array("http://".utf8), https = Array("https://".utf8), www = Array("www.".utf8)
    static let sourcePrefixBytes = sourcePrefixes.map { Array($0.utf8) }

    /// ASCII case-insensitive: do the bytes at `a..<e` start with `p` (lowercase)?
    @inline(__always)
    func hasPrefixCI(_ a: Int, _ e: Int, _ p: [UInt8]) -> Bool {
        guard e - a >= p.count else { return false }
        for (k, c) in p.enumerated() {
            var x = b[a + k]
            if x >= 0x41 && x <= 0x5A { x += 0x20 }
            if x != c { return false }
        }
        return true
    }

    static let sourcePrefixes = ["source:", "sources:", "source -", "via ", "(c)", "©", "copyright", "credit:", "photo:", "read more:", "original article:"]

    /// A source/credit line at the very end ("Source: Reuters", "© AFP"): part of the article, kept.
    func isSourceLine(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 3, e - a <= 160 else { return false }
        return Work.sourcePrefixBytes.contains { hasPrefixCI(a, e, $0) }
    }

    /// "-Abhishek Kona", "/John", "~ Maria", "-- Tim": a name signed with a dash or slash.
    func isDashName(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 2, e - a <= 48 else { return false }
        let c = b[a]
        guard c == 0x2D || c == 0x2F || c == 0x7E else { return false }
        var k = a + 1
        if c == 0x2D && b[k] == 0x2D { k += 1; if k < e && b[k] == 0x20 { k += 1 } else { return false } }
        else if b[k] == 0x20 { if c == 0x2D { return false }; k += 1 }
        guard k < e else { return false }
        var words = 0
        var atWordStart = true
        while k < e {
            let x = b[k]
            if x == 0x20 { atWordStart = true; k += 1; continue }
            if x >= 0x30 && x <= 0x39 { return false }
            if x == 0x2E || x == 0x2C || x == 0x3F || x == 0x21 || x == 0x3A || x == 0x3B { return false }
            if atWordStart {
                words += 1
                if words > 4 { return false }
                if !notLowercase(at: k) && (words == 1 || !Work.isNameParticle(b, k, e)) { return false }
                atWordStart = false
            }
            k += 1
        }
        if words >= 1 {
            // A news credit ("-Associated Press", "/Reuters") is the source, not a signature.
            let low = String(decoding: UnsafeBufferPointer(rebasing: b[a..<e]), as: UTF8.self).lowercased()
            for w in ["press", "reuters", "afp", "news", "agency", "staff", "wire", "bloomberg", "times", "post"] where low.contains(w) { return false }
            return true
        }
        return false
    }

    func isDevice(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a <= 100 else { return false }
        let t = norm(i, limit: 120).t
        let n = t.count
        for m in s.device.matches(t.s, from: 0, to: n) {
            var k = m.end
            var words = 0
            var bad = false
            while k < n {
                let c = t.s[k]
                if c == SP { words += 1 }
                if (c == 0x2C || c == 0x2E || c == 0x3B || c == 0x21 || c == 0x3F) && k != n - 1 { bad = true; break }
                k += 1
            }
            if bad { continue }
            if m.flag & Trie.prefix != 0 && words <= 7 { return true }
            if m.flag & Trie.exact != 0 && (m.end == n || (m.end == n - 1 && Work.isStopPunct(t.s[n - 1]))) { return true }
        }
        return false
    }

    /// A line under a sign-off: a name, a title, a company, a phone number, an address or link.
    static let particles: Set<String> = ["de", "van", "der", "den", "von", "da", "di", "del", "della", "la", "le", "bin", "binti", "al", "el", "ibn", "du", "dos", "das", "y", "zu", "ter", "ten"]

    /// A lowercase name particle ("de", "van", "bin") at byte `k`.
    static func isNameParticle(_ b: UnsafeBufferPointer<UInt8>, _ k: Int, _ e: Int) -> Bool {
        var j = k
        while j < e && b[j] != 0x20 { j += 1 }
        return particles.contains(String(decoding: UnsafeBufferPointer(rebasing: b[k..<j]), as: UTF8.self))
    }

    static let disclaimerOpeners: [[UInt32]] = [
        "this email", "this e-mail", "this message", "this communication", "confidentiality notice", "confidential:",
        "disclaimer", "the information contained", "the information in this", "important notice", "caution: this",
        "please consider the environment", "diese e-mail", "diese nachricht", "ce message", "ce courriel", "este mensaje",
        "este correo", "questo messaggio", "esta mensagem", "dit bericht", "dit e-mailbericht",
    ].map { Normalizer.normalize($0) }

    /// A legal disclaimer line ("This email and any attachments are confidential…").
    func isDisclaimer(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 16, e - a <= 4000 else { return false }
        let head = norm(i, limit: 40).t.s
        for o in Work.disclaimerOpeners where head.count >= o.count && Array(head[0..<o.count]) == o { return true }
        return false
    }

    func isSigLine(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        if isDisclaimer(i) { return true }
        if e - a > 160 { return false }
        let t = norm(i, limit: 200).t
        if t.count == 0 { return true }
        var words = 1, digits = 0
        for c in t.s { if c == SP { words += 1 } else if c >= 0x30 && c <= 0x39 { digits += 1 } }
        if t.s.contains(0x40) || contains(t.s, "http") || contains(t.s, "www.") || digits >= 6 { return true }
        let last = t.s[t.count - 1]
        if last == 0x3F || last == 0x3A { return false }
        return words <= 8
    }

    /// Sentence ranges of `t` (end after the terminator).
    func sentences(_ t: NText) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var a = 0
        let s0 = t.s, n = t.count
        var k = 0
        while k < n {
            let c = s0[k]
            if (c == 0x2E || c == 0x21 || c == 0x3F) && (k + 1 == n || s0[k + 1] == SP || Fold.isUnspaced(s0[k + 1])) && !(c == 0x2E && isAbbrevDot(s0, k)) {
                var e = k + 1
                while e < n && (s0[e] == 0x2E || s0[e] == 0x21 || s0[e] == 0x3F) { e += 1 }
                out.append((a, e))
                a = e
                while a < n && s0[a] == SP { a += 1 }
                k = a
                continue
            }
            k += 1
        }
        if a < n { out.append((a, n)) }
        return out
    }

    enum ClosingKind { case none, exact, prefix }

    /// Is `t[a..<e]` a closing item: a sign-off/blessing/thanks phrase (with an optional ", Name"),
    /// or a sentence opened by a `*` phrase ("May Allah …").
    func closingItem(_ t: NText, _ a: Int, _ e: Int) -> ClosingKind {
        let s0 = t.s
        var best = ClosingKind.none
        for m in s.close.matches(s0, from: a, to: e) {
            if m.flag & Trie.exact != 0 {
                var k = m.end
                // Chained closings: "Wassalamu alaikum" + "wa rahmatullahi wa barakatuh".
                while k < e {
                    var j = k
                    while j < e && s0[j] == SP { j += 1 }
                    guard j < e, j > k, let c = s.close.longest(s0, from: j, to: e), c.flag & Trie.exact != 0 else { break }
                    k = c.end
                }
                while k < e && s0[k] == SP { k += 1 }
                if k == e { return .exact }
                if Work.isStopPunct(s0[k]) || s0[k] == 0x2D {
                    let sepIsNameSep = s0[k] == 0x2C || s0[k] == 0x2D
                    while k < e && (s0[k] == SP || Work.isStopPunct(s0[k]) || s0[k] == 0x2D) { k += 1 }
                    if k == e { return .exact }
                    if sepIsNameSep {
                        // ", John Smith" — a short name, nothing sentence-like.
                        var words = 1, ok = true
                        var j = k
                        while j < e {
                            let c = s0[j]
                            if c == SP { words += 1 }
                            else if Work.isStopPunct(c) && !(j == e - 1 && (c == 0x2E || c == 0x21)) { ok = false; break }
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
                    if c == SP { words += 1 }
                    if c == 0x2C || c == 0x3A || c == 0x3B { ok = false }
                    if (c == 0x2E || c == 0x21 || c == 0x3F) && j + 1 < e && s0[j + 1] == SP { ok = false }
                    // "Дякую за увагу — цими словами закінчився вечір." / a quotation: a report, not a closing.
                    if c == 0x2D && s0[j - 1] == SP && j + 1 < e && s0[j + 1] == SP { ok = false }
                    if c == 0x22 { ok = false }
                    j += 1
                }
                if ok && words <= 22 { best = .prefix }
            }
        }
        return best
    }

    /// The whole line is closing items (sign-off, blessing sentences, thanks).
    func wholeLineClosing(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a <= 400 else { return false }
        let t = norm(i, limit: 420).t
        guard t.count > 0 else { return false }
        if closingItem(t, 0, t.count) != .none { return true }
        for (x, y) in sentences(t) where closingItem(t, x, y) == .none { return false }
        return true
    }

    /// A sign-off line that can head a signature block ("Best regards,", "Mvh,", "Thanks, John").
    func isSignOff(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a <= 120 else { return false }
        let t = norm(i, limit: 140).t
        guard t.count > 0 else { return false }
        if closingItem(t, 0, t.count) != .none { return true }
        for (x, y) in sentences(t) where closingItem(t, x, y) == .none { return false }
        return true
    }

    /// Trailing closing sentences at the end of a body line ("… see you there. Thanks!").
    mutating func suffixClosing(_ i: Int) -> Bool {
        // Gate on bytes: closing sentences are short, so the last sentence must start within 120 bytes.
        let (a0, e0) = trimmed(i)
        var g = e0 - 2
        var found = false
        while g > a0 && g > e0 - 120 {
            let c = b[g]
            if (c == 0x2E || c == 0x21 || c == 0x3F) && b[g + 1] == 0x20 { found = true; break }
            if c >= 0x80 { found = true; break }   // non-Latin punctuation (。！۔।): let the normalizer decide
            g -= 1
        }
        if !found { return false }
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

    // MARK: Output

    /// Builds the new text: kept line parts, blank lines around removed blocks folded, ends trimmed.
    func assemble() -> (removals: [Removal], kept: [Range<Int>])? {
        // Kept byte ranges of the input, in order (each line's kept part, then its line break).
        var out: [Range<Int>] = []
        out.reserveCapacity(lines.count * 2)
        var lastBlank = true
        var pending = false
        var nl: Range<Int>? = nil
        var lastContentEnd = -1   // index in `out` just after the last non-blank line's content
        for l in lines {
            if l.removed { pending = true; continue }
            var blank = true
            var k = l.keepFrom
            while k < l.keepTo { if b[k] != 0x20 && b[k] != 0x09 { blank = false; break }; k += 1 }
            if blank {
                if out.isEmpty || (pending && lastBlank) { continue }
            }
            if l.keepTo > l.keepFrom { out.append(l.keepFrom..<l.keepTo) }
            if !blank { lastContentEnd = out.count }
            if l.next > l.end { nl = l.end..<l.next }
            if let nl { out.append(nl) }
            lastBlank = blank
            if !blank { pending = false }
        }
        if lastContentEnd < 0 { return nil }
        out.removeSubrange(lastContentEnd...)
        if var r = out.last {
            // Trailing spaces of the last line.
            var e = r.upperBound
            while e > r.lowerBound && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
            r = r.lowerBound..<e
            out[out.count - 1] = r
        }
        if b.count > 0 && b[b.count - 1] == 0x0A {
            out.append((b.count > 1 && b[b.count - 2] == 0x0D) ? (b.count - 2)..<b.count : (b.count - 1)..<b.count)
        }
        var rs = removals.sorted { $0.start < $1.start }
        // Merge neighbours of the same type separated only by whitespace.
        var merged: [Removal] = []
        for r in rs {
            if var m = merged.last, m.type == r.type, r.start >= m.end {
                var k = m.end, ws = true
                while k < r.start { let c = b[k]; if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { ws = false; break }; k += 1 }
                if ws { m.end = max(m.end, r.end); merged[merged.count - 1] = m; continue }
            }
            merged.append(r)
        }
        rs = merged
        return (rs, out)
    }
}
