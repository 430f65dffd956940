import Foundation
import TextKit

// The sentence scores of the methods other than plain lead and the graph ranks.
extension Summarizer {
    /// Luhn (1958): significant words are the frequent non-stop terms; a sentence scores the
    /// best cluster of significant words (gaps of at most 4 other words) as
    /// significant² / cluster length.
    func luhn(_ model: DocumentModel) -> [Double] {
        var counts = model.corpusTF.filter { $0 >= 2 }
        counts.sort(by: >)
        let cutoff = max(2, counts.isEmpty ? 2 : counts[min(counts.count - 1, max(0, model.termCount / 10))])
        var scores = [Double](repeating: 0, count: model.n)
        for i in 0..<model.n {
            var best = 0.0
            var first = -1, last = -1, significant = 0, gap = 0
            var position = 0
            for k in Int(model.sequenceOffsets[i])..<Int(model.sequenceOffsets[i + 1]) {
                let t = model.sequence[k]
                let isSignificant = t >= 0 && model.corpusTF[Int(t)] >= cutoff
                if isSignificant {
                    if first < 0 || gap > 4 {
                        if first >= 0 { best = max(best, Double(significant * significant) / Double(last - first + 1)) }
                        first = position
                        significant = 0
                    }
                    significant += 1
                    last = position
                    gap = 0
                } else {
                    gap += 1
                }
                position += 1
            }
            if first >= 0 { best = max(best, Double(significant * significant) / Double(last - first + 1)) }
            scores[i] = best
        }
        return scores
    }

    /// `auto`: a position prior (news and most expository text put the gist first) times
    /// centrality (sum of cosines with the other sentences) and similarity to the title, with
    /// fragments and quoted speech damped.
    func autoScores(_ model: DocumentModel, unit: [Float]) -> [Double] {
        let n = model.n
        let centrality = Self.centroidCentrality(model, unit: unit)
        var titleSim = [Double](repeating: 0, count: n)
        if !model.titleTerms.isEmpty {
            let idf = model.idf()
            var tnorm: Float = 0
            for t in model.titleTerms { tnorm += idf[Int(t)] * idf[Int(t)] }
            let inv = tnorm > 0 ? 1 / tnorm.squareRoot() : 0
            for i in 0..<n {
                var s: Float = 0
                var a = Int(model.termOffsets[i])
                let b = Int(model.termOffsets[i + 1])
                var q = 0
                while a < b && q < model.titleTerms.count {
                    let x = model.terms[a], y = model.titleTerms[q]
                    if x == y { s += unit[a] * idf[Int(y)] * inv; a += 1; q += 1 } else if x < y { a += 1 } else { q += 1 }
                }
                titleSim[i] = Double(s)
            }
        }
        var scores = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let prior = 1 / pow(1 + Double(i), auto.positionExponent)
            let c = centrality[i] * Double(n)
            var s = prior * (1 + auto.centralityWeight * c + auto.titleWeight * titleSim[i])
            let words = Double(model.wordCounts[i])
            if words < auto.shortWords { s *= words / auto.shortWords }
            if auto.longWords > 0 && words > auto.longWords { s *= auto.longWords / words }
            scores[i] = s
        }
        return scores
    }

    /// Whether a sentence reads as quoted speech: it opens with a quotation mark (`"` `'` `“` `‘`),
    /// contains a double quotation mark (`"` `“` `”`) or an opening `‘`, or, when `english`, has
    /// one of the first-person words I, we, my, me, our at its start or after a space
    /// (one byte scan).
    static func isQuoteLike(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, english: Bool) -> Bool {
        var k = r.lowerBound
        let e = r.upperBound
        while k < e && (b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0A || b[k] == 0x0D) { k += 1 }
        guard k < e else { return false }
        if b[k] == 0x27 { return true }
        /// Whether the bytes from `p` hold a first-person word (ASCII, any case of its first letter).
        @inline(__always) func firstPerson(_ p: Int) -> Bool {
            @inline(__always) func ends(_ q: Int) -> Bool {
                guard q < e else { return true }
                let c = b[q]
                return !((c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 || c == 0x5F)
            }
            let f = b[p]
            if f == 0x49 { return ends(p + 1) }
            guard p + 1 < e else { return false }
            let l = f | 0x20, s = b[p + 1]
            if l == 0x77 { return s == 0x65 && ends(p + 2) }
            if l == 0x6D { return (s == 0x79 || s == 0x65) && ends(p + 2) }
            if l == 0x6F { return p + 2 < e && s == 0x75 && b[p + 2] == 0x72 && ends(p + 3) }
            return false
        }
        if english && firstPerson(k) { return true }
        while k < e {
            let c = b[k]
            if c == 0x20 {
                if english && k + 1 < e && firstPerson(k + 1) { return true }
            } else if c == 0x22 {
                return true
            } else if c == 0xE2 && k + 2 < e && b[k + 1] == 0x80 {
                let t = b[k + 2]
                if t == 0x9C || t == 0x9D || t == 0x98 { return true }
            }
            k += 1
        }
        return false
    }

    /// Degree centrality of every sentence, normalized to sum 1: the sum of its cosines with
    /// all other sentences (Erkan & Radev's degree centrality, continuous form; MEAD's
    /// centroid score). It is the dot product of the sentence's unit vector with the
    /// document centroid (the sum of all unit vectors), minus its own cosine 1, so it costs one
    /// pass over the terms instead of a graph and PageRank, and it is exact at any length.
    static func centroidCentrality(_ model: DocumentModel, unit: [Float]) -> [Double] {
        let n = model.n
        var centroid = [Float](repeating: 0, count: model.termCount)
        for k in 0..<model.terms.count { centroid[Int(model.terms[k])] += unit[k] }
        var centrality = [Double](repeating: 0, count: n)
        var total = 0.0
        for i in 0..<n {
            let a = Int(model.termOffsets[i]), b = Int(model.termOffsets[i + 1])
            guard a < b else { continue }
            var d: Float = 0
            for k in a..<b { d += unit[k] * centroid[Int(model.terms[k])] }
            let c = Double(max(0, d - 1))  // without the sentence's cosine with itself
            centrality[i] = c
            total += c
        }
        if total > 0 { for i in 0..<n { centrality[i] /= total } }
        return centrality
    }
}
