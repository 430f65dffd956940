import PipelineKit
import TextKit

/// The normalized key of every spelling seen in earlier documents: raw-bytes key (a hash of the
/// word's bytes, `Normalizer.rawKey`) -> `Normalizer.key` (folded, stop-word checked, stemmed).
///
/// Folding, the stop-word lookup and stemming were a fifth of the stage, paid again in every
/// document for "the", "said", "police"; the same bytes always normalize to the same key in one
/// language, so a document looks them up here first. An open-addressing table of fixed size
/// (raw key and key side by side, so a hit reads one cache line), emptied when three quarters
/// full, and tied to one language (a document in another language empties it).
struct SpellingKeys: Sendable {
    /// 2^14 slots: ~12,000 spellings before the table starts over (256 KB, about an L2 cache).
    static let capacity = 1 << 14
    /// The value stored for a stop word (a spelling without a key).
    static let stopWord: UInt64 = 0

    /// Slot `s` holds its raw key at `2s` (0: empty) and its key at `2s + 1`.
    private var slots: [UInt64]
    private var count = 0
    private(set) var language: Language?

    init(language: Language?) {
        self.language = language
        slots = [UInt64](repeating: 0, count: 2 * Self.capacity)
    }

    /// Makes the table serve `language`, emptying it when it served another.
    mutating func prepare(for language: Language?) {
        guard language != self.language else { return }
        self.language = language
        clear()
    }

    private mutating func clear() {
        for slot in 0..<Self.capacity { slots[2 * slot] = 0 }
        count = 0
    }

    /// The key of the spelling with raw key `raw`, computing and storing it with `compute` when
    /// it is new (`nil`: a stop word or no letters).
    @inline(__always)
    mutating func key(raw: UInt64, _ compute: () -> UInt64?) -> UInt64? {
        let stored = raw == 0 ? 1 : raw   // 0 marks an empty slot
        let mask = Self.capacity - 1
        let home = KeyTable.home(stored, mask: mask)
        var slot = home
        while true {
            let existing = slots[2 * slot]
            if existing == stored {
                let key = slots[2 * slot + 1]
                return key == Self.stopWord ? nil : key
            }
            if existing == 0 { break }
            slot = (slot + 1) & mask
        }
        let key = compute()
        if count * 4 >= Self.capacity * 3 {
            clear()
            slot = home   // the first slot probed in the emptied table
        }
        slots[2 * slot] = stored
        slots[2 * slot + 1] = key ?? Self.stopWord
        count += 1
        return key
    }
}

/// What building one document's model needs besides the document: the spelling keys kept across
/// documents, and tables and buffers that are emptied, not freed, between documents.
struct ModelWorkspace {
    /// Raw spelling -> normalized key, kept across documents.
    var spellingKeys: SpellingKeys
    /// Raw spelling -> term id (or -1 for a stop word), this document.
    var spellingTerms = KeyTable()
    /// Normalized key -> term id, this document.
    var termIDs = KeyTable()
    /// Per-term counts of this document, and the terms of the sentence being read.
    var termCounts = TermCounts()

    init(language: Language?) {
        spellingKeys = SpellingKeys(language: language)
    }
}

/// Spare ``ModelWorkspace``s: a document takes one (or makes one) and gives it back, so the
/// spelling keys and tables live as long as the stage, and documents in flight at the same
/// time never share one.
final class ModelWorkspacePool: Sendable {
    private let spare = LockedValue([ModelWorkspace]())
    /// Workspaces kept for reuse (more documents in flight than this make and drop their own).
    static let kept = 8

    /// A workspace whose spelling keys serve `language`.
    func take(for language: Language?) -> ModelWorkspace {
        var workspace = spare.withLock { $0.popLast() } ?? ModelWorkspace(language: language)
        workspace.spellingKeys.prepare(for: language)
        return workspace
    }

    /// Gives a workspace back.
    func giveBack(_ workspace: ModelWorkspace) {
        spare.withLock { if $0.count < Self.kept { $0.append(workspace) } }
    }
}
