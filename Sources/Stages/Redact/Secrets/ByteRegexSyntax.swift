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
            for alternative in alternatives {
                let literal = longestLiteral(alternative)
                if literal.isEmpty { return [] }
                out.append(literal)
            }
            return out
        }
        let literal = longestLiteral(node)
        return literal.isEmpty ? [] : [literal]
    }

    static func longestLiteral(_ node: Node) -> [UInt8] {
        func items(_ node: Node) -> [Node] {
            switch node {
            case .capture(let body, _): return items(body)
            case .sequence(let list): return list.flatMap(items)
            default: return [node]
            }
        }
        var best: [UInt8] = [], run: [UInt8] = []
        for item in items(node) {
            if case .assertion = item { continue }
            if case .set(let set) = item, let byte = literalByte(set) {
                run.append(byte)
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
        case .assertion(let assertion): return atEnd ? assertion == .end || assertion == .absoluteEnd : assertion == .start
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
        case .set(let set): return set
        case .assertion: return ByteSet()
        case .capture(let body, _), .repetition(let body, _, _, _): return anyBytes(body)
        case .alternatives(let list), .sequence(let list):
            var union = ByteSet()
            for item in list { union.formUnion(anyBytes(item)) }
            return union
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

        let pattern: [UInt8]
        var position = 0
        var groups = 0

        init(pattern: [UInt8]) { self.pattern = pattern }

        var peek: UInt8? { position < pattern.count ? pattern[position] : nil }

        /// Alternatives up to a `)` or the end. An inline flag (`(?i)`) holds to the end of the
        /// enclosing group, across its alternatives, as in ICU.
        mutating func alternation(_ flags: inout Flags) -> Node? {
            var alternatives: [Node] = []
            while true {
                guard let alternative = sequence(&flags) else { return nil }
                alternatives.append(alternative)
                guard peek == 0x7C else { break } // |
                position += 1
            }
            return alternatives.count == 1 ? alternatives[0] : .alternatives(alternatives)
        }

        mutating func sequence(_ flags: inout Flags) -> Node? {
            var items: [Node] = []
            while let byte = peek, byte != 0x7C, byte != 0x29 {
                guard let atom = atom(&flags) else { return nil }
                guard let quantifiedAtom = quantified(atom) else { return nil }
                items.append(quantifiedAtom)
            }
            return .sequence(items)
        }

        mutating func quantified(_ atom: Node) -> Node? {
            guard let byte = peek else { return atom }
            var min = 0, max: Int? = nil
            switch byte {
            case 0x2A: position += 1                       // *
            case 0x2B: min = 1; position += 1              // +
            case 0x3F: max = 1; position += 1              // ?
            case 0x7B:                              // {n}, {n,}, {n,m}
                position += 1
                guard let count = number() else { return nil }
                min = count
                max = count
                if peek == 0x2C {
                    position += 1
                    max = peek == 0x7D ? nil : number()
                    if max == nil && peek != 0x7D { return nil }
                }
                guard peek == 0x7D, max.map({ $0 >= min }) ?? true else { return nil }
                position += 1
            default:
                return atom
            }
            var lazy = false
            if peek == 0x3F { lazy = true; position += 1 }
            // Possessive (`*+`) and stacked quantifiers are not in the subset.
            if let next = peek, next == 0x2B || next == 0x2A || next == 0x3F || next == 0x7B { return nil }
            return .repetition(atom, min: min, max: max, lazy: lazy)
        }

        mutating func number() -> Int? {
            var value = 0, digits = 0
            while let byte = peek, byte >= 0x30, byte <= 0x39, digits < 5 { value = value * 10 + Int(byte - 0x30); position += 1; digits += 1 }
            return digits > 0 ? value : nil
        }

        mutating func atom(_ flags: inout Flags) -> Node? {
            guard let byte = peek else { return nil }
            position += 1
            switch byte {
            case 0x28: return group(&flags)
            case 0x5B: return charClass(flags).map { .set($0) }
            case 0x2E: return .set(flags.dotAll ? .all : ByteSet.lineEnd.inverted)
            case 0x5E: return .assertion(.start)
            case 0x24: return .assertion(.end)
            case 0x5C:
                guard let escaped = peek else { return nil }
                position += 1
                switch escaped {
                case 0x62: return .assertion(.wordBoundary)     // \b
                case 0x42: return .assertion(.notWordBoundary)  // \B
                case 0x41: return .assertion(.start)            // \A
                case 0x7A: return .assertion(.absoluteEnd)      // \z
                case 0x5A: return .assertion(.end)              // \Z
                default:
                    position -= 2
                    guard let set = escape() else { return nil }
                    return .set(flags.caseInsensitive ? set.caseClosed : set)
                }
            case 0x2A, 0x2B, 0x3F, 0x7B, 0x7D, 0x5D:
                return nil // a quantifier with nothing before it, or a stray bracket
            default:
                guard byte < 0x80 else { return nil }
                let set = ByteSet.of(byte)
                return .set(flags.caseInsensitive ? set.caseClosed : set)
            }
        }

        /// After `(`: a group, or an inline flag change (an empty node).
        mutating func group(_ flags: inout Flags) -> Node? {
            var inner = flags
            var capture = true
            if peek == 0x3F { // ?
                position += 1
                capture = false
                var on = true
                var changed = inner
                loop: while let flag = peek {
                    position += 1
                    switch flag {
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
                if position >= pattern.count { return nil }
            }
            var index = 0
            if capture {
                groups += 1
                index = groups
            }
            guard let body = alternation(&inner), peek == 0x29 else { return nil }
            position += 1
            return capture ? .capture(body, index) : body
        }

        /// An escape at `\`, as a set of bytes: a class (`\d`, `\w`, `\s` and negations), a control
        /// character, `\xHH`, or an escaped punctuation byte. Nil for anything else.
        mutating func escape() -> ByteSet? {
            guard peek == 0x5C, position + 1 < pattern.count else { return nil }
            let escaped = pattern[position + 1]
            position += 2
            switch escaped {
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
                guard position + 2 <= pattern.count, let value = UInt8(String(decoding: pattern[position..<(position + 2)], as: UTF8.self), radix: 16), value < 0x80 else { return nil }
                position += 2
                return .of(value)
            default:
                // Punctuation escapes itself; letters and digits are classes or references not handled here.
                guard escaped < 0x80, !ASCII.isAlphanumeric(escaped) else { return nil }
                return .of(escaped)
            }
        }

        /// After `[`: the class up to its `]`.
        mutating func charClass(_ flags: Flags) -> ByteSet? {
            var set = ByteSet()
            var negated = false
            if peek == 0x5E { negated = true; position += 1 }
            var first = true
            while true {
                guard let byte = peek else { return nil }
                if byte == 0x5D && !first { position += 1; break }
                if byte == 0x5B || (byte == 0x5D && first) { return nil } // nested sets, `[]`
                first = false
                // One item: an escape (a class or a single byte) or a byte.
                let low: UInt8
                if byte == 0x5C {
                    guard let escapedSet = escape() else { return nil }
                    guard let only = escapedSet.onlyByte else {
                        set.formUnion(escapedSet)
                        if peek == 0x2D && position + 1 < pattern.count && pattern[position + 1] != 0x5D { return nil } // [\w-x]
                        continue
                    }
                    low = only
                } else {
                    guard byte < 0x80 else { return nil }
                    position += 1
                    low = byte
                }
                // A range `a-z` (a `-` before `]` is a literal).
                if peek == 0x2D, position + 1 < pattern.count, pattern[position + 1] != 0x5D {
                    position += 1
                    let high: UInt8
                    if peek == 0x5C {
                        guard let only = escape()?.onlyByte else { return nil }
                        high = only
                    } else {
                        guard let rangeEnd = peek, rangeEnd < 0x80, rangeEnd != 0x5B else { return nil }
                        high = rangeEnd
                        position += 1
                    }
                    guard low <= high else { return nil }
                    set.insert(low, through: high)
                } else {
                    set.insert(low)
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
            case .set(let set):
                code.append(.byte(set))
            case .sequence(let items):
                for item in items { emit(item) }
            case .assertion(let assertion):
                code.append(.assert(assertion))
            case .capture(let body, let groupIndex):
                code.append(.save(2 * groupIndex))
                emit(body)
                code.append(.save(2 * groupIndex + 1))
            case .alternatives(let alternatives):
                var exits: [Int] = []
                for (alternativeIndex, alternative) in alternatives.enumerated() {
                    if alternativeIndex == alternatives.count - 1 {
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
                for exitIndex in exits { code[exitIndex] = .jump(code.count) }
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
                    for skip in skips { code[skip] = lazy ? .split(code.count, skip + 1) : .split(skip + 1, code.count) }
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
