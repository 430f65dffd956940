#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif
import TextKit

/// The words of a text with a key of each word's bytes (the same bytes always give the same key,
/// different bytes practically never), for the spelling tables of ``TermVocabulary``. The words
/// are exactly ``WordSegmenter``'s.
///
/// A word of at most 7 ASCII bytes (most words) is its own key: its bytes, with its length in the
/// top byte. The text is read 64 bytes at a time (``blockBytes``) as bit masks (letters and digits, non-ASCII
/// bytes; SSE2 compares and `pmovmskb`): a plain ASCII word followed by ASCII punctuation or
/// space is a run of the mask, found and keyed with no loop per byte and no hashing (an
/// apostrophe between letters is part of the run). Everything else (non-ASCII text, a word
/// followed by a non-ASCII byte or an apostrophe at a block's end) goes to
/// ``WordSegmenter`` a stretch at a time: a stretch ends at an ASCII byte that is neither a
/// letter, a digit nor an apostrophe, which no word crosses, so the words come out the same.
/// Other words (8 bytes or more, or not ASCII) have a hash of their bytes with the top bit set
/// (``longKey(_:_:)``), so the two kinds of keys never meet, and no key is 0.
enum SpellingKeys {
    /// The bytes of a block: a bit of a 64-bit mask each. (With blocks of 32 bytes the word
    /// loop took 1.5-2 points more of the brief's samples: the loop over a block's words ends at
    /// a count that varies from block to block, a branch mispredicted about once per block;
    /// docs/performance-log.md, round 20.)
    static let blockBytes = 64

    /// Calls `body` with the byte range and key of every word inside `range` of `bytes`.
    @inline(__always)
    static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, UInt64) -> Void) {
        withoutActuallyEscaping(body) { body in
            var sink = ClosureSink(body: body)
            forEachWord(in: bytes, range, into: &sink)
        }
    }

    /// Gives `sink` the byte range and key of every word inside `range` of `bytes`, in order.
    ///
    /// `sink` is a value of the caller (a loop's counters and pointers), not a closure: the
    /// words reach it inline (those of rare stretches too, gathered first), so the caller's loop
    /// can keep it in registers. (A closure called from both the loop and ``WordSegmenter``
    /// keeps everything it captures in memory, loaded and stored per word.)
    @inline(__always)
    static func forEachWord<Sink: WordSink>(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into sink: inout Sink) {
        guard bytes.baseAddress != nil else { return }
        let end = Swift.min(range.upperBound, bytes.count)
        var i = range.lowerBound
        while i < end {
            i = block(bytes, at: i, end: end, &sink)
            sink.checkpoint()
        }
    }

    /// Gives `sink` the words that start in the (up to) 64 bytes from `i` (below `end`, the
    /// range's end; no word goes on at `i` from before it) and returns where the next block
    /// starts: past the block, at a word that may go on beyond it, past a word of 64 bytes or
    /// more, or past a rare stretch.
    ///
    /// The words are the runs of the block's letter-and-digit mask: its edges (a bit that
    /// differs from the one below it) are a word's start and its end (past it) in turn, read
    /// lowest first and cleared as they go: no loop per byte, no branch per separator, no
    /// variable shift. A start without an end is a run that reaches the block's last byte.
    /// An apostrophe inside a word is a byte of its run (``BlockMasks/joiningApostrophes()``).
    /// The block's first rare stretch (``RareCut``) is found from the masks before the loop,
    /// which gives the words before it with no test of their bytes.
    @inline(__always)
    static func block<Sink: WordSink>(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int, _ sink: inout Sink) -> Int {
        let base = bytes.baseAddress.unsafelyUnwrapped
        let masks = blockMasks(bytes, at: i, end: end).joiningApostrophes()
        let cut = RareCut(masks)
        // A run that ends inside the block has its end bit (`words` has no bit past the range's
        // end); one that reaches bit 63 has none.
        var edges = (masks.words ^ masks.words &<< 1) & cut.before
        while edges != 0 {
            let s = edges.trailingZeroBitCount
            edges &= edges &- 1
            let start = i &+ s
            if edges == 0 { return lastWord(bytes, at: i, start: start, end: end, &sink) }
            let e = edges.trailingZeroBitCount
            edges &= edges &- 1
            let wordEnd = i &+ e
            let length = e &- s
            let word = Range(uncheckedBounds: (start, wordEnd))
            if length >= 8 {
                sink.word(word, key: longKey(bytes, word))
            } else if wordEnd >= 8 {
                sink.word(word, key: shortKey(endingAt: base + wordEnd, length: length))
            } else {
                sink.word(word, key: key(bytes, word))  // at the text's start
            }
        }
        if cut.position < blockBytes { return stretch(bytes, from: i &+ cut.position, end: end, &sink) }
        return Swift.min(i &+ blockBytes, end)
    }

    /// The word of a block that runs to its end (from `start`), and where the next block starts:
    /// at the word, which the next block reads again whole, unless the word starts the block
    /// (then it is 64 bytes or more long, found 64 bytes at a time and given here).
    @inline(__always)
    static func lastWord<Sink: WordSink>(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, start: Int, end: Int, _ sink: inout Sink) -> Int {
        if start > i { return start }
        let wordEnd = runEnd(bytes, from: i &+ blockBytes, end: end)
        if wordEnd < end {
            let after = bytes[wordEnd]
            if after >= 0x80 || after == 0x27 { return stretch(bytes, from: start, end: end, &sink) }
        }
        let word = Range(uncheckedBounds: (start, wordEnd))
        sink.word(word, key: longKey(bytes, word))
        return wordEnd
    }

    /// The key of a short word (1...7 bytes) that ends just before `wordEnd`, from the eight
    /// bytes that end with it (readable: the word is, and so are the bytes before it, at least
    /// eight from the text's start), shifted down to it.
    @inline(__always)
    static func shortKey(endingAt wordEnd: UnsafePointer<UInt8>, length: Int) -> UInt64 {
        let chunk = UInt64(littleEndian: UnsafeRawPointer(wordEnd - 8).loadUnaligned(as: UInt64.self))
        let bits = UInt64(truncatingIfNeeded: length)  // 1...7: no conversion check
        return chunk &>> (64 &- 8 &* bits) | bits &<< 56
    }

    /// The end of the run of letters and digits that goes on at `j` (at most `end`).
    @inline(__always)
    static func runEnd(_ bytes: UnsafeBufferPointer<UInt8>, from j: Int, end: Int) -> Int {
        var j = j
        while j < end {
            let run = (~blockMasks(bytes, at: j, end: end).joiningApostrophes().words).trailingZeroBitCount  // 64 for a full block
            j &+= run
            if run < blockBytes { break }
        }
        return j
    }

    /// The masks of the bytes from `i` to `end` (at most 64; bit k for byte `i + k`, no bit
    /// past `end`): see ``BlockMasks``.
    @inline(__always)
    static func blockMasks(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> BlockMasks {
        let p = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + i)
        let masks = i &+ blockBytes <= bytes.count ? blockMasks(p) : paddedBlockMasks(p, count: bytes.count &- i)
        guard end &- i < blockBytes else { return masks }
        let valid = ~UInt64(0) &>> UInt64(64 &- (end &- i))
        return BlockMasks(words: masks.words & valid, nonASCII: masks.nonASCII & valid, rare: masks.rare & valid)
    }

    /// `blockMasks` of the last `count` (< 64) bytes of a text, read from a zeroed copy (no
    /// load past the text).
    @inline(never)
    static func paddedBlockMasks(_ p: UnsafeRawPointer, count: Int) -> BlockMasks {
        withUnsafeTemporaryAllocation(of: SIMD64<UInt8>.self, capacity: 1) { block in
            let raw = UnsafeMutableRawPointer(block.baseAddress.unsafelyUnwrapped)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
            raw.copyMemory(from: p, byteCount: count)
            return blockMasks(UnsafeRawPointer(raw))
        }
    }

    /// The 64 bytes at `p` as masks (bit k for byte k; see ``BlockMasks``), 16 bytes at a time.
    /// Letters are tested on the bytes with bit 0x20 set (upper case folded onto lower case: no
    /// other byte lands in `a...z`), each range as one signed compare of the byte moved so that
    /// the range starts at -128.
    @inline(__always)
    static func blockMasks(_ p: UnsafeRawPointer) -> BlockMasks {
        // Vector-to-vector operations with the types spelled out: a compare with a scalar
        // compiles to a loop over the lanes.
        @inline(__always) func masks(_ offset: Int) -> BlockMasks {
            let v = p.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int8>.self)
            let letters: SIMDMask<SIMD16<Int8>> =
                ((v | SIMD16<Int8>(repeating: 0x20)) &+ SIMD16<Int8>(repeating: 0x1F /* 0x80 - 0x61 */)) .< SIMD16<Int8>(repeating: -128 + 26)
            let digits: SIMDMask<SIMD16<Int8>> = (v &+ SIMD16<Int8>(repeating: 0x50 /* 0x80 - 0x30 */)) .< SIMD16<Int8>(repeating: -128 + 10)
            let apostrophes: SIMDMask<SIMD16<Int8>> = v .== SIMD16<Int8>(repeating: 0x27)
            return BlockMasks(words: topBits(unsafeBitCast(letters .| digits, to: SIMD16<Int8>.self)), nonASCII: topBits(v),
                              rare: topBits(unsafeBitCast(apostrophes, to: SIMD16<Int8>.self) | v))
        }
        let m0 = masks(0), m1 = masks(16), m2 = masks(32), m3 = masks(48)
        return BlockMasks(words: m0.words | m1.words &<< 16 | m2.words &<< 32 | m3.words &<< 48,
                          nonASCII: m0.nonASCII | m1.nonASCII &<< 16 | m2.nonASCII &<< 32 | m3.nonASCII &<< 48,
                          rare: m0.rare | m1.rare &<< 16 | m2.rare &<< 32 | m3.rare &<< 48)
    }

    /// The top bit of each lane of `lanes`, lane k as bit k.
    @inline(__always)
    static func topBits(_ lanes: SIMD16<Int8>) -> UInt64 {
        #if arch(x86_64)
        return UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(unsafeBitCast(lanes, to: SIMD2<Int64>.self))))
        #else
        return topBitsByMultiply(lanes)
        #endif
    }

    /// `topBits` without a vector mask instruction (other architectures; compared with it in
    /// tests): the top bits of each 8 lanes gathered into the top byte of one multiply.
    @inline(__always)
    static func topBitsByMultiply(_ lanes: SIMD16<Int8>) -> UInt64 {
        let halves = unsafeBitCast(lanes, to: SIMD2<UInt64>.self) & SIMD2<UInt64>(repeating: 0x8080_8080_8080_8080)
        let gather: UInt64 = 0x0002_0408_1020_4081
        return (halves[0] &* gather) &>> 56 | ((halves[1] &* gather) &>> 56) &<< 8
    }

    /// Gives `sink` the words of the rare stretch from `start` (to the next ASCII byte that
    /// is neither a letter, a digit nor an apostrophe, or `end`), and returns the stretch's end.
    ///
    /// The stretch's words are gathered into a temporary buffer first (by a call), then given to
    /// the sink here: a sink handed to a call would live in memory for the caller's whole loop,
    /// its counts stored and loaded again for every word.
    @inline(__always)
    static func stretch<Sink: WordSink>(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, _ sink: inout Sink) -> Int {
        var stretchEnd = start &+ 1
        while stretchEnd < end && !endsStretch(bytes[stretchEnd]) { stretchEnd &+= 1 }
        // A word takes at least one byte of its own (its first).
        withUnsafeTemporaryAllocation(of: KeyedWord.self, capacity: stretchEnd &- start) { words in
            let words = words.baseAddress.unsafelyUnwrapped
            for k in 0..<gatherWords(bytes, start..<stretchEnd, into: words, capacity: stretchEnd &- start) {
                sink.word(words[k].range, key: words[k].key)
                sink.checkpoint()
            }
        }
        return stretchEnd
    }

    /// A word's byte range and key.
    struct KeyedWord {
        var range: Range<Int>
        var key: UInt64
    }

    /// Writes the words of `stretch` (``WordSegmenter``'s) with their keys to `words` (room for
    /// `capacity`: the stretch's length is enough), and returns how many there are.
    @inline(never)
    static func gatherWords(_ bytes: UnsafeBufferPointer<UInt8>, _ stretch: Range<Int>, into words: UnsafeMutablePointer<KeyedWord>,
                            capacity: Int) -> Int {
        var count = 0
        WordSegmenter.forEachWord(in: bytes, stretch) { word, _ in
            precondition(count < capacity, "a word takes at least one byte of its own")
            words[count] = KeyedWord(range: word, key: key(bytes, word))
            count += 1
        }
        return count
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
}

/// Up to 64 bytes of a text as bit masks (bit k for byte k).
struct BlockMasks {
    /// The ASCII letters and digits.
    var words: UInt64
    /// The non-ASCII bytes.
    var nonASCII: UInt64
    /// The bytes that make the word before them rare: non-ASCII bytes and apostrophes (the
    /// apostrophes only in the block's last byte once ``joiningApostrophes()`` has placed the others).
    var rare: UInt64

    /// These masks with each apostrophe between two ASCII letters or digits (`don't`, `NASA's`,
    /// `80's`: ``WordSegmenter`` keeps it in the word) a byte of the word, and every other
    /// apostrophe the end of the word before it, as a space is (`students' `, `rock''n`) - but
    /// one in the block's last byte, which stays rare: whether it is inside a word depends on
    /// the next block's first byte. (With every apostrophe rare, the word before each went to
    /// ``WordSegmenter`` with the rest of its stretch: ~2% of the brief's samples.) An
    /// apostrophe in the first byte has no letter before it in the block: no word goes on
    /// there from before the block (``SpellingKeys/block(_:at:end:_:)``), and a word that
    /// ``SpellingKeys/runEnd(_:from:end:)`` follows from one block to the next ends there,
    /// where `lastWord` finds the apostrophe.
    @inline(__always)
    func joiningApostrophes() -> BlockMasks {
        let apostrophes = rare & ~nonASCII
        let inWords = apostrophes & words &<< 1 & words &>> 1
        return BlockMasks(words: words | inWords, nonASCII: nonASCII, rare: nonASCII | apostrophes & 1 &<< 63)
    }
}

/// Where a block's first rare stretch starts (see ``SpellingKeys/block(_:at:end:_:)``): at its
/// first non-ASCII byte, or earlier at the start of a word followed by a rare byte (an
/// apostrophe or a non-ASCII byte), whichever comes first. The words that start before it are
/// plain (no word crosses it: it is a word's start or a byte of no word).
struct RareCut {
    /// The stretch's first byte in the block; 64 when the block has no rare stretch.
    let position: Int
    /// The bits below `position` (all 64 when there is no stretch).
    let before: UInt64

    /// The cut of a block of masks `masks` (``BlockMasks``).
    @inline(__always)
    init(_ masks: BlockMasks) {
        var position = masks.nonASCII.trailingZeroBitCount  // 64 when there is none
        // The bytes right after a word (a word that reaches the block's end has none in it).
        let followed = ~masks.words & masks.words &<< 1 & masks.rare
        if followed != 0 {
            // The start of the word that ends at the first such byte: the highest start below it.
            let starts = masks.words & ~(masks.words &<< 1)
            let below = starts & ((1 &<< UInt64(followed.trailingZeroBitCount)) &- 1)
            position = Swift.min(position, 63 &- below.leadingZeroBitCount)
        }
        self.position = position
        // A shift of 64 gives 0 (not a masking shift): all bits below 64.
        before = ~(~UInt64(0) << UInt64(position))
    }
}

/// What ``SpellingKeys/forEachWord(in:_:into:)`` gives its words to.
protocol WordSink {
    /// Takes the next word: its byte range and its key (never 0).
    mutating func word(_ range: Range<Int>, key: UInt64)
    /// Called after at most ``SpellingKeys/wordsBetweenCheckpoints`` words (after every block
    /// of the scan, and every word of a rare stretch): for what the sink need not do per word.
    mutating func checkpoint()
}

extension WordSink {
    /// Nothing to do between words.
    @inline(__always)
    mutating func checkpoint() {}
}

extension SpellingKeys {
    /// The most words ``forEachWord(in:_:into:)`` gives between two checkpoints: a block's
    /// (at most 32 starts in 64 bytes) and one of a rare stretch after them.
    static let wordsBetweenCheckpoints = blockBytes / 2 + 1
}

/// A closure as a ``WordSink`` (for ``SpellingKeys/forEachWord(in:_:_:)``).
private struct ClosureSink: WordSink {
    let body: (Range<Int>, UInt64) -> Void

    @inline(__always)
    func word(_ range: Range<Int>, key: UInt64) { body(range, key) }
}
