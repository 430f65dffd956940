import Foundation
import PipelineKit
import TextKit
import ProcessSupport

/// Translates documents through a pluggable `TranslationProvider`: the deterministic `stub`
/// (default), an offline `glossary`, a `libretranslate` server, or any `command`.
///
/// Before the provider sees the text, protected spans (redaction tags, URLs, e-mail addresses,
/// numbers, code, user terms) become placeholders, restored afterwards. With `from: auto` the
/// source language is detected offline and written to metadata `language`; documents already
/// in a target language pass through untouched. Results go to metadata `translations.<lang>`,
/// or replace the text with `replace: true`; `translation-provider` names the provider.
public struct TranslateStage: Stage {
    /// The stage's options (see the spec for each one's documentation).
    public struct Options: Decodable, Sendable {
        /// Target language codes (one code in YAML becomes a list of one).
        public var to: [String]
        /// Source language code, or `auto`.
        public var from: String
        /// The provider's registered name.
        public var provider: String
        /// Replace the text instead of writing `translations`.
        public var replace: Bool
        /// `text`, or a metadata key holding the string to translate.
        public var field: String
        /// How the stub marks its output.
        public var stubMode: StubProvider.Mode
        /// Glossary file.
        public var glossary: String?
        /// LibreTranslate base URL.
        public var url: String?
        /// Name of the environment variable holding the API key.
        public var apiKeyEnv: String
        /// Program and arguments of the command provider.
        public var command: [String]?
        /// Per-request timeout in seconds.
        public var timeout: Double
        /// Retries after a failed request.
        public var retries: Int
        /// First retry delay in seconds.
        public var retryDelay: Double
        /// Most paragraphs per request.
        public var batchSize: Int
        /// Milliseconds to wait for other documents' paragraphs (0: batch per document).
        public var batchWindow: Double
        /// Send paragraphs one by one, or the whole text.
        public var split: SplitMode
        /// The text's format.
        public var format: TranslationFormat
        /// Kinds of protected spans.
        public var protect: [String]
        /// User terms kept verbatim.
        public var terms: [String]
        /// Who detects the source language with `from: auto`.
        public var detector: DetectorChoice
        /// Cache directory.
        public var cache: String?
        /// Settings for custom providers.
        public var providerOptions: [String: Value]
    }

    /// How the text goes to the provider (option `split`).
    public enum SplitMode: String, Sendable, CaseIterable, Decodable {
        /// Each paragraph (text between blank lines) separately.
        case paragraph
        /// The whole text at once.
        case whole = "none"
    }

    /// Who detects the source language with `from: auto` (option `detector`).
    public enum DetectorChoice: String, Sendable, CaseIterable, Decodable {
        /// The built-in offline profiles.
        case offline
        /// The provider's own detector (LibreTranslate's `/detect`).
        case provider
    }

    /// The spec: options with docs and defaults, and examples that double as tests.
    public static let spec = StageSpec(
        name: "translate",
        summary: "Translates text through a provider: a deterministic stub (default), a glossary, LibreTranslate or a command.",
        description: """
            Providers are pluggable (`PipelineEnvironment.adding(provider:factory:)`). The default `stub` is offline and \
            deterministic (`[fr] ` + text) so pipelines can be tested; `glossary` replaces fixed phrases \
            from a CSV/TSV/JSON/YAML file; `libretranslate` calls a LibreTranslate server (URL from `url` \
            or LIBRETRANSLATE_URL, key only from the environment); `command` pipes text through a program. \
            Redaction tags, URLs, e-mails, numbers, code and `terms` are replaced by placeholders before the \
            provider and restored after. `from: auto` detects the language offline (metadata `language`); \
            documents already in a target language pass through. Results go to metadata \
            `translations.<lang>`, or replace the text with `replace: true`; metadata `translation-provider` \
            names the provider.
            """,
        options: [
            OptionSpec("to", .oneOrList(.string), default: "fr", doc: "Target language code, or a list of them (e.g. fr, or [fr, de])."),
            OptionSpec("from", .string, default: "auto", doc: "Source language code, or auto: use metadata 'language' if set, else detect offline (and write it)."),
            OptionSpec("provider", .string, default: "stub", doc: "Translation provider: stub, glossary, libretranslate, command, or a registered custom one."),
            OptionSpec("replace", .boolean, default: false, doc: "Replace the text (or 'field') with the translation instead of writing metadata translations.<lang>; needs a single target."),
            OptionSpec("field", .string, default: "text", doc: "What to translate: 'text', or a metadata key holding a string (e.g. summary)."),
            OptionSpec("stub-mode", .cases(of: StubProvider.Mode.self), default: "prefix", doc: "stub: 'prefix' gives '[fr] text'; 'pseudo' accents and lengthens the text (pseudo-localization)."),
            OptionSpec("glossary", .string, doc: "glossary: a .csv/.tsv (header row of language codes), .json or .yaml file of phrase pairs, relative to the pipeline file."),
            OptionSpec("url", .string, whenAbsent: "`$LIBRETRANSLATE_URL`", doc: "libretranslate: the server's base URL."),
            OptionSpec("api-key-env", .string, default: "LIBRETRANSLATE_API_KEY", doc: "libretranslate: the environment variable holding the API key (keys never go in YAML)."),
            OptionSpec("command", .list(.string), doc: "command: program and arguments (no shell); '{from}' and '{to}' in arguments become language codes. Text goes to stdin, the translation comes from stdout."),
            OptionSpec("timeout", .number, default: 30, doc: "Seconds per request (libretranslate) or per run (command) before giving up."),
            OptionSpec("retries", .integer, default: 3, doc: "libretranslate: retries after a 429, a 5xx or a network failure, with exponential backoff."),
            OptionSpec("retry-delay", .number, default: 0.5, doc: "libretranslate: seconds before the first retry; each further retry waits twice as long (±20% jitter; Retry-After is honoured, capped at 60 s)."),
            OptionSpec("batch-size", .integer, default: 16, doc: "Most paragraphs sent to the provider in one request."),
            OptionSpec("batch-window", .number, default: 0, doc: "Milliseconds a paragraph waits for paragraphs of other documents translated at the same time, to share one request (0: each document batches only its own paragraphs)."),
            OptionSpec("split", .cases(of: SplitMode.self), default: "paragraph", doc: "Send each paragraph (text between blank lines) separately, or the whole text at once."),
            OptionSpec("format", .cases(of: TranslationFormat.self), default: "text", doc: "The text's format, passed to providers that care (LibreTranslate)."),
            OptionSpec("protect", .list(.oneOf(ProtectedKind.allCases.map(\.rawValue))), default: .array(ProtectedKind.allCases.map { .string($0.rawValue) }),
                       doc: "Spans replaced by placeholders before translation and restored after: tags ([EMAIL]), urls, emails, numbers, code."),
            OptionSpec("terms", .list(.string), default: [], doc: "Words and phrases never translated (exact case, whole words), e.g. product or organisation names."),
            OptionSpec("detector", .cases(of: DetectorChoice.self), default: "offline", doc: "With from: auto, detect with the built-in offline profiles, or ask the provider (LibreTranslate's /detect)."),
            OptionSpec("cache", .string, doc: "A directory caching translations by provider, languages and text hash, relative to the pipeline file."),
            OptionSpec("provider-options", .map(.any), default: [:], doc: "Settings for a custom provider, passed to its factory as they are (`TranslationProviderSetup.providerOptions`); their keys and values are the provider's own. The built-in providers take none."),
        ],
        examples: [
            StageExample(
                "the stub marks its output and records itself",
                input: "The ministry published the report on Monday.", options: ["to": "fr"],
                expected: "The ministry published the report on Monday.",
                expectedMetadata: [
                    "translations": ["fr": "[fr] The ministry published the report on Monday."],
                    "translation-provider": "stub", "language": "en",
                ]),
            StageExample(
                "replace the text, one paragraph at a time",
                input: "The talks stalled again.\n\nBoth sides blamed each other.", options: ["to": "fr", "replace": true],
                expected: "[fr] The talks stalled again.\n\n[fr] Both sides blamed each other.",
                expectedMetadata: ["translation-provider": "stub", "language": "fr"], expectedAnnotations: ["translation"]),
            StageExample(
                "several targets",
                input: "The talks stalled again.", options: ["to": ["fr", "de"]],
                expectedMetadata: ["translations": ["fr": "[fr] The talks stalled again.", "de": "[de] The talks stalled again."]]),
            StageExample(
                "redaction tags, URLs and numbers are protected",
                input: "Write to [EMAIL] before 12 May at https://example.org/form?id=7.", options: ["to": "es", "stub-mode": "pseudo", "replace": true],
                expected: "[es] [Ŵŕíţé ţö [EMAIL] ƀéƒöŕé 12 Ṁáý áţ https://example.org/form?id=7. ~~~~~~~~~~~~~~]"),
            StageExample(
                "pseudo-localization accents and lengthens",
                input: "Hello world", options: ["to": "fr", "from": "en", "stub-mode": "pseudo"],
                expectedMetadata: ["translations": ["fr": "[fr] [Ĥéļļö ŵöŕļđ ~~~~~]"]]),
            StageExample(
                "a document already in the target language passes through",
                input: "Le ministère a publié le rapport sur la situation dans la région.", options: ["to": "fr"],
                expected: "Le ministère a publié le rapport sur la situation dans la région.",
                expectedMetadata: ["translations": ["fr": "Le ministère a publié le rapport sur la situation dans la région."], "language": "fr"]),
            StageExample(
                "the source language given in metadata is trusted",
                input: "Merci beaucoup.", options: ["to": "en"], inputMetadata: ["language": "fr"],
                expectedMetadata: ["translations": ["en": "[en] Merci beaucoup."], "language": "fr"]),
            StageExample(
                "an explicit source language skips detection",
                input: "Guten Morgen", options: ["to": "en", "from": "de", "replace": true],
                expected: "[en] Guten Morgen"),
            StageExample(
                "text without letters is kept as it is",
                input: "2024-05-01 — 10:30", options: ["to": "fr", "replace": true],
                expected: "2024-05-01 — 10:30"),
            StageExample(
                "translate the summary instead of the text",
                input: "Long article text.", options: ["to": "fr", "field": "summary"], inputMetadata: ["summary": "Talks stalled."],
                expected: "Long article text.",
                expectedMetadata: ["translations": ["fr": "[fr] Talks stalled."]]),
        ])

    private let options: Options
    private let provider: any TranslationProvider
    private let targets: [String]
    private let source: String?
    private let protector: SpanProtector
    private let detector = LanguageDetector()
    private let cache: TranslationCache?
    private let support = LanguageSupport()
    private let coalescer: Coalescer?

    /// Validates the options and builds the provider.
    public init(options: Options, setup: StageSetup) throws {
        var targets: [String] = []
        for (i, code) in options.to.enumerated() {
            guard Self.isLanguageCode(code) else {
                throw StageOptionError(option: "to", "'\(code)' is not a language code (e.g. fr, pt-BR)", path: options.to.count > 1 ? [String(i)] : [])
            }
            if !targets.contains(code) { targets.append(code) }
        }
        guard !targets.isEmpty else { throw StageOptionError(option: "to", "give at least one target language") }
        if options.replace && targets.count > 1 {
            throw StageOptionError(option: "replace", "replace: true needs a single target language, but 'to' has \(targets.count)")
        }
        if options.from != "auto" && !Self.isLanguageCode(options.from) {
            throw StageOptionError(option: "from", "'\(options.from)' is not a language code or 'auto'")
        }
        if options.field.isEmpty { throw StageOptionError(option: "field", "give 'text' or a metadata key") }
        if options.timeout <= 0 { throw StageOptionError(option: "timeout", "must be more than 0 seconds") }
        if options.retries < 0 { throw StageOptionError(option: "retries", "must be 0 or more") }
        if options.retryDelay < 0 { throw StageOptionError(option: "retry-delay", "must be 0 or more") }
        if options.batchSize < 1 { throw StageOptionError(option: "batch-size", "must be at least 1") }
        if options.batchWindow < 0 || options.batchWindow > 10_000 { throw StageOptionError(option: "batch-window", "must be between 0 and 10000 milliseconds") }
        for (option, given, owner) in [("glossary", options.glossary != nil, "glossary"), ("url", options.url != nil, "libretranslate"),
                                       ("command", options.command != nil, "command")]
        where given && options.provider != owner {
            throw StageOptionError(option: option, "is only used by provider '\(owner)', but provider is '\(options.provider)'")
        }
        self.options = options
        self.targets = targets
        self.source = options.from == "auto" ? nil : options.from
        self.protector = SpanProtector(kinds: Set(options.protect.compactMap(ProtectedKind.init(rawValue:))), terms: options.terms)
        self.provider = try setup.pipelineEnvironment.translationProviders.makeProvider(
            named: options.provider, setup: TranslationProviderSetup(options: setup.resolvedOptions, stage: setup))
        self.cache = options.cache.map { TranslationCache(directory: setup.resolve(path: $0)) }
        self.coalescer = options.batchWindow > 0
            ? Coalescer(provider: provider, window: options.batchWindow / 1000, batchSize: options.batchSize) : nil
    }

    /// Below this confidence a detected language is ignored (the source counts as unknown).
    static let minimumConfidence = 0.2

    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// The base language of a code: `pt-BR` -> `pt`.
    static func base(_ code: String) -> String {
        String(code.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }

    /// The value in a dictionary slot reached with `dictionary[key, default: i]` as an `inout`
    /// argument: the key's first index, or `i`, stored now, when the key is new. One hash for
    /// the look-up and the insert (`Dictionary` has no insert-if-absent that says which).
    @inline(__always)
    private static func firstIndex(_ slot: inout Int) -> Int { slot }

    /// Translates one document into every target language.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var doc = document
        let original: String
        if options.field == "text" {
            original = doc.text
        } else {
            guard let value = doc.metadata[options.field]?.stringValue else {
                throw StageError("metadata '\(options.field)' is missing or not a string (option 'field')")
            }
            original = value
        }

        // The source language.
        var sourceLanguage = source
        if sourceLanguage == nil, let known = doc.metadata["language"]?.stringValue, Self.isLanguageCode(known),
            !["und", "mul", "zxx"].contains(known) {
            sourceLanguage = known
        } else if sourceLanguage == nil {
            if let detected = try await detect(original), detected.confidence >= Self.minimumConfidence {
                sourceLanguage = detected.code
                doc.metadata["language"] = .string(detected.code)
            }
        } else if doc.metadata["language"] == nil {
            doc.metadata["language"] = .string(sourceLanguage!)
        }

        let protected = protector.protect(original)
        let pieces = Segmenter.split(protected.text, paragraphs: options.split == .paragraph)
        var translations = doc.metadata["translations"]?.objectValue ?? [:]
        var usedProvider = false
        var lastResult = original
        for target in targets {
            try Task.checkCancellation()
            let result: String
            if let sourceLanguage, Self.base(sourceLanguage) == Self.base(target) {
                result = original
            } else if !pieces.contains(where: { if case .translate = $0 { return true } else { return false } }) {
                result = original
            } else {
                usedProvider = true
                result = try await translate(pieces, protected: protected, from: sourceLanguage, to: target, context: context)
            }
            translations[target] = .string(result)
            lastResult = result
        }

        if options.replace {
            let target = targets[0]
            if options.field == "text" {
                if lastResult != original {
                    doc.annotations.append(Annotation(
                        stage: Self.spec.name, type: "translation", start: 0, end: original.unicodeScalars.count,
                        attributes: ["from": .string(sourceLanguage ?? "auto"), "to": .string(target), "provider": .string(provider.name)]))
                }
                doc.text = lastResult
                doc.metadata["language"] = .string(target)
            } else {
                doc.metadata[options.field] = .string(lastResult)
            }
        } else {
            doc.metadata["translations"] = .object(translations)
        }
        if usedProvider { doc.metadata["translation-provider"] = .string(provider.name) }
        return [doc]
    }

    private func detect(_ text: String) async throws -> DetectedLanguage? {
        if options.detector == .provider {
            do {
                if let found = try await provider.detectLanguage(of: String(text.prefix(2000))) { return found }
            } catch let error as TranslationError {
                throw StageError("language detection with provider '\(provider.name)' failed: \(error.message)")
            }
        }
        return detector.detect(text)
    }

    /// Translates the `.translate` pieces through the cache and the provider, in batches.
    private func translate(_ pieces: [Segmenter.Piece], protected: ProtectedText, from detectedSource: String?, to target: String,
                           context: StageContext) async throws -> String {
        let label = "translation to '\(target)' with provider '\(provider.name)'"
        var source = detectedSource
        do {
            if let languages = await support.languages(of: provider) {
                let codes = Set(languages.map(\.code))
                if !codes.contains(target) && !codes.contains(Self.base(target)) {
                    throw StageError("\(label): the provider does not support '\(target)' (it supports: \(codes.sorted().joined(separator: ", ")))")
                }
                // A source the engine does not know is left for the engine to detect.
                if let given = source, !codes.contains(given), !codes.contains(Self.base(given)) { source = nil }
            }
            var texts: [String] = []
            for piece in pieces { if case .translate(let text) = piece { texts.append(text) } }
            var results = [String?](repeating: nil, count: texts.count)
            // Identical paragraphs (a repeated headline or footer) are looked up in the cache and
            // sent once: each paragraph is hashed once, and a repeat keeps the index of its first
            // (`sameAs`), whose translation it takes at the end.
            var firstOf: [ParagraphKey: Int] = [:]
            let sameAs = texts.indices.map { Self.firstIndex(&firstOf[ParagraphKey(texts[$0]), default: $0]) }
            // Cache keys (a SHA-256 each) and look-ups (a file read each) of the first occurrences only.
            var keys = [String](repeating: "", count: cache == nil ? 0 : texts.count)
            if let cache {
                for i in texts.indices where sameAs[i] == i {
                    keys[i] = cache.key(provider: provider.cacheIdentity, source: source, target: target, text: texts[i])
                    results[i] = cache.lookup(keys[i])
                }
            }
            let missing = texts.indices.filter { sameAs[$0] == $0 && results[$0] == nil }
            let format = options.format
            let size = max(1, provider.maxBatchSize)
            // With a batch window, the paragraphs wait for other documents' and go out together.
            let chunks: [[Int]] = coalescer != nil
                ? (missing.isEmpty ? [] : [missing])
                : stride(from: 0, to: missing.count, by: size).map { Array(missing[$0 ..< min(missing.count, $0 + size)]) }
            for chunk in chunks {
                try Task.checkCancellation()
                let requests = chunk.map { TranslationRequest(text: texts[$0], source: source, target: target, format: format) }
                let translated: [String]
                if let coalescer {
                    translated = try await coalescer.translate(requests)
                } else {
                    translated = try await provider.translate(requests)
                }
                guard translated.count == requests.count else {
                    throw TranslationError("returned \(translated.count) translations for \(requests.count) texts")
                }
                for (k, index) in chunk.enumerated() {
                    results[index] = translated[k]
                    if let cache { cache.store(keys[index], translated[k]) }
                }
            }
            for i in texts.indices where sameAs[i] != i { results[i] = results[sameAs[i]] }
            var joined = ""
            var next = 0
            for piece in pieces {
                switch piece {
                case .keep(let kept): joined += kept
                case .translate:
                    joined += results[next] ?? ""
                    next += 1
                }
            }
            return try protected.restore(joined, provider: provider.name)
        } catch let error as TranslationError {
            throw StageError("\(label) failed: \(error.message)")
        } catch let failure as ProgramFailure {
            // A program's stderr may echo the document: scrubbed and capped like the command stage's.
            throw await failure.stageError(context: context, prefix: "\(label) failed: ")
        }
    }
}

/// Asks a provider once for its supported languages and remembers the answer (or that it has none).
actor LanguageSupport {
    private var task: Task<[SupportedLanguage]?, Never>?

    func languages(of provider: any TranslationProvider) async -> [SupportedLanguage]? {
        if let task { return await task.value }
        let task = Task { (try? await provider.supportedLanguages()) ?? nil }
        self.task = task
        return await task.value
    }
}
