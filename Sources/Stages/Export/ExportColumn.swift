import PipelineKit

/// A column of CSV or SQLite output: `id`, `text`, `metadata` (all of it, as JSON),
/// `annotations` (as JSON), or a metadata key, with dots reaching into objects
/// (`translations.fr`) when no key has the dotted name itself.
public struct ExportColumn: Sendable, Equatable {
    /// The column's name as the user wrote it.
    public let name: String
    /// What `name` reads, worked out once: every cell of every document reads it.
    private let source: Source

    private enum Source: Sendable, Equatable {
        case id, text, metadata, annotations
        /// A metadata key, and the steps of its dotted path (empty when it has no dot to reach in).
        case key(path: [String])
    }

    /// Creates a column.
    public init(name: String) {
        self.name = name
        switch name {
        case "id": source = .id
        case "text": source = .text
        case "metadata": source = .metadata
        case "annotations": source = .annotations
        default:
            let parts = name.split(separator: ".").map(String.init)
            source = .key(path: parts.count > 1 ? parts : [])
        }
    }

    /// The columns when `columns` is not given: id, title, summary, text.
    public static let defaults = ["id", "title", "summary", "text"].map(ExportColumn.init(name:))

    /// The column's value for `document`; `nil` when the document has none.
    public func value(of document: Document) -> Value? {
        switch source {
        case .id: return .string(document.id)
        case .text: return .string(document.text)
        case .metadata: return .object(document.metadata)
        case .annotations: return .array(document.annotations.map(\.jsonValue))
        case .key(let path):
            if let value = document.metadata[name] { return value }
            guard let first = path.first, var value = document.metadata[first] else { return nil }
            for component in path.dropFirst() {
                if let object = value.objectValue, let next = object[component] {
                    value = next
                } else if let array = value.arrayValue, let i = Int(component), array.indices.contains(i) {
                    value = array[i]
                } else {
                    return nil
                }
            }
            return value
        }
    }

    /// The value as one CSV cell: strings as they are, numbers and booleans as JSON,
    /// lists and mappings as compact JSON, nothing as an empty cell.
    public func cell(of document: Document) -> String {
        switch value(of: document) {
        case nil, .null?: return ""
        case .string(let string)?: return string
        case let value?: return JSONWriter.string(value)
        }
    }
}
