@testable import Summarize

/// What ``TermCounts`` should hold, counted by hand with a dictionary per sentence: each
/// sentence's terms ascending with their counts, and every term's sentence frequency. Tests feed
/// it the same terms they count, then compare with ``TermCounts/fillModelArrays``.
struct HandCountedSentences {
    private(set) var terms: [Int32] = []
    private(set) var tf: [Float] = []
    private(set) var df: [Int32] = []
    private var sentence: [Int32: Float] = [:]

    /// A term made (``TermCounts/addTerm()``): no sentence has it yet.
    mutating func addTerm() { df.append(0) }

    /// One use of `term` in the current sentence.
    mutating func count(_ term: Int32) { sentence[term, default: 0] += 1 }

    /// Ends the current sentence: its terms in ascending order.
    mutating func endSentence() {
        for term in sentence.keys.sorted() {
            terms.append(term)
            tf.append(sentence[term]!)
            df[Int(term)] += 1
        }
        sentence = [:]
    }

    /// The model's columns as `counts` fills them (with each term's corpus count when `withOccurrences`).
    static func modelArrays(_ counts: TermCounts, withOccurrences: Bool = true)
        -> (terms: [Int32], tf: [Float], df: [Int32], corpusTF: [Int32])
    {
        var terms: [Int32] = [], tf: [Float] = [], df: [Int32] = [], corpusTF: [Int32] = []
        counts.fillModelArrays(terms: &terms, tf: &tf, df: &df, corpusTF: &corpusTF, withOccurrences: withOccurrences)
        return (terms, tf, df, corpusTF)
    }
}
