#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

// The scanner's fast lane for entity sets that need no look at words: only the bytes that can
// anchor a finding are visited, found sixty-four bytes at a time.

/// The bytes at which `Detectors.scan` can find something when the enabled kinds (`person`
/// aside, which the scanner never looks for) are among email, phone and url, or `nil` for any
/// other set, which needs the general scanner.
///
/// With those kinds the general scanner finds entities only at:
/// - a digit at a word start (`numberAt`: phone), `+` or `(` (phone);
/// - `@` (email, its local part found by scanning back);
/// - a dot followed by a letter or digit, or a colon, ending a word that starts with a letter at a
///   word boundary (a bare domain, `www.`, or a `http://`, `https://`, `ftp://` URL).
///
/// Every other byte is one the general scanner passes over without looking back or ahead, so
/// visiting only these, in order and never behind the end of the last finding or skipped
/// number, finds exactly the same candidates (`TriggerScanTests` compares the two).
struct TriggerBytes: Equatable, Sendable {
    /// Digits, `+` and `(`: phone.
    let phone: Bool
    /// `@`: email.
    let email: Bool
    /// `.` and `:`: url.
    let url: Bool

    /// The trigger bytes of the enabled kinds, as bits by offset from `(` (0x28): every trigger
    /// byte (`(` 0x28, `+` 0x2B, `.` 0x2E, digits 0x30-0x39, `:` 0x3A, `@` 0x40) lies in the
    /// 25 bytes from 0x28 to 0x40.
    private let triggerBits: UInt32

    init?(kinds: KindSet) {
        let own = KindSet.bits(of: [.email, .phone, .url])
        let scanned = kinds.bits & ~KindSet.bits(of: [.person])
        guard scanned != 0, scanned & ~own == 0 else { return nil }
        phone = kinds.contains(.phone)
        email = kinds.contains(.email)
        url = kinds.contains(.url)
        var triggerBits: UInt32 = 0
        func add(_ byte: UInt8) { triggerBits |= 1 << UInt32(byte - 0x28) }
        if phone { for byte in [ASCII.plus, ASCII.lparen] + Array(UInt8(ascii: "0")...UInt8(ascii: "9")) { add(byte) } }
        if email { add(ASCII.at) }
        if url { add(ASCII.dot); add(ASCII.colon) }
        self.triggerBits = triggerBits
    }

    /// The candidate lanes among the sixteen bytes at `chunkStart`: the bytes from 0x28 to 0x40,
    /// which hold every trigger, found with one range compare on a 16-byte vector (SSE2
    /// `paddb`/`pcmpgtb`), but commas and hyphens (one equality compare more, `pandn`); each lane
    /// all ones for a candidate, else zero. `contains` tells the triggers among the rest (`/`,
    /// `)`, `;`, `?`: ~6 a news item). Commas and hyphens were ~36 of a news item's ~41 candidates
    /// that are no trigger (against ~75 triggers), each a mispredicted branch in the scan: leaving
    /// them out made strip + redact 1.04x faster (round 19); the exact set takes four byte
    /// compares more per vector.
    @inline(__always) func lanes(at chunkStart: UnsafeRawPointer) -> SIMD16<UInt8> {
        let chunk = chunkStart.loadUnaligned(as: SIMD16<Int8>.self)
        // As signed bytes: adding 0x58 maps 0x28 to -128 and the range's other bytes after it, so
        // a lane below -128 + 25 is in it (bytes from 0x80 on wrap to values far above that).
        let bias = SIMD16<Int8>(repeating: 0x58), limit = SIMD16<Int8>(repeating: -128 + 25)
        let inRange = (chunk &+ bias) .< limit
        // Commas and hyphens (0x2C, 0x2D: one compare of the byte with its low bit set) are
        // never triggers and the most common bytes of the range in prose after digits and dots.
        let commaOrHyphen = (chunk | SIMD16<Int8>(repeating: 1)) .== SIMD16<Int8>(repeating: 0x2D)
        return unsafeBitCast(inRange .& .!commaOrHyphen, to: SIMD16<UInt8>.self)
    }

    /// The candidates among the 64 bytes at `blockStart`, as bits (bit `k` for byte `k`): every
    /// trigger, and other bytes from 0x28 to 0x40 but commas and hyphens.
    ///
    /// A whole block's bits at once, so that the scan finds the next trigger after a handled one
    /// by clearing bits instead of loading and comparing its bytes again, and tests a quarter as
    /// often as sixteen-byte chunks did (news text has a trigger every ~45 bytes, so most blocks
    /// hold one and a few hold many).
    @inline(__always) func candidateBits(at blockStart: UnsafeRawPointer) -> UInt64 {
        TriggerBytes.laneBits(lanes(at: blockStart)) | TriggerBytes.laneBits(lanes(at: blockStart + 16)) << 16
            | TriggerBytes.laneBits(lanes(at: blockStart + 32)) << 32 | TriggerBytes.laneBits(lanes(at: blockStart + 48)) << 48
    }

    /// The candidates among the `count` (0-63) bytes at `start`, the text's last, as bits: the
    /// bytes are copied into a zeroed block first (a zero byte is no candidate), so no load
    /// reads past the text.
    @inline(__always) func candidateBits(at start: UnsafeRawPointer, count: Int) -> UInt64 {
        withUnsafeTemporaryAllocation(of: SIMD64<UInt8>.self, capacity: 1) { block in
            let raw = UnsafeMutableRawPointer(block.baseAddress!)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
            raw.copyMemory(from: start, byteCount: count)
            return candidateBits(at: UnsafeRawPointer(raw))
        }
    }

    /// One bit per lane of `lanes` (each all ones or zero), lane `k` as bit `k`.
    @inline(__always) static func laneBits(_ lanes: SIMD16<UInt8>) -> UInt64 {
        #if arch(x86_64)
        // SSE2 `pmovmskb`: the top bit of each lane.
        return UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(unsafeBitCast(lanes, to: SIMD2<Int64>.self))))
        #else
        return laneBitsByMultiply(lanes)
        #endif
    }

    /// `laneBits` without a vector mask instruction (other architectures; compared with it in
    /// tests): the low bit of each byte of a word gathered into its top byte by one multiply.
    @inline(__always) static func laneBitsByMultiply(_ lanes: SIMD16<UInt8>) -> UInt64 {
        let halves = unsafeBitCast(lanes & SIMD16(repeating: 1), to: SIMD2<UInt64>.self)
        let gather: UInt64 = 0x0102_0408_1020_4080
        return (halves[0] &* gather) >> 56 | ((halves[1] &* gather) >> 56) << 8
    }

    /// Whether `byte` is a trigger of the enabled kinds.
    @inline(__always) func contains(_ byte: UInt8) -> Bool {
        let offset = byte &- 0x28
        return offset < 25 && (triggerBits >> UInt32(offset)) & 1 != 0
    }
}

extension KindSet {
    /// The bit mask of `kinds`.
    static func bits(of kinds: [Kind]) -> UInt32 { kinds.reduce(0) { $0 | 1 << UInt32($1.rawValue) } }
}

extension Detectors {
    /// `scan` for kinds with `TriggerBytes`: the same candidates in the same order, found by
    /// visiting only the trigger bytes.
    func scanTriggers(_ bytes: Bytes, _ triggers: TriggerBytes, into out: inout [Match]) {
        let text = bytes.buffer, count = bytes.count
        guard let base = text.baseAddress else { return }
        // `floor`: where the general scanner would stand after the last finding or skipped
        // number; nothing before it starts a candidate. `p`: where the search goes on.
        var floor = 0, p = 0
        // The candidates of the 64 bytes from `blockStart` (fewer at the text's end), as bits; the
        // search clears those before `p` rather than loading the bytes again.
        var blockStart = 0, blockBits = count > 0 ? blockTriggers(triggers, base, 0, count) : 0
        while true {
            // The next trigger at or after `p`.
            if p >= count { return }
            if p - blockStart >= 64 || p < blockStart {
                blockStart = p
                blockBits = blockTriggers(triggers, base, p, count)
            }
            var pending = blockBits & (~0 << UInt64(p - blockStart))
            var t = 0
            while true {
                while pending == 0 {
                    blockStart += 64
                    if blockStart >= count { return }
                    blockBits = blockTriggers(triggers, base, blockStart, count)
                    pending = blockBits
                }
                t = blockStart + pending.trailingZeroBitCount
                if triggers.contains(text[t]) { break }
                // A candidate that is no trigger (a comma, a hyphen): on to the next bit.
                pending &= pending &- 1
            }
            let byte = text[t]
            p = t + 1
            if ASCII.isDigit(byte) {
                if t > 0 && ASCII.isWordByte(text[t - 1]) {
                    // Inside a word or number: nothing starts before its end.
                    while p < count && ASCII.isAlphanumeric(text[p]) { p += 1 }
                    continue
                }
                floor = numberAt(bytes, t, &out)
                p = floor
            } else if byte == ASCII.at {
                if let found = Detectors.email(bytes, at: t) {
                    out.append(Match(start: found.start, end: found.end, type: Kind.email.rawValue, priority: Kind.email.rawValue))
                    floor = found.end
                    p = floor
                }
            } else if byte == ASCII.plus || byte == ASCII.lparen {
                if bytes.leftClean(t) || byte == ASCII.lparen, let found = Detectors.phone(bytes, t) {
                    out.append(Match(start: t, end: found, type: Kind.phone.rawValue, priority: Kind.phone.rawValue))
                    floor = found
                    p = floor
                }
            } else {
                // A dot or a colon: a URL at the word that ends here, when the general scanner
                // would stand at that word's start (a letter at a word boundary, not behind `floor`).
                // Only a letter or digit after the dot (`bareDomainAtWord`) or `/` after the colon
                // (`schemeURLAtWord` wants `://`) can make one: most dots end a sentence, and then
                // the walk back over the word is skipped.
                let after: UInt8 = p < count ? text[p] : 0
                if byte == ASCII.dot ? !ASCII.isAlphanumeric(after) : after != ASCII.slash { continue }
                var start = t
                while start > floor && ASCII.isAlphanumeric(text[start - 1]) { start -= 1 }
                if start == t || !ASCII.isLetter(text[start]) || (start > 0 && ASCII.isWordByte(text[start - 1])) { continue }
                let urlEnd = byte == ASCII.dot ? Detectors.bareDomainAtWord(bytes, start, wordEnd: t) : Detectors.schemeURLAtWord(bytes, start, wordEnd: t)
                if let urlEnd {
                    out.append(Match(start: start, end: urlEnd, type: Kind.url.rawValue, priority: Kind.url.rawValue))
                    floor = urlEnd
                    p = floor
                }
            }
        }
    }

    /// The candidates of the bytes from `start` to the end of the 64-byte block there or of the
    /// text, as bits.
    @inline(__always)
    private func blockTriggers(_ triggers: TriggerBytes, _ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> UInt64 {
        count - start >= 64 ? triggers.candidateBits(at: UnsafeRawPointer(base + start))
            : triggers.candidateBits(at: UnsafeRawPointer(base + start), count: count - start)
    }
}
