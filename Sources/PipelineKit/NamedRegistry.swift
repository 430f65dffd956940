/// Things a binary knows by name, in the order they were added: the shape of every registry a
/// `PipelineEnvironment` holds (Translate's providers, Export's formats). Adding an entry under
/// a known name replaces that entry where it stands, so a custom binary can override a
/// built-in without reordering the list messages show.
///
/// A stage module names its registry with a type alias and adds what is its own in a
/// constrained extension:
///
/// ```swift
/// public typealias ExportFormatRegistry = NamedRegistry<any ExportFormat.Type>
/// let formats = ExportFormatRegistry.builtIn.adding(TSVFormat.self, named: "tsv")
/// formats["tsv"]     // TSVFormat.self
/// ```
public struct NamedRegistry<Entry: Sendable>: Sendable {
    /// The names, in registration order; `entries[i]` is registered as `names[i]`.
    public private(set) var names: [String] = []
    /// The entries, in registration order.
    public private(set) var entries: [Entry] = []

    /// An empty registry.
    public init() {}

    /// A registry of `entries` under their names; a later entry with the name of an earlier
    /// one replaces it.
    public init(_ entries: [(name: String, entry: Entry)]) {
        for (name, entry) in entries { add(entry, named: name) }
    }

    /// The entry registered as `name`, if any.
    public subscript(name: String) -> Entry? {
        names.firstIndex(of: name).map { entries[$0] }
    }

    /// Registers `entry` as `name`, replacing an entry of that name where it stands.
    public mutating func add(_ entry: Entry, named name: String) {
        if let index = names.firstIndex(of: name) {
            entries[index] = entry
        } else {
            names.append(name)
            entries.append(entry)
        }
    }

    /// This registry with `entry` registered as `name` (for chaining).
    public func adding(_ entry: Entry, named name: String) -> NamedRegistry {
        var copy = self
        copy.add(entry, named: name)
        return copy
    }
}
