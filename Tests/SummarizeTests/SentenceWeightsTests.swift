import PipelineKit
@testable import Summarize
import Foundation
import XCTest

/// ``SentenceWeights`` (idf, unit weights and centroid in reused arrays, the centroid summed in the
/// weights' pass) and the centrality read from its centroid give, bit for bit, what the separate
/// passes over fresh arrays they replace gave, document after document in the same weights.
final class SentenceWeightsTests: XCTestCase {
    /// A model of random sentence vectors (terms ascending, occurrences 1-6, some sentences
    /// empty, some terms in most sentences so that df passes 64).
    private static func randomModel(_ generator: inout SplitMix64) -> DocumentModel {
        var model = DocumentModel()
        model.sentenceCount = Int.random(in: 0...150, using: &generator)
        model.termCount = Int.random(in: 1...400, using: &generator)
        model.termOffsets = [0]
        model.df = [Int32](repeating: 0, count: model.termCount)
        for _ in 0..<model.sentenceCount {
            let size = Int.random(in: 0...min(40, model.termCount), using: &generator)
            var terms = Set<Int32>()
            while terms.count < size {
                // Low ids often: frequent terms, with df past the idf's table of 64.
                let bound = Bool.random(using: &generator) ? min(5, model.termCount) : model.termCount
                terms.insert(Int32.random(in: 0..<Int32(bound), using: &generator))
            }
            for term in terms.sorted() {
                model.terms.append(term)
                model.tf.append(Float(Int.random(in: 1...6, using: &generator)))
                model.df[Int(term)] += 1
            }
            model.termOffsets.append(Int32(model.terms.count))
        }
        return model
    }

    /// The idf as it was computed: ln(1 + n / df) per term.
    private static func referenceIDF(_ model: DocumentModel) -> [Float] {
        model.df.map { log(1 + Float(model.sentenceCount) / Float($0)) }
    }

    /// The unit weights as they were computed: per sentence, the weights, their norm, then each
    /// weight times the norm's inverse when the norm is positive.
    private static func referenceUnit(_ model: DocumentModel, idf: [Float]) -> [Float] {
        var weights = [Float](repeating: 0, count: model.terms.count)
        for i in 0..<model.sentenceCount {
            let range = Int(model.termOffsets[i])..<Int(model.termOffsets[i + 1])
            var norm: Float = 0
            for k in range {
                weights[k] = model.tf[k] * idf[Int(model.terms[k])]
                norm += weights[k] * weights[k]
            }
            if norm > 0 {
                let inv = 1 / norm.squareRoot()
                for k in range { weights[k] *= inv }
            }
        }
        return weights
    }

    /// The centroid as it was summed: one pass over the unit weights in index order.
    private static func referenceCentroid(_ model: DocumentModel, unit: [Float]) -> [Float] {
        var centroid = [Float](repeating: 0, count: model.termCount)
        for k in model.terms.indices { centroid[Int(model.terms[k])] += unit[k] }
        return centroid
    }

    /// The centrality as it was computed, from its own centroid.
    private static func referenceCentrality(_ model: DocumentModel, unit: [Float]) -> [Double] {
        let centroid = referenceCentroid(model, unit: unit)
        var centrality = [Double](repeating: 0, count: model.sentenceCount)
        var total = 0.0
        for i in 0..<model.sentenceCount {
            let range = Int(model.termOffsets[i])..<Int(model.termOffsets[i + 1])
            guard !range.isEmpty else { continue }
            var dot: Float = 0
            for k in range { dot += unit[k] * centroid[Int(model.terms[k])] }
            centrality[i] = Double(max(0, dot - 1))
            total += centrality[i]
        }
        if total > 0 { for i in centrality.indices { centrality[i] /= total } }
        return centrality
    }

    private static func bits<Values: Sequence<Float>>(_ values: Values) -> [UInt32] { values.map(\.bitPattern) }
    private static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    func testReusedWeightsEqualTheSeparatePassesBitForBit() {
        var generator = SplitMix64(seed: 101)
        var weights = SentenceWeights()
        for round in 0..<300 {
            // Sizes up and down, so the reused arrays are sometimes too small, sometimes larger.
            let model = Self.randomModel(&generator)
            let withCentroid = round % 5 != 0
            weights.weigh(model, withCentroid: withCentroid)
            let idf = Self.referenceIDF(model), unit = Self.referenceUnit(model, idf: idf)
            XCTAssertEqual(Self.bits(weights.idf), Self.bits(idf), "round \(round)")
            XCTAssertEqual(Self.bits(weights.unit), Self.bits(unit), "round \(round)")
            XCTAssertEqual(Self.bits(model.idf()), Self.bits(idf), "round \(round)")
            XCTAssertEqual(Self.bits(model.unitWeights(idf: idf)), Self.bits(unit), "round \(round)")
            if withCentroid {
                XCTAssertEqual(Self.bits(weights.centroid), Self.bits(Self.referenceCentroid(model, unit: unit)), "round \(round)")
                let centrality = Summarizer.centroidCentrality(model, unit: weights.unit, centroid: weights.centroid)
                XCTAssertEqual(Self.bits(centrality), Self.bits(Self.referenceCentrality(model, unit: unit)), "round \(round)")
            } else {
                XCTAssertTrue(weights.centroid.isEmpty, "round \(round)")
            }
        }
    }

    func testSentencesOfZeroNormKeepTheirWeights() {
        // Terms of idf 0 (and -0) make sentences of zero norm: their weights are not scaled,
        // and their zeros (signs kept) go into the centroid as they are.
        var generator = SplitMix64(seed: 102)
        for _ in 0..<100 {
            let model = Self.randomModel(&generator)
            let idf = (0..<model.termCount).map { _ -> Float in [0, -0.0, 0.5, 3].randomElement(using: &generator)! }
            let unit = Self.referenceUnit(model, idf: idf)
            var weights = [Float](repeating: .nan, count: model.terms.count)
            var centroid = [Float](repeating: 0, count: model.termCount)
            idf.withUnsafeBufferPointer { idf in
                weights.withUnsafeMutableBufferPointer { weights in
                    centroid.withUnsafeMutableBufferPointer { model.unitWeights(idf: idf, into: weights, centroid: $0.baseAddress) }
                }
            }
            XCTAssertEqual(Self.bits(weights), Self.bits(unit))
            XCTAssertEqual(Self.bits(centroid), Self.bits(Self.referenceCentroid(model, unit: unit)))
        }
    }
}
