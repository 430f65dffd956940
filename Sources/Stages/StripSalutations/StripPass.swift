import Foundation

/// Mutable state for the document being stripped. A class: the detectors (in extensions, split by aspect) share
/// one pass by reference, so no call or closure copies the line table, removals or cache.
///
/// The pass serves one document at a time on one task, so its properties skip the runtime's dynamic
/// exclusivity checks (`@exclusivity(unchecked)`): every `lines[i]` read in a class method
/// otherwise costs a `swift_beginAccess` with a thread-local lookup (~8% of the stage in a profile).
///
/// A pass is reused across documents (see ``StripPassPool``): `start(_:)` empties its arrays
/// without freeing them, so a document costs no allocation for its line table, removals,
/// normalizations or output ranges once the pass has seen a document as large.
///
/// `@unchecked Sendable`: a pass belongs to one document at a time; it crosses threads only
/// through ``StripPassPool``'s lock, between documents.
final class StripPass: @unchecked Sendable {
    /// The document's bytes (valid only during `Stripper.run`).
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    let stripper: Stripper
    @exclusivity(unchecked) var lines: [Stripper.Line] = []
    @exclusivity(unchecked) var removals: [Removal] = []
    /// Fields of a leading header block, moved into metadata.
    @exclusivity(unchecked) var headerFields: [(key: String, value: String)] = []
    /// The byte ranges normalized so far in this document (lines are looked at by several
    /// detectors); `normTexts[k]` holds the normalization of `normRanges[k]`.
    @exclusivity(unchecked) private var normRanges: [(from: Int, to: Int)] = []
    /// Normalizations, by slot; slots past `normRanges.count` are spare buffers of earlier documents.
    @exclusivity(unchecked) private var normTexts: [NText] = []
    /// Sentence ranges (`sentences(_:)`), reused.
    @exclusivity(unchecked) private var sentenceBuffer: [(Int, Int)] = []
    /// What `assemble()` found: removals sorted by start and merged, and the kept byte ranges.
    @exclusivity(unchecked) private(set) var mergedRemovals: [Removal] = []
    @exclusivity(unchecked) private(set) var kept: [Range<Int>] = []

    init(bytes: UnsafeBufferPointer<UInt8>, stripper: Stripper) { self.bytes = bytes; self.stripper = stripper }

    /// Readies the pass for the next document, keeping the arrays' storage.
    func start(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        lines.removeAll(keepingCapacity: true)
        removals.removeAll(keepingCapacity: true)
        headerFields.removeAll(keepingCapacity: true)
        normRanges.removeAll(keepingCapacity: true)
        mergedRemovals.removeAll(keepingCapacity: true)
        kept.removeAll(keepingCapacity: true)
    }

    // MARK: Lines

    /// Splits the bytes into lines at LF, CRLF or a lone CR.
    func splitLines() {
        let count = bytes.count
        let base = bytes.baseAddress!
        let hasCR = count > 0 && memchr(base, 0x0D, count) != nil
        var i = 0
        while i < count {
            var j = count
            if hasCR {
                var k = i
                while k < count && bytes[k] != 0x0A && bytes[k] != 0x0D { k += 1 }
                j = k
            } else if let newline = memchr(base + i, 0x0A, count - i) {
                j = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            let lineEnd = j
            var next = j < count ? j + 1 : count
            if j < count && bytes[j] == 0x0D && j + 1 < count && bytes[j + 1] == 0x0A { next = j + 2 }
            var line = Stripper.Line(start: i, end: lineEnd, next: next, keepFrom: i, keepTo: lineEnd)
            var k = i
            while k < lineEnd && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
            line.blank = k == lineEnd
            if !line.blank && bytes[k] == 0x3E && k - i <= 3 { line.quoteLine = true }
            lines.append(line)
            i = next
        }
    }

    /// The kept part of line `i` without its leading and trailing spaces and tabs, as byte offsets.
    /// Inlined: the detectors ask for it tens of times per document (a call and a copy of the
    /// line record each time cost more than the loops, which stop at once on most lines).
    @inline(__always)
    func trimmed(_ i: Int) -> (Int, Int) {
        var start = lines[i].keepFrom, end = lines[i].keepTo
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return (start, end)
    }

    /// Normalizes at most `limit` bytes of the kept part of line `i`, from its start or its end.
    func norm(_ i: Int, limit: Int = 600, fromEnd: Bool = false) -> (text: NText, truncated: Bool) {
        let (start, end) = trimmed(i)
        var from = start, to = end
        let truncated = end - start > limit
        if truncated {
            if fromEnd {
                from = end - limit
                while from < end && bytes[from] & 0xC0 == 0x80 { from += 1 }
            } else {
                to = start + limit
                while to > start && bytes[to] & 0xC0 == 0x80 { to -= 1 }
            }
        }
        return (normalized(from, to), truncated)
    }

    /// The normalization of bytes `from..<to`, made once per document (a few ranges are asked for
    /// repeatedly: the first and last lines by openers, closers, footers and header checks).
    func normalized(_ from: Int, _ to: Int) -> NText {
        for slot in 0..<normRanges.count where normRanges[slot].from == from && normRanges[slot].to == to { return normTexts[slot] }
        guard normRanges.count < 16 else { return Normalizer.normalize(bytes, from, to) }
        let slot = normRanges.count
        normRanges.append((from, to))
        if slot == normTexts.count { normTexts.append(NText()) }
        Normalizer.normalize(bytes, from, to, into: &normTexts[slot])
        return normTexts[slot]
    }

    /// Byte gate before normalizing line `i` to look for a phrase of `trie` at its start: `true`
    /// when none can start there, so the normalized checks would find nothing (`false`: maybe).
    ///
    /// With `skipping`, the check skips those ASCII bytes and spaces first, as it skips their
    /// normalized forms (`*` before a header field, the dashes of a separator). It then answers
    /// only when the next byte is ASCII: a non-ASCII scalar there may fold into a skipped one (a
    /// full-width `：` or `＊`) or be dropped, which only the normalizer tells. Hyphens and control
    /// characters are left to the normalizer by `Trie.couldMatchBytes` itself.
    func noPhraseAtStart<Walk: WalkableTrie>(_ trie: Walk, line i: Int, skipping skipped: ((UInt8) -> Bool)? = nil) -> Bool {
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
        let (start, end) = trimmed(i)
        lines[i].removed = true
        if start < end { removals.append(Removal(type: type, start: start, end: end)) }
    }

    func isRule(_ i: Int) -> Bool {
        let (start, end) = trimmed(i)
        guard end - start >= 4 else { return false }
        var k = start
        while k < end { let byte = bytes[k]; if byte != 0x2D && byte != 0x5F && byte != 0x3D && byte != 0x2A && byte != 0x20 { return false }; k += 1 }
        return true
    }


    func trimEnd(_ start: Int, _ end: Int) -> Int {
        var end = end
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return end
    }


    static let abbreviations: Set<[UInt32]> = Set(["wr", "wb", "swt", "saw", "pbuh", "mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "st", "hr", "fr", "yth", "sgt", "capt", "gen", "hon", "rev", "mme", "mlle", "m", "sh", "smt", "sig", "dott", "ing", "bpk", "ibu", "pak", "h", "hj", "mx", "bi", "bw", "mgr", "mudr", "dl", "dna", "dlui", "p", "pi", "κ", "κα"].map { Array($0.unicodeScalars.map(\.value)) })

    /// The length of the longest abbreviation, in scalars: a longer word before a dot is none.
    static let longestAbbreviation = abbreviations.map(\.count).max() ?? 0

    func isAbbrevDot(_ scalars: [UInt32], _ k: Int) -> Bool {
        var wordStart = k
        while wordStart > 0 && Fold.isWord(scalars[wordStart - 1]) {
            wordStart -= 1
            // Most words before a dot are longer than any abbreviation: no set look-up for them.
            if k - wordStart > StripPass.longestAbbreviation { return false }
        }
        return StripPass.abbreviations.contains(Array(scalars[wordStart..<k]))
    }

    @inline(__always) static func isStopPunct(_ scalar: UInt32) -> Bool {
        scalar == 0x2C || scalar == 0x2E || scalar == 0x21 || scalar == 0x3F || scalar == 0x3A || scalar == 0x3B
    }

    /// `true` when the original scalar at byte `offset` is an uppercase letter (or a digit/symbol of a cased context).
    func isUppercase(at offset: Int) -> Bool {
        let lead = bytes[offset]
        if lead < 0x80 { return lead >= 0x41 && lead <= 0x5A }
        var scalar: UInt32
        if lead < 0xE0 { scalar = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[offset + 1] & 0x3F) }
        else if lead < 0xF0 { scalar = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[offset + 1] & 0x3F) << 6) | UInt32(bytes[offset + 2] & 0x3F) }
        else { return false }
        return Unicode.Scalar(scalar)?.properties.isUppercase ?? false
    }

    /// `true` when the original scalar at byte `offset` is not a lowercase letter (a name, a handle, a non-cased script).
    func notLowercase(at offset: Int) -> Bool {
        let lead = bytes[offset]
        if lead < 0x80 { return !(lead >= 0x61 && lead <= 0x7A) }
        var scalar: UInt32
        if lead < 0xE0 { scalar = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[offset + 1] & 0x3F) }
        else if lead < 0xF0 { scalar = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[offset + 1] & 0x3F) << 6) | UInt32(bytes[offset + 2] & 0x3F) }
        else { return true }
        return !(Unicode.Scalar(scalar)?.properties.isLowercase ?? false)
    }

    /// `true` when the normalized `scalars` contain `word` (normalized, e.g. `StripPass.Word.http`).
    func contains(_ scalars: [UInt32], _ word: [UInt32]) -> Bool {
        let wordLength = word.count
        guard wordLength > 0, scalars.count >= wordLength else { return false }
        let first = word[0]
        var i = 0
        search: while i + wordLength <= scalars.count {
            if scalars[i] == first {
                var k = 1
                while k < wordLength { if scalars[i + k] != word[k] { i += 1; continue search }; k += 1 }
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
        static func scalars(_ word: String) -> [UInt32] { word.unicodeScalars.map(\.value) }
    }

    static let http = Array("http://".utf8), https = Array("https://".utf8), www = Array("www.".utf8)
    static let sourcePrefixBytes = sourcePrefixes.map { Array($0.utf8) }

    /// ASCII case-insensitive: do the bytes at `start..<end` start with `prefix` (lowercase)?
    @inline(__always)
    func hasPrefixCI(_ start: Int, _ end: Int, _ prefix: [UInt8]) -> Bool {
        guard end - start >= prefix.count else { return false }
        for (k, expected) in prefix.enumerated() {
            var byte = bytes[start + k]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != expected { return false }
        }
        return true
    }


    /// Sentence ranges of `text` (end after the terminator).
    func sentences(_ text: NText) -> [(Int, Int)] {
        var out = sentenceBuffer
        sentenceBuffer = []
        out.removeAll(keepingCapacity: true)
        defer { sentenceBuffer = out }
        var sentenceStart = 0
        let scalars = text.scalars, count = text.count
        var k = 0
        while k < count {
            let scalar = scalars[k]
            if (scalar == 0x2E || scalar == 0x21 || scalar == 0x3F) && (k + 1 == count || scalars[k + 1] == asciiSpace || Fold.isUnspaced(scalars[k + 1])) && !(scalar == 0x2E && isAbbrevDot(scalars, k)) {
                var sentenceEnd = k + 1
                while sentenceEnd < count && (scalars[sentenceEnd] == 0x2E || scalars[sentenceEnd] == 0x21 || scalars[sentenceEnd] == 0x3F) { sentenceEnd += 1 }
                out.append((sentenceStart, sentenceEnd))
                sentenceStart = sentenceEnd
                while sentenceStart < count && scalars[sentenceStart] == asciiSpace { sentenceStart += 1 }
                k = sentenceStart
                continue
            }
            k += 1
        }
        if sentenceStart < count { out.append((sentenceStart, count)) }
        return out
    }


    // MARK: Output

    /// Builds the new text: kept line parts, blank lines around removed blocks folded, ends trimmed.
    /// Fills `kept` (byte ranges of the input, neighbours joined) and `mergedRemovals`; `false`
    /// when nothing would be left.
    func assemble() -> Bool {
        // Kept byte ranges of the input, in order (each line's kept part, then its line break).
        var out = kept
        kept = []
        out.removeAll(keepingCapacity: true)
        defer { kept = out }
        var lastBlank = true
        var pending = false
        var lineBreak: Range<Int>? = nil
        var lastContentEnd = -1   // index in `out` just after the last non-blank line's content
        for line in lines {
            if line.removed { pending = true; continue }
            var blank = true
            var k = line.keepFrom
            while k < line.keepTo { if bytes[k] != 0x20 && bytes[k] != 0x09 { blank = false; break }; k += 1 }
            if blank {
                if out.isEmpty || (pending && lastBlank) { continue }
            }
            if line.keepTo > line.keepFrom { out.append(line.keepFrom..<line.keepTo) }
            if !blank { lastContentEnd = out.count }
            if line.next > line.end { lineBreak = line.end..<line.next }
            if let lineBreak { out.append(lineBreak) }
            lastBlank = blank
            if !blank { pending = false }
        }
        if lastContentEnd < 0 { return false }
        out.removeSubrange(lastContentEnd...)
        if var lastKept = out.last {
            // Trailing spaces of the last line.
            var end = lastKept.upperBound
            while end > lastKept.lowerBound && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
            lastKept = lastKept.lowerBound..<end
            out[out.count - 1] = lastKept
        }
        if let last = lines.last, last.next > last.end, last.next == bytes.count {
            out.append(last.end..<last.next)
        }
        // Ranges that touch are one slice of the input (most documents keep one run of bytes).
        // By index, not `for range in out`: the loop's iterator would hold a second reference to
        // `out`'s buffer, so the first write below copied it (to exactly its count: the next
        // document's appends then grew it again, twice).
        var joined = 0
        for index in out.indices {
            let range = out[index]
            if joined > 0 && out[joined - 1].upperBound == range.lowerBound { out[joined - 1] = out[joined - 1].lowerBound..<range.upperBound; continue }
            out[joined] = range
            joined += 1
        }
        out.removeSubrange(joined...)
        removals.sort { $0.start < $1.start }
        // Merge neighbours of the same type separated only by whitespace.
        var merged = mergedRemovals
        mergedRemovals = []
        merged.removeAll(keepingCapacity: true)
        defer { mergedRemovals = merged }
        for removal in removals {
            if var previous = merged.last, previous.type == removal.type, removal.start >= previous.end {
                var k = previous.end, onlyWhitespace = true
                while k < removal.start { let byte = bytes[k]; if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { onlyWhitespace = false; break }; k += 1 }
                if onlyWhitespace { previous.end = max(previous.end, removal.end); merged[merged.count - 1] = previous; continue }
            }
            merged.append(removal)
        }
        return true
    }
}
