import PipelineKit
import TextKit

/// Extractive summaries: picks the sentences that carry a document, with no model at run time.
///
/// Methods: `auto` (default: a position prior times degree centrality and title similarity,
/// with near-duplicates skipped), `lead` (the first sentences), `textrank` (Mihalcea and
/// Tarau 2004), `lexrank` (Erkan and Radev 2004, thresholded graph), `lexrank-continuous`
/// (cosine-weighted graph) and `luhn` (Luhn 1958). Chosen sentences keep their text order.
/// The summary goes to metadata `summary` (or replaces the text with `replace: true`); each
/// chosen sentence gets a `summary-sentence` annotation. A short first line without terminal
/// punctuation is taken as the title: it is never a summary sentence, it informs `auto`, and
/// it is stored as metadata `title` when that is not set yet.
public struct SummarizeStage: SynchronousStage {
    /// The stage's options.
    public struct Options: Decodable, Sendable {
        /// Scoring method.
        public var method: SummaryMethod
        /// Number of sentences (used unless `ratio` or `max-words` is given).
        public var sentences: Int
        /// Fraction of the sentences to keep.
        public var ratio: Double?
        /// Word budget for the summary.
        public var maxWords: Int?
        /// Replace the text with the summary.
        public var replace: Bool
        /// Cosine threshold of `lexrank`.
        public var threshold: Double
        /// Language code for stop words and stemming.
        public var language: String?
    }

    /// The stage's spec: options, docs and examples (which are also tests).
    public static let spec = StageSpec(
        name: "summarize",
        summary: "Extractive summary: picks the sentences that carry the document (no model needed).",
        description: """
            Splits the text into sentences (TextKit), scores them with the chosen method and keeps the best, \
            in text order. The summary (sentences joined by a space, none after a CJK full stop) goes to metadata `summary`, or replaces \
            the text with `replace: true`; chosen sentences are annotated `summary-sentence` (with `rank` and \
            `score`). A short first line without terminal punctuation (at most 20 words) is a title: never a \
            summary sentence, used by `auto` to score sentences, and stored as metadata `title` if that is not \
            set. Language (stop words, stemming) comes from option `language`, else metadata `language`, else \
            is detected. Cost is linear in the text: documents with more than 600 sentences compare each \
            sentence only with its 32 neighbours on either side.
            """,
        options: [
            OptionSpec("method", .cases(of: SummaryMethod.self), default: "auto",
                       doc: "auto (position + centrality + title, beats Lead-3 on news), lead, textrank, lexrank (threshold), lexrank-continuous or luhn."),
            OptionSpec("sentences", .integer, default: 3, doc: "Number of sentences in the summary, at least 1 (ignored when ratio or max-words is set)."),
            OptionSpec("ratio", .number, doc: "Keep this fraction of the sentences (0 < ratio <= 1, rounded up, at least one)."),
            OptionSpec("max-words", .integer, doc: "Word budget, at least 1: sentences are taken best first while they fit (with ratio: caps that count). If nothing fits, the best sentence is taken."),
            OptionSpec("replace", .boolean, default: false, doc: "false: the summary goes to metadata `summary`; true: the text becomes the summary."),
            OptionSpec("threshold", .number, default: 0.1, doc: "Cosine similarity above which lexrank links two sentences (0 <= threshold < 1)."),
            OptionSpec("language", .string, whenAbsent: "metadata `language`, else detected from the text", doc: "Language code for stop words and stemming."),
        ],
        examples: [
            StageExample(
                "keeps the lead sentence of a short story",
                input: "The city council approved the new budget on Monday. Council members debated the budget for hours. The budget adds money for parks. Weather was mild.",
                options: ["sentences": 1],
                expectedMetadata: ["summary": "The city council approved the new budget on Monday."],
                expectedAnnotations: ["summary-sentence"]),
            StageExample(
                "replace puts the summary in the text, in text order",
                input: "Rain fell on Paris. The Seine rose by two metres after the rain. Officials closed the riverside roads near the Seine. A cat slept.",
                options: ["sentences": 2, "method": "lead", "replace": true],
                expected: "Rain fell on Paris. The Seine rose by two metres after the rain.",
                expectedAnnotations: ["summary-sentence", "summary-sentence"]),
            StageExample(
                "a title line is not a summary sentence but becomes metadata title",
                input: "Talks stall in Istanbul\nTalks between the two delegations stalled on Monday. Both sides blamed each other.",
                options: ["sentences": 1],
                expectedMetadata: ["title": "Talks stall in Istanbul", "summary": "Talks between the two delegations stalled on Monday."]),
            StageExample(
                "an existing title is kept",
                input: "Short headline\nThe body sentence is here.",
                options: ["sentences": 1],
                inputMetadata: ["title": "Given title"],
                expectedMetadata: ["title": "Given title", "summary": "The body sentence is here."]),
            StageExample(
                "abbreviations do not split sentences",
                input: "Mr. Smith met Dr. Jones at 5 p.m. on Oct. 19 in the U.S. Government building. They talked.",
                options: ["sentences": 1, "method": "lead"],
                expectedMetadata: ["summary": "Mr. Smith met Dr. Jones at 5 p.m. on Oct. 19 in the U.S. Government building."]),
            StageExample(
                "empty text gives an empty summary and no annotations",
                input: "",
                expected: "",
                expectedMetadata: ["summary": ""],
                expectedAnnotations: []),
            StageExample(
                "text without punctuation is one sentence",
                input: "just some words without any punctuation",
                expectedMetadata: ["summary": "just some words without any punctuation"],
                expectedAnnotations: ["summary-sentence"]),
            StageExample(
                "max-words keeps what fits",
                input: "One two three four five six. Seven eight. Nine ten eleven twelve thirteen.",
                options: ["max-words": 2, "method": "lead"],
                expectedMetadata: ["summary": "Seven eight."]),
            StageExample(
                "Chinese sentences are joined without a space",
                input: "今天天气很好。我们去公园散步。公园里有很多人。",
                options: ["sentences": 2, "method": "lead"],
                expectedMetadata: ["summary": "今天天气很好。我们去公园散步。"]),
            StageExample(
                "works on Arabic punctuation",
                input: "هذه هي الجملة الأولى؟ وهذه الجملة الثانية۔",
                options: ["sentences": 1, "method": "lead"],
                expectedMetadata: ["summary": "هذه هي الجملة الأولى؟"]),
        ])

    /// Whether scalar `value` is a CJK full stop (or closing corner bracket), after which the
    /// summary's sentences are joined without a space (a switch: a `Set` hashed it twice per document).
    static func isCJKTerminator(_ value: UInt32) -> Bool {
        switch value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF61, 0x300D, 0x300F: return true
        default: return false
        }
    }

    let summarizer: Summarizer
    let limit: SummaryLimit
    let replace: Bool
    let language: Language?

    /// Validates the options.
    public init(options: Options, setup: StageSetup) throws {
        guard options.sentences >= 1 else { throw StageOptionError(option: "sentences", "must be at least 1, found \(options.sentences)") }
        if let ratio = options.ratio, !(ratio > 0 && ratio <= 1) {
            throw StageOptionError(option: "ratio", "must be greater than 0 and at most 1, found \(ratio)")
        }
        if let maxWords = options.maxWords, maxWords < 1 {
            throw StageOptionError(option: "max-words", "must be at least 1, found \(maxWords)")
        }
        guard options.threshold >= 0 && options.threshold < 1 else {
            throw StageOptionError(option: "threshold", "must be at least 0 and below 1, found \(options.threshold)")
        }
        if let code = options.language {
            guard let parsedLanguage = Language(code: code) else {
                throw StageOptionError(option: "language", "unsupported language '\(code)' (supported: \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            language = parsedLanguage
        } else {
            language = nil
        }
        summarizer = Summarizer(method: options.method, threshold: options.threshold)
        limit = SummaryLimit(
            sentences: options.ratio == nil && options.maxWords == nil ? options.sentences : nil,
            ratio: options.ratio, maxWords: options.maxWords)
        replace = options.replace
        if !setup.validateOnly { Self.warmUp(summarizer) }
    }

    /// A short English text summarized once when a run builds the stage.
    private static let warmUpText = Array("The council met on Monday. It approved the budget for the parks.".utf8)

    /// Builds what the first document would otherwise build on its way through: the stop-word
    /// table, the language profiles, the sentence scanner's word lists and a workspace (left in
    /// this thread's slot of the summarizer's pool, where the first document takes it on
    /// whichever thread it runs: ``ReusePool/take()``). The loader builds the stages of a pipeline
    /// side by side, so this runs beside the other stages' set-up instead of after it. It
    /// changes no output: a document meets the same tables and a workspace prepared for it.
    private static func warmUp(_ summarizer: Summarizer) {
        warmUpText.withUnsafeBufferPointer { bytes in
            _ = summarizer.summarize(bytes, language: nil, limit: SummaryLimit(sentences: 1, ratio: nil, maxWords: nil))
        }
    }

    /// The longest text summarize takes, in UTF-8 bytes: a spelling's byte range is kept in 32
    /// bits (``Spelling``).
    static let maxTextBytes = Int(Int32.max)

    /// Refuses a text of `byteCount` bytes above `limit` with an error that names its size (never
    /// its words): the document fails on its own, where the word pass would have stopped the run.
    static func checkSize(_ byteCount: Int, limit: Int = maxTextBytes) throws {
        guard byteCount > limit else { return }
        throw StageError("the text is \(byteCount) bytes: summarize takes at most \(limit) bytes (2 GiB) per document")
    }

    /// Summarizes one document.
    public func processSynchronously(_ document: consuming Document, context: StageContext) throws -> [Document] {
        try Self.checkSize(document.text.utf8.count)
        // The document becomes the output (no use of `document` after this: see
        // `SynchronousStage`), so the summary's annotations and metadata go into its own.
        var doc = document
        let text = doc.text
        let language = self.language ?? doc.metadata["language"]?.stringValue.flatMap { Language(code: $0) }
        let (summaryText, title) = TextKit.withUTF8(text) { bytes -> (String, String?) in
            let summary = summarizer.summarize(bytes, language: language, limit: limit)
            // Its arrays taken one by one (a closure that captured `summary` copied it whole:
            // a retain and a release of each of its arrays).
            let chosen = summary.chosen, scores = summary.scores, sentences = summary.sentences
            let attributes = summary.attributes ?? .shared
            // Appended to the document's own annotations (it is the stage's: see above), not
            // gathered in an array of their own and copied over.
            doc.annotations.reserveCapacity(doc.annotations.count + chosen.count)
            let ranks = SummaryRanks(chosen: chosen, scores: scores)
            // Byte offsets -> scalar offsets in one forward pass.
            var offsets = ScalarOffsets.Cursor(bytes, isASCII: text.isKnownASCII)
            for (k, i) in chosen.enumerated() {
                let sentenceRange = sentences[i]
                let start = offsets.scalarOffset(ofByte: sentenceRange.lowerBound)
                let end = offsets.scalarOffset(ofByte: sentenceRange.upperBound)
                let score = (scores[i] * 1e4).rounded() / 1e4
                doc.annotations.append(Annotation(stage: Self.spec.name, type: "summary-sentence", start: start, end: end,
                                                  attributes: attributes.make(rank: ranks.rank(of: k), score: score)))
            }
            let title = summary.title.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            return (SummaryText.joined(bytes, chosen.lazy.map { sentences[$0] }), title)
        }
        if let title, doc.metadata["title"] == nil { doc.metadata["title"] = .string(title) }
        doc.metadata["summary"] = .string(summaryText)
        if replace { doc.text = summaryText }
        return [doc]
    }
}
