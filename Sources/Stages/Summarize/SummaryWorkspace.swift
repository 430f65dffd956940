import PipelineKit
import TextKit

/// What summarizing one document reuses from the documents before it: the model's workspace
/// (vocabulary, counts, the spare model) and the scoring's weights, taken from and given back to
/// the summarizer's pool together (one lock and one thread lookup per document for both).
struct SummaryWorkspace {
    /// The tables and buffers of the model's build.
    var model: ModelWorkspace
    /// The idf, unit weights and centroid of the document being scored.
    var weights = SentenceWeights()
    /// The annotations' attribute template of this workspace's worker.
    let sentenceAttributes = SentenceAttributes()

    /// A new workspace whose vocabulary serves `language` (a model's build switches it to the
    /// document's own).
    init(language: Language?) {
        model = ModelWorkspace(language: language)
    }
}
