import Foundation

/// Mutable state for one document. A class: the detectors (in extensions, split by aspect) share
/// one pass by reference, so no call or closure copies the line table, removals or cache.
///
/// The pass lives on one task and is never shared, so its properties skip the runtime's dynamic
/// exclusivity checks (`@exclusivity(unchecked)`): every `lines[i]` read in a class method
/// otherwise costs a `swift_beginAccess` with a thread-local lookup (~8% of the stage in a profile).
final class StripPass {
    let bytes: UnsafeBufferPointer<UInt8>
    let stripper: Stripper
    @exclusivity(unchecked) var lines: [Stripper.Line] = []
    @exclusivity(unchecked) var removals: [Removal] = []
    /// Fields of a leading header block, moved into metadata.
    @exclusivity(unchecked) var headerFields: [(key: String, value: String)] = []
    /// Normalizations already made (lines are looked at by several detectors), by byte range.
    @exclusivity(unchecked) private var normCache: [(from: Int, to: Int, text: NText)] = []

    init(bytes: UnsafeBufferPointer<UInt8>, stripper: Stripper) { self.bytes = bytes; self.stripper = stripper }

    // MARK: Lines

    /// Splits the bytes into lines at LF, CRLF or a lone CR.
    func splitLines() {
        let n = bytes.count
        let base = bytes.baseAddress!
        let hasCR = n > 0 && memchr(base, 0x0D, n) != nil
        var i = 0
        lines.reserveCapacity(16)
        while i < n {
            var j = n
            if hasCR {
                var k = i
                while k < n && bytes[k] != 0x0A && bytes[k] != 0x0D { k += 1 }
                j = k
            } else if let p = memchr(base + i, 0x0A, n - i) {
                j = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            let e = j
            var next = j < n ? j + 1 : n
            if j < n && bytes[j] == 0x0D && j + 1 < n && bytes[j + 1] == 0x0A { next = j + 2 }
            var l = Stripper.Line(start: i, end: e, next: next, keepFrom: i, keepTo: e)
            var k = i
            while k < e && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
            l.blank = k == e
            if !l.blank && bytes[k] == 0x3E && k - i <= 3 { l.quoteLine = true }
            lines.append(l)
            i = next
        }
    }

    func trimmed(_ i: Int) -> (Int, Int) {
        var a = lines[i].keepFrom, e = lines[i].keepTo
        while a < e && (bytes[a] == 0x20 || bytes[a] == 0x09) { a += 1 }
        while e > a && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        return (a, e)
    }

    /// Normalizes at most `limit` bytes of the kept part of line `i`, from its start or its end.
    func norm(_ i: Int, limit: Int = 600, fromEnd: Bool = false) -> (t: NText, truncated: Bool) {
        let (a, e) = trimmed(i)
        var from = a, to = e
        let truncated = e - a > limit
        if truncated {
            if fromEnd {
                from = e - limit
                while from < e && bytes[from] & 0xC0 == 0x80 { from += 1 }
            } else {
                to = a + limit
                while to > a && bytes[to] & 0xC0 == 0x80 { to -= 1 }
            }
        }
        return (normalized(from, to), truncated)
    }

    /// The normalization of bytes `from..<to`, made once per document (a few ranges are asked for
    /// repeatedly: the first and last lines by openers, closers, footers and header checks).
    func normalized(_ from: Int, _ to: Int) -> NText {
        for entry in normCache where entry.from == from && entry.to == to { return entry.text }
        let t = Normalizer.normalize(bytes, from, to)
        if normCache.count < 16 { normCache.append((from, to, t)) }
        return t
    }

    /// Byte gate before normalizing line `i` to look for a phrase of `trie` at its start: `true`
    /// when none can start there, so the normalized checks would find nothing (`false`: maybe).
    ///
    /// With `skipping`, the check skips those ASCII bytes and spaces first, as it skips their
    /// normalized forms (`*` before a header field, the dashes of a separator). It then answers
    /// only when the next byte is ASCII: a non-ASCII scalar there may fold into a skipped one (a
    /// full-width `：` or `＊`) or be dropped, which only the normalizer tells. Hyphens and control
    /// characters are left to the normalizer by `Trie.couldMatchBytes` itself.
    func noPhraseAtStart(_ trie: FrozenTrie, line i: Int, skipping skipped: ((UInt8) -> Bool)? = nil) -> Bool {
        let (lineStart, lineEnd) = trimmed(i)
        var position = lineStart
        if let skipped {
            while position < lineEnd && (skipped(bytes[position]) || bytes[position] == 0x20 || bytes[position] == 0x09) { position += 1 }
            guard position < lineEnd, bytes[position] < 0x80 else { return false }
        }
        guard position < lineEnd else { return false }
        return trie.couldMatchBytes(bytes, from: position, to: lineEnd) == false
    }

    func removeLine(_ i: Int, _ type: String) {
        guard !lines[i].removed else { return }
        let (a, e) = trimmed(i)
        lines[i].removed = true
        if a < e { removals.append(Removal(type: type, start: a, end: e)) }
    }

    func isRule(_ i: Int) -> Bool {
        let (a, e) = trimmed(i)
        guard e - a >= 4 else { return false }
        var k = a
        while k < e { let c = bytes[k]; if c != 0x2D && c != 0x5F && c != 0x3D && c != 0x2A && c != 0x20 { return false }; k += 1 }
        return true
    }


    func trimEnd(_ a: Int, _ e: Int) -> Int {
        var e = e
        while e > a && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        return e
    }


    static let abbreviations: Set<[UInt32]> = Set(["wr", "wb", "swt", "saw", "pbuh", "mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "st", "hr", "fr", "yth", "sgt", "capt", "gen", "hon", "rev", "mme", "mlle", "m", "sh", "smt", "sig", "dott", "ing", "bpk", "ibu", "pak", "h", "hj", "mx", "bi", "bw", "mgr", "mudr", "dl", "dna", "dlui", "p", "pi", "κ", "κα"].map { Array($0.unicodeScalars.map(\.value)) })

    func isAbbrevDot(_ s: [UInt32], _ k: Int) -> Bool {
        var j = k
        while j > 0 && Fold.isWord(s[j - 1]) { j -= 1 }
        return StripPass.abbreviations.contains(Array(s[j..<k]))
    }

    @inline(__always) static func isStopPunct(_ c: UInt32) -> Bool {
        c == 0x2C || c == 0x2E || c == 0x21 || c == 0x3F || c == 0x3A || c == 0x3B
    }

    /// `true` when the original scalar at byte `o` is an uppercase letter (or a digit/symbol of a cased context).
    func isUppercase(at o: Int) -> Bool {
        let c = bytes[o]
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        var v: UInt32
        if c < 0xE0 { v = (UInt32(c & 0x1F) << 6) | UInt32(bytes[o + 1] & 0x3F) }
        else if c < 0xF0 { v = (UInt32(c & 0x0F) << 12) | (UInt32(bytes[o + 1] & 0x3F) << 6) | UInt32(bytes[o + 2] & 0x3F) }
        else { return false }
        return Unicode.Scalar(v)?.properties.isUppercase ?? false
    }

    /// `true` when the original scalar at byte `o` is not a lowercase letter (a name, a handle, a non-cased script).
    func notLowercase(at o: Int) -> Bool {
        let c = bytes[o]
        if c < 0x80 { return !(c >= 0x61 && c <= 0x7A) }
        var v: UInt32
        if c < 0xE0 { v = (UInt32(c & 0x1F) << 6) | UInt32(bytes[o + 1] & 0x3F) }
        else if c < 0xF0 { v = (UInt32(c & 0x0F) << 12) | (UInt32(bytes[o + 1] & 0x3F) << 6) | UInt32(bytes[o + 2] & 0x3F) }
        else { return true }
        return !(Unicode.Scalar(v)?.properties.isLowercase ?? false)
    }

    /// `true` when the normalized scalars `s` contain `word` (normalized, e.g. `StripPass.Word.http`).
    func contains(_ s: [UInt32], _ word: [UInt32]) -> Bool {
        let m = word.count
        guard m > 0, s.count >= m else { return false }
        let first = word[0]
        var i = 0
        search: while i + m <= s.count {
            if s[i] == first {
                var k = 1
                while k < m { if s[i + k] != word[k] { i += 1; continue search }; k += 1 }
                return true
            }
            i += 1
        }
        return false
    }

    /// Words looked for in footer and signature lines, as normalized scalars.
    enum Word {
        static let http = scalars("http"), www = scalars("www."), mailingList = scalars("mailing list")
        static let unsubscribe = scalars("unsubscribe"), listinfo = scalars("listinfo")
        static func scalars(_ w: String) -> [UInt32] { w.unicodeScalars.map(\.value) }
    }

    static let http = Array("http://".utf8), https = Array("https://".utf8), www = Array("www.".utf8)
    static let sourcePrefixBytes = sourcePrefixes.map { Array($0.utf8) }

    /// ASCII case-insensitive: do the bytes at `a..<e` start with `p` (lowercase)?
    @inline(__always)
    func hasPrefixCI(_ a: Int, _ e: Int, _ p: [UInt8]) -> Bool {
        guard e - a >= p.count else { return false }
        for (k, c) in p.enumerated() {
            var x = bytes[a + k]
            if x >= 0x41 && x <= 0x5A { x += 0x20 }
            if x != c { return false }
        }
        return true
    }


    /// Sentence ranges of `t` (end after the terminator).
    func sentences(_ t: NText) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var a = 0
        let s0 = t.s, n = t.count
        var k = 0
        while k < n {
            let c = s0[k]
            if (c == 0x2E || c == 0x21 || c == 0x3F) && (k + 1 == n || s0[k + 1] == asciiSpace || Fold.isUnspaced(s0[k + 1])) && !(c == 0x2E && isAbbrevDot(s0, k)) {
                var e = k + 1
                while e < n && (s0[e] == 0x2E || s0[e] == 0x21 || s0[e] == 0x3F) { e += 1 }
                out.append((a, e))
                a = e
                while a < n && s0[a] == asciiSpace { a += 1 }
                k = a
                continue
            }
            k += 1
        }
        if a < n { out.append((a, n)) }
        return out
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
            while k < l.keepTo { if bytes[k] != 0x20 && bytes[k] != 0x09 { blank = false; break }; k += 1 }
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
            while e > r.lowerBound && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
            r = r.lowerBound..<e
            out[out.count - 1] = r
        }
        if let last = lines.last, last.next > last.end, last.next == bytes.count {
            out.append(last.end..<last.next)
        }
        var rs = removals.sorted { $0.start < $1.start }
        // Merge neighbours of the same type separated only by whitespace.
        var merged: [Removal] = []
        for r in rs {
            if var m = merged.last, m.type == r.type, r.start >= m.end {
                var k = m.end, ws = true
                while k < r.start { let c = bytes[k]; if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { ws = false; break }; k += 1 }
                if ws { m.end = max(m.end, r.end); merged[merged.count - 1] = m; continue }
            }
            merged.append(r)
        }
        rs = merged
        return (rs, out)
    }
}
