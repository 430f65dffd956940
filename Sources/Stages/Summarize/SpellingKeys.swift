import TextKit

/// The words of a text with a key of each word's bytes (the same bytes always give the same key,
/// different bytes practically never), for the spelling tables of ``TermVocabulary``. The words
/// are exactly ``WordSegmenter``'s.
///
/// A word of at most 7 ASCII bytes (most words) is its own key: its bytes, with its length in the
/// top byte. A plain ASCII word followed by ASCII punctuation or space is found and keyed from
/// one 8-byte load, with no per-byte loop and no hashing. Everything else (non-ASCII text,
/// apostrophes, words of 8 bytes or more) goes to ``WordSegmenter`` a stretch at a time: a stretch
/// ends at an ASCII byte that is neither a letter, a digit nor an apostrophe, which no word
/// crosses, so the words come out the same. Longer words are keyed by
/// ``WordSegmenter/rawKey(_:_:)`` with the top bit set, so the two kinds of keys never meet, and
/// no key is 0.
enum SpellingKeys {
    /// Calls `body` with the byte range and key of every word inside `range` of `bytes`.
    @inline(__always)
    static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, UInt64) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let end = Swift.min(range.upperBound, bytes.count)
        let lastLoad = bytes.count - 8  // eight bytes are readable from any position up to this
        var i = range.lowerBound
        while i < end {
            let byte = base[i]
            if byte < 0x80 {
                if !ASCII.isAlphanumeric(byte) { i += 1; continue }
                if i <= lastLoad {
                    let chunk = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                    let wordBytes = alphanumericBytes(chunk)
                    let length = Swift.min(prefixLength(wordBytes), end &- i)
                    // The word ends within the chunk, at the end of the range or at an ASCII byte
                    // that cannot continue it (an apostrophe might: WordSegmenter decides then).
                    // (Unchecked arithmetic and range: i < end, 1 <= length <= 8.)
                    if length < 8 {
                        let wordEnd = i &+ length
                        if wordEnd == end || (base[wordEnd] < 0x80 && base[wordEnd] != 0x27) {
                            body(Range(uncheckedBounds: (i, wordEnd)), shortKey(chunk, length))
                            // The separators after it that the loop would pass one by one, passed together.
                            i &+= nextWordCandidate(chunk, wordBytes, after: length)
                            continue
                        }
                    } else {
                        // A longer word: the rest of its letters and digits eight at a time.
                        var wordEnd = i + 8
                        while wordEnd < end && wordEnd <= lastLoad {
                            let next = UInt64(littleEndian: UnsafeRawPointer(base + wordEnd).loadUnaligned(as: UInt64.self))
                            let more = Swift.min(prefixLength(alphanumericBytes(next)), end - wordEnd)
                            wordEnd += more
                            if more < 8 { break }
                        }
                        if wordEnd == end || (wordEnd <= lastLoad && base[wordEnd] < 0x80 && base[wordEnd] != 0x27) {
                            body(i..<wordEnd, longKey(bytes, i..<wordEnd))
                            i = wordEnd
                            continue
                        }
                    }
                }
            }
            var stretchEnd = i + 1
            while stretchEnd < end && !endsStretch(base[stretchEnd]) { stretchEnd += 1 }
            WordSegmenter.forEachWord(in: bytes, i..<stretchEnd) { word, _ in body(word, key(bytes, word)) }
            i = stretchEnd
        }
    }

    /// The key of the word at `range` of `bytes` (as `forEachWord` gives it).
    static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        let length = range.count
        if length >= 1 && length <= 7 {
            var chunk: UInt64 = 0
            for k in 0..<length { chunk |= UInt64(bytes[range.lowerBound + k]) << (8 * UInt64(k)) }
            if chunk & 0x8080_8080_8080_8080 == 0 { return shortKey(chunk, length) }
        }
        return longKey(bytes, range)
    }

    /// The key of a word that is not short ASCII: its ``WordSegmenter/rawKey(_:_:)`` with the top bit set.
    @inline(__always)
    static func longKey(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        WordSegmenter.rawKey(bytes, range) | 1 << 63
    }

    /// The key of a word of `length` (1...7) ASCII bytes, the first bytes of `chunk`.
    @inline(__always)
    static func shortKey(_ chunk: UInt64, _ length: Int) -> UInt64 {
        // A masking shift: 8 to 56 bits, so no test for a shift of 64 or more.
        (chunk & (~UInt64(0) &>> (64 &- 8 &* UInt64(length)))) | UInt64(length) &<< 56
    }

    /// Whether `byte` is ASCII and can be no part of a word (not a letter, digit or apostrophe).
    @inline(__always)
    static func endsStretch(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0x27 && !ASCII.isAlphanumeric(byte)
    }

    /// The high bit of every byte of `chunk` that is an ASCII letter or digit: a byte `x` below
    /// 0x80 lies in `lo...hi` when `x + (0x80 - lo)` has its high bit set and `x + (0x7F - hi)` has
    /// not (the test of `WordSegmenter`'s 8-byte word scan). Letters are tested as one range, on
    /// the bytes with bit 0x20 set (upper case folded onto lower case: no other ASCII byte lands
    /// in `a...z`), digits on the bytes as they are.
    @inline(__always)
    static func alphanumericBytes(_ chunk: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let low = chunk & ~highs
        @inline(__always) func inRange(_ x: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
            (x &+ ones &* (0x80 - lo)) & ~(x &+ ones &* (0x7F - hi))
        }
        return (inRange(low, 0x30, 0x39) | inRange(low | ones &* 0x20, 0x61, 0x7A)) & ~chunk & highs
    }

    /// How many bytes of a chunk (in memory order) are letters or digits before the first that is
    /// not, from its `alphanumericBytes`.
    @inline(__always)
    static func prefixLength(_ wordBytes: UInt64) -> Int {
        let other = ~wordBytes & 0x8080_8080_8080_8080
        return other == 0 ? 8 : other.trailingZeroBitCount >> 3
    }

    /// The offset in `chunk` of the first byte after its first `length` bytes (a word, followed by
    /// a byte that is ASCII and no letter or digit) that is a letter, a digit or not ASCII: where
    /// the scan loop, which passes every other ASCII byte (apostrophes too) one at a time, would
    /// next stop. 8 when there is none in the chunk.
    @inline(__always)
    static func nextWordCandidate(_ chunk: UInt64, _ wordBytes: UInt64, after length: Int) -> Int {
        let stops = (wordBytes | chunk & 0x8080_8080_8080_8080) & (~UInt64(0) &<< (8 &* UInt64(length)))
        return stops == 0 ? 8 : stops.trailingZeroBitCount >> 3
    }
}
