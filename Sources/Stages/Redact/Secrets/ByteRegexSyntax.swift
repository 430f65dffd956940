/// Parsing, analysis and compilation of `ByteRegex` patterns: the syntax tree of the subset,
/// the facts a search uses to skip texts that cannot match (first bytes, anchors, shortest
/// match, required literals), and the bit-state program.
extension ByteRegex {
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
            if case .set(let start) = item, let c = literalByte(start) {
                run.append(c)
                if run.count > best.count { best = run }
            } else {
                run = []
            }
        }
        return best.count >= 3 ? best : []
    }

    /// The lowercased byte of a set holding one byte, or one letter in both cases.
    static func literalByte(_ set: ByteSet) -> UInt8? {
        guard set.count == 1 || set.count == 2, let byte = set.first else { return nil }
        if set.count == 1 { return ASCII.lowercased(byte) }
        guard ASCII.isLetter(byte), set == ByteSet.of(byte).caseClosed else { return nil }
        return ASCII.lowercased(byte)
    }

    /// The bytes `node` can start with, and whether it can match the empty string.
    static func first(_ node: Node) -> (ByteSet, Bool) {
        switch node {
        case .set(let bytes): return (bytes, false)
        case .assertion: return (ByteSet(), true)
        case .capture(let body, _): return first(body)
        case .repetition(let body, let min, _, _):
            let (bytes, nullable) = first(body)
            return (bytes, nullable || min == 0)
        case .alternatives(let alternatives):
            var set = ByteSet(), nullable = false
            for alternative in alternatives {
                let (bytes, alternativeNullable) = first(alternative)
                set.formUnion(bytes)
                nullable = nullable || alternativeNullable
            }
            return (set, nullable)
        case .sequence(let items):
            var set = ByteSet()
            for item in items {
                let (bytes, nullable) = first(item)
                set.formUnion(bytes)
                if !nullable { return (set, false) }
            }
            return (set, true)
        }
    }

    /// `true` when every match of `node` starts with `^` (before any byte) or, `atEnd`, ends
    /// with `$`, `\Z` or `\z` (after every byte).
    static func anchored(_ node: Node, atEnd: Bool = false) -> Bool {
        switch node {
        case .assertion(let a): return atEnd ? a == .end || a == .absoluteEnd : a == .start
        case .capture(let body, _): return anchored(body, atEnd: atEnd)
        case .alternatives(let alternatives): return alternatives.allSatisfy { anchored($0, atEnd: atEnd) }
        case .sequence(let items):
            for item in atEnd ? items.reversed() : items {
                if anchored(item, atEnd: atEnd) { return true }
                // Only empty-matching groups (inline flags) may stand between the anchor and the edge.
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
        case .set(let start): return start
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
                guard e < 0x80, !ASCII.isAlphanumeric(e) else { return nil }
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
                let lo: UInt8
                if c == 0x5C {
                    guard let s = escape() else { return nil }
                    guard let only = s.onlyByte else {
                        set.formUnion(s)
                        if peek == 0x2D && i + 1 < p.count && p[i + 1] != 0x5D { return nil } // [\w-x]
                        continue
                    }
                    lo = only
                } else {
                    guard c < 0x80 else { return nil }
                    i += 1
                    lo = c
                }
                // A range `a-z` (a `-` before `]` is a literal).
                if peek == 0x2D, i + 1 < p.count, p[i + 1] != 0x5D {
                    i += 1
                    let hi: UInt8
                    if peek == 0x5C {
                        guard let only = escape()?.onlyByte else { return nil }
                        hi = only
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
