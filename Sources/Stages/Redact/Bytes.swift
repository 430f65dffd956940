// Byte-level helpers shared by the detectors: the document's bytes with bounds and boundary
// checks, and word lists searched in them. The byte classes are TextKit's `ASCII`.

/// The document's bytes with the checks detectors repeat: bounds, boundaries, literals.
struct Bytes {
    /// The document's bytes.
    let buffer: UnsafeBufferPointer<UInt8>
    /// Their count (`buffer.count`, stored).
    let count: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        self.count = buffer.count
    }

    @inline(__always) subscript(_ i: Int) -> UInt8 { i >= 0 && i < count ? buffer[i] : 0 }

    /// `true` when nothing number-like or word-like glues onto position `start` from the left.
    @inline(__always) func leftClean(_ start: Int) -> Bool {
        if start == 0 { return true }
        let before = buffer[start - 1]
        if ASCII.isWordByte(before) { return false }
        if before == ASCII.dot || before == ASCII.comma || before == ASCII.minus || before == ASCII.slash || before == ASCII.colon
            || before == ASCII.plus {
            return start < 2 || !ASCII.isAlphanumeric(buffer[start - 2])
        }
        return true
    }

    /// `true` when nothing number-like or word-like continues after position `end` (exclusive).
    @inline(__always) func rightClean(_ end: Int) -> Bool {
        if end >= count { return true }
        let after = buffer[end]
        if ASCII.isWordByte(after) { return false }
        if after == ASCII.dot || after == ASCII.comma || after == ASCII.minus || after == ASCII.slash || after == ASCII.colon {
            return end + 1 >= count || !ASCII.isAlphanumeric(buffer[end + 1])
        }
        return true
    }

    /// Case-insensitive comparison of the bytes at `i` with an ASCII lowercase literal.
    @inline(__always) func matchesLower(_ i: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        if i < 0 || i + length > count { return false }
        let expected = literal.utf8Start
        for k in 0..<length where ASCII.lowercased(buffer[i + k]) != expected[k] { return false }
        return true
    }

    /// Exact comparison of the bytes at `i` with a literal.
    @inline(__always) func matches(_ i: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        if i < 0 || i + length > count { return false }
        let expected = literal.utf8Start
        for k in 0..<length where buffer[i + k] != expected[k] { return false }
        return true
    }

    /// The end of the run of digits starting at `i`.
    @inline(__always) func digitsEnd(_ i: Int) -> Int {
        var j = i
        while j < count && ASCII.isDigit(buffer[j]) { j += 1 }
        return j
    }

    /// The integer value of the digits in `start..<end` (at most 18 digits).
    @inline(__always) func number(_ start: Int, _ end: Int) -> Int {
        var value = 0
        for k in start..<end { value = value &* 10 &+ Int(buffer[k] &- 48) }
        return value
    }

    /// `true` when one of `words` starts a word (no letter before it) in the window `before`
    /// bytes before `start` or `after` bytes after `end`, compared ignoring ASCII case. Used only
    /// for weak candidates.
    func hasContext(_ start: Int, _ end: Int, before: Int, after: Int, words: WordsByFirstByte) -> Bool {
        let low = max(0, start - before), high = min(count, end + after)
        return words.occurs(in: buffer, low, start, atWordStarts: true) || words.occurs(in: buffer, end, high, atWordStarts: true)
    }
}

/// Lowercase ASCII words grouped by their first byte, for finding any of them in the document's
/// bytes ignoring ASCII case: each position is compared only with the words starting with its byte,
/// and only when some word starts with its two bytes.
struct WordsByFirstByte: Sendable {
    /// 256 lists: the words starting with each (lowercase) byte.
    private let lists: [[[UInt8]]]
    /// Bit `a << 8 | b` is set when a word starts with the lowercase bytes `a b` (a one-byte word
    /// `a` sets every `b`).
    private let pairs: [UInt64]
    /// No words at all.
    let isEmpty: Bool

    /// The words, ASCII-lowercased; empty ones are left out.
    init(_ words: [[UInt8]]) {
        var lists = [[[UInt8]]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for word in words {
            let lowered = word.map(ASCII.lowercased)
            guard let first = lowered.first else { continue }
            lists[Int(first)].append(lowered)
            for second in lowered.count >= 2 ? [lowered[1]] : Array(0...255) {
                let key = Int(first) << 8 | Int(second)
                pairs[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        self.lists = lists
        self.pairs = pairs
        self.isEmpty = lists.allSatisfy(\.isEmpty)
    }

    /// `true` when one of the words occurs in `text[start..<end]`, compared ignoring ASCII case;
    /// `atWordStarts`: only where no ASCII letter comes before it (that may lie before `start`).
    func occurs(in text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, atWordStarts: Bool = false) -> Bool {
        var i = start
        while i < end {
            if atWordStarts && i > 0 && ASCII.isLetter(text[i - 1]) {
                i += 1
                continue
            }
            let first = ASCII.lowercased(text[i])
            // The last byte can only hold a one-byte word, which sets every pair of its byte.
            let key = Int(first) << 8 | Int(i + 1 < end ? ASCII.lowercased(text[i + 1]) : 0)
            if pairs[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                for word in lists[Int(first)] where word.count <= end - i {
                    var k = 1
                    while k < word.count && ASCII.lowercased(text[i + k]) == word[k] { k += 1 }
                    if k == word.count { return true }
                }
            }
            i += 1
        }
        return false
    }
}
