import PipelineKit

/// An export `path` such as `out/{date}/{id}.md`: literal text with placeholders.
///
/// Placeholder values are sanitized into a single file-name component (no separators, no
/// control characters, no leading dots). A value that tries to leave the folder on its own
/// (`..` as a component, or an absolute path) is an error rather than something to repair:
/// it is almost always a bug or an attack, and the user should hear about it.
struct PathTemplate: Sendable, Equatable {
    /// A placeholder the path may use.
    enum Placeholder: String, Sendable, CaseIterable {
        case id
        case name
        case stageID = "stage-id"
        case date
    }

    /// One piece of the template.
    enum Piece: Sendable, Equatable {
        case literal(String)
        case placeholder(Placeholder)
    }

    /// The template as written.
    let raw: String
    /// Literals and placeholders in order.
    let pieces: [Piece]

    /// Parses `raw`. Throws a message (without location) for unknown placeholders, unbalanced
    /// braces, absolute paths and `..` components in the literal text.
    init(_ raw: String) throws(PathError) {
        self.raw = raw
        var pieces: [Piece] = []
        var literal = ""
        var iterator = raw.makeIterator()
        while let ch = iterator.next() {
            if ch == "}" { throw PathError("unbalanced '}' in path '\(raw)'") }
            guard ch == "{" else { literal.append(ch); continue }
            var name = ""
            var closed = false
            while let character = iterator.next() {
                if character == "}" { closed = true; break }
                if character == "{" { break }
                name.append(character)
            }
            guard closed else { throw PathError("unbalanced '{' in path '\(raw)'") }
            guard let placeholder = Placeholder(rawValue: name) else {
                let known = Placeholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
                var message = "unknown placeholder '{\(name)}' in path (known: \(known))"
                if let guess = Suggestion.closest(to: name, in: Placeholder.allCases.map(\.rawValue)) {
                    message += " (did you mean '{\(guess)}'?)"
                }
                throw PathError(message)
            }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
            pieces.append(.placeholder(placeholder))
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces

        if raw.isEmpty { throw PathError("path is empty") }
        if raw.hasPrefix("/") {
            throw PathError("path '\(raw)' is absolute; it must be relative to the export folder (use 'folder' to choose that folder)")
        }
        if raw.hasSuffix("/") { throw PathError("path '\(raw)' names a folder; it must name a file") }
        for case .literal(let text) in pieces where text.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            throw PathError("path '\(raw)' contains '..'; exports must stay inside the export folder")
        }
    }

    /// `true` when the path differs per document (`{id}` or `{name}`).
    var isPerDocument: Bool {
        pieces.contains { $0 == .placeholder(.id) || $0 == .placeholder(.name) }
    }

    /// The relative path with placeholders replaced by sanitized values. Throws when a value
    /// is an absolute path or contains a `..` component, or when the result is not a file path.
    func expand(_ values: [Placeholder: String]) throws(PathError) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): out += literal
            case .placeholder(let placeholder):
                let value = values[placeholder] ?? ""
                out += try Self.sanitize(value, placeholder: placeholder)
            }
        }
        // Normalise: drop empty and "." components; ".." cannot appear any more (checked above
        // for literals, and placeholder values carry no separators).
        let components = out.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard let last = components.last, last != ".." else { throw PathError("path '\(raw)' expands to no file name") }
        if components.contains("..") { throw PathError("path '\(raw)' expands to a path with '..'") }
        return components.joined(separator: "/")
    }

    /// The longest file-name component a placeholder may produce, in UTF-8 bytes.
    static let maxComponentBytes = 120

    /// Makes `value` safe as (part of) one file-name component: separators, control
    /// characters and characters that are invalid on common file systems become `_`, leading
    /// dots (hidden files) become `_`, surrounding spaces and trailing dots are trimmed, and the
    /// result is cut to `maxComponentBytes` bytes on a scalar boundary. An empty result is `_`.
    /// Absolute paths and `..` components are refused.
    static func sanitize(_ value: String, placeholder: Placeholder) throws(PathError) -> String {
        if value.hasPrefix("/") || value.hasPrefix("\\") {
            throw PathError("placeholder {\(placeholder.rawValue)} is an absolute path; refusing to write outside the export folder")
        }
        let parts = value.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
        if parts.contains(where: { $0.trimmingCharacters(in: " ") == ".." }) {
            throw PathError("placeholder {\(placeholder.rawValue)} contains '..'; refusing to write outside the export folder")
        }
        var scalars = String.UnicodeScalarView()
        var bytes = 0
        for scalar in value.unicodeScalars {
            let replaced: Unicode.Scalar
            switch scalar.value {
            case 0..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029, 0xFEFF: replaced = "_"
            default:
                switch scalar {
                case "/", "\\", ":", "*", "?", "\"", "<", ">", "|": replaced = "_"
                default: replaced = scalar
                }
            }
            let length = String(replaced).utf8.count
            if bytes + length > maxComponentBytes { break }
            bytes += length
            scalars.append(replaced)
        }
        var component = String(scalars).trimmingCharacters(in: " ")
        while component.hasSuffix(".") { component.removeLast() }
        if component.hasPrefix(".") { component = "_" + component.drop { $0 == "." } }
        return component.isEmpty ? "_" : component
    }
}

/// A problem with an export path, without location (the caller knows the option or document).
struct PathError: Error, Sendable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension String {
    /// The string without leading and trailing runs of `character`.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        guard let start = firstIndex(where: { $0 != character }) else { return "" }
        let end = lastIndex(where: { $0 != character })!
        return String(self[start...end])
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String { String(self).trimmingCharacters(in: character) }
}
