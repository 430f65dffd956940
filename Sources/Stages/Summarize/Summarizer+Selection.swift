import Foundation
import TextKit

// Picking sentences within the limit, and their similarity.
extension Summarizer {
    /// Picks sentences best first within the limit, skipping (for `auto`) near-duplicates of
    /// sentences already chosen; returns them in text order.
    ///
    /// `damp` (for `auto`) marks sentences whose score is multiplied by `auto.quoteDamping`.
    /// It is asked lazily, only for sentences that selection reaches: since damping only lowers
    /// a score, a damped sentence is set aside and comes back when its new score is the best
    /// left, so the order is exactly that of the fully damped scores. Scores of sentences never
    /// reached stay undamped in `scores`.
    func select(scores: inout [Double], model: DocumentModel, unit: [Float], limit: SummaryLimit, damp: ((Int) -> Bool)? = nil) -> [Int] {
        let sentenceCount = scores.count
        var count = limit.sentences ?? sentenceCount
        if let ratio = limit.ratio { count = max(1, Int((ratio * Double(sentenceCount)).rounded(.up))) }
        if limit.maxWords != nil && limit.ratio == nil { count = sentenceCount }
        let order = (0..<sentenceCount).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var chosen: [Int] = []
        var words = 0
        var next = 0
        var deferred: [Int] = []  // damped sentences, best first
        var best: Int?
        while chosen.count < count {
            let i: Int
            if let firstDeferred = deferred.first, next >= sentenceCount || scores[firstDeferred] > scores[order[next]] || (scores[firstDeferred] == scores[order[next]] && firstDeferred < order[next]) {
                i = deferred.removeFirst()
            } else if next < sentenceCount {
                let j = order[next]
                next += 1
                if let damp, damp(j) {
                    scores[j] *= auto.quoteDamping
                    let at = deferred.firstIndex { scores[$0] < scores[j] || (scores[$0] == scores[j] && $0 > j) } ?? deferred.count
                    deferred.insert(j, at: at)
                    continue
                }
                i = j
            } else {
                break
            }
            if best == nil { best = i }
            if let maxWords = limit.maxWords {
                let sentenceWords = Int(model.wordCounts[i])
                if words + sentenceWords > maxWords { continue }
                words += sentenceWords
            }
            if method == .auto && !unit.isEmpty && chosen.contains(where: { cosine(model, unit, $0, i) > Float(auto.redundancy) }) {
                continue
            }
            chosen.append(i)
        }
        if chosen.isEmpty, let best = best ?? deferred.first ?? order.first { chosen = [best] }
        return chosen.sorted()
    }

    func cosine(_ model: DocumentModel, _ unit: [Float], _ i: Int, _ j: Int) -> Float {
        var left = Int(model.termOffsets[i]), right = Int(model.termOffsets[j])
        let leftEnd = Int(model.termOffsets[i + 1]), rightEnd = Int(model.termOffsets[j + 1])
        var sum: Float = 0
        while left < leftEnd && right < rightEnd {
            let leftTerm = model.terms[left], rightTerm = model.terms[right]
            if leftTerm == rightTerm { sum += unit[left] * unit[right]; left += 1; right += 1 } else if leftTerm < rightTerm { left += 1 } else { right += 1 }
        }
        return sum
    }
}
