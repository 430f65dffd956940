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
        var scores = [Double](repeating: 0, count: model.sentenceCount)
        for i in 0..<model.sentenceCount {
            var best = 0.0
            var first = -1, last = -1, significant = 0, gap = 0
            var position = 0
            for k in Int(model.sequenceOffsets[i])..<Int(model.sequenceOffsets[i + 1]) {
                let term = model.sequence[k]
                let isSignificant = term >= 0 && model.corpusTF[Int(term)] >= cutoff
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

    /// The position priors of the first 512 sentences under the default exponent (the same
    /// expression as for any other: `pow` is taken once per position, not once per document).
    static let defaultPriors = (0..<512).map { 1 / pow(1 + Double($0), AutoParameters.defaultPositionExponent) }

    /// `auto`: a position prior (news and most expository text put the gist first) times
    /// centrality (sum of cosines with the other sentences) and similarity to the title, with
    /// fragments and quoted speech damped.
    func autoScores(_ model: DocumentModel, weights: SentenceWeights) -> [Double] {
        let sentenceCount = model.sentenceCount, unit = weights.unit
        // The centralities, overwritten by the scores below (each read once, before its score
        // is written): one array instead of two.
        var scores = Self.centroidCentrality(model, unit: unit, centroid: weights.centroid)
        // Empty without a title (most documents): a similarity of 0 then, with no array made.
        var titleSim: [Double] = []
        if !model.titleTerms.isEmpty {
            titleSim.refill(zeros: sentenceCount)  // specialized, as `centrality`
            let idf = weights.idf
            var tnorm: Float = 0
            for term in model.titleTerms { tnorm += idf[Int(term)] * idf[Int(term)] }
            let inv = tnorm > 0 ? 1 / tnorm.squareRoot() : 0
            for i in 0..<sentenceCount {
                var score: Float = 0
                var position = Int(model.termOffsets[i])
                let termEnd = Int(model.termOffsets[i + 1])
                var titlePosition = 0
                while position < termEnd && titlePosition < model.titleTerms.count {
                    let sentenceTerm = model.terms[position], titleTerm = model.titleTerms[titlePosition]
                    if sentenceTerm == titleTerm { score += unit[position] * idf[Int(titleTerm)] * inv; position += 1; titlePosition += 1 } else if sentenceTerm < titleTerm { position += 1 } else { titlePosition += 1 }
                }
                titleSim[i] = Double(score)
            }
        }
        // Through a buffer: written element by element, the array was checked for uniqueness
        // once per sentence.
        let defaultPriors = Self.defaultPriors, auto = auto
        scores.withUnsafeMutableBufferPointer { scores in
            for i in 0..<sentenceCount {
                let prior = i < defaultPriors.count && auto.positionExponent == AutoParameters.defaultPositionExponent
                    ? defaultPriors[i] : 1 / pow(1 + Double(i), auto.positionExponent)
                let weightedCentrality = scores[i] * Double(sentenceCount)
                let similarity = titleSim.isEmpty ? 0 : titleSim[i]
                var score = prior * (1 + auto.centralityWeight * weightedCentrality + auto.titleWeight * similarity)
                let words = Double(model.wordCounts[i])
                if words < auto.shortWords { score *= words / auto.shortWords }
                if auto.longWords > 0 && words > auto.longWords { score *= auto.longWords / words }
                scores[i] = score
            }
        }
        return scores
    }

    /// Whether a sentence reads as quoted speech: it opens with a quotation mark (`"` `'` `“` `‘`),
    /// contains a double quotation mark (`"` `“` `”`) or an opening `‘`, or, when `english`, has
    /// one of the first-person words I, we, my, me, our at its start or after a space.
    ///
    /// The bytes that can decide (`"`, the lead byte E2 of the curly quotes, and a space when
    /// `english`) are found eight at a time (``ByteBlock``); only they are looked at one by one.
    static func isQuoteLike(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, english: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var k = range.lowerBound
        let end = range.upperBound
        while k < end && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D) { k += 1 }
        guard k < end else { return false }
        if bytes[k] == 0x27 { return true }
        /// Whether the bytes from `start` hold a first-person word (ASCII, any case of its first letter).
        @inline(__always) func firstPerson(_ start: Int) -> Bool {
            @inline(__always) func ends(_ offset: Int) -> Bool {
                guard offset < end else { return true }
                let byte = bytes[offset]
                return !((byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F)
            }
            let initial = bytes[start]
            if initial == 0x49 { return ends(start + 1) }
            guard start + 1 < end else { return false }
            let lowered = initial | 0x20, second = bytes[start + 1]
            if lowered == 0x77 { return second == 0x65 && ends(start + 2) }
            if lowered == 0x6D { return (second == 0x79 || second == 0x65) && ends(start + 2) }
            if lowered == 0x6F { return start + 2 < end && second == 0x75 && bytes[start + 2] == 0x72 && ends(start + 3) }
            return false
        }
        if english && firstPerson(k) { return true }
        /// Whether the byte at `k` (a space, `"` or E2, or any byte in the tail) makes the sentence quote-like.
        @inline(__always) func decides(_ k: Int) -> Bool {
            let byte = bytes[k]
            if byte == 0x20 { return english && k + 1 < end && firstPerson(k + 1) }
            if byte == 0x22 { return true }
            guard byte == 0xE2 && k + 2 < end && bytes[k + 1] == 0x80 else { return false }
            let third = bytes[k + 2]
            return third == 0x9C || third == 0x9D || third == 0x98
        }
        // A space is a candidate only for English (`decides` is false for it otherwise).
        let space: UInt8 = english ? 0x20 : 0x22
        k = quoteCandidates(base, from: k, to: end, space: space, decides: decides)
        if k < 0 { return true }
        while k + 8 <= end {
            let block = ByteBlock.load(base, k)
            var marks = ByteBlock.marks(block, 0x22) | ByteBlock.marks(block, 0xE2) | ByteBlock.marks(block, space)
            while marks != 0 {
                if decides(k + marks.trailingZeroBitCount >> 3) { return true }
                marks &= marks - 1
            }
            k += 8
        }
        while k < end {
            if decides(k) { return true }
            k += 1
        }
        return false
    }

    /// Passes the bytes from `start` sixteen at a time (SSE2 compares) while 18 are left, asking
    /// `decides` about each `"` and E2 byte, and about each `space` byte followed by the first
    /// two letters of a first-person word (`I`, `we`, `my` or `me`, `ou`, the first in either
    /// case: the only ones for which `decides` can be true at a space): most spaces of a
    /// sentence are not asked about, nor are those before `in`, `is`, `was` or `more`. Returns
    /// -1 when `decides` said yes, else where the bytes still to look at start.
    ///
    /// Compares of concrete vectors with spelled-out types: against a scalar or a literal the
    /// generic lane-by-lane code is chosen (see docs/performance-log.md, s8-text).
    @inline(__always)
    private static func quoteCandidates(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, space: UInt8,
                                        decides: (Int) -> Bool) -> Int {
        let raw = UnsafeRawPointer(base)
        let quote = SIMD16<UInt8>(repeating: 0x22), lead = SIMD16<UInt8>(repeating: 0xE2), spaces = SIMD16<UInt8>(repeating: space)
        let lowerCase = SIMD16<UInt8>(repeating: 0x20)
        let capitalI = SIMD16<UInt8>(repeating: 0x49), w = SIMD16<UInt8>(repeating: 0x77)
        let m = SIMD16<UInt8>(repeating: 0x6D), o = SIMD16<UInt8>(repeating: 0x6F)
        let e = SIMD16<UInt8>(repeating: 0x65), y = SIMD16<UInt8>(repeating: 0x79), u = SIMD16<UInt8>(repeating: 0x75)
        var k = start
        while k + 18 <= end {
            let block = raw.loadUnaligned(fromByteOffset: k, as: SIMD16<UInt8>.self)
            // Lanes j of `next` and `second` are the two bytes after lane j of `block`.
            let next = raw.loadUnaligned(fromByteOffset: k + 1, as: SIMD16<UInt8>.self)
            let second = raw.loadUnaligned(fromByteOffset: k + 2, as: SIMD16<UInt8>.self)
            let lowered = next | lowerCase
            let firstPerson: SIMDMask<SIMD16<Int8>> = next .== capitalI
                .| (lowered .== w .& second .== e)
                .| (lowered .== m .& (second .== y .| second .== e))
                .| (lowered .== o .& second .== u)
            let candidates: SIMDMask<SIMD16<Int8>> = block .== quote .| block .== lead .| (block .== spaces .& firstPerson)
            // A candidate's lane is 0xFF; its high bit marks it once.
            let halves = unsafeBitCast(candidates, to: SIMD2<UInt64>.self) & SIMD2<UInt64>(repeating: 0x8080_8080_8080_8080)
            if halves[0] | halves[1] != 0 {
                for half in 0..<2 {
                    var marks = halves[half]
                    while marks != 0 {
                        if decides(k + half * 8 + marks.trailingZeroBitCount >> 3) { return -1 }
                        marks &= marks - 1
                    }
                }
            }
            k += 16
        }
        return k
    }

    /// Degree centrality of every sentence, normalized to sum 1: the sum of its cosines with
    /// all other sentences (Erkan & Radev's degree centrality, continuous form; MEAD's
    /// centroid score). It is the dot product of the sentence's unit vector with the
    /// document centroid (the sum of all unit vectors), minus its own cosine 1, so it costs one
    /// pass over the terms instead of a graph and PageRank, and it is exact at any length.
    /// `centroid` is that sum, term by term (``SentenceWeights/centroid``).
    static func centroidCentrality(_ model: DocumentModel, unit: UnsafeBufferPointer<Float>, centroid: UnsafeBufferPointer<Float>) -> [Double] {
        let sentenceCount = model.sentenceCount
        // Zeros appended (specialized here): `[Double](repeating:count:)` took the generic path, a
        // metadata lookup of the array's storage type (~450 instructions) per document.
        var centrality: [Double] = []
        centrality.refill(zeros: sentenceCount)
        var total = 0.0
        // Unchecked buffers: the loop runs once per term of every sentence.
        model.terms.withUnsafeBufferPointer { terms in
            for i in 0..<sentenceCount {
                let termStart = Int(model.termOffsets[i]), termEnd = Int(model.termOffsets[i + 1])
                guard termStart < termEnd else { continue }
                var dot: Float = 0
                for k in termStart..<termEnd { dot += unit[k] * centroid[Int(terms[k])] }
                let cosines = Double(max(0, dot - 1))  // without the sentence's cosine with itself
                centrality[i] = cosines
                total += cosines
            }
        }
        if total > 0 { centrality.withUnsafeMutableBufferPointer { centrality in for i in 0..<sentenceCount { centrality[i] /= total } } }
        return centrality
    }
}
