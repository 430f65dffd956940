import PipelineKit

/// The export formats a binary knows, by name, in the order messages list them: a value kept in
/// the `PipelineEnvironment` (`environment.exportFormats`). The built-in formats are `.builtIn`,
/// which is also what an environment holds until it is set.
///
/// ```swift
/// let environment = PipelineEnvironment.builtIn.adding(format: TSVFormat.self)
/// ```
public typealias ExportFormatRegistry = NamedRegistry<any ExportFormat.Type>

extension NamedRegistry where Entry == any ExportFormat.Type {
    /// A registry of `formats`, each under its `name`; a later format with the name of an
    /// earlier one replaces it.
    public init(_ formats: [any ExportFormat.Type]) {
        self.init(formats.map { (name: $0.name, entry: $0) })
    }

    /// The built-in formats.
    public static var builtIn: ExportFormatRegistry {
        ExportFormatRegistry([
            TextFormat.self, MarkdownFormat.self, HTMLFormat.self, JSONFormat.self, JSONLinesFormat.self,
            CSVFormat.self, SQLiteFormat.self,
        ])
    }

    /// This registry with `format` added (or replacing the format of the same name).
    public func adding(_ format: any ExportFormat.Type) -> ExportFormatRegistry {
        adding(format, named: format.name)
    }

    /// The names of the formats that read `feature`, as a phrase: `text, markdown and html`.
    func phrase(for feature: ExportFeatures) -> String {
        let list = entries.filter { $0.features.contains(feature) }.map { $0.name }
        guard let last = list.last else { return "no format" }
        return list.count == 1 ? last : list.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// Where the export formats live in a `PipelineEnvironment`.
enum ExportFormatsKey: PipelineEnvironmentKey {
    static let defaultValue = ExportFormatRegistry.builtIn
}

extension PipelineEnvironment {
    /// The formats the export stage's `format:` option may name (the built-ins until set).
    public var exportFormats: ExportFormatRegistry {
        get { self[ExportFormatsKey.self] }
        set { self[ExportFormatsKey.self] = newValue }
    }

    /// This environment with the export format `format` added (or replaced).
    public func adding(format: any ExportFormat.Type) -> PipelineEnvironment {
        setting(ExportFormatsKey.self, to: exportFormats.adding(format))
    }
}
