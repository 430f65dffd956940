import PipelineKit
import Yams

/// A YAML node with its position: what the validator walks so every error can point at a line
/// and column. Built from Yams' composed node tree with limits on size and depth, so that alias
/// expansion bombs and absurd nesting are rejected instead of exhausting memory or the stack.
indirect enum YAMLTree: Sendable {
    case scalar(String, quoted: Bool, SourceLocation)
    case sequence([YAMLTree], SourceLocation)
    case mapping([(key: YAMLTree, value: YAMLTree)], SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, _, let location), .sequence(_, let location), .mapping(_, let location): return location
        }
    }

    var kindName: String {
        switch self {
        case .scalar(let text, let quoted, _):
            return quoted ? "string" : YAMLTree.resolvePlain(text).kindName
        case .sequence: return "list"
        case .mapping: return "mapping"
        }
    }

    /// The scalar's text when this is a scalar.
    var scalarText: String? { if case .scalar(let text, _, _) = self { return text }; return nil }

    /// The value of a key of a mapping (first match).
    func child(_ key: String) -> YAMLTree? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.scalarText == key }?.value
    }

    /// Follows a path of keys and list indices; returns the deepest node reached and whether
    /// the last step landed on a key (for "point at the key" errors).
    func locate(path: [String], atKey: Bool) -> SourceLocation {
        var node = self
        for (i, step) in path.enumerated() {
            switch node {
            case .mapping(let pairs, _):
                guard let pair = pairs.first(where: { $0.key.scalarText == step }) else { return node.location }
                if i == path.count - 1 && atKey { return pair.key.location }
                node = pair.value
            case .sequence(let items, _):
                guard let index = Int(step), items.indices.contains(index) else { return node.location }
                node = items[index]
            case .scalar:
                return node.location
            }
        }
        return node.location
    }

    /// The plain-scalar resolution of YAML 1.2's core schema: null, booleans, integers, floats, else string.
    static func resolvePlain(_ plain: String) -> Value {
        switch plain {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let integer = Int(plain) { return .int(integer) }
        if plain.hasPrefix("0x"), let integer = Int(plain.dropFirst(2), radix: 16) { return .int(integer) }
        if plain.hasPrefix("0o"), let integer = Int(plain.dropFirst(2), radix: 8) { return .int(integer) }
        if let first = plain.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first), let double = Double(plain), !plain.hasSuffix(".") || plain.count > 1 {
            if plain.lowercased().contains("n") && !plain.lowercased().contains("inf") { return .string(plain) }
            return .double(double)
        }
        switch plain {
        case ".inf", ".Inf", ".INF", "+.inf": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: return .string(plain)
        }
    }
}

/// Limits that keep a hostile pipeline file from hurting the machine.
public struct YAMLLimits: Sendable {
    /// Largest accepted file, in bytes.
    public var maxBytes = 1 << 20
    /// Most nodes after alias expansion.
    public var maxNodes = 100_000
    /// Deepest nesting of lists and mappings.
    public var maxDepth = 64
    /// Most alias references (`*name`) in one file.
    public var maxAliases = 256
    /// Creates the default limits.
    public init() {}
}

enum YAMLTreeBuilder {
    struct LimitExceeded: Error { let message: String; let location: SourceLocation }

    /// Converts Yams' node into a `YAMLTree`, counting nodes (aliases expand, so a bomb trips the budget).
    static func build(_ node: Node, file: String, limits: YAMLLimits) throws -> YAMLTree {
        var budget = limits.maxNodes
        return try convert(node, file: file, depth: 0, budget: &budget, limits: limits)
    }

    private static func convert(_ node: Node, file: String, depth: Int, budget: inout Int, limits: YAMLLimits) throws -> YAMLTree {
        let mark = node.mark
        let location = SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        budget -= 1
        if budget < 0 {
            throw LimitExceeded(message: "the pipeline expands to more than \(limits.maxNodes) YAML nodes (an alias expansion bomb?)", location: location)
        }
        if depth > limits.maxDepth {
            throw LimitExceeded(message: "YAML nested deeper than \(limits.maxDepth) levels", location: location)
        }
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, quoted: scalar.style != .plain, location)
        case .sequence(let seq):
            var items: [YAMLTree] = []
            for child in seq { items.append(try convert(child, file: file, depth: depth + 1, budget: &budget, limits: limits)) }
            return .sequence(items, location)
        case .mapping(let map):
            var pairs: [(key: YAMLTree, value: YAMLTree)] = []
            for (yamlKey, yamlValue) in map {
                let key = try convert(yamlKey, file: file, depth: depth + 1, budget: &budget, limits: limits)
                let value = try convert(yamlValue, file: file, depth: depth + 1, budget: &budget, limits: limits)
                pairs.append((key, value))
            }
            return .mapping(pairs, location)
        case .alias(let alias):
            throw LimitExceeded(message: "unresolved alias", location: SourceLocation(file: file, line: alias.mark?.line ?? 1, column: alias.mark?.column ?? 1))
        }
    }

    /// Cheap checks on the raw text before libyaml sees it: flow nesting depth, block
    /// indentation depth and the number of alias references.
    static func precheck(_ text: String, file: String, limits: YAMLLimits) -> Diagnostic? {
        var line = 1
        var column = 0
        var flowDepth = 0
        var aliases = 0
        var atLineStart = true
        var indent = 0
        var previous: UInt8 = 0x0A
        var inSingle = false
        var inDouble = false
        for byte in text.utf8 {
            column += 1
            if byte == 0x0A {
                line += 1; column = 0; atLineStart = true; indent = 0; previous = byte
                inSingle = false; inDouble = false
                continue
            }
            if atLineStart {
                if byte == 0x20 {
                    indent += 1
                    if indent > limits.maxDepth * 8 {
                        return Diagnostic(at: SourceLocation(file: file, line: line, column: column), "indentation deeper than \(limits.maxDepth * 8) spaces")
                    }
                    previous = byte
                    continue
                }
                atLineStart = false
            }
            if byte == 0x23 && !inSingle && !inDouble && (previous == 0x20 || previous == 0x09 || previous == 0x0A) {
                // Comment: skip to the end of the line.
                inSingle = true; inDouble = true  // treat as "quoted" until newline
            }
            if byte == 0x27 && !inDouble { inSingle.toggle() }
            if byte == 0x22 && !inSingle && previous != 0x5C { inDouble.toggle() }
            if !inSingle && !inDouble {
                if byte == 0x5B || byte == 0x7B {
                    flowDepth += 1
                    if flowDepth > limits.maxDepth {
                        return Diagnostic(at: SourceLocation(file: file, line: line, column: column), "YAML nested deeper than \(limits.maxDepth) levels")
                    }
                } else if byte == 0x5D || byte == 0x7D {
                    flowDepth = max(0, flowDepth - 1)
                } else if byte == 0x2A && (previous == 0x20 || previous == 0x5B || previous == 0x2C || previous == 0x7B || previous == 0x3A || previous == 0x0A) {
                    aliases += 1
                    if aliases > limits.maxAliases {
                        return Diagnostic(at: SourceLocation(file: file, line: line, column: column), "more than \(limits.maxAliases) alias references")
                    }
                }
            }
            previous = byte
        }
        return nil
    }
}
