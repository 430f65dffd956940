/// The rank of each chosen sentence by score (1 for the best; ties go to the earlier sentence),
/// as sorting the chosen sentences by that order numbers them.
///
/// A summary holds a few sentences, so a sentence's rank is counted (one plus the chosen
/// sentences that come before it in the order), with no array made. With more than
/// ``countedLimit`` sentences, or a NaN among their scores (which the order does not rank
/// consistently, so only the sort's own answer is the old one), the order is sorted once.
struct SummaryRanks {
    private let chosen: [Int]
    private let scores: [Double]
    /// The ranks by position in `chosen` when sorted; empty when they are counted.
    private var sortedRanks: [Int] = []
    /// The most sentences whose ranks are counted (quadratic in them) rather than sorted.
    static let countedLimit = 16

    /// Ranks the sentences `chosen` (distinct indices into `scores`).
    init(chosen: [Int], scores: [Double]) {
        self.chosen = chosen
        self.scores = scores
        if chosen.count > Self.countedLimit || chosen.contains(where: { scores[$0].isNaN }) {
            var ranks = [Int](repeating: 0, count: chosen.count)
            let byScore = chosen.indices.sorted { Self.precedes(chosen[$0], chosen[$1], scores) }
            for (rank, k) in byScore.enumerated() { ranks[k] = rank + 1 }
            sortedRanks = ranks
        }
    }

    /// Whether sentence `i` comes before sentence `j`: a higher score, or the same and earlier.
    @inline(__always)
    private static func precedes(_ i: Int, _ j: Int, _ scores: [Double]) -> Bool {
        scores[i] > scores[j] || (scores[i] == scores[j] && i < j)
    }

    /// The rank of `chosen[k]`.
    func rank(of k: Int) -> Int {
        if !sortedRanks.isEmpty { return sortedRanks[k] }
        let sentence = chosen[k]
        var rank = 1
        for other in chosen where Self.precedes(other, sentence, scores) { rank += 1 }
        return rank
    }
}
