import PipelineKit
import TextKit

/// What building one document's model needs besides the document: the vocabulary kept across
/// documents, and counts and buffers that are emptied, not freed, between documents.
struct ModelWorkspace {
    /// Raw spelling -> vocabulary term -> this document's term id, kept across documents.
    var vocabulary: TermVocabulary
    /// Per-term counts of this document, and the terms of the sentence being read.
    var termCounts = TermCounts()
    /// The words and distinct spellings of this document.
    var words = DocumentWords()
    /// The last document's model, given back when its summary is made (``giveBack(model:)``): the
    /// next model takes its arrays and refills them instead of allocating its own (~10 per
    /// document).
    var spareModel = DocumentModel()

    init(language: Language?) {
        vocabulary = TermVocabulary(language: language)
    }

    /// Keeps `model`'s arrays for the next document's model (they are written in place when
    /// nothing else refers to them by then).
    mutating func giveBack(model: consuming DocumentModel) {
        spareModel = model
    }
}
