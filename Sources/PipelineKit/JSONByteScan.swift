/// Vector scans for the JSON reader and writer: where the next byte is that ends a plain run
/// inside a JSON string (`"`, `\` or a control byte below 0x20), found sixteen bytes per compare
/// with no per-byte branch, so runs of ordinary text are skipped, or copied, whole.
///
/// The compares are SSE2 byte compares on `SIMD16<UInt8>` (`pcmpeqb`, and `pminub` + `pcmpeqb`
/// for the control range, which LLVM makes of the signed compare below): about a third of the
/// instructions per byte of the eight-byte SWAR masks they replaced (three subtractions, three
/// and-nots and the or-ing per word). The lanes' constants are literals built in place: a
/// `static let` costs a `swift_once` check per call, and a compare against a scalar
/// (`chunk .== 0x22`) is compiled lane by lane.
enum JSONByteScan {
    /// Sixteen bytes, the first in lane 0.
    typealias Chunk = SIMD16<UInt8>

    /// Every byte's high bit (a word with none set is ASCII).
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The sixteen bytes at `base + index` (the caller checks `index + 16 <= count`).
    @inline(__always)
    static func load(_ base: UnsafePointer<UInt8>, at index: Int) -> Chunk {
        UnsafeRawPointer(base + index).loadUnaligned(as: Chunk.self)
    }

    /// `chunk` with 0xFF in each lane that holds `"`, `\` or a byte below 0x20 and 0 in the
    /// others, as two words (lane 0 in the low byte of the first on every platform SIMD runs on
    /// here: little-endian).
    @inline(__always)
    static func specialLanes(_ chunk: Chunk) -> SIMD2<UInt64> {
        let quote = Chunk(repeating: 0x22), backslash = Chunk(repeating: 0x5C)
        // Below 0x20 unsigned is below -96 once the sign bit is flipped (0x00...0x1F become
        // -128...-97): SSE2 has only signed byte compares.
        let flipped = unsafeBitCast(chunk, to: SIMD16<Int8>.self) &+ SIMD16<Int8>(repeating: -128)
        let control = flipped .< SIMD16<Int8>(repeating: -96)
        return unsafeBitCast((chunk .== quote) .| (chunk .== backslash) .| control, to: SIMD2<UInt64>.self)
    }

    /// Whether any lane of `lanes` is set.
    @inline(__always)
    static func any(_ lanes: SIMD2<UInt64>) -> Bool { lanes[0] | lanes[1] != 0 }

    /// The index of the first set lane of `lanes` (some lane is set).
    @inline(__always)
    static func firstLane(_ lanes: SIMD2<UInt64>) -> Int {
        lanes[0] != 0 ? lanes[0].trailingZeroBitCount >> 3 : 8 &+ lanes[1].trailingZeroBitCount >> 3
    }

    /// The lanes of `chunk` before `lane` (0-15) or-ed into one word, the others left out.
    @inline(__always)
    static func folded(_ chunk: Chunk, before lane: Int) -> UInt64 {
        let words = unsafeBitCast(chunk, to: SIMD2<UInt64>.self)
        if lane < 8 { return words[0] & ((1 &<< UInt64(lane &* 8)) &- 1) }
        return words[0] | (words[1] & ((1 &<< UInt64((lane &- 8) &* 8)) &- 1))
    }

    /// All lanes of `chunk` or-ed into one word.
    @inline(__always)
    static func folded(_ chunk: Chunk) -> UInt64 {
        let words = unsafeBitCast(chunk, to: SIMD2<UInt64>.self)
        return words[0] | words[1]
    }

    /// The high bit of each byte of `word` that is `"`, `\` or below 0x20, and possibly of
    /// bytes after the first such byte (a borrow runs upward), never before it: the lowest set
    /// bit marks the first special byte, and no bit is set when there is none.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        // A zero byte in `x` sets the high bit of `(x - ones) & ~x` there; below 0x20 likewise
        // with `x - 0x20` per byte.
        let marks = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return marks & highs
    }

    /// Whether `byte` is `"`, `\` or below 0x20.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// The index of the first `"`, `\` or control byte in `bytes[from...]`, or `bytes.count`
    /// when there is none. The bytes passed over are OR-ed into `seen` (no bit of `highs` set
    /// afterwards means the run was ASCII). Sixty-four bytes per step, then sixteen, then one.
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from: Int, seen: inout UInt64) -> Int {
        scan(bytes, from: from, copyingTo: nil, seen: &seen)
    }

    /// `firstSpecial`, also copying `bytes[from..<found]` to `destination` on the way, each
    /// sixteen bytes with one unaligned store. The destination must have room for all of
    /// `bytes[from...]` (`bytes.count - from` bytes): what lies after the copied run there is
    /// overwritten with bytes that mean nothing, which the caller writes over or leaves
    /// uncounted. A JSON string's decoded bytes and a string's escaped bytes both keep pace
    /// (decoding never makes more bytes than it reads, escaping never fewer), so both have that
    /// room where they write, and the copy costs no `memcpy` call per run.
    @inline(__always)
    static func copyPlainRun(from bytes: UnsafeBufferPointer<UInt8>, at from: Int, to destination: UnsafeMutablePointer<UInt8>,
                             seen: inout UInt64) -> Int {
        scan(bytes, from: from, copyingTo: destination, seen: &seen)
    }

    /// `firstSpecial` and `copyPlainRun` in one body (`destination` `nil`: no copy; inlined
    /// into each, the test is folded away).
    @inline(__always)
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, copyingTo destination: UnsafeMutablePointer<UInt8>?,
                             seen: inout UInt64) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return count }
        var i = from
        var passed = Chunk()
        @inline(__always) func store(_ chunk: Chunk, at index: Int) {
            if let destination { UnsafeMutableRawPointer(destination + (index &- from)).storeBytes(of: chunk, as: Chunk.self) }
        }
        // Sixty-four bytes per test while no byte is special (news text has an escape every few
        // hundred bytes), then thirty-two, then sixteen to find the lane.
        while i &+ 64 <= count {
            let first = load(base, at: i), second = load(base, at: i &+ 16)
            let third = load(base, at: i &+ 32), fourth = load(base, at: i &+ 48)
            if any(specialLanes(first) | specialLanes(second) | specialLanes(third) | specialLanes(fourth)) { break }
            store(first, at: i)
            store(second, at: i &+ 16)
            store(third, at: i &+ 32)
            store(fourth, at: i &+ 48)
            passed |= (first | second) | (third | fourth)
            i &+= 64
        }
        if i &+ 32 <= count {
            let first = load(base, at: i), second = load(base, at: i &+ 16)
            if !any(specialLanes(first) | specialLanes(second)) {
                store(first, at: i)
                store(second, at: i &+ 16)
                passed |= first | second
                i &+= 32
            }
        }
        while i &+ 16 <= count {
            let chunk = load(base, at: i)
            store(chunk, at: i)
            let lanes = specialLanes(chunk)
            if any(lanes) {
                let lane = firstLane(lanes)
                seen |= folded(passed) | folded(chunk, before: lane)
                return i &+ lane
            }
            passed |= chunk
            i &+= 16
        }
        seen |= folded(passed)
        // Eight bytes in a word while eight are left (a short string, a key, an id, the end of
        // a run): a byte at a time cost ~8 instructions a byte.
        if i &+ 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if let destination { UnsafeMutableRawPointer(destination + (i &- from)).storeBytes(of: word, as: UInt64.self) }
            let specials = specialBytes(word)
            if specials != 0 {
                let lane = specials.trailingZeroBitCount >> 3
                seen |= word & ((1 &<< UInt64(lane &* 8)) &- 1)
                return i &+ lane
            }
            seen |= word
            i &+= 8
        }
        while i < count {
            let byte = base[i]
            if isSpecial(byte) { return i }
            destination?[i &- from] = byte
            seen |= UInt64(byte)
            i &+= 1
        }
        return count
    }
}
