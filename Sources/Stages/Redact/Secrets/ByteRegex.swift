/// A regular-expression engine over ASCII bytes for the secret catalogue's patterns, so that a
/// rule's regex confirms a candidate without building a `String`, bridging to `NSString` and
/// calling ICU (which was a fifth of redact's time on ordinary text).
///
/// It accepts the subset of ICU syntax the catalogue uses: literals and escapes, classes with
/// ranges and `\d \w \s` (and their negations), `.`, groups (capturing, `(?:…)`, `(?i:…)`,
/// `(?-i:…)`, `(?s:…)`, inline `(?i)`), alternation, greedy and lazy `* + ? {n} {n,} {n,m}`, and
/// the assertions `^ $ \b \B \A \z \Z`. A pattern outside the subset (look-around, back
/// references, nested sets, possessive quantifiers, non-ASCII) does not compile here, and
/// `CatalogueRegex` runs it through ICU instead; so does any text holding a non-ASCII byte,
/// where ICU's Unicode classes (`\w` matches `é`) would differ from byte classes.
///
/// Matching is RE2's "bit state" backtracking: candidates are explored in the order ICU would
/// (leftmost, then greedy or lazy as written, alternatives left to right), so the first match
/// and its groups are ICU's, and each (instruction, position) pair is explored at most once,
/// so a match costs at most instructions × text length steps: linear in the text.
final class ByteRegex: Sendable {
    /// A set of ASCII bytes: bit `c` of `lo` for `c < 64`, bit `c - 64` of `hi` for `c < 128`.
    struct ByteSet: Sendable, Equatable {
        var lo: UInt64 = 0
        var hi: UInt64 = 0

        @inline(__always) func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? (lo >> UInt64(byte)) & 1 != 0 : byte < 128 ? (hi >> UInt64(byte &- 64)) & 1 != 0 : false
        }

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { lo |= 1 << UInt64(byte) } else if byte < 128 { hi |= 1 << UInt64(byte - 64) }
        }

        mutating func insert(_ low: UInt8, through high: UInt8) {
            guard low <= high else { return }
            for byte in low...high { insert(byte) }
        }

        mutating func formUnion(_ other: ByteSet) {
            lo |= other.lo
            hi |= other.hi
        }

        /// Every ASCII byte not in the set.
        var inverted: ByteSet { ByteSet(lo: ~lo, hi: ~hi) }

        /// How many bytes the set holds.
        var count: Int { lo.nonzeroBitCount + hi.nonzeroBitCount }

        /// The smallest byte in the set (nil when it is empty).
        var first: UInt8? {
            lo != 0 ? UInt8(lo.trailingZeroBitCount) : hi != 0 ? UInt8(64 + hi.trailingZeroBitCount) : nil
        }

        /// The set's byte when it holds exactly one.
        var onlyByte: UInt8? { count == 1 ? first : nil }

        /// The set with both cases of each letter in it (ICU's case-insensitive matching on ASCII).
        var caseClosed: ByteSet {
            var closed = self
            for upper in UInt8(0x41)...0x5A where contains(upper) || contains(upper + 0x20) {
                closed.insert(upper)
                closed.insert(upper + 0x20)
            }
            return closed
        }

        static func of(_ byte: UInt8) -> ByteSet {
            var set = ByteSet()
            set.insert(byte)
            return set
        }

        static let digit: ByteSet = { var set = ByteSet(); set.insert(0x30, through: 0x39); return set }()
        static let word: ByteSet = {
            var set = digit
            set.insert(0x41, through: 0x5A)
            set.insert(0x61, through: 0x7A)
            set.insert(0x5F)
            return set
        }()
        /// `\s` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
        static let space: ByteSet = { var set = ByteSet(); set.insert(0x09, through: 0x0D); set.insert(0x20); return set }()
        /// ICU's line terminators within ASCII (`.` does not match them unless `(?s)`).
        static let lineEnd: ByteSet = { var set = ByteSet(); set.insert(0x0A, through: 0x0D); return set }()
        static let all = ByteSet(lo: ~0, hi: ~0)
    }

    enum Assertion: Sendable {
        /// `^`, `\A`: the start of the text.
        case start
        /// `$`, `\Z`: the end, or before a line terminator that ends the text.
        case end
        /// `\z`: the very end.
        case absoluteEnd
        case wordBoundary
        case notWordBoundary
    }

    enum Instruction: Sendable {
        case byte(ByteSet)
        /// Try the first target, then the second.
        case split(Int, Int)
        case jump(Int)
        /// Record the position in capture slot `k` (group `k / 2`, start or end).
        case save(Int)
        case assert(Assertion)
        case match
    }

    let program: [Instruction]
    /// Capturing groups, not counting the whole match.
    let groupCount: Int
    /// The bytes a match can start with, or nil when a match may be empty or start anywhere.
    let firstBytes: ByteSet?
    /// Every match starts at the start of the text (`^…`, `\A…`).
    let anchoredAtStart: Bool
    /// Every match ends at the end of the text or before a final line break (`…$`).
    let anchoredAtEnd: Bool
    /// Every byte any item of the pattern can match: a pattern anchored at both ends matches
    /// only a text made of these bytes (and a final line break).
    let anyBytes: ByteSet
    /// The fewest bytes a match takes.
    let minLength: Int
    /// Literals of which every match contains one (compared ignoring ASCII case): the longest
    /// run of literal bytes in the pattern's top-level sequence (`EXAMPLE` in `.+EXAMPLE$`), or
    /// one per top-level alternative (`true`, `false`, `null`); empty when there is none.
    let requiredLiterals: [[UInt8]]

    /// Programs longer than this are left to ICU (a bounded repetition is unrolled).
    static let maxInstructions = 8192

    /// Compiles `pattern`, or returns nil when it is outside the subset (see the type's doc).
    init?(_ pattern: String, caseInsensitive: Bool = false) {
        var parser = Parser(pattern: Array(pattern.utf8))
        var flags = Parser.Flags(caseInsensitive: caseInsensitive, dotAll: false)
        guard let node = parser.alternation(&flags), parser.position == parser.pattern.count else { return nil }
        var compiler = Compiler()
        compiler.emit(.capture(node, 0))
        compiler.code.append(.match)
        guard compiler.code.count <= ByteRegex.maxInstructions else { return nil }
        program = compiler.code
        groupCount = parser.groups
        let (first, nullable) = ByteRegex.first(node)
        firstBytes = nullable ? nil : first
        anchoredAtStart = ByteRegex.anchored(node)
        anchoredAtEnd = ByteRegex.anchored(node, atEnd: true)
        anyBytes = ByteRegex.anyBytes(node)
        minLength = ByteRegex.minLength(node)
        requiredLiterals = ByteRegex.requiredLiterals(node)
    }

    /// `true` when `p[start..<end]` contains `literal` (lowercase), ignoring ASCII case.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ literal: [UInt8]) -> Bool {
        let first = literal[0], count = literal.count
        var i = start
        while i + count <= end {
            if ASCII.lowercased(text[i]) == first {
                var k = 1
                while k < count && ASCII.lowercased(text[i + k]) == literal[k] { k += 1 }
                if k == count { return true }
            }
            i += 1
        }
        return false
    }

    // MARK: matching

    /// The first match in `p[textStart..<end]` (which must be ASCII), the text seen as a whole (`^` at
    /// `textStart`, `$` at `end`): capture slots with absolute offsets (`2k`, `2k + 1` for group `k`,
    /// -1 when the group did not take part), or nil. `anchored`: only a match starting at `textStart`.
    func firstMatch(_ text: UnsafeBufferPointer<UInt8>, _ textStart: Int, _ end: Int, anchored: Bool) -> [Int]? {
        if end - textStart < minLength { return nil }
        if !requiredLiterals.isEmpty && !requiredLiterals.contains(where: { Self.contains(text, textStart, end, $0) }) { return nil }
        if anchoredAtStart && anchoredAtEnd {
            // The match is the whole text (but a final line break): a byte no item matches rules it out.
            var k = textStart
            while k < end && (anyBytes.contains(text[k]) || ByteSet.lineEnd.contains(text[k])) { k += 1 }
            if k < end { return nil }
        }
        let last = anchored || anchoredAtStart ? textStart : end - minLength
        // The first position a match can start at.
        var start = textStart
        if let firstBytes {
            while start <= last && !firstBytes.contains(text[start]) { start += 1 }
        }
        if start > last { return nil }
        let width = end - textStart + 1
        let words = (program.count * width + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited in
            visited.initialize(repeating: 0)
            return run(text, textStart, end, from: start, through: last, visited: visited)
        }
    }

    /// The bit-state search from each start in `first...last` (see `firstMatch`).
    private func run(_ text: UnsafeBufferPointer<UInt8>, _ textStart: Int, _ textEnd: Int, from first: Int, through last: Int,
                     visited: UnsafeMutableBufferPointer<UInt64>) -> [Int]? {
        let width = textEnd - textStart + 1
        var slots = [Int](repeating: -1, count: 2 * (groupCount + 1))
        // A frame either explores (instruction, position) or, when `slot >= 0`, restores a slot.
        var stack: [(pc: Int, pos: Int, slot: Int)] = []
        stack.reserveCapacity(16)
        var start = first
        while start <= last {
            if let firstBytes, !firstBytes.contains(text[start]) {
                start += 1
                continue
            }
            stack.append((0, start, -1))
            while let frame = stack.popLast() {
                if frame.slot >= 0 {
                    slots[frame.slot] = frame.pos
                    continue
                }
                var pc = frame.pc, pos = frame.pos
                while true {
                    let bit = pc * width + (pos - textStart)
                    if visited[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { break }
                    visited[bit >> 6] |= 1 << UInt64(bit & 63)
                    switch program[pc] {
                    case .byte(let set):
                        guard pos < textEnd, set.contains(text[pos]) else { break }
                        pc += 1
                        pos += 1
                        continue
                    case .split(let target, let alternative):
                        stack.append((alternative, pos, -1))
                        pc = target
                        continue
                    case .jump(let target):
                        pc = target
                        continue
                    case .save(let slotIndex):
                        stack.append((0, slots[slotIndex], slotIndex))
                        slots[slotIndex] = pos
                        pc += 1
                        continue
                    case .assert(let assertion):
                        guard Self.holds(assertion, text, pos, textStart, textEnd) else { break }
                        pc += 1
                        continue
                    case .match:
                        return slots
                    }
                    break
                }
            }
            start += 1
        }
        return nil
    }

    @inline(__always)
    static func holds(_ assertion: Assertion, _ text: UnsafeBufferPointer<UInt8>, _ pos: Int, _ start: Int, _ end: Int) -> Bool {
        switch assertion {
        case .start: return pos == start
        case .absoluteEnd: return pos == end
        case .end:
            if pos == end { return true }
            if pos == end - 1 { return ByteSet.lineEnd.contains(text[pos]) }
            return pos == end - 2 && text[pos] == 0x0D && text[pos + 1] == 0x0A
        case .wordBoundary, .notWordBoundary:
            let before = pos > start && ByteSet.word.contains(text[pos - 1])
            let after = pos < end && ByteSet.word.contains(text[pos])
            return (before != after) == (assertion == .wordBoundary)
        }
    }
}
