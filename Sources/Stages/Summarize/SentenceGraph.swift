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
    init(model: DocumentModel, unit: [Float], edge: (Float, Int32, Int, Int) -> Float) {
        let n = model.n
        // Postings: term -> (sentence, weight), sentences ascending.
        var postStart = [Int32](repeating: 0, count: model.termCount + 1)
        for t in model.terms { postStart[Int(t) + 1] += 1 }
        for t in 0..<model.termCount { postStart[t + 1] += postStart[t] }
        var fill = postStart
        var postSentence = [Int32](repeating: 0, count: model.terms.count)
        var postWeight = [Float](repeating: 0, count: model.terms.count)
        for i in 0..<n {
            for k in Int(model.termOffsets[i])..<Int(model.termOffsets[i + 1]) {
                let t = Int(model.terms[k])
                let p = Int(fill[t])
                postSentence[p] = Int32(i)
                postWeight[p] = unit[k]
                fill[t] += 1
            }
        }
        let limit = n > Self.exactLimit ? Self.window : n
        var dot = [Float](repeating: 0, count: n)
        var common = [Int32](repeating: 0, count: n)
        var touched: [Int] = []
        var ei: [Int32] = [], ej: [Int32] = [], ew: [Float] = []
        var degree = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            for k in Int(model.termOffsets[i])..<Int(model.termOffsets[i + 1]) {
                let t = Int(model.terms[k])
                let wi = unit[k]
                var lo = Int(postStart[t]), hi = Int(postStart[t + 1])
                // First posting after sentence i.
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if Int(postSentence[mid]) <= i { lo = mid + 1 } else { hi = mid }
                }
                var p = lo
                let end = Int(postStart[t + 1])
                while p < end {
                    let j = Int(postSentence[p])
                    if j - i > limit { break }
                    if common[j] == 0 { touched.append(j) }
                    common[j] += 1
                    dot[j] += wi * postWeight[p]
                    p += 1
                }
            }
            for j in touched {
                let w = edge(dot[j], common[j], i, j)
                if w > 0 {
                    ei.append(Int32(i)); ej.append(Int32(j)); ew.append(w)
                    degree[i] += 1; degree[j] += 1
                }
                dot[j] = 0
                common[j] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        offsets = [Int32](repeating: 0, count: n + 1)
        for i in 0..<n { offsets[i + 1] = offsets[i] + degree[i] }
        var at = offsets
        neighbors = [Int32](repeating: 0, count: ew.count * 2)
        weights = [Float](repeating: 0, count: ew.count * 2)
        for e in 0..<ew.count {
            let a = Int(ei[e]), b = Int(ej[e])
            neighbors[Int(at[a])] = Int32(b); weights[Int(at[a])] = ew[e]; at[a] += 1
            neighbors[Int(at[b])] = Int32(a); weights[Int(at[b])] = ew[e]; at[b] += 1
        }
    }

    /// Weighted PageRank with damping `d` (Brin and Page; TextRank and LexRank both use it).
    func pageRank(damping d: Float = 0.85, iterations: Int = 50) -> [Double] {
        let n = offsets.count - 1
        guard n > 0 else { return [] }
        var strength = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var s: Float = 0
            for k in Int(offsets[i])..<Int(offsets[i + 1]) { s += weights[k] }
            strength[i] = s
        }
        var p = [Float](repeating: 1 / Float(n), count: n)
        var next = p
        var share = [Float](repeating: 0, count: n)
        for _ in 0..<iterations {
            var dangling: Float = 0
            for j in 0..<n {
                if strength[j] > 0 { share[j] = p[j] / strength[j] } else { share[j] = 0; dangling += p[j] }
            }
            let base = (1 - d) / Float(n) + d * dangling / Float(n)
            var delta: Float = 0
            for i in 0..<n {
                var s: Float = 0
                for k in Int(offsets[i])..<Int(offsets[i + 1]) { s += weights[k] * share[Int(neighbors[k])] }
                let v = base + d * s
                delta += abs(v - p[i])
                next[i] = v
            }
            swap(&p, &next)
            if delta < 1e-4 { break }  // L1 change; scores only need to rank sentences
        }
        return p.map { Double($0) }
    }
}
