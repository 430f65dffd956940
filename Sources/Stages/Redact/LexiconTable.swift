import Foundation
import PipelineKit

/// The compiled form of the person lexicon, `Names/lexicon.bin`, and the builder that makes it
/// from the name lists and `Cues` (used by `scripts/build_compiled_tables.sh` and by the test
/// that checks the committed file is current; never by a run).
///
/// ```
/// file  = magic "PIPELINE-LEX-v1\0" (16 bytes), u64 slotCount, u64 smallCount,
///         u64 slots[slotCount], u64 smallSlots[smallCount]
/// slot  = fingerprint (the hash's high 32 bits, 0 -> 1) << 32 | WordFlags; 0 = empty
/// ```
/// The small table holds the cue words (those of `Cues` with a context flag, and every legal
/// form) with their flags from the large one, so the hot checks rarely leave the cache.
/// Integers are little-endian; both counts are powers of two (open addressing, linear probing
/// from `hash & (count - 1)`). Keys go in in sorted order, so the same lists give the same bytes.
enum LexiconTable {
    /// The file name inside `Names/`.
    static let fileName = "lexicon.bin"
    /// The magic bytes that open the file.
    static let magic = Array("PIPELINE-LEX-v1\u{0}".utf8)
    private static let headerSize = 32

    /// Where the two tables sit in a file's bytes.
    struct Layout {
        var slotsOffset: Int
        var slotCount: Int
        var smallOffset: Int
        var smallCount: Int
    }

    /// The layout of `table`, or `nil` when it is not a well-formed lexicon table.
    static func layout(_ table: TableBytes) -> Layout? {
        let bytes = table.bytes
        guard bytes.count >= headerSize, Array(bytes[0..<16]) == magic else { return nil }
        let slotCount = table.word(at: 16), smallCount = table.word(at: 24)
        guard slotCount > 0, smallCount > 0, slotCount & (slotCount - 1) == 0, smallCount & (smallCount - 1) == 0,
              slotCount < 1 << 32, smallCount < 1 << 32,
              UInt64(bytes.count) == UInt64(headerSize) + 8 * (slotCount + smallCount) else { return nil }
        return Layout(slotsOffset: headerSize, slotCount: Int(slotCount),
                      smallOffset: headerSize + 8 * Int(slotCount), smallCount: Int(smallCount))
    }

    /// Builds the file's bytes from the lists in `directory` (`given-names.txt`, `surnames.txt`, …)
    /// and `Cues`; `nil` when a list is missing.
    static func build(directory: URL) -> [UInt8]? {
        var entries: [UInt64: UInt32] = [:]
        entries.reserveCapacity(260_000)
        var small: [UInt64: UInt32] = [:]
        func add(_ word: Substring, _ flags: WordFlags) {
            let hash = Lexicon.hash(word.unicodeScalars.map { $0.value })
            entries[hash, default: 0] |= flags.rawValue
        }
        func load(_ name: String, _ flags: WordFlags) -> Bool {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name + ".txt").path),
                  let text = String(data: data, encoding: .utf8) else { return false }
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) where !line.isEmpty {
                add(line, flags)
            }
            return true
        }
        let lists: [(String, WordFlags)] = [
            ("given-names", .given), ("surnames", .surname), ("english-words", .dictionary),
            ("countries", .place), ("places", .city), ("legal-forms", .legalForm),
        ]
        for (name, flags) in lists {
            guard load(name, flags) else { return nil }
        }
        for (words, flags) in Cues.all {
            for word in words.split(separator: " ") { add(word, flags) }
        }
        let smallFlags: WordFlags = [.stop, .title, .contextAfter, .contextBefore, .connector, .pairFirst, .pairSecond, .honorific,
                                     .field, .closing]
        for (words, flags) in Cues.all where !flags.intersection(smallFlags).isEmpty {
            for word in words.split(separator: " ") {
                let hash = Lexicon.hash(word.unicodeScalars.map { $0.value })
                small[hash] = entries[hash]
            }
        }
        // Legal forms, which `legalFormAfter` looks for after every candidate run.
        for (hash, flags) in entries where WordFlags(rawValue: flags).contains(.legalForm) { small[hash] = flags }
        let slots = table(entries), smallSlots = table(small)
        var out = magic
        out.reserveCapacity(headerSize + 8 * (slots.count + smallSlots.count))
        append(&out, UInt64(slots.count))
        append(&out, UInt64(smallSlots.count))
        for slot in slots { append(&out, slot) }
        for slot in smallSlots { append(&out, slot) }
        return out
    }

    /// Open addressing at a load factor of at most 3/4, keys inserted in sorted order.
    private static func table(_ entries: [UInt64: UInt32]) -> [UInt64] {
        var size = 16
        while size * 3 < entries.count * 4 { size <<= 1 }
        var slots = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for key in entries.keys.sorted() {
            var slot = Int(truncatingIfNeeded: key) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Lexicon.fingerprint(key) << 32 | UInt64(entries[key]!)
        }
        return slots
    }

    private static func append(_ out: inout [UInt8], _ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}
