import PipelineKit
import TextKit

/// The normalized key of every spelling seen in earlier documents: raw-bytes key (FNV-1a of the
/// word's bytes, `Normalizer.rawKey`) -> `Normalizer.key` (folded, stop-word checked, stemmed).
///
/// Folding, the stop-word lookup and stemming were a fifth of the stage, paid again in every
/// document for "the", "said", "police"; the same bytes always normalize to the same key in one
/// language, so a document looks them up here first. An open-addressing table of fixed size,
/// emptied when three quarters full, and tied to one language (a document in another language
/// empties it).
struct SpellingKeys: Sendable {
    /// 2^15 slots: ~24,000 spellings before the table starts over (512 KB).
    static let capacity = 1 << 15
    /// The value stored for a stop word (a spelling without a key).
    static let stopWord: UInt64 = 0

    private var rawKeys: [UInt64]
    private var keys: [UInt64]
    private var count = 0
    private(set) var language: Language?

    init(language: Language?) {
        self.language = language
        rawKeys = [UInt64](repeating: 0, count: Self.capacity)
        keys = [UInt64](repeating: 0, count: Self.capacity)
    }

    /// Makes the table serve `language`, emptying it when it served another.
    mutating func prepare(for language: Language?) {
        guard language != self.language else { return }
        self.language = language
        clear()
    }

    private mutating func clear() {
        for slot in rawKeys.indices { rawKeys[slot] = 0 }
        count = 0
    }

    /// The key of the spelling with raw key `raw`, computing and storing it with `compute` when
    /// it is new (`nil`: a stop word or no letters).
    @inline(__always)
    mutating func key(raw: UInt64, _ compute: () -> UInt64?) -> UInt64? {
        let stored = raw == 0 ? 1 : raw   // 0 marks an empty slot
        let mask = Self.capacity - 1
        let home = Int(truncatingIfNeeded: ((stored ^ (stored >> 29)) &* 0x9E3779B97F4A7C15) >> 32) & mask
        var slot = home
        while true {
            let existing = rawKeys[slot]
            if existing == stored {
                let key = keys[slot]
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
        rawKeys[slot] = stored
        keys[slot] = key ?? Self.stopWord
        count += 1
        return key
    }
}

/// Spare `SpellingKeys` tables: a document takes one (or makes one) and gives it back, so tables
/// live as long as the stage and documents in flight at the same time never share one.
final class SpellingKeyPool: Sendable {
    private let spare = LockedValue([SpellingKeys]())
    /// Tables kept for reuse (more documents in flight than this make and drop their own).
    static let kept = 8

    /// A table for `language`.
    func take(for language: Language?) -> SpellingKeys {
        var table = spare.withLock { $0.popLast() } ?? SpellingKeys(language: language)
        table.prepare(for: language)
        return table
    }

    /// Gives a table back.
    func giveBack(_ table: SpellingKeys) {
        spare.withLock { if $0.count < Self.kept { $0.append(table) } }
    }
}
