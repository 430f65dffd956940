import Foundation

/// The weights a document's scoring computes before it scores: each term's idf, each sentence
/// term's unit weight (L2-normalized tf-idf), and for `auto` the centroid of the sentences' unit
/// vectors. Kept from document to document (``SummaryWorkspace``) in raw columns that grow as
/// needed: made per document, each array was an allocation through the generic array-storage
/// path (~700 instructions with its metadata lookup) and a free, four per document with the
/// centroid; refilled as arrays, each still cost ~350 (`removeAll` and `append(contentsOf:)`).
///
/// The buffers it hands out stay valid while the weights live and are not weighed again.
struct SentenceWeights {
    private var idfColumn = RawColumn<Float>(capacity: 1024)
    private var unitColumn = RawColumn<Float>(capacity: 4096)
    private var centroidColumn = RawColumn<Float>(capacity: 1024)
    private var idfCount = 0, unitCount = 0, centroidCount = 0

    /// Each term's idf (``DocumentModel/idf()``), after ``weigh(_:withCentroid:)``.
    var idf: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: idfColumn.base, count: idfCount) }
    /// Each sentence term's unit weight, aligned with the model's `terms`
    /// (``DocumentModel/unitWeights(idf:)``), after ``weigh(_:withCentroid:)``.
    var unit: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: unitColumn.base, count: unitCount) }
    /// Per term, the sum of the sentences' unit weights of it (the document's centroid), after
    /// ``weigh(_:withCentroid:)`` with `withCentroid` (else empty).
    var centroid: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: centroidColumn.base, count: centroidCount) }

    /// Computes `model`'s idf and unit weights, and its centroid when `withCentroid`: summed in the
    /// same pass as the weights, sentence after sentence, so each term's sum adds the same values
    /// in the same order as a pass over the weights afterwards did (byte-identical scores).
    mutating func weigh(_ model: DocumentModel, withCentroid: Bool) {
        idfCount = model.df.count
        unitCount = model.terms.count
        centroidCount = withCentroid ? model.termCount : 0
        Self.prepare(&idfColumn, for: idfCount)
        Self.prepare(&unitColumn, for: unitCount)
        Self.prepare(&centroidColumn, for: centroidCount)
        centroidColumn.base.update(repeating: 0, count: centroidCount)
        model.idf(into: UnsafeMutableBufferPointer(start: idfColumn.base, count: idfCount))
        model.unitWeights(idf: idf, into: UnsafeMutableBufferPointer(start: unitColumn.base, count: unitCount),
                          centroid: withCentroid ? centroidColumn.base : nil)
    }

    /// Makes `column` this value's own, with room for `count` elements (none of its old ones kept).
    private static func prepare(_ column: inout RawColumn<Float>, for count: Int) {
        if count > column.capacity {
            column.reallocate(capacity: Swift.max(count, 2 * column.capacity), preserving: 0)
        } else {
            column.makeUnique(preserving: 0)
        }
    }
}

extension DocumentModel {
    /// Writes ``idf()`` into `values` (`df.count` of them).
    func idf(into values: UnsafeMutableBufferPointer<Float>) {
        let sentences = Float(sentenceCount)
        // Most terms occur in one or a few sentences: the logarithm is taken once per small df.
        // On the stack: 256 bytes, no allocation per document.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 64) { byDF in
            byDF.initialize(repeating: -1)
            df.withUnsafeBufferPointer { df in
                for t in 0..<df.count {
                    let sentencesWithTerm = df[t]
                    guard sentencesWithTerm < 64 else {
                        values[t] = log(1 + sentences / Float(sentencesWithTerm))
                        continue
                    }
                    var value = byDF[Int(sentencesWithTerm)]
                    if value < 0 {
                        value = log(1 + sentences / Float(sentencesWithTerm))
                        byDF[Int(sentencesWithTerm)] = value
                    }
                    values[t] = value
                }
            }
        }
    }

    /// Writes the unit weights (``unitWeights(idf:)``) into `weights` (`terms.count` of them) and,
    /// when `centroid` is given (`termCount` zeros), adds each sentence's unit weights to it term
    /// by term once the sentence is normalized: the order a pass over all the weights in index
    /// order adds them in (the sentences' term ranges follow each other from 0 to `terms.count`).
    func unitWeights(idf: UnsafeBufferPointer<Float>, into weights: UnsafeMutableBufferPointer<Float>, centroid: UnsafeMutablePointer<Float>?) {
        // Unchecked buffers: the loops run once per term of every sentence.
        tf.withUnsafeBufferPointer { tf in
            terms.withUnsafeBufferPointer { terms in
                termOffsets.withUnsafeBufferPointer { termOffsets in
                    for i in 0..<sentenceCount {
                        let termStart = Int(termOffsets[i]), termEnd = Int(termOffsets[i + 1])
                        var norm: Float = 0
                        for k in termStart..<termEnd {
                            let weight = tf[k] * idf[Int(terms[k])]
                            weights[k] = weight
                            norm += weight * weight
                        }
                        // Times 1 (a zero or NaN norm) leaves a weight's bits as they are.
                        let scale: Float = norm > 0 ? 1 / norm.squareRoot() : 1
                        if let centroid {
                            for k in termStart..<termEnd {
                                let weight = weights[k] * scale
                                weights[k] = weight
                                centroid[Int(terms[k])] += weight
                            }
                        } else {
                            for k in termStart..<termEnd { weights[k] *= scale }
                        }
                    }
                }
            }
        }
    }
}
