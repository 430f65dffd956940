import Foundation
import TextKit

/// Text normalized for phrase matching, with the UTF-8 byte offset each normalized scalar came from.
///
/// Normalization: each scalar folded by TextKit's ``FoldMode/phrase`` (NFC/NFD collapse, case
/// folding, diacritics removed (Latin, Greek, Cyrillic, Arabic harakat, Hebrew niqqud),
/// Arabic-script variants unified (ی/ى/ئ→ي, ک→ك, ة/ہ/ھ/ۀ→ه, أ/إ/آ→ا), tatweel, zero-width
/// characters, variation selectors and emoji/symbol decorations dropped, typographic
/// punctuation mapped to ASCII (’ → ', – → -, ： → :, 。 → .)); then a hyphen between two
/// letters read as a space, and whitespace runs collapsed to one space, trimmed.
struct NText {
    /// Normalized scalars.
    var scalars: [UInt32] = []
    /// Byte offset (into the document) where the source of each normalized scalar starts.
    var start: [Int] = []
    /// Number of normalized scalars.
    var count: Int { scalars.count }
}

/// Scalar decoding and classes used by `Normalizer` and the phrase tries. The folding itself is
/// TextKit's ``CaseFolding/phrase`` (one generated table for every stage).
enum Fold {
    /// The scalar whose lead byte is at `i` in `bytes[..<to]` and its length in bytes (a scalar cut by
    /// `to` reads its last byte for the missing ones): the one decoding of the normalizer and of
    /// the byte gates (`couldMatchBytes`), which must read the same scalars.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, to: Int) -> (UInt32, Int) {
        let lead = bytes[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return ((UInt32(lead & 0x1F) << 6) | UInt32(bytes[min(i + 1, to - 1)] & 0x3F), 2) }
        if lead < 0xF0 { return ((UInt32(lead & 0x0F) << 12) | (UInt32(bytes[min(i + 1, to - 1)] & 0x3F) << 6) | UInt32(bytes[min(i + 2, to - 1)] & 0x3F), 3) }
        return ((UInt32(lead & 0x07) << 18) | (UInt32(bytes[min(i + 1, to - 1)] & 0x3F) << 12) | (UInt32(bytes[min(i + 2, to - 1)] & 0x3F) << 6) | UInt32(bytes[min(i + 3, to - 1)] & 0x3F), 4)
    }

    /// What each ASCII byte folds to (TextKit's `phrase` fold of that scalar), read without the
    /// table's two-level look-up: most bytes the stripper folds are ASCII. Made once, never freed.
    nonisolated(unsafe) static let asciiFolds: UnsafePointer<FoldedScalars> = {
        let table = UnsafeMutablePointer<FoldedScalars>.allocate(capacity: 128)
        for byte in 0..<128 { (table + byte).initialize(to: CaseFolding.phraseLookup.fold(UInt32(byte))) }
        return UnsafePointer(table)
    }()

    /// For each ASCII byte, the one scalar it folds to when that is all the normalizer does with
    /// it (not dropped, not a space or line break, not two scalars), else 0: the bytes that
    /// `Normalizer`'s run loop writes straight. Made once, never freed.
    nonisolated(unsafe) static let asciiPlainFolds: UnsafePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 128)
        for byte in 0..<128 {
            let folded = asciiFolds[byte]
            let plain = folded.count == 1 && folded.second == 0 && folded.first != 0x20 && folded.first != 0x0A
            (table + byte).initialize(to: plain ? folded.first : 0)
        }
        return UnsafePointer(table)
    }()

    /// `true` for letters and digits (normalized scalars).
    @inline(__always)
    static func isWord(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) }
        guard let unicodeScalar = Unicode.Scalar(scalar) else { return false }
        return unicodeScalar.properties.isAlphabetic || unicodeScalar.properties.numericType != nil
    }

    /// `true` for scripts written without spaces between words (CJK, kana, Thai).
    @inline(__always)
    static func isUnspaced(_ scalar: UInt32) -> Bool {
        (scalar >= 0x3040 && scalar <= 0x30FF) || (scalar >= 0x3400 && scalar <= 0x9FFF) || (scalar >= 0xF900 && scalar <= 0xFAFF) || (scalar >= 0x0E00 && scalar <= 0x0E7F) || scalar >= 0x20000
    }
}

/// Normalizes byte ranges of a UTF-8 document into `NText`.
enum Normalizer {
    /// Normalizes `bytes[from..<to]` (which must start on a scalar boundary).
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> NText {
        var text = NText()
        normalize(bytes, from, to, into: &text)
        return text
    }

    /// Normalizes `bytes[from..<to]` into `text`, replacing what it held but keeping its arrays'
    /// storage (a pass normalizes into buffers it reuses across documents).
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, into text: inout NText) {
        text.scalars.removeAll(keepingCapacity: true)
        text.start.removeAll(keepingCapacity: true)
        normalize(bytes, from, to, CaseFolding.phraseLookup, into: &text)
    }

    private static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ folding: FoldLookup, into text: inout NText) {
        // A scalar of n bytes gives at most two scalars, and a space is written only before a
        // scalar that follows a space-like one, so 2 per byte bounds the output.
        let capacity = 2 * max(0, to - from) + 1
        // Folded into scratch space (on the stack when small), then copied into arrays of the
        // exact size: no growth while folding, no per-scalar append checks.
        var wroteWaw = false
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { scalarScratch in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { startScratch in
                let written = fold(bytes, from, to, folding, into: scalarScratch.baseAddress!, starts: startScratch.baseAddress!, wroteWaw: &wroteWaw)
                text.scalars.reserveCapacity(written)
                text.scalars.append(contentsOf: UnsafeBufferPointer(start: scalarScratch.baseAddress!, count: written))
                text.start.reserveCapacity(written)
                text.start.append(contentsOf: UnsafeBufferPointer(start: startScratch.baseAddress!, count: written))
            }
        }
        // Arabic "و " (and) written apart joins its word: "و رحمة" = "ورحمة" (looked for only
        // when the fold wrote a "و": the walk over every scalar was most of this function's time).
        if wroteWaw && text.scalars.count > 2 {
            var k = text.scalars.count - 2
            while k >= 0 {
                if text.scalars[k] == 0x648 && text.scalars[k + 1] == 0x20 && (k == 0 || text.scalars[k - 1] == 0x20) {
                    text.scalars.remove(at: k + 1); text.start.remove(at: k + 1)
                }
                k -= 1
            }
        }
    }

    /// Folds `bytes[from..<to]` into `scalars` and their byte offsets into `starts` (room for
    /// `2 * (to - from) + 1` each), spaces collapsed and trimmed, a hyphen between two letters
    /// read as a space; returns how many scalars were written. `wroteWaw` is set when one of them
    /// is Arabic "و" (U+0648), which only a non-ASCII scalar folds to.
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ folding: FoldLookup,
                             into scalars: UnsafeMutablePointer<UInt32>, starts: UnsafeMutablePointer<Int>, wroteWaw: inout Bool) -> Int {
        let asciiFolds = Fold.asciiFolds, asciiPlainFolds = Fold.asciiPlainFolds
        var written = 0
        var i = from
        var pendingSpace = false
        var spaceAt = from
        while i < to {
            // A run of ASCII bytes that each fold to one plain scalar (letters, digits, most
            // punctuation), with no space pending: written in a tight loop, without the checks
            // below (what they would do with such a byte is exactly this).
            if !pendingSpace {
                while i < to && bytes[i] < 0x80 {
                    let plain = asciiPlainFolds[Int(bytes[i])]
                    if plain == 0 { break }
                    scalars[written] = plain; starts[written] = i; written += 1
                    i += 1
                }
                if i >= to { break }
            }
            let lead = bytes[i]
            let folded: FoldedScalars
            let scalarEnd: Int
            if lead < 0x80 {
                folded = asciiFolds[Int(lead)]
                scalarEnd = i + 1
            } else {
                let (scalar, len) = Fold.decode(bytes, at: i, to: to)
                scalarEnd = min(i + len, to)
                folded = folding.fold(scalar)
                if folded.first == 0x648 || folded.second == 0x648 { wroteWaw = true }
            }
            if folded.count > 0 {
                let first = folded.first, second = folded.second
                if first == 0x20 || first == 0x0A {
                    if !pendingSpace { spaceAt = i }
                    pendingSpace = written > 0
                } else {
                    if pendingSpace {
                        scalars[written] = 0x20; starts[written] = spaceAt; written += 1
                        pendingSpace = false
                    }
                    scalars[written] = first; starts[written] = i; written += 1
                    if second != 0 { scalars[written] = second; starts[written] = i; written += 1 }
                }
            }
            i = scalarEnd
        }
        // A hyphen between two letters reads as a space ("as-salamu" = "as salamu").
        if written > 2 {
            for k in 1..<(written - 1) where scalars[k] == 0x2D && Fold.isWord(scalars[k - 1]) && Fold.isWord(scalars[k + 1]) {
                scalars[k] = 0x20
            }
        }
        return written
    }

    /// Normalizes a phrase (as written in a phrase file).
    static func normalize(_ phrase: String) -> [UInt32] {
        var phrase = phrase
        return phrase.withUTF8 { normalize($0, 0, $0.count).scalars }
    }
}
