import Foundation
import PipelineKit

/// One user pattern from the YAML: a named regular expression with an optional validator and
/// optional context words that must appear near the match. Decoded from the item as
/// `StageSpec.resolve` leaves it (checked against `fields`, unknown keys refused, defaults in).
public struct PatternRule: Decodable, Sendable {
    /// The annotation type, e.g. `employee-id`.
    public var name: String
    /// An ICU regular expression (NSRegularExpression syntax).
    public var regex: String
    /// A check-digit validator the match must pass: `luhn`, `iban`, `ssn`, `ip`, `credit-card`.
    public var validator: String?
    /// Words of which one must appear within `context-window` characters of the match.
    public var context: [String]?
    /// How far (in bytes) to look for a context word on each side.
    public var contextWindow: Int
    /// Match case-sensitively.
    public var caseSensitive: Bool

    /// The fields of one `patterns` item, for validation, docs and `pipeline schema`.
    public static let fields: [OptionSpec] = [
        OptionSpec("name", .string, required: true, doc: "The annotation type and tag, one word such as `employee-id` (tag `[EMPLOYEE-ID]`)."),
        OptionSpec("regex", .string, required: true, doc: "An ICU regular expression (NSRegularExpression syntax)."),
        OptionSpec("validator", .oneOf(Validators.names), doc: "A check-digit validator the match must pass."),
        OptionSpec("context", .list(.string), doc: "Words of which one must occur within `context-window` bytes of the match (case-insensitive)."),
        OptionSpec("context-window", .integer, default: 40, doc: "How far (in bytes) to look for a context word on each side (1-1000)."),
        OptionSpec("case-sensitive", .boolean, default: false, doc: "Match case-sensitively."),
    ]
}

/// A compiled user pattern.
struct CompiledPattern: Sendable {
    let regex: NSRegularExpression
    let type: Int
    let validator: String?
    /// Lowercased context words (none: no context needed).
    let context: WordsByFirstByte
    let window: Int
}

/// Exact words or phrases, matched case-insensitively (ASCII case) on whole words.
struct TermMatcher: Sendable {
    /// Lowercased term bytes with their type index, grouped by first byte.
    let byFirst: [[([UInt8], Int)]]
    let isEmpty: Bool

    init(_ terms: [(String, Int)]) {
        var table = [[([UInt8], Int)]](repeating: [], count: 256)
        for (term, type) in terms {
            let bytes = Array(term.utf8).map { ASCII.lowercased($0) }
            guard let first = bytes.first else { continue }
            table[Int(first)].append((bytes, type))
        }
        for i in 0..<256 { table[i].sort { $0.0.count > $1.0.count } }
        byFirst = table
        isEmpty = terms.isEmpty
    }

    func find(_ bytes: Bytes, priority: Int, into out: inout [Match]) {
        let text = bytes.buffer, count = bytes.count
        var i = 0
        while i < count {
            let byte = text[i]
            if i > 0 && ASCII.isWordByte(text[i - 1]) && ASCII.isWordByte(byte) { i += 1; continue }
            let list = byFirst[Int(ASCII.lowercased(byte))]
            if !list.isEmpty {
                for (term, type) in list where i + term.count <= count {
                    var k = 1
                    while k < term.count && ASCII.lowercased(text[i + k]) == term[k] { k += 1 }
                    if k == term.count && (i + k == count || !ASCII.isWordByte(text[i + k]) || !ASCII.isWordByte(term[k - 1])) {
                        out.append(Match(start: i, end: i + k, type: type, priority: priority))
                        break
                    }
                }
            }
            i += 1
        }
    }
}
