import PipelineKit

/// Builds a provider from the translate stage's options. Throw `StageOptionError` to point at
/// an option.
public typealias TranslationProviderFactory = @Sendable (TranslationProviderSetup) throws -> any TranslationProvider

/// The translation providers a binary knows, by name: a value kept in the
/// `PipelineEnvironment` (`environment.translationProviders`), like swift-log's one bootstrap
/// point but without a global. The built-in providers (`stub`, `glossary`, `libretranslate`,
/// `command`) are in `.builtIn`, which is also what an environment holds until it is set; a
/// binary that embeds the pipeline adds its own before it loads any pipeline, and the
/// translate stage's `provider:` option then accepts the name.
///
/// ```swift
/// let environment = PipelineEnvironment.builtIn
///     .adding(provider: "deepl") { setup in try DeepLProvider(setup: setup) }
/// await PipelineCommand.main(environment: environment)
/// ```
public typealias TranslationProviderRegistry = NamedRegistry<TranslationProviderFactory>

extension NamedRegistry where Entry == TranslationProviderFactory {
    /// The built-in providers.
    public static var builtIn: TranslationProviderRegistry {
        let factories: [(name: String, entry: TranslationProviderFactory)] = [
            ("stub", { try StubProvider(setup: $0) }),
            ("glossary", { try GlossaryProvider(setup: $0) }),
            ("libretranslate", { try LibreTranslateProvider(setup: $0) }),
            ("command", { try CommandProvider(setup: $0) }),
        ]
        return TranslationProviderRegistry(factories)
    }

    /// This registry with the provider `name` added (or replaced).
    public func adding(_ name: String, factory: @escaping TranslationProviderFactory) -> TranslationProviderRegistry {
        adding(factory, named: name)
    }

    /// Builds the provider `name`; throws `StageOptionError` on `provider` for an unknown name.
    public func makeProvider(named name: String, setup: TranslationProviderSetup) throws -> any TranslationProvider {
        guard let factory = self[name] else {
            let known = names.sorted()
            var message = "unknown provider '\(name)'"
            if let guess = Suggestion.closest(to: name, in: known) { message += " (did you mean '\(guess)'?)" }
            message += "; registered providers: \(known.joined(separator: ", "))"
            throw StageOptionError(option: "provider", message)
        }
        return try factory(setup)
    }
}

/// Where the translation providers live in a `PipelineEnvironment`.
enum TranslationProvidersKey: PipelineEnvironmentKey {
    static let defaultValue = TranslationProviderRegistry.builtIn
}

extension PipelineEnvironment {
    /// The translation providers the translate stage's `provider:` option may name
    /// (the built-ins until set).
    public var translationProviders: TranslationProviderRegistry {
        get { self[TranslationProvidersKey.self] }
        set { self[TranslationProvidersKey.self] = newValue }
    }

    /// This environment with the translation provider `name` added (or replaced).
    public func adding(provider name: String, factory: @escaping TranslationProviderFactory) -> PipelineEnvironment {
        setting(TranslationProvidersKey.self, to: translationProviders.adding(name, factory: factory))
    }
}
