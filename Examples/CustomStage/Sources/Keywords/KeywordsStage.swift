import PipelineKit

/// The `keywords` stage: writes the most frequent content words of a document to metadata
/// `keywords` (a list of strings, most frequent first; ties in order of first appearance).
///
/// A complete example of a compiled-in custom stage: typed options with a spec, option
/// validation, examples that are also tests, and a scan over UTF-8 bytes.
public struct KeywordsStage: Stage {
    /// Options; `minLength` reads the YAML key `min-length`, `stopWords` reads `stop-words`.
    public struct Options: Decodable, Sendable {
        public var count: Int
        public var minLength: Int
        public var stopWords: [String]
        public var metadataKey: String
    }

    public static let spec = StageSpec(
        name: "keywords",
        summary: "Writes the most frequent content words to metadata 'keywords'.",
        description: "Words are case-folded runs of letters and digits; common English function words and words shorter than 'min-length' are ignored.",
        options: [
            OptionSpec("count", .integer, default: 5, doc: "How many keywords to keep (1-100)."),
            OptionSpec("min-length", .integer, default: 3, doc: "Shorter words are ignored."),
            OptionSpec("stop-words", .list(.string), default: [], doc: "Extra words to ignore, besides the built-in English list."),
            OptionSpec("metadata-key", .string, default: "keywords", doc: "The metadata key to write."),
        ],
        examples: [
            StageExample(
                "most frequent first", input: "Talks stall. Pakistan talks resume; Pakistan and Afghanistan talk.",
                options: ["count": 2], expected: "Talks stall. Pakistan talks resume; Pakistan and Afghanistan talk.",
                expectedMetadata: ["keywords": ["talks", "pakistan"]]),
            StageExample(
                "stop words and short words are ignored", input: "The cat and the dog and the cat.",
                options: ["count": 3, "stop-words": ["dog"]], expectedMetadata: ["keywords": ["cat"]]),
        ])

    let options: Options
    let stopWords: Set<String>

    /// Checks the options once, before any document.
    public init(options: Options, setup: StageSetup) throws {
        guard (1...100).contains(options.count) else { throw StageOptionError(option: "count", "must be between 1 and 100, found \(options.count)") }
        guard options.minLength >= 1 else { throw StageOptionError(option: "min-length", "must be at least 1") }
        self.options = options
        self.stopWords = KeywordsStage.englishStopWords.union(options.stopWords.map { $0.lowercased() })
    }

    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var counts: [String: (count: Int, first: Int)] = [:]
        var word: [UInt8] = []
        var position = 0
        func flush() {
            defer { word.removeAll(keepingCapacity: true) }
            guard word.count >= options.minLength else { return }
            let w = String(decoding: word, as: UTF8.self).lowercased()
            guard !stopWords.contains(w) else { return }
            counts[w, default: (0, position)].count += 1
            position += 1
        }
        for byte in document.text.utf8 {
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
            if isWordByte { word.append(byte) } else { flush() }
        }
        flush()
        let top = counts.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.value.first < b.value.first }
            .prefix(options.count).map { Value.string($0.key) }
        var out = document
        out.metadata[options.metadataKey] = .array(Array(top))
        return [out]
    }

    static let englishStopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "have", "his", "how", "its", "may", "new", "now", "old", "see", "two", "way", "who", "did", "get", "him",
        "let", "say", "she", "too", "use", "that", "with", "this", "from", "they", "will", "would", "there", "their",
        "what", "about", "which", "when", "were", "been", "into", "than", "then", "them", "these", "some", "said",
        "also", "after", "more", "most", "other", "over", "such", "only", "very", "while", "where", "being", "because",
    ]
}
