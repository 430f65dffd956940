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

/// Spare ``ModelWorkspace``s: a document takes one (or makes one) and gives it back, so the
/// vocabulary and tables live as long as the stage, and documents in flight at the same
/// time never share one.
final class ModelWorkspacePool: Sendable {
    /// Up to eight workspaces (more documents in flight than that make and drop their own), each
    /// preferably back on the thread that used it last (``ReusePool``): its vocabulary learned
    /// that worker's documents and its tables sit in that core's cache.
    private let spare = ReusePool<ModelWorkspace>(keeping: 8)

    /// A workspace (its vocabulary serves the language of its last document, or `language` when
    /// it is new: the model's build switches it to the document's own).
    func take(for language: Language?) -> ModelWorkspace {
        spare.take() ?? ModelWorkspace(language: language)
    }

    /// Gives a workspace back.
    func giveBack(_ workspace: ModelWorkspace) { spare.giveBack(workspace) }
}
