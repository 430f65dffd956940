import PipelineKit

/// The attributes of a `summary-sentence` annotation, `rank` and `score`, made from a template
/// dictionary built once: a copy of it has the same layout, so its two values are set through
/// the template's indices (valid in a copy, which keeps the buckets), with no key hashed per
/// annotation. A dictionary literal hashed both keys twice (find, then insert) per annotation,
/// ~1,200 instructions of the summarize stage's output per sentence.
///
/// Each summary workspace holds a template of its own (``SummaryWorkspace/sentenceAttributes``),
/// and workspaces stay with their worker thread: a copy of one template that every worker used
/// retained and released it per annotation, a count whose cache line the cores passed back and
/// forth (`scripts/shared_refcounts.sh`).
struct SentenceAttributes: Sendable {
    private let template: [String: Value]
    private let rankIndex: [String: Value].Index
    private let scoreIndex: [String: Value].Index

    /// A template of its own.
    init() {
        template = ["rank": .int(0), "score": .double(0)]
        rankIndex = template.index(forKey: "rank")!
        scoreIndex = template.index(forKey: "score")!
    }

    /// One for summaries made without a workspace (lead with a fixed count).
    static let shared = SentenceAttributes()

    /// `["rank": .int(rank), "score": .double(score)]`.
    func make(rank: Int, score: Double) -> [String: Value] {
        var attributes = template
        attributes.values[rankIndex] = .int(rank)
        attributes.values[scoreIndex] = .double(score)
        return attributes
    }
}
