// Byte-level helpers shared by the detectors. Everything here works on UTF-8 bytes of the
// document and never allocates.

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
@inline(__always) func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }
@inline(__always) func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }
@inline(__always) func isLower(_ b: UInt8) -> Bool { b &- 97 < 26 }
@inline(__always) func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
@inline(__always) func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 97 < 6 }
/// A byte that continues a word: ASCII letter or digit, `_`, or any byte of a non-ASCII scalar.
@inline(__always) func isWordByte(_ b: UInt8) -> Bool { isAlnum(b) || b >= 0x80 || b == 0x5F }
@inline(__always) func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }
@inline(__always) func hexValue(_ b: UInt8) -> Int { isDigit(b) ? Int(b - 48) : Int((b | 0x20) - 87) }

/// Byte constants, for readability.
enum A {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, cr: UInt8 = 0x0D
    static let at: UInt8 = 0x40, plus: UInt8 = 0x2B, minus: UInt8 = 0x2D, dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F, colon: UInt8 = 0x3A, comma: UInt8 = 0x2C, lparen: UInt8 = 0x28
    static let rparen: UInt8 = 0x29, underscore: UInt8 = 0x5F, percent: UInt8 = 0x25
    static let quote: UInt8 = 0x22, apostrophe: UInt8 = 0x27, equals: UInt8 = 0x3D, x: UInt8 = 0x78
    static let hash: UInt8 = 0x23, lt: UInt8 = 0x3C, gt: UInt8 = 0x3E, amp: UInt8 = 0x26
    static let lbracket: UInt8 = 0x5B, rbracket: UInt8 = 0x5D, semicolon: UInt8 = 0x3B
    static let bang: UInt8 = 0x21, question: UInt8 = 0x3F, backtick: UInt8 = 0x60, star: UInt8 = 0x2A
}

/// The document's bytes with the checks detectors repeat: bounds, boundaries, literals.
struct Bytes {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        self.n = p.count
    }

    @inline(__always) subscript(_ i: Int) -> UInt8 { i >= 0 && i < n ? p[i] : 0 }

    /// `true` when nothing number-like or word-like glues onto position `s` from the left.
    @inline(__always) func leftClean(_ s: Int) -> Bool {
        if s == 0 { return true }
        let b = p[s - 1]
        if isWordByte(b) { return false }
        if b == A.dot || b == A.comma || b == A.minus || b == A.slash || b == A.colon || b == A.plus {
            return s < 2 || !isAlnum(p[s - 2])
        }
        return true
    }

    /// `true` when nothing number-like or word-like continues after position `e` (exclusive end).
    @inline(__always) func rightClean(_ e: Int) -> Bool {
        if e >= n { return true }
        let b = p[e]
        if isWordByte(b) { return false }
        if b == A.dot || b == A.comma || b == A.minus || b == A.slash || b == A.colon {
            return e + 1 >= n || !isAlnum(p[e + 1])
        }
        return true
    }

    /// Case-insensitive comparison of the bytes at `i` with an ASCII lowercase literal.
    @inline(__always) func matchesLower(_ i: Int, _ literal: StaticString) -> Bool {
        let len = literal.utf8CodeUnitCount
        if i < 0 || i + len > n { return false }
        let l = literal.utf8Start
        for k in 0..<len where lower(p[i + k]) != l[k] { return false }
        return true
    }

    /// Exact comparison of the bytes at `i` with a literal.
    @inline(__always) func matches(_ i: Int, _ literal: StaticString) -> Bool {
        let len = literal.utf8CodeUnitCount
        if i < 0 || i + len > n { return false }
        let l = literal.utf8Start
        for k in 0..<len where p[i + k] != l[k] { return false }
        return true
    }

    /// The end of the run of digits starting at `i`.
    @inline(__always) func digitsEnd(_ i: Int) -> Int {
        var j = i
        while j < n && isDigit(p[j]) { j += 1 }
        return j
    }

    /// The integer value of the digits in `s..<e` (at most 18 digits).
    @inline(__always) func number(_ s: Int, _ e: Int) -> Int {
        var v = 0
        for k in s..<e { v = v &* 10 &+ Int(p[k] &- 48) }
        return v
    }

    /// `true` when one of `words` (lowercase ASCII) occurs, case-insensitively, in the window
    /// `before` bytes before `s` or `after` bytes after `e`. Used only for weak candidates.
    func hasContext(_ s: Int, _ e: Int, before: Int, after: Int, words: [[UInt8]]) -> Bool {
        let lo = max(0, s - before), hi = min(n, e + after)
        func search(_ a: Int, _ b: Int) -> Bool {
            // Each word start once, then the words beginning with its letter.
            var i = a
            while i < b {
                if i == 0 || !isAlpha(p[i - 1]) {
                    let first = lower(p[i])
                    for w in words where w[0] == first && w.count <= b - i {
                        var k = 1
                        while k < w.count && lower(p[i + k]) == w[k] { k += 1 }
                        if k == w.count { return true }
                    }
                }
                i += 1
            }
            return false
        }
        return search(lo, s) || search(e, hi)
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

    /// The words, ASCII-lowercased; empty ones are left out.
    init(_ words: [[UInt8]]) {
        var lists = [[[UInt8]]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for word in words {
            let lowered = word.map(lower)
            guard let first = lowered.first else { continue }
            lists[Int(first)].append(lowered)
            for second in lowered.count >= 2 ? [lowered[1]] : Array(0...255) {
                let key = Int(first) << 8 | Int(second)
                pairs[key >> 6] |= 1 << UInt64(key & 63)
            }
        }
        self.lists = lists
        self.pairs = pairs
    }

    /// `true` when one of the words occurs in `p[s..<e]`, compared ignoring ASCII case.
    func occurs(in p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e {
            let first = lower(p[i])
            // The last byte can only hold a one-byte word, which sets every pair of its byte.
            let key = Int(first) << 8 | Int(i + 1 < e ? lower(p[i + 1]) : 0)
            if pairs[key >> 6] & (1 << UInt64(key & 63)) != 0 {
                for w in lists[Int(first)] where w.count <= e - i {
                    var k = 1
                    while k < w.count && lower(p[i + k]) == w[k] { k += 1 }
                    if k == w.count { return true }
                }
            }
            i += 1
        }
        return false
    }
}
