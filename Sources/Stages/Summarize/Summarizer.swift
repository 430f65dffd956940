import Foundation
import PipelineKit
import TextKit

/// The sentence-scoring methods of the summarize stage (option `method`; its cases are the
/// values the spec admits).
public enum SummaryMethod: String, Decodable, CaseIterable, Sendable {
    /// Position prior times degree centrality and title similarity, near-duplicates skipped.
    case auto
    /// The first sentences.
    case lead
    /// TextRank (Mihalcea and Tarau 2004).
    case textrank
    /// LexRank with a thresholded graph (Erkan and Radev 2004).
    case lexrank
    /// LexRank on the cosine-weighted graph.
    case lexrankContinuous = "lexrank-continuous"
    /// Luhn (1958): clusters of significant words.
    case luhn
}

/// How many sentences (or words) a summary may have.
struct SummaryLimit: Sendable {
    /// Fixed number of sentences, or `nil` when a ratio or a word budget decides.
    var sentences: Int?
    /// Fraction of the candidate sentences (rounded up, at least 1).
    var ratio: Double?
    /// Total word budget; sentences are taken best first while they fit.
    var maxWords: Int?
}

/// A summary: candidate sentences, their scores and the chosen ones.
struct Summary {
    /// Candidate sentences (UTF-8 byte ranges), in text order; the title line is not one.
    var sentences: [Range<Int>] = []
    /// One score per candidate (higher is better).
    var scores: [Double] = []
    /// Indices of the chosen candidates, in text order.
    var chosen: [Int] = []
    /// The title line, when the text starts with one.
    var title: Range<Int>?
    /// What the annotations' attributes are made with: the workspace's, when one was used
    /// (`nil`: ``SentenceAttributes/shared``; a default of `.shared` retained it per summary).
    var attributes: SentenceAttributes?
}

/// Parameters of the `auto` method. They were set a priori, then the position exponent and
/// the long-sentence damping were chosen on the odd-numbered half of the CNN/DM dev articles
/// only and checked on the even half (see docs/stages/summarize.md).
struct AutoParameters: Sendable {
    /// Position prior exponent: weight 1 / (1 + i)^positionExponent for the i-th sentence.
    var positionExponent = Self.defaultPositionExponent
    /// The position exponent chosen on the dev articles.
    static let defaultPositionExponent = 0.5
    /// Weight of degree centrality (sum of cosines with the other sentences, mean 1 over the
    /// document) relative to the prior.
    var centralityWeight = 0.5
    /// Weight of the cosine with the title line, when there is one.
    var titleWeight = 1.0
    /// Sentences shorter than this many words are scaled down proportionally.
    var shortWords = 8.0
    /// A candidate whose cosine with an already chosen sentence exceeds this is skipped.
    var redundancy = 0.5
    /// Sentences longer than this many words are scaled down proportionally (0: off):
    /// concise sentences carry more per word, and run-on caption blocks are damped.
    var longWords = 30.0
    /// Score factor for quoted speech after the first sentence: a sentence that opens with or
    /// contains a quotation mark, or (English) uses a first-person pronoun. Summaries report in
    /// the third person; quotes are colour, not gist. The lead sentence is exempt.
    var quoteDamping = 0.8
}

/// Scores and picks sentences.
struct Summarizer: Sendable {
    var method: SummaryMethod
    var threshold: Double
    var auto = AutoParameters()
    /// Normalized keys of spellings kept across documents, and buffers reused between them (a
    /// shared pool: copies of the summarizer use the same one). A workspace per document in
    /// flight, each back in the slot of the thread that used it (``ReusePool``): its vocabulary
    /// learned that worker's documents and its tables sit in that core's cache; up to eight
    /// more in the pool's shared list (more documents in flight than that make and drop their own).
    let workspaces = ReusePool<SummaryWorkspace>(keeping: 8)

    /// Summarizes UTF-8 `bytes`.
    func summarize(_ bytes: UnsafeBufferPointer<UInt8>, language: Language?, limit: SummaryLimit) -> Summary {
        var summary = Summary()
        let title = Self.titleLine(bytes)
        summary.title = title
        let bodyStart = title.map { Self.lineEnd(bytes, after: $0) } ?? 0
        let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
        let segmenter = SentenceSegmenter()
        // Lead with a fixed count needs only the first sentences.
        if method == .lead, let sentenceLimit = limit.sentences, limit.ratio == nil, limit.maxWords == nil {
            segmenter.forEachSentence(in: body) { range in
                summary.sentences.append((range.lowerBound + bodyStart)..<(range.upperBound + bodyStart))
                return summary.sentences.count < sentenceLimit
            }
            summary.scores = summary.sentences.indices.map { 1 / Double($0 + 1) }
            summary.chosen = Array(summary.sentences.indices)
            return summary
        }
        // Body offsets made text offsets in place (a `map` would make a second array).
        summary.sentences = segmenter.sentences(in: body)
        if bodyStart > 0 {
            for k in summary.sentences.indices {
                summary.sentences[k] = (summary.sentences[k].lowerBound + bodyStart)..<(summary.sentences[k].upperBound + bodyStart)
            }
        }
        let sentenceCount = summary.sentences.count
        guard sentenceCount > 0 else { return summary }
        let documentLanguage = language ?? Language.detect(in: bytes) ?? .en
        var workspace = workspaces.take() ?? SummaryWorkspace(language: documentLanguage)
        summary.attributes = workspace.sentenceAttributes
        let model = DocumentModel(bytes: bytes, sentences: summary.sentences, title: title, normalizer: Normalizer(language: documentLanguage),
                                  keepSequence: method == .luhn, workspace: &workspace.model)
        let scores: [Double]
        switch method {
        case .lead:
            scores = (0..<sentenceCount).map { 1 / Double($0 + 1) }
        case .luhn:
            scores = luhn(model)
        case .textrank:
            let unit = model.unitWeights(idf: [Float](repeating: 1, count: model.termCount))
            let graph = unit.withUnsafeBufferPointer { unit in
                SentenceGraph(model: model, unit: unit) { _, common, i, j in
                    let li = log(Float(model.wordCounts[i])), lj = log(Float(model.wordCounts[j]))
                    let denominator = li + lj
                    return denominator > 0 ? Float(common) / denominator : 0
                }
            }
            scores = graph.pageRank()
        case .lexrank:
            workspace.weights.weigh(model, withCentroid: false)
            let lexRankThreshold = Float(threshold)
            scores = SentenceGraph(model: model, unit: workspace.weights.unit) { dot, _, _, _ in dot > lexRankThreshold ? 1 : 0 }.pageRank()
        case .lexrankContinuous:
            workspace.weights.weigh(model, withCentroid: false)
            scores = SentenceGraph(model: model, unit: workspace.weights.unit) { dot, _, _, _ in dot }.pageRank()
        case .auto:
            workspace.weights.weigh(model, withCentroid: true)
            scores = autoScores(model, weights: workspace.weights)
        }
        summary.scores = scores
        // Only `auto` compares sentences in selection (the weights are the last document's otherwise).
        let selectionUnit = method == .auto ? workspace.weights.unit : UnsafeBufferPointer(start: nil, count: 0)
        if method == .auto && auto.quoteDamping != 1 {
            // Quote damping is applied lazily, only to the sentences selection reaches.
            let english = documentLanguage == .en
            let sentences = summary.sentences
            summary.chosen = select(scores: &summary.scores, model: model, unit: selectionUnit, limit: limit) { i in
                i > 0 && Self.isQuoteLike(bytes, sentences[i], english: english)
            }
        } else {
            summary.chosen = select(scores: &summary.scores, model: model, unit: selectionUnit, limit: limit)
        }
        // The workspace goes back with the model, for the next document to refill its arrays
        // (the model moved, not copied: from a `defer` it was retained and released array by
        // array), and moved into the pool itself (``ReusePool/giveBack(_:)`` consumes it).
        workspace.model.giveBack(model: consume model)
        workspaces.giveBack(consume workspace)  // `consume`: else copied for the call, and the original destroyed
        return summary
    }
}
