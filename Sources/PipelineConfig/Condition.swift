import PipelineKit

/// A stage's `when:` condition, checked per document. The grammar is deliberately small:
///
///     when: metadata.language == 'fr'        # equality with a string, number, true/false or null
///     when: metadata.language != 'en'
///     when: metadata.title                   # present and not empty/false/null
///     when: not metadata.summary
///     when: text contains 'unsubscribe'
///     when: metadata.language in ['fr', 'de']
///
/// Paths are `id`, `text` or `metadata.KEY[.KEY...]`. Conditions are parsed when the pipeline
/// loads, so a typo is a configuration error with a column, not a runtime surprise.
public struct Condition: Sendable, CustomStringConvertible {
    enum Operation: Sendable {
        case truthy, falsy
        case equals(Value), notEquals(Value)
        case contains(String)
        case isIn([Value])
    }
    let path: [String]
    let operation: Operation
    /// The condition as written.
    public let description: String

    /// A parse problem at a scalar offset in the condition text.
    public struct ParseError: Error, Sendable {
        /// Offset (Unicode scalars) into the condition text.
        public var offset: Int
        /// What is wrong.
        public var message: String
    }

    /// Parses a condition.
    public init(parsing source: String) throws(ParseError) {
        description = source
        var lexer = Lexer(Array(source.unicodeScalars))
        var negate = false
        if lexer.peekWord() == "not" { _ = lexer.word(); negate = true }
        let pathStart = lexer.position
        guard let pathText = lexer.word(), !pathText.isEmpty else {
            throw ParseError(offset: lexer.position, message: "expected a path such as metadata.language")
        }
        let parts = pathText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty }), ["id", "text", "metadata"].contains(parts[0]),
              parts[0] == "metadata" ? parts.count >= 2 : parts.count == 1
        else {
            throw ParseError(offset: pathStart, message: "unknown path '\(pathText)' (use id, text or metadata.KEY)")
        }
        path = parts
        lexer.skipSpaces()
        if lexer.atEnd {
            operation = negate ? .falsy : .truthy
            return
        }
        if negate { throw ParseError(offset: lexer.position, message: "'not' takes a path only") }
        let opStart = lexer.position
        let op = lexer.operatorToken()
        lexer.skipSpaces()
        switch op {
        case "==": operation = .equals(try lexer.literal())
        case "!=": operation = .notEquals(try lexer.literal())
        case "contains":
            guard case .string(let needle) = try lexer.literal() else {
                throw ParseError(offset: opStart, message: "'contains' takes a quoted string")
            }
            operation = .contains(needle)
        case "in":
            operation = .isIn(try lexer.list())
        default:
            throw ParseError(offset: opStart, message: "expected ==, !=, contains or in")
        }
        lexer.skipSpaces()
        if !lexer.atEnd { throw ParseError(offset: lexer.position, message: "unexpected text after the condition") }
    }

    /// Whether `document` meets the condition.
    public func matches(_ document: Document) -> Bool {
        let value: Value?
        switch path[0] {
        case "id": value = .string(document.id)
        case "text": value = .string(document.text)
        default:
            var found: Value? = document.metadata[path[1]]
            for key in path.dropFirst(2) { found = found?[key] }
            value = found
        }
        switch operation {
        case .truthy: return Condition.isTruthy(value)
        case .falsy: return !Condition.isTruthy(value)
        case .equals(let expected): return Condition.equal(value ?? .null, expected)
        case .notEquals(let expected): return !Condition.equal(value ?? .null, expected)
        case .contains(let needle): return value?.stringValue?.contains(needle) ?? false
        case .isIn(let options): return options.contains { Condition.equal(value ?? .null, $0) }
        }
    }

    static func isTruthy(_ value: Value?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: return false
        case .string(let string)?: return !string.isEmpty
        case .array(let array)?: return !array.isEmpty
        case .object(let object)?: return !object.isEmpty
        default: return true
        }
    }

    static func equal(_ left: Value, _ right: Value) -> Bool {
        if let leftNumber = left.doubleValue, let rightNumber = right.doubleValue { return leftNumber == rightNumber }
        return left == right
    }

    struct Lexer {
        let scalars: [Unicode.Scalar]
        var position = 0
        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }
        var atEnd: Bool { position >= scalars.count }
        mutating func skipSpaces() { while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 } }
        func isWordChar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
        }
        mutating func peekWord() -> String? {
            let saved = position
            defer { position = saved }
            return word()
        }
        mutating func word() -> String? {
            skipSpaces()
            let start = position
            while position < scalars.count, isWordChar(scalars[position]) { position += 1 }
            return start == position ? nil : String(String.UnicodeScalarView(scalars[start..<position]))
        }
        mutating func operatorToken() -> String {
            if position + 1 < scalars.count, (scalars[position] == "=" || scalars[position] == "!"), scalars[position + 1] == "=" {
                position += 2
                return String(String.UnicodeScalarView(scalars[(position - 2)..<position]))
            }
            return word() ?? ""
        }
        mutating func literal() throws(ParseError) -> Value {
            skipSpaces()
            guard position < scalars.count else { throw ParseError(offset: position, message: "expected a value") }
            let quote = scalars[position]
            if quote == "'" || quote == "\"" {
                let start = position
                position += 1
                var out = String.UnicodeScalarView()
                while position < scalars.count, scalars[position] != quote { out.append(scalars[position]); position += 1 }
                guard position < scalars.count else { throw ParseError(offset: start, message: "unterminated string") }
                position += 1
                return .string(String(out))
            }
            let start = position
            guard let token = word() else { throw ParseError(offset: start, message: "expected a value") }
            switch token {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                if let integer = Int(token) { return .int(integer) }
                if let double = Double(token) { return .double(double) }
                throw ParseError(offset: start, message: "expected a quoted string, a number, true, false or null, found '\(token)'")
            }
        }
        mutating func list() throws(ParseError) -> [Value] {
            skipSpaces()
            guard position < scalars.count, scalars[position] == "[" else { throw ParseError(offset: position, message: "'in' takes a list like ['fr', 'de']") }
            position += 1
            var items: [Value] = []
            while true {
                skipSpaces()
                if position < scalars.count, scalars[position] == "]" { position += 1; return items }
                items.append(try literal())
                skipSpaces()
                if position < scalars.count, scalars[position] == "," { position += 1; continue }
                if position < scalars.count, scalars[position] == "]" { position += 1; return items }
                throw ParseError(offset: position, message: "expected ',' or ']'")
            }
        }
    }
}
