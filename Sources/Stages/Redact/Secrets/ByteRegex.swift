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
struct ByteRegex: Sendable {
    /// A set of ASCII bytes: bit `c` of `lo` for `c < 64`, bit `c - 64` of `hi` for `c < 128`.
    struct ByteSet: Sendable, Equatable {
        var lo: UInt64 = 0
        var hi: UInt64 = 0

        @inline(__always) func contains(_ c: UInt8) -> Bool {
            c < 64 ? (lo >> UInt64(c)) & 1 != 0 : c < 128 ? (hi >> UInt64(c &- 64)) & 1 != 0 : false
        }

        mutating func insert(_ c: UInt8) {
            if c < 64 { lo |= 1 << UInt64(c) } else if c < 128 { hi |= 1 << UInt64(c - 64) }
        }

        mutating func insert(_ a: UInt8, through b: UInt8) {
            guard a <= b else { return }
            for c in a...b { insert(c) }
        }

        mutating func formUnion(_ other: ByteSet) {
            lo |= other.lo
            hi |= other.hi
        }

        /// Every ASCII byte not in the set.
        var inverted: ByteSet { ByteSet(lo: ~lo, hi: ~hi) }

        /// The set with both cases of each letter in it (ICU's case-insensitive matching on ASCII).
        var caseClosed: ByteSet {
            var s = self
            for c in UInt8(0x41)...0x5A where contains(c) || contains(c + 0x20) {
                s.insert(c)
                s.insert(c + 0x20)
            }
            return s
        }

        static func of(_ c: UInt8) -> ByteSet {
            var s = ByteSet()
            s.insert(c)
            return s
        }

        static let digit: ByteSet = { var s = ByteSet(); s.insert(0x30, through: 0x39); return s }()
        static let word: ByteSet = {
            var s = digit
            s.insert(0x41, through: 0x5A)
            s.insert(0x61, through: 0x7A)
            s.insert(0x5F)
            return s
        }()
        /// `\s` on ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
        static let space: ByteSet = { var s = ByteSet(); s.insert(0x09, through: 0x0D); s.insert(0x20); return s }()
        /// ICU's line terminators within ASCII (`.` does not match them unless `(?s)`).
        static let lineEnd: ByteSet = { var s = ByteSet(); s.insert(0x0A, through: 0x0D); return s }()
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
        guard let node = parser.alternation(&flags), parser.i == parser.p.count else { return nil }
        var compiler = Compiler()
        compiler.emit(.capture(node, 0))
        compiler.code.append(.match)
        guard compiler.code.count <= ByteRegex.maxInstructions else { return nil }
        program = compiler.code
        groupCount = parser.groups
        let (first, nullable) = ByteRegex.first(node)
        firstBytes = nullable ? nil : first
        anchoredAtStart = ByteRegex.anchored(node)
        anchoredAtEnd = ByteRegex.anchoredAtEnd(node)
        anyBytes = ByteRegex.anyBytes(node)
        minLength = ByteRegex.minLength(node)
        requiredLiterals = ByteRegex.requiredLiterals(node)
    }

    /// The longest run of literal items (one byte, or one letter in both cases) in the top-level
    /// sequence (groups opened, assertions skipped), lowercased; only runs of three or more bytes
    /// are worth a search. For top-level alternatives, one literal each (none if one has none).
    static func requiredLiterals(_ node: Node) -> [[UInt8]] {
        var top = node
        while case .capture(let body, _) = top { top = body }
        if case .alternatives(let alternatives) = top {
            var out: [[UInt8]] = []
            for a in alternatives {
                let l = longestLiteral(a)
                if l.isEmpty { return [] }
                out.append(l)
            }
            return out
        }
        let l = longestLiteral(node)
        return l.isEmpty ? [] : [l]
    }

    static func longestLiteral(_ node: Node) -> [UInt8] {
        func items(_ n: Node) -> [Node] {
            switch n {
            case .capture(let body, _): return items(body)
            case .sequence(let list): return list.flatMap(items)
            default: return [n]
            }
        }
        var best: [UInt8] = [], run: [UInt8] = []
        for item in items(node) {
            if case .assertion = item { continue }
            if case .set(let s) = item, let c = literalByte(s) {
                run.append(c)
                if run.count > best.count { best = run }
            } else {
                run = []
            }
        }
        return best.count >= 3 ? best : []
    }

    /// The lowercased byte of a set holding one byte, or one letter in both cases.
    static func literalByte(_ s: ByteSet) -> UInt8? {
        let count = s.lo.nonzeroBitCount + s.hi.nonzeroBitCount
        guard count == 1 || count == 2 else { return nil }
        let c = UInt8(s.lo != 0 ? s.lo.trailingZeroBitCount : 64 + s.hi.trailingZeroBitCount)
        if count == 1 { return lower(c) }
        guard isAlpha(c), s == ByteSet.of(c).caseClosed else { return nil }
        return lower(c)
    }

    /// `true` when `p[s..<e]` contains `literal` (lowercase), ignoring ASCII case.
    static func contains(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ literal: [UInt8]) -> Bool {
        let first = literal[0], count = literal.count
        var i = s
        while i + count <= e {
            if lower(p[i]) == first {
                var k = 1
                while k < count && lower(p[i + k]) == literal[k] { k += 1 }
                if k == count { return true }
            }
            i += 1
        }
        return false
    }

    /// The bytes `node` can start with, and whether it can match the empty string.
    static func first(_ node: Node) -> (ByteSet, Bool) {
        switch node {
        case .set(let s): return (s, false)
        case .assertion: return (ByteSet(), true)
        case .capture(let body, _): return first(body)
        case .repetition(let body, let min, _, _):
            let (s, nullable) = first(body)
            return (s, nullable || min == 0)
        case .alternatives(let alternatives):
            var set = ByteSet(), nullable = false
            for a in alternatives {
                let (s, n) = first(a)
                set.formUnion(s)
                nullable = nullable || n
            }
            return (set, nullable)
        case .sequence(let items):
            var set = ByteSet()
            for item in items {
                let (s, nullable) = first(item)
                set.formUnion(s)
                if !nullable { return (set, false) }
            }
            return (set, true)
        }
    }

    /// `true` when every match of `node` starts with `^` (before any byte).
    static func anchored(_ node: Node) -> Bool {
        switch node {
        case .assertion(let a): return a == .start
        case .capture(let body, _): return anchored(body)
        case .alternatives(let alternatives): return alternatives.allSatisfy(anchored)
        case .sequence(let items):
            for item in items {
                if anchored(item) { return true }
                // Only empty-matching groups may come before the anchor.
                if case .sequence(let inner) = item, inner.isEmpty { continue }
                return false
            }
            return false
        case .set, .repetition: return false
        }
    }

    /// `true` when every match of `node` ends with `$`, `\Z` or `\z` (after any byte).
    static func anchoredAtEnd(_ node: Node) -> Bool {
        switch node {
        case .assertion(let a): return a == .end || a == .absoluteEnd
        case .capture(let body, _): return anchoredAtEnd(body)
        case .alternatives(let alternatives): return alternatives.allSatisfy(anchoredAtEnd)
        case .sequence(let items):
            for item in items.reversed() {
                if anchoredAtEnd(item) { return true }
                if case .sequence(let inner) = item, inner.isEmpty { continue }
                return false
            }
            return false
        case .set, .repetition: return false
        }
    }

    /// The union of every byte set in `node`.
    static func anyBytes(_ node: Node) -> ByteSet {
        switch node {
        case .set(let s): return s
        case .assertion: return ByteSet()
        case .capture(let body, _), .repetition(let body, _, _, _): return anyBytes(body)
        case .alternatives(let list), .sequence(let list):
            var u = ByteSet()
            for n in list { u.formUnion(anyBytes(n)) }
            return u
        }
    }

    static func minLength(_ node: Node) -> Int {
        switch node {
        case .set: return 1
        case .assertion: return 0
        case .capture(let body, _): return minLength(body)
        case .repetition(let body, let min, _, _): return min * minLength(body)
        case .alternatives(let alternatives): return alternatives.map(minLength).min() ?? 0
        case .sequence(let items): return items.reduce(0) { $0 + minLength($1) }
        }
    }

    // MARK: matching

    /// The first match in `p[s..<e]` (which must be ASCII), the text seen as a whole (`^` at
    /// `s`, `$` at `e`): capture slots with absolute offsets (`2k`, `2k + 1` for group `k`,
    /// -1 when the group did not take part), or nil. `anchored`: only a match starting at `s`.
    func firstMatch(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, anchored: Bool) -> [Int]? {
        if e - s < minLength { return nil }
        if !requiredLiterals.isEmpty && !requiredLiterals.contains(where: { Self.contains(p, s, e, $0) }) { return nil }
        if anchoredAtStart && anchoredAtEnd {
            // The match is the whole text (but a final line break): a byte no item matches rules it out.
            var k = s
            while k < e && (anyBytes.contains(p[k]) || ByteSet.lineEnd.contains(p[k])) { k += 1 }
            if k < e { return nil }
        }
        let last = anchored || anchoredAtStart ? s : e - minLength
        // The first position a match can start at.
        var start = s
        if let firstBytes {
            while start <= last && !firstBytes.contains(p[start]) { start += 1 }
        }
        if start > last { return nil }
        let width = e - s + 1
        let words = (program.count * width + 63) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited in
            visited.initialize(repeating: 0)
            return run(p, s, e, from: start, through: last, visited: visited)
        }
    }

    /// The bit-state search from each start in `first...last` (see `firstMatch`).
    private func run(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, from first: Int, through last: Int,
                     visited: UnsafeMutableBufferPointer<UInt64>) -> [Int]? {
        let width = e - s + 1
        var slots = [Int](repeating: -1, count: 2 * (groupCount + 1))
        // A frame either explores (instruction, position) or, when `slot >= 0`, restores a slot.
        var stack: [(pc: Int, pos: Int, slot: Int)] = []
        stack.reserveCapacity(16)
        var start = first
        while start <= last {
            if let firstBytes, !firstBytes.contains(p[start]) {
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
                    let bit = pc * width + (pos - s)
                    if visited[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { break }
                    visited[bit >> 6] |= 1 << UInt64(bit & 63)
                    switch program[pc] {
                    case .byte(let set):
                        guard pos < e, set.contains(p[pos]) else { break }
                        pc += 1
                        pos += 1
                        continue
                    case .split(let a, let b):
                        stack.append((b, pos, -1))
                        pc = a
                        continue
                    case .jump(let a):
                        pc = a
                        continue
                    case .save(let k):
                        stack.append((0, slots[k], k))
                        slots[k] = pos
                        pc += 1
                        continue
                    case .assert(let a):
                        guard Self.holds(a, p, pos, s, e) else { break }
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
    static func holds(_ a: Assertion, _ p: UnsafeBufferPointer<UInt8>, _ pos: Int, _ s: Int, _ e: Int) -> Bool {
        switch a {
        case .start: return pos == s
        case .absoluteEnd: return pos == e
        case .end:
            if pos == e { return true }
            if pos == e - 1 { return ByteSet.lineEnd.contains(p[pos]) }
            return pos == e - 2 && p[pos] == 0x0D && p[pos + 1] == 0x0A
        case .wordBoundary, .notWordBoundary:
            let before = pos > s && ByteSet.word.contains(p[pos - 1])
            let after = pos < e && ByteSet.word.contains(p[pos])
            return (before != after) == (a == .wordBoundary)
        }
    }

    // MARK: parsing

    indirect enum Node {
        case set(ByteSet)
        case sequence([Node])
        case alternatives([Node])
        case repetition(Node, min: Int, max: Int?, lazy: Bool)
        case capture(Node, Int)
        case assertion(Assertion)
    }

    struct Parser {
        struct Flags {
            var caseInsensitive: Bool
            var dotAll: Bool
        }

        let p: [UInt8]
        var i = 0
        var groups = 0

        init(pattern: [UInt8]) { p = pattern }

        var peek: UInt8? { i < p.count ? p[i] : nil }

        /// Alternatives up to a `)` or the end. An inline flag (`(?i)`) holds to the end of the
        /// enclosing group, across its alternatives, as in ICU.
        mutating func alternation(_ flags: inout Flags) -> Node? {
            var alternatives: [Node] = []
            while true {
                guard let s = sequence(&flags) else { return nil }
                alternatives.append(s)
                guard peek == 0x7C else { break } // |
                i += 1
            }
            return alternatives.count == 1 ? alternatives[0] : .alternatives(alternatives)
        }

        mutating func sequence(_ flags: inout Flags) -> Node? {
            var items: [Node] = []
            while let c = peek, c != 0x7C, c != 0x29 {
                guard let atom = atom(&flags) else { return nil }
                guard let q = quantified(atom) else { return nil }
                items.append(q)
            }
            return .sequence(items)
        }

        mutating func quantified(_ atom: Node) -> Node? {
            guard let c = peek else { return atom }
            var min = 0, max: Int? = nil
            switch c {
            case 0x2A: i += 1                       // *
            case 0x2B: min = 1; i += 1              // +
            case 0x3F: max = 1; i += 1              // ?
            case 0x7B:                              // {n}, {n,}, {n,m}
                i += 1
                guard let n = number() else { return nil }
                min = n
                max = n
                if peek == 0x2C {
                    i += 1
                    max = peek == 0x7D ? nil : number()
                    if max == nil && peek != 0x7D { return nil }
                }
                guard peek == 0x7D, max.map({ $0 >= min }) ?? true else { return nil }
                i += 1
            default:
                return atom
            }
            var lazy = false
            if peek == 0x3F { lazy = true; i += 1 }
            // Possessive (`*+`) and stacked quantifiers are not in the subset.
            if let n = peek, n == 0x2B || n == 0x2A || n == 0x3F || n == 0x7B { return nil }
            return .repetition(atom, min: min, max: max, lazy: lazy)
        }

        mutating func number() -> Int? {
            var v = 0, digits = 0
            while let c = peek, c >= 0x30, c <= 0x39, digits < 5 { v = v * 10 + Int(c - 0x30); i += 1; digits += 1 }
            return digits > 0 ? v : nil
        }

        mutating func atom(_ flags: inout Flags) -> Node? {
            guard let c = peek else { return nil }
            i += 1
            switch c {
            case 0x28: return group(&flags)
            case 0x5B: return charClass(flags).map { .set($0) }
            case 0x2E: return .set(flags.dotAll ? .all : ByteSet.lineEnd.inverted)
            case 0x5E: return .assertion(.start)
            case 0x24: return .assertion(.end)
            case 0x5C:
                guard let e = peek else { return nil }
                i += 1
                switch e {
                case 0x62: return .assertion(.wordBoundary)     // \b
                case 0x42: return .assertion(.notWordBoundary)  // \B
                case 0x41: return .assertion(.start)            // \A
                case 0x7A: return .assertion(.absoluteEnd)      // \z
                case 0x5A: return .assertion(.end)              // \Z
                default:
                    i -= 2
                    guard let set = escape() else { return nil }
                    return .set(flags.caseInsensitive ? set.caseClosed : set)
                }
            case 0x2A, 0x2B, 0x3F, 0x7B, 0x7D, 0x5D:
                return nil // a quantifier with nothing before it, or a stray bracket
            default:
                guard c < 0x80 else { return nil }
                let set = ByteSet.of(c)
                return .set(flags.caseInsensitive ? set.caseClosed : set)
            }
        }

        /// After `(`: a group, or an inline flag change (an empty node).
        mutating func group(_ flags: inout Flags) -> Node? {
            var inner = flags
            var capture = true
            if peek == 0x3F { // ?
                i += 1
                capture = false
                var on = true
                var changed = inner
                loop: while let c = peek {
                    i += 1
                    switch c {
                    case 0x69: changed.caseInsensitive = on   // i
                    case 0x73: changed.dotAll = on            // s
                    case 0x2D: on = false                     // -
                    case 0x3A: inner = changed; break loop    // :
                    case 0x29:                                // ) : the flags hold for the rest of this group
                        flags = changed
                        return .sequence([])
                    default: return nil                       // look-around, named groups, other flags
                    }
                }
                if i >= p.count { return nil }
            }
            var index = 0
            if capture {
                groups += 1
                index = groups
            }
            guard let body = alternation(&inner), peek == 0x29 else { return nil }
            i += 1
            return capture ? .capture(body, index) : body
        }

        /// An escape at `\`, as a set of bytes: a class (`\d`, `\w`, `\s` and negations), a control
        /// character, `\xHH`, or an escaped punctuation byte. Nil for anything else.
        mutating func escape() -> ByteSet? {
            guard peek == 0x5C, i + 1 < p.count else { return nil }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x64: return .digit
            case 0x44: return ByteSet.digit.inverted
            case 0x77: return .word
            case 0x57: return ByteSet.word.inverted
            case 0x73: return .space
            case 0x53: return ByteSet.space.inverted
            case 0x6E: return .of(0x0A)
            case 0x72: return .of(0x0D)
            case 0x74: return .of(0x09)
            case 0x66: return .of(0x0C)
            case 0x76: return .of(0x0B)
            case 0x78:
                guard i + 2 <= p.count, let h = UInt8(String(decoding: p[i..<(i + 2)], as: UTF8.self), radix: 16), h < 0x80 else { return nil }
                i += 2
                return .of(h)
            default:
                // Punctuation escapes itself; letters and digits are classes or references not handled here.
                guard e < 0x80, !isAlnum(e) else { return nil }
                return .of(e)
            }
        }

        /// After `[`: the class up to its `]`.
        mutating func charClass(_ flags: Flags) -> ByteSet? {
            var set = ByteSet()
            var negated = false
            if peek == 0x5E { negated = true; i += 1 }
            var first = true
            while true {
                guard let c = peek else { return nil }
                if c == 0x5D && !first { i += 1; break }
                if c == 0x5B || (c == 0x5D && first) { return nil } // nested sets, `[]`
                first = false
                // One item: an escape (a class or a single byte) or a byte.
                var single: UInt8? = nil
                if c == 0x5C {
                    guard let s = escape() else { return nil }
                    if s.lo.nonzeroBitCount + s.hi.nonzeroBitCount == 1 {
                        single = UInt8(s.lo != 0 ? s.lo.trailingZeroBitCount : 64 + s.hi.trailingZeroBitCount)
                    } else {
                        set.formUnion(s)
                        if peek == 0x2D && i + 1 < p.count && p[i + 1] != 0x5D { return nil } // [\w-x]
                        continue
                    }
                } else {
                    guard c < 0x80 else { return nil }
                    i += 1
                    single = c
                }
                guard let lo = single else { return nil }
                // A range `a-z` (a `-` before `]` is a literal).
                if peek == 0x2D, i + 1 < p.count, p[i + 1] != 0x5D {
                    i += 1
                    var hi: UInt8
                    if peek == 0x5C {
                        guard let s = escape(), s.lo.nonzeroBitCount + s.hi.nonzeroBitCount == 1 else { return nil }
                        hi = UInt8(s.lo != 0 ? s.lo.trailingZeroBitCount : 64 + s.hi.trailingZeroBitCount)
                    } else {
                        guard let h = peek, h < 0x80, h != 0x5B else { return nil }
                        hi = h
                        i += 1
                    }
                    guard lo <= hi else { return nil }
                    set.insert(lo, through: hi)
                } else {
                    set.insert(lo)
                }
            }
            if flags.caseInsensitive { set = set.caseClosed }
            return negated ? set.inverted : set
        }
    }

    // MARK: compiling

    struct Compiler {
        var code: [Instruction] = []

        mutating func emit(_ node: Node) {
            guard code.count <= ByteRegex.maxInstructions else { return }
            switch node {
            case .set(let s):
                code.append(.byte(s))
            case .sequence(let items):
                for item in items { emit(item) }
            case .assertion(let a):
                code.append(.assert(a))
            case .capture(let body, let k):
                code.append(.save(2 * k))
                emit(body)
                code.append(.save(2 * k + 1))
            case .alternatives(let alternatives):
                var exits: [Int] = []
                for (n, alternative) in alternatives.enumerated() {
                    if n == alternatives.count - 1 {
                        emit(alternative)
                    } else {
                        let split = code.count
                        code.append(.match) // patched below
                        emit(alternative)
                        exits.append(code.count)
                        code.append(.match) // patched below
                        code[split] = .split(split + 1, code.count)
                    }
                }
                for x in exits { code[x] = .jump(code.count) }
            case .repetition(let body, let min, let max, let lazy):
                for _ in 0..<min { emit(body) }
                if let max {
                    // Each optional copy may be skipped to the end: x{2,4} = x x (x (x)?)?
                    var skips: [Int] = []
                    for _ in min..<max {
                        skips.append(code.count)
                        code.append(.match) // patched below
                        emit(body)
                        if code.count > ByteRegex.maxInstructions { return }
                    }
                    for s in skips { code[s] = lazy ? .split(code.count, s + 1) : .split(s + 1, code.count) }
                } else {
                    let loop = code.count
                    code.append(.match) // patched below
                    emit(body)
                    code.append(.jump(loop))
                    code[loop] = lazy ? .split(code.count, loop + 1) : .split(loop + 1, code.count)
                }
            }
        }
    }
}
