/// One step's new annotations counted by type over a run of documents (a batch), folded into
/// the step's `RunReport.StageTotals.annotations` once at the end (`drain(into:)`).
///
/// A dictionary update per annotation hashed its type each time (~300 instructions; about five
/// per news item through strip + redact). A step makes a few types, kept in a short list searched
/// in order, and its annotations' type strings usually share storage (the stage's literals), so
/// `==` answers at the first word.
struct AnnotationTally {
    private var counts: [(type: String, count: Int)] = []

    /// Counts one annotation of `type`.
    mutating func count(_ type: String) {
        for index in counts.indices where counts[index].type == type {
            counts[index].count += 1
            return
        }
        counts.append((type, 1))
    }

    /// Adds the counts to `annotations` and starts over.
    mutating func drain(into annotations: inout [String: Int]) {
        for (type, count) in counts { annotations[type, default: 0] += count }
        counts.removeAll(keepingCapacity: true)
    }
}
