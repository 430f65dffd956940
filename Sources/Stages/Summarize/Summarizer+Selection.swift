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
        let n = scores.count
        var count = limit.sentences ?? n
        if let ratio = limit.ratio { count = max(1, Int((ratio * Double(n)).rounded(.up))) }
        if limit.maxWords != nil && limit.ratio == nil { count = n }
        let order = (0..<n).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var chosen: [Int] = []
        var words = 0
        var next = 0
        var deferred: [Int] = []  // damped sentences, best first
        var best: Int?
        while chosen.count < count {
            let i: Int
            if let d = deferred.first, next >= n || scores[d] > scores[order[next]] || (scores[d] == scores[order[next]] && d < order[next]) {
                i = deferred.removeFirst()
            } else if next < n {
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
                let w = Int(model.wordCounts[i])
                if words + w > maxWords { continue }
                words += w
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
        var a = Int(model.termOffsets[i]), b = Int(model.termOffsets[j])
        let ae = Int(model.termOffsets[i + 1]), be = Int(model.termOffsets[j + 1])
        var s: Float = 0
        while a < ae && b < be {
            let x = model.terms[a], y = model.terms[b]
            if x == y { s += unit[a] * unit[b]; a += 1; b += 1 } else if x < y { a += 1 } else { b += 1 }
        }
        return s
    }
}
