// The Basic Latin path's function-word lookup: a word of ASCII letters is looked up by its
// bytes (at most 8, one 64-bit load at the word's end), so the per-letter loop carries no hash.

extension LanguageDetector {
    /// The function words of some profiles that are ASCII letters only, keyed by their bytes:
    /// ``key(_:_:)`` of the lowercased word (first letter in the lowest byte), mapped to the mask
    /// of the profiles (by index) that list it. Open addressing in one interleaved array (key,
    /// mask; a key is never 0), read through a pointer by ``mask(_:_:)``.
    ///
    /// Words with other letters (`más`, `für`) are not here: the Basic Latin path scores a word
    /// that reaches a two-byte scalar with ``WordScorer`` and the hashed `Tables.words`. A listed
    /// ASCII word longer than ``longest`` bytes could not be keyed, so `init` refuses one.
    struct ASCIIWords: Sendable {
        /// The longest word that has a key (a 64-bit word holds eight bytes).
        static let longest = 8
        /// Slot k is entries 2k (the key, 0 when empty) and 2k + 1 (the mask).
        let entries: [UInt64]
        /// Slots - 1 (a power of two minus one).
        let slotMask: Int

        /// The table of `words` (lowercase) with their profile masks; words with a byte that is
        /// not an ASCII lowercase letter are left out.
        init(_ words: [(word: String, mask: UInt32)]) {
            let listed = words.filter { $0.word.utf8.allSatisfy { $0 &- 0x61 < 26 } && !$0.word.isEmpty }
            precondition(listed.allSatisfy { $0.word.utf8.count <= Self.longest }, "an ASCII function word longer than 8 bytes has no key")
            // At most a quarter full: a miss (most words) usually ends at the first empty slot.
            var slots = 16
            while slots < listed.count * 4 { slots <<= 1 }
            var entries = [UInt64](repeating: 0, count: 2 * slots)
            for (word, mask) in listed {
                let bytes = Array(word.utf8)
                let key = bytes.withUnsafeBufferPointer { Self.key($0.baseAddress!, bytes.count) }
                var slot = Self.slot(key, slots - 1)
                while entries[2 * slot] != 0 && entries[2 * slot] != key { slot = (slot + 1) & (slots - 1) }
                entries[2 * slot] = key
                entries[2 * slot + 1] |= UInt64(mask)
            }
            self.entries = entries
            slotMask = slots - 1
        }

        /// The key of the `length` (1-8) ASCII letters that start at `word`, lowercased: byte k of
        /// the key is letter k | 0x20, the bytes above the word are 0.
        static func key(_ word: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
            var key: UInt64 = 0
            for k in 0..<length { key |= UInt64(word[k] | 0x20) << UInt64(8 * k) }
            return key
        }

        /// ``key(_:_:)`` of the `length` (1-8) ASCII letters that end before `end`, which has at
        /// least 8 readable bytes before it: one load of the 8 bytes before `end`, the bytes
        /// before the word shifted out.
        @inline(__always)
        static func key(endingAt end: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
            let last8 = UnsafeRawPointer(end - 8).loadUnaligned(as: UInt64.self).littleEndian
            let drop = UInt64(64 - 8 * length)
            return (last8 | 0x2020_2020_2020_2020) >> drop
        }

        @inline(__always)
        static func slot(_ key: UInt64, _ slotMask: Int) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & slotMask
        }

        /// The profile mask of the word with `key` in the table at `entries` (`slotMask` its
        /// slots - 1), 0 when it is not listed.
        @inline(__always)
        static func mask(_ key: UInt64, _ entries: UnsafePointer<UInt64>, _ slotMask: Int) -> UInt64 {
            var slot = Self.slot(key, slotMask)
            while true {
                let stored = entries[slot &<< 1]
                if stored == key { return entries[slot &<< 1 | 1] }
                if stored == 0 { return 0 }
                slot = (slot &+ 1) & slotMask
            }
        }

        /// The mask of `word` (any case), for tests: 0 when it is not listed or cannot be keyed.
        func mask(of word: String) -> UInt64 {
            let bytes = Array(word.utf8)
            guard (1...Self.longest).contains(bytes.count), bytes.allSatisfy({ ($0 | 0x20) &- 0x61 < 26 }) else { return 0 }
            let key = bytes.withUnsafeBufferPointer { Self.key($0.baseAddress!, bytes.count) }
            return entries.withUnsafeBufferPointer { Self.mask(key, $0.baseAddress!, slotMask) }
        }
    }
}
