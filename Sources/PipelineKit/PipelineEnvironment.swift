/// Everything a `pipeline` binary can plug in, as one value: the stages it knows, the text
/// scrubber for outside text, and the registries that belong to a stage module (translation
/// providers, export formats), each stored under its own key.
///
/// It is built once where the program starts and handed down: to the loader (which names
/// stages from it and passes it to every stage through `StageSetup.pipelineEnvironment`), and
/// through the built `PipelineDefinition` to the runner. Nothing in the project keeps a mutable
/// global registry; a test builds the environment it needs.
///
/// ```swift
/// // A custom binary: the built-ins plus one stage.
/// await PipelineCommand.main(environment: .builtIn.adding(KeywordsStage.self))
/// // A test: only the stages under test.
/// let loader = PipelineLoader(environment: PipelineEnvironment(stages: [CountStage.self]))
/// ```
///
/// A stage module adds its own registry the way SwiftUI's `EnvironmentValues` are extended:
/// a `PipelineEnvironmentKey` with a default value and a computed property.
///
/// ```swift
/// enum GreetingsKey: PipelineEnvironmentKey { static let defaultValue = ["hello"] }
/// extension PipelineEnvironment {
///     public var greetings: [String] {
///         get { self[GreetingsKey.self] }
///         set { self[GreetingsKey.self] = newValue }
///     }
/// }
/// ```
public struct PipelineEnvironment: Sendable {
    /// The stages that pipelines may name.
    public var stages: StageRegistry
    /// Scrubs personal data and secrets from outside text (a program's stderr) before a message
    /// shows it; the built-in environment installs the redact detectors. `nil`: text is only
    /// capped and escaped.
    public var scrubber: (any TextScrubber)?
    /// Registries contributed by stage modules, by key type.
    private var values: [ObjectIdentifier: any Sendable] = [:]

    /// An environment with `stages` and nothing else set (other registries hold their defaults).
    public init(stages: [any Stage.Type] = [], scrubber: (any TextScrubber)? = nil) {
        self.init(stages: StageRegistry(stages), scrubber: scrubber)
    }

    /// An environment with the stages of `registry`.
    public init(stages registry: StageRegistry, scrubber: (any TextScrubber)? = nil) {
        self.stages = registry
        self.scrubber = scrubber
    }

    /// The value stored under `key`, or the key's default.
    public subscript<Key: PipelineEnvironmentKey>(key: Key.Type) -> Key.Value {
        get { values[ObjectIdentifier(key)] as? Key.Value ?? Key.defaultValue }
        set { values[ObjectIdentifier(key)] = newValue }
    }

    /// This environment with more stages; a stage with the name of a known one replaces it.
    public func adding(_ stages: any Stage.Type...) -> PipelineEnvironment {
        adding(stages)
    }

    /// This environment with more stages; a stage with the name of a known one replaces it.
    public func adding(_ stages: [any Stage.Type]) -> PipelineEnvironment {
        var copy = self
        copy.stages = StageRegistry(self.stages.types + stages)
        return copy
    }

    /// This environment with `value` stored under `key` (for chaining).
    public func setting<Key: PipelineEnvironmentKey>(_ key: Key.Type, to value: Key.Value) -> PipelineEnvironment {
        var copy = self
        copy[key] = value
        return copy
    }
}

/// The key of one registry kept in a `PipelineEnvironment`, with the value an environment
/// that never set it holds.
public protocol PipelineEnvironmentKey {
    /// The registry's type.
    associatedtype Value: Sendable
    /// What an environment holds until the key is set.
    static var defaultValue: Value { get }
}
