import Foundation

/// The weights a document's scoring computes before it scores: each term's idf, each sentence
/// term's unit weight (L2-normalized tf-idf), and for `auto` the centroid of the sentences' unit
/// vectors. Kept from document to document (``SummaryWorkspace``) and refilled in the storage
/// they have: made per document, each array was an allocation through the generic array-storage
/// path (~700 instructions with its metadata lookup) and a free, four per document with the
/// centroid.
struct SentenceWeights {
    /// Each term's idf (``DocumentModel/idf()``), after ``weigh(_:withCentroid:)``.
    private(set) var idf: [Float] = []
    /// Each sentence term's unit weight, aligned with the model's `terms`
    /// (``DocumentModel/unitWeights(idf:)``), after ``weigh(_:withCentroid:)``.
    private(set) var unit: [Float] = []
    /// Per term, the sum of the sentences' unit weights of it (the document's centroid), after
    /// ``weigh(_:withCentroid:)`` with `withCentroid` (else empty).
    private(set) var centroid: [Float] = []

    /// Computes `model`'s idf and unit weights, and its centroid when `withCentroid`: summed in the
    /// same pass as the weights, sentence after sentence, so each term's sum adds the same values
    /// in the same order as a pass over the weights afterwards did (byte-identical scores).
    mutating func weigh(_ model: DocumentModel, withCentroid: Bool) {
        model.idf(into: &idf)
        unit.refill(zeros: model.terms.count)
        centroid.refill(zeros: withCentroid ? model.termCount : 0)
        idf.withUnsafeBufferPointer { idf in
            unit.withUnsafeMutableBufferPointer { unit in
                centroid.withUnsafeMutableBufferPointer { centroid in
                    model.unitWeights(idf: idf, into: unit, centroid: withCentroid ? centroid.baseAddress : nil)
                }
            }
        }
    }
}

extension DocumentModel {
    /// Writes ``idf()`` into `values`, in the storage it has when large enough.
    func idf(into values: inout [Float]) {
        values.refill(zeros: df.count)
        let sentences = Float(sentenceCount)
        // Most terms occur in one or a few sentences: the logarithm is taken once per small df.
        // On the stack: 256 bytes, no allocation per document.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 64) { byDF in
            byDF.initialize(repeating: -1)
            df.withUnsafeBufferPointer { df in
                values.withUnsafeMutableBufferPointer { values in
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
