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
    func select(scores: inout [Double], model: DocumentModel, unit: UnsafeBufferPointer<Float>, limit: SummaryLimit, damp: ((Int) -> Bool)? = nil) -> [Int] {
        let sentenceCount = scores.count
        var count = limit.sentences ?? sentenceCount
        if let ratio = limit.ratio { count = max(1, Int((ratio * Double(sentenceCount)).rounded(.up))) }
        if limit.maxWords != nil && limit.ratio == nil { count = sentenceCount }
        var order = BestFirst(scores: scores)
        var chosen: [Int] = []
        chosen.reserveCapacity(min(count, sentenceCount))  // one allocation, not one per doubling
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
        if chosen.isEmpty, let best = best ?? deferred.first ?? (sentenceCount > 0 ? order[0] : nil) { chosen = [best] }
        chosen.sort()  // in place: `sorted()` made a second array
        return chosen
    }

    /// The cosine of sentences `i` and `j`: the dot product of their unit vectors, merged over
    /// their ascending terms (unchecked buffers: the merge runs per term of both sentences, for
    /// each sentence selection compares with each chosen one).
    func cosine(_ model: DocumentModel, _ unit: UnsafeBufferPointer<Float>, _ i: Int, _ j: Int) -> Float {
        var left = Int(model.termOffsets[i]), right = Int(model.termOffsets[j])
        let leftEnd = Int(model.termOffsets[i + 1]), rightEnd = Int(model.termOffsets[j + 1])
        return model.terms.withUnsafeBufferPointer { terms in
            var sum: Float = 0
            while left < leftEnd && right < rightEnd {
                let leftTerm = terms[left], rightTerm = terms[right]
                if leftTerm == rightTerm { sum += unit[left] * unit[right]; left += 1; right += 1 } else if leftTerm < rightTerm { left += 1 } else { right += 1 }
            }
            return sum
        }
    }
}

/// The sentences best score first (ties: the earlier first), as `(0..<n).sorted` by that order
/// would give them, worked out only as far as they are asked for: selection usually wants a few
/// of a document's sentences, so the first ones are found by scanning (one pass each, in a
/// fixed buffer: no array is made), and the whole order is sorted only when more are asked for.
/// The scores are those given at the start (later changes to the caller's copy do not reorder it).
struct BestFirst {
    private let scores: [Double]
    /// The sentences found by scanning, in order (the first `scannedCount` lanes).
    private var scannedOrder = SIMD8<Int32>()
    private var scannedCount = 0
    /// Every sentence in order, once more than `scanned` have been asked for (empty until then).
    private var sortedOrder: [Int] = []
    private var isSorted = false
    /// Sentences found by scanning before the rest is sorted at once.
    static let scanned = SIMD8<Int32>.scalarCount

    init(scores: [Double]) {
        self.scores = scores
        // A NaN breaks the scan's ordering as it breaks the sort's: the sort decides then (a
        // closure, not the key path `\.isNaN`, which is applied through a generic call per score).
        if scores.contains(where: { $0.isNaN }) { sortAll() }
    }

    /// The `index`-th sentence in order (asked for in increasing `index`, from 0 up).
    subscript(index: Int) -> Int {
        mutating get {
            if !isSorted {
                while scannedCount <= index {
                    if scannedCount >= Self.scanned { sortAll(); return sortedOrder[index] }
                    scanNext()
                }
                return Int(scannedOrder[index])
            }
            return sortedOrder[index]
        }
    }

    /// Finds the best sentence after the last one found: the best of those that come later in
    /// the order (a lower score, or the same score and a later index), which without NaNs are
    /// exactly those not found yet.
    private mutating func scanNext() {
        let hasPrevious = scannedCount > 0
        let previous = hasPrevious ? Int(scannedOrder[scannedCount - 1]) : 0
        let previousScore = hasPrevious ? scores[previous] : 0
        var best = -1
        var bestScore = 0.0
        for i in 0..<scores.count {
            let score = scores[i]
            if hasPrevious && !(score < previousScore || (score == previousScore && i > previous)) { continue }
            if best < 0 || score > bestScore { best = i; bestScore = score }
        }
        scannedOrder[scannedCount] = Int32(truncatingIfNeeded: best)
        scannedCount += 1
    }

    /// Sorts every sentence (keeping those found first, which the sort puts first as well).
    private mutating func sortAll() {
        sortedOrder = (0..<scores.count).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        isSorted = true
    }
}
