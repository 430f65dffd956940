import PipelineKit

/// The attributes of a `summary-sentence` annotation, `rank` and `score`, made from one template
/// dictionary built once: a copy of it has the same layout, so its two values are set through
/// the template's indices (valid in a copy, which keeps the buckets), with no key hashed per
/// annotation. A dictionary literal hashed both keys twice (find, then insert) per annotation,
/// ~1,200 instructions of the summarize stage's output per sentence.
enum SentenceAttributes {
    private static let template: [String: Value] = ["rank": .int(0), "score": .double(0)]
    private static let rankIndex = template.index(forKey: "rank")!
    private static let scoreIndex = template.index(forKey: "score")!

    /// `["rank": .int(rank), "score": .double(score)]`.
    static func make(rank: Int, score: Double) -> [String: Value] {
        var attributes = template
        attributes.values[rankIndex] = .int(rank)
        attributes.values[scoreIndex] = .double(score)
        return attributes
    }
}
