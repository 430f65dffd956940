import Foundation
import TextKit

/// The sentence-scoring methods of the summarize stage.
enum SummaryMethod: String, CaseIterable, Sendable {
    case auto, lead, textrank, lexrank, lexrankContinuous = "lexrank-continuous", luhn
}

/// How many sentences (or words) a summary may have.
struct SummaryLimit: Sendable {
    /// Fixed number of sentences, or `nil` when a ratio or a word budget decides.
    var sentences: Int?
    /// Fraction of the candidate sentences (rounded up, at least 1).
    var ratio: Double?
    /// Total word budget; sentences are taken best first while they fit.
    var maxWords: Int?
}

/// A summary: candidate sentences, their scores and the chosen ones.
struct Summary {
    /// Candidate sentences (UTF-8 byte ranges), in text order; the title line is not one.
    var sentences: [Range<Int>] = []
    /// One score per candidate (higher is better).
    var scores: [Double] = []
    /// Indices of the chosen candidates, in text order.
    var chosen: [Int] = []
    /// The title line, when the text starts with one.
    var title: Range<Int>?
}

/// Sentence vectors of one document: unique terms per sentence (CSR layout), term
/// frequencies, word counts, and the term sequence (for Luhn).
struct DocumentModel {
    var n = 0
    var termOffsets: [Int32] = [0]
    var terms: [Int32] = []
    var tf: [Float] = []
    var wordCounts: [Int32] = []
    var sequenceOffsets: [Int32] = [0]
    var sequence: [Int32] = []  // term id per word, -1 for stop words (built for Luhn only)
    var termCount = 0
    var df: [Int32] = []
    var corpusTF: [Int32] = []
    var titleTerms: [Int32] = []

    init(bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], title: Range<Int>?, normalizer: Normalizer, keepSequence: Bool) {
        n = sentences.count
        let bytesCovered = (sentences.last?.upperBound ?? 0) - (sentences.first?.lowerBound ?? 0)
        // Distinct words grow sub-linearly (Heaps' law): start small, grow on demand, stay in cache.
        var ids = TermIndex(capacity: min(8192, max(64, bytesCovered / 12)))
        // Raw spelling -> term id (or -1 for a stop word): most words repeat, and a repeat
        // costs one hash of its bytes instead of folding, stemming and two lookups.
        var spellings = TermIndex(capacity: min(8192, max(64, bytesCovered / 10)))
        var spellingTerm: [Int32] = []
        spellingTerm.reserveCapacity(sentences.count * 10)
        var scratch: [Int32] = []
        scratch.reserveCapacity(64)
        var sequence: [Int32] = []
        if keepSequence { sequence.reserveCapacity(n * 20) }
        var corpusTF: [Int32] = []
        var df: [Int32] = []
        var termCount = 0
        terms.reserveCapacity(n * 12)
        tf.reserveCapacity(n * 12)
        wordCounts.reserveCapacity(n)
        termOffsets.reserveCapacity(n + 1)
        sequenceOffsets.reserveCapacity(n + 1)
        for r in sentences {
            scratch.removeAll(keepingCapacity: true)
            var words: Int32 = 0
            WordSegmenter.forEachWordWithKey(in: bytes, r) { w, _, rawKey in
                words += 1
                let (spelling, isNew) = spellings.id(for: rawKey)
                let t: Int32
                if isNew {
                    if let key = normalizer.key(bytes, w) {
                        let (id, inserted) = ids.id(for: key)
                        if inserted {
                            termCount += 1
                            df.append(0)
                            corpusTF.append(0)
                        }
                        t = id
                    } else {
                        t = -1
                    }
                    spellingTerm.append(t)
                } else {
                    t = spellingTerm[Int(spelling)]
                }
                if keepSequence { sequence.append(t) }
                if t >= 0 {
                    scratch.append(t)
                    corpusTF[Int(t)] += 1
                }
            }
            wordCounts.append(words)
            if keepSequence { sequenceOffsets.append(Int32(sequence.count)) }
            Self.appendUnique(&scratch, terms: &terms, tf: &tf, df: &df)
            termOffsets.append(Int32(terms.count))
        }
        self.sequence = sequence
        self.corpusTF = corpusTF
        self.df = df
        self.termCount = termCount
        if let title {
            WordSegmenter.forEachWord(in: bytes, title) { w, _ in
                if let key = normalizer.key(bytes, w), let id = ids.lookup(key) { titleTerms.append(id) }
            }
            titleTerms.sort()
            var unique: [Int32] = []
            for t in titleTerms where unique.last != t { unique.append(t) }
            titleTerms = unique
        }
    }

    private static func appendUnique(_ scratch: inout [Int32], terms: inout [Int32], tf: inout [Float], df: inout [Int32]) {
        // Insertion sort: sentences hold a few dozen terms.
        var i = 1
        while i < scratch.count {
            let x = scratch[i]
            var j = i - 1
            while j >= 0 && scratch[j] > x {
                scratch[j + 1] = scratch[j]
                j -= 1
            }
            scratch[j + 1] = x
            i += 1
        }
        var k = 0
        while k < scratch.count {
            let t = scratch[k]
            var c: Float = 1
            k += 1
            while k < scratch.count && scratch[k] == t { c += 1; k += 1 }
            terms.append(t)
            tf.append(c)
            df[Int(t)] += 1
        }
    }

    /// Smoothed inverse sentence frequency of every term: ln(1 + n / df).
    func idf() -> [Float] {
        let nf = Float(n)
        return df.map { log(1 + nf / Float($0)) }
    }

    /// L2-normalized tf-idf weights, aligned with `terms`.
    func unitWeights(idf: [Float]) -> [Float] {
        var w = [Float](repeating: 0, count: terms.count)
        for i in 0..<n {
            let a = Int(termOffsets[i]), b = Int(termOffsets[i + 1])
            var norm: Float = 0
            for k in a..<b {
                let x = tf[k] * idf[Int(terms[k])]
                w[k] = x
                norm += x * x
            }
            if norm > 0 {
                let inv = 1 / norm.squareRoot()
                for k in a..<b { w[k] *= inv }
            }
        }
        return w
    }
}

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

/// Parameters of the `auto` method. They were set a priori, then the position exponent and
/// the long-sentence damping were chosen on the odd-numbered half of the CNN/DM dev articles
/// only and checked on the even half (see docs/stages/summarize.md).
struct AutoParameters: Sendable {
    /// Position prior exponent: weight 1 / (1 + i)^positionExponent for the i-th sentence.
    var positionExponent = 0.5
    /// Weight of degree centrality (sum of cosines with the other sentences, mean 1 over the
    /// document) relative to the prior.
    var centralityWeight = 0.5
    /// Weight of the cosine with the title line, when there is one.
    var titleWeight = 1.0
    /// Sentences shorter than this many words are scaled down proportionally.
    var shortWords = 8.0
    /// A candidate whose cosine with an already chosen sentence exceeds this is skipped.
    var redundancy = 0.5
    /// Sentences longer than this many words are scaled down proportionally (0: off):
    /// concise sentences carry more per word, and run-on caption blocks are damped.
    var longWords = 30.0
    /// Score factor for quoted speech after the first sentence: a sentence that opens with or
    /// contains a quotation mark, or (English) uses a first-person pronoun. Summaries report in
    /// the third person; quotes are colour, not gist. The lead sentence is exempt.
    var quoteDamping = 0.8
}

/// Scores and picks sentences.
struct Summarizer: Sendable {
    var method: SummaryMethod
    var threshold: Double
    var auto = AutoParameters()

    /// Summarizes UTF-8 `bytes`.
    func summarize(_ bytes: UnsafeBufferPointer<UInt8>, language: Language?, limit: SummaryLimit) -> Summary {
        var summary = Summary()
        let title = Self.titleLine(bytes)
        summary.title = title
        let bodyStart = title.map { Self.lineEnd(bytes, after: $0) } ?? 0
        let body = UnsafeBufferPointer(rebasing: bytes[bodyStart...])
        let segmenter = SentenceSegmenter()
        // Lead with a fixed count needs only the first sentences.
        if method == .lead, let k = limit.sentences, limit.ratio == nil, limit.maxWords == nil {
            segmenter.forEachSentence(in: body) { r in
                summary.sentences.append((r.lowerBound + bodyStart)..<(r.upperBound + bodyStart))
                return summary.sentences.count < k
            }
            summary.scores = summary.sentences.indices.map { 1 / Double($0 + 1) }
            summary.chosen = Array(summary.sentences.indices)
            return summary
        }
        summary.sentences = segmenter.sentences(in: body).map { ($0.lowerBound + bodyStart)..<($0.upperBound + bodyStart) }
        let n = summary.sentences.count
        guard n > 0 else { return summary }
        let lang = language ?? Language.detect(in: bytes) ?? .en
        let model = DocumentModel(bytes: bytes, sentences: summary.sentences, title: title, normalizer: Normalizer(language: lang), keepSequence: method == .luhn)
        var unit: [Float] = []
        let scores: [Double]
        switch method {
        case .lead:
            scores = (0..<n).map { 1 / Double($0 + 1) }
        case .luhn:
            scores = luhn(model)
        case .textrank:
            let graph = SentenceGraph(model: model, unit: model.unitWeights(idf: [Float](repeating: 1, count: model.termCount))) { _, common, i, j in
                let li = log(Float(model.wordCounts[i])), lj = log(Float(model.wordCounts[j]))
                let denominator = li + lj
                return denominator > 0 ? Float(common) / denominator : 0
            }
            scores = graph.pageRank()
        case .lexrank:
            unit = model.unitWeights(idf: model.idf())
            let t = Float(threshold)
            scores = SentenceGraph(model: model, unit: unit) { dot, _, _, _ in dot > t ? 1 : 0 }.pageRank()
        case .lexrankContinuous:
            unit = model.unitWeights(idf: model.idf())
            scores = SentenceGraph(model: model, unit: unit) { dot, _, _, _ in dot }.pageRank()
        case .auto:
            unit = model.unitWeights(idf: model.idf())
            scores = autoScores(model, unit: unit)
        }
        summary.scores = scores
        if method == .auto && auto.quoteDamping != 1 {
            // Quote damping is applied lazily, only to the sentences selection reaches.
            let english = lang == .en
            let sentences = summary.sentences
            summary.chosen = select(scores: &summary.scores, model: model, unit: unit, limit: limit) { i in
                i > 0 && Self.isQuoteLike(bytes, sentences[i], english: english)
            }
        } else {
            summary.chosen = select(scores: &summary.scores, model: model, unit: unit, limit: limit)
        }
        return summary
    }

    // MARK: Methods

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

    // MARK: Selection

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

    // MARK: Title line

    /// The first line, when it is a title: at most 20 words and 200 bytes, no terminal
    /// punctuation, and followed by more text on later lines.
    static func titleLine(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let n = b.count
        var s = 0
        while s < n && (b[s] == 0x20 || b[s] == 0x09 || b[s] == 0x0D || b[s] == 0x0A) { s += 1 }
        var e = s
        while e < n && b[e] != 0x0A && e - s <= 200 { e += 1 }
        guard e < n, b[e] == 0x0A, e > s else { return nil }
        var rest = e
        while rest < n && (b[rest] == 0x20 || b[rest] == 0x09 || b[rest] == 0x0D || b[rest] == 0x0A) { rest += 1 }
        guard rest < n else { return nil }
        var t = e
        while t > s && (b[t - 1] == 0x20 || b[t - 1] == 0x0D || b[t - 1] == 0x09) { t -= 1 }
        let (last, _) = UTF8ScanLite.lastScalar(b, t)
        switch last {
        case 0x2E, 0x21, 0x3F, 0x3A, 0x3B, 0x2C, 0x2026, 0x061F, 0x06D4, 0x0964, 0x3002, 0xFF01, 0xFF1F, 0x060C:
            return nil
        default: break
        }
        let words = WordSegmenter.count(in: b, s..<t)
        guard words >= 1 && words <= 20 else { return nil }
        return s..<t
    }

    static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, after r: Range<Int>) -> Int {
        var e = r.upperBound
        while e < b.count && b[e] != 0x0A { e += 1 }
        return min(b.count, e + 1)
    }
}

enum UTF8ScanLite {
    /// The scalar that ends just before `end`.
    static func lastScalar(_ b: UnsafeBufferPointer<UInt8>, _ end: Int) -> (UInt32, Int) {
        guard end > 0 else { return (0, 0) }
        var s = end - 1
        while s > 0 && b[s] & 0xC0 == 0x80 { s -= 1 }
        let bytes = Array(b[s..<end])
        var it = bytes.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let v) = decoder.decode(&it) { return (v.value, s) }
        return (0xFFFD, s)
    }
}
