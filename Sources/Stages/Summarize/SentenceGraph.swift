import Foundation
import TextKit

/// A weighted undirected sentence graph in adjacency (CSR) form.
struct SentenceGraph {
    var offsets: [Int32]
    var neighbors: [Int32]
    var weights: [Float]

    /// Sentences farther apart than this are not compared once a document has more than
    /// `exactLimit` sentences: cost stays linear in the length of the text.
    static let window = 32
    static let exactLimit = 600

    /// Builds the graph: `edge(dot, common, i, j)` turns the cosine of the unit vectors and
    /// the number of shared terms into an edge weight (`0`: no edge).
    init(model: DocumentModel, unit: UnsafeBufferPointer<Float>, edge: (Float, Int32, Int, Int) -> Float) {
        let sentenceCount = model.sentenceCount
        // Postings: term -> (sentence, weight), sentences ascending.
        var postStart = [Int32](repeating: 0, count: model.termCount + 1)
        for term in model.terms { postStart[Int(term) + 1] += 1 }
        for term in 0..<model.termCount { postStart[term + 1] += postStart[term] }
        var fill = postStart
        var postSentence = [Int32](repeating: 0, count: model.terms.count)
        var postWeight = [Float](repeating: 0, count: model.terms.count)
        for i in 0..<sentenceCount {
            for k in Int(model.termOffsets[i])..<Int(model.termOffsets[i + 1]) {
                let term = Int(model.terms[k])
                let posting = Int(fill[term])
                postSentence[posting] = Int32(i)
                postWeight[posting] = unit[k]
                fill[term] += 1
            }
        }
        let limit = sentenceCount > Self.exactLimit ? Self.window : sentenceCount
        var dot = [Float](repeating: 0, count: sentenceCount)
        var common = [Int32](repeating: 0, count: sentenceCount)
        var touched: [Int] = []
        var ei: [Int32] = [], ej: [Int32] = [], ew: [Float] = []
        var degree = [Int32](repeating: 0, count: sentenceCount)
        for i in 0..<sentenceCount {
            for k in Int(model.termOffsets[i])..<Int(model.termOffsets[i + 1]) {
                let term = Int(model.terms[k])
                let wi = unit[k]
                var lo = Int(postStart[term]), hi = Int(postStart[term + 1])
                // First posting after sentence i.
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if Int(postSentence[mid]) <= i { lo = mid + 1 } else { hi = mid }
                }
                var posting = lo
                let end = Int(postStart[term + 1])
                while posting < end {
                    let j = Int(postSentence[posting])
                    if j - i > limit { break }
                    if common[j] == 0 { touched.append(j) }
                    common[j] += 1
                    dot[j] += wi * postWeight[posting]
                    posting += 1
                }
            }
            for j in touched {
                let weight = edge(dot[j], common[j], i, j)
                if weight > 0 {
                    ei.append(Int32(i)); ej.append(Int32(j)); ew.append(weight)
                    degree[i] += 1; degree[j] += 1
                }
                dot[j] = 0
                common[j] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        offsets = [Int32](repeating: 0, count: sentenceCount + 1)
        for i in 0..<sentenceCount { offsets[i + 1] = offsets[i] + degree[i] }
        var at = offsets
        neighbors = [Int32](repeating: 0, count: ew.count * 2)
        weights = [Float](repeating: 0, count: ew.count * 2)
        for edgeIndex in 0..<ew.count {
            let source = Int(ei[edgeIndex]), target = Int(ej[edgeIndex])
            neighbors[Int(at[source])] = Int32(target); weights[Int(at[source])] = ew[edgeIndex]; at[source] += 1
            neighbors[Int(at[target])] = Int32(source); weights[Int(at[target])] = ew[edgeIndex]; at[target] += 1
        }
    }

    /// Weighted PageRank with `damping` (Brin and Page; TextRank and LexRank both use it).
    func pageRank(damping: Float = 0.85, iterations: Int = 50) -> [Double] {
        let sentenceCount = offsets.count - 1
        guard sentenceCount > 0 else { return [] }
        var strength = [Float](repeating: 0, count: sentenceCount)
        for i in 0..<sentenceCount {
            var sum: Float = 0
            for k in Int(offsets[i])..<Int(offsets[i + 1]) { sum += weights[k] }
            strength[i] = sum
        }
        var ranks = [Float](repeating: 1 / Float(sentenceCount), count: sentenceCount)
        var next = ranks
        var share = [Float](repeating: 0, count: sentenceCount)
        for _ in 0..<iterations {
            var dangling: Float = 0
            for j in 0..<sentenceCount {
                if strength[j] > 0 { share[j] = ranks[j] / strength[j] } else { share[j] = 0; dangling += ranks[j] }
            }
            let base = (1 - damping) / Float(sentenceCount) + damping * dangling / Float(sentenceCount)
            var delta: Float = 0
            for i in 0..<sentenceCount {
                var sum: Float = 0
                for k in Int(offsets[i])..<Int(offsets[i + 1]) { sum += weights[k] * share[Int(neighbors[k])] }
                let rank = base + damping * sum
                delta += abs(rank - ranks[i])
                next[i] = rank
            }
            swap(&ranks, &next)
            if delta < 1e-4 { break }  // L1 change; scores only need to rank sentences
        }
        return ranks.map { Double($0) }
    }
}
