import Foundation
import PipelineKit
// `DetectedLanguage` is declared in TextKit, where the one language detector lives; re-exported
// so that a custom provider needs only `import Translate`.
@_exported import struct TextKit.DetectedLanguage
import TextKit

/// The text format of a translation request: plain text, or HTML whose markup the engine keeps.
public enum TranslationFormat: String, Sendable, Hashable, CaseIterable, Decodable {
    /// Plain text.
    case text
    /// HTML (LibreTranslate's `format: html`).
    case html
}

/// One piece of text to translate, as a provider receives it.
///
/// Protected spans (redaction tags, URLs, numbers, code, user terms) have already been replaced
/// by placeholders such as `⟦0⟧`; a provider must leave them as they are.
public struct TranslationRequest: Sendable, Hashable {
    /// The text, with placeholders.
    public var text: String
    /// The source language code (`en`), or `nil` when it is unknown (engines that can
    /// detect the language should then do so, e.g. LibreTranslate's `source: auto`).
    public var source: String?
    /// The target language code (`fr`).
    public var target: String
    /// The format of `text`.
    public var format: TranslationFormat

    /// Creates a request.
    public init(text: String, source: String?, target: String, format: TranslationFormat = .text) {
        self.text = text
        self.source = source
        self.target = target
        self.format = format
    }
}

/// A language a provider reports it can translate, with the targets it can translate into.
public struct SupportedLanguage: Sendable, Hashable {
    /// The language code, e.g. `en`.
    public var code: String
    /// The language's name, e.g. `English`.
    public var name: String
    /// Codes it can be translated into (empty: unknown).
    public var targets: [String]

    /// Creates an entry.
    public init(code: String, name: String, targets: [String] = []) {
        self.code = code
        self.name = name
        self.targets = targets
    }
}


/// A translation backend, shaped like swift-log's `LogHandler`: small, with defaults for all
/// but one requirement, so a custom provider writes only `name` and `translate`.
///
/// Providers are called from many tasks at once and must be `Sendable`. They receive batches
/// (one document's paragraphs for one target language, at most `maxBatchSize` at a time) and
/// must honour task cancellation (the LibreTranslate HTTP client and Subprocess calls do so already; loops should
/// call `Task.checkCancellation()`). Errors thrown fail the document being translated; their
/// messages must not contain document text.
///
/// ```swift
/// struct Shouting: TranslationProvider {
///     var name: String { "shouting" }
///     func translate(_ batch: [TranslationRequest]) async throws -> [String] {
///         batch.map { $0.text.uppercased() }
///     }
/// }
/// let environment = PipelineEnvironment.builtIn.adding(provider: "shouting") { _ in Shouting() }
/// ```
public protocol TranslationProvider: Sendable {
    /// The provider's name, written to metadata `translation-provider`.
    var name: String { get }

    /// Everything about the provider's settings that changes its output (engine URL, glossary
    /// contents, mode): part of the cache key. Defaults to `name`.
    var cacheIdentity: String { get }

    /// The most requests one `translate` call receives. Defaults to 16.
    var maxBatchSize: Int { get }

    /// Translates `batch` and returns one text per request, in the same order.
    func translate(_ batch: [TranslationRequest]) async throws -> [String]

    /// Detects the language of `text` with the engine's own detector, or returns `nil` when the
    /// provider has none (the stage then uses its offline detector). Defaults to `nil`.
    func detectLanguage(of text: String) async throws -> DetectedLanguage?

    /// The languages the engine supports, or `nil` when unknown (every pair is then tried).
    /// Defaults to `nil`.
    func supportedLanguages() async throws -> [SupportedLanguage]?
}

extension TranslationProvider {
    /// Defaults to the provider's name.
    public var cacheIdentity: String { name }
    /// Defaults to 16.
    public var maxBatchSize: Int { 16 }
    /// Defaults to `nil`: no engine-side detection.
    public func detectLanguage(of text: String) async throws -> DetectedLanguage? { nil }
    /// Defaults to `nil`: supported languages are unknown.
    public func supportedLanguages() async throws -> [SupportedLanguage]? { nil }
}

/// A provider failed in a way worth telling the user (never containing document text).
public struct TranslationError: Error, Sendable, CustomStringConvertible {
    /// One line saying what went wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a provider factory receives: the translate stage's options (all of them, with defaults
/// filled in, keyed in kebab-case, in their canonical shape: `to` is always a list) and the
/// stage setup (base directory, environment, validate-only flag).
///
/// A custom provider reads its own settings from `providerOptions` (the stage option
/// `provider-options`), or decodes any option with `decode(_:)`.
public struct TranslationProviderSetup: Sendable {
    /// The translate stage's resolved options, e.g. `["to": ["fr"], "timeout": 30, ...]`.
    public var options: [String: Value]
    /// Where the pipeline lives, its environment, and whether this is only `pipeline validate`.
    public var stage: StageSetup

    /// Creates a setup.
    public init(options: [String: Value], stage: StageSetup) {
        self.options = options
        self.stage = stage
    }

    /// The `provider-options` mapping (empty when not given).
    public var providerOptions: [String: Value] { options["provider-options"]?.objectValue ?? [:] }

    /// Decodes `type` from the stage options (keys in kebab-case or camelCase).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder().decode(type, from: .object(options))
    }

    /// The per-request timeout in seconds (`timeout`, default 30).
    public var timeout: Double { options["timeout"]?.doubleValue ?? 30 }
    /// How many times a failed request is retried (`retries`, default 3).
    public var retries: Int { options["retries"]?.intValue ?? 3 }
    /// The first retry's delay in seconds; later ones double (`retry-delay`, default 0.5).
    public var retryDelay: Double { options["retry-delay"]?.doubleValue ?? 0.5 }
    /// The most paragraphs per request (`batch-size`, default 16).
    public var batchSize: Int { options["batch-size"]?.intValue ?? 16 }
}
