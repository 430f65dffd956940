/// Converts UTF-8 byte offsets into Unicode scalar offsets, the unit of annotation offsets.
///
/// Stages scan `text.utf8` for speed but annotations count Unicode scalars. Converting each
/// offset from the start would be quadratic; this walks forward once, so a stage that reports
/// offsets in increasing order pays O(n) in total, counting sixteen bytes at a time. Going
/// backwards restarts from the beginning. Every built-in stage converts its offsets here.
///
/// ```swift
/// var offsets = ScalarOffsets(text)
/// let span = offsets.scalarRange(ofBytes: match.start..<match.end)
/// ```
///
/// Inside `withUTF8` or `withUnsafeBufferPointer`, where the bytes are already at hand, use
/// `ScalarOffsets.Cursor` (no copy) or `ScalarOffsets.count(in:from:to:)`.
public struct ScalarOffsets {
    private let bytes: [UInt8]
    private var bytePosition = 0
    private var scalarPosition = 0

    /// Prepares to convert offsets of `text`.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// Prepares to convert offsets of UTF-8 `bytes`.
    public init(utf8 bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The scalar offset of UTF-8 offset `byteOffset` (which must fall on a scalar boundary).
    public mutating func scalarOffset(ofByte byteOffset: Int) -> Int {
        if byteOffset < bytePosition { bytePosition = 0; scalarPosition = 0 }
        let limit = min(byteOffset, bytes.count)
        if limit > bytePosition {
            scalarPosition += bytes.withUnsafeBufferPointer { Self.count(in: $0, from: bytePosition, to: limit) }
            bytePosition = limit
        }
        return scalarPosition
    }

    /// The scalar offsets of a UTF-8 byte range.
    public mutating func scalarRange(ofBytes range: Range<Int>) -> Range<Int> {
        let lower = scalarOffset(ofByte: range.lowerBound)
        let upper = scalarOffset(ofByte: range.upperBound)
        return lower..<upper
    }

    /// The number of Unicode scalars in `bytes[from..<to]` (UTF-8): the bytes that are not
    /// continuation bytes (`10xxxxxx`). Sixteen bytes at a time in a `SIMD16<Int8>`: a continuation
    /// byte is exactly a signed byte below -64, so one compare (`pcmpgtb`) marks it with -1 and one
    /// subtraction counts it in its lane; four chunks per loop turn, up to 255 chunks before the
    /// lanes are summed (a lane holds at most 255). 1.5 to 3 times the speed of the shift-and-mask
    /// count before it (two shifts, a mask and an add per chunk; measured on 230 KB of mixed
    /// scripts, `swiftc -O`, baseline x86-64, on a loaded machine), which redact and
    /// strip-salutations pay up to their last annotation in every document.
    public static func count(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        let end = min(to, bytes.count)
        guard end > from, let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var continuation = 0
        var index = from
        while end - index >= 16 {
            var chunks = min((end - index) >> 4, 255)
            var lanes = SIMD16<Int8>()
            while chunks >= 4 {
                lanes &-= continuationMarks(raw, index) &+ continuationMarks(raw, index &+ 16)
                lanes &-= continuationMarks(raw, index &+ 32) &+ continuationMarks(raw, index &+ 48)
                index &+= 64
                chunks &-= 4
            }
            while chunks > 0 {
                lanes &-= continuationMarks(raw, index)
                index &+= 16
                chunks &-= 1
            }
            continuation += Int(SIMD16<UInt16>(truncatingIfNeeded: unsafeBitCast(lanes, to: SIMD16<UInt8>.self)).wrappedSum())
        }
        // The rest (under sixteen bytes: most calls, since annotations lie close together) a
        // word at a time; the last part word is the eight bytes that end at `end`, shifted so
        // only the bytes not counted yet are left (the bytes before `from` are in the buffer).
        while end &- index >= 8 {
            continuation &+= continuationCount(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index &+= 8
        }
        if index < end {
            if end >= 8 {
                let word = raw.loadUnaligned(fromByteOffset: end &- 8, as: UInt64.self)
                continuation &+= continuationCount(word &>> UInt64(8 &* (8 &- (end &- index))))
            } else {
                while index < end {
                    if (base[index] & 0xC0) == 0x80 { continuation &+= 1 }
                    index &+= 1
                }
            }
        }
        return (end - from) - continuation
    }

    /// -1 in each lane of the sixteen bytes at `raw + offset` that holds a continuation byte
    /// (`0x80...0xBF`, which are -128...-65 as signed bytes), else 0.
    @inline(__always) private static func continuationMarks(_ raw: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int8> {
        let chunk = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int8>.self)
        return unsafeBitCast(chunk .< SIMD16<Int8>(repeating: -64), to: SIMD16<Int8>.self)
    }

    /// How many of the eight bytes in `word` are continuation bytes (`10xxxxxx`: the high bit
    /// set and the next one clear). A word shifted right counts zero bytes as none.
    @inline(__always) static func continuationCount(_ word: UInt64) -> Int {
        let marks = word & ~(word &<< 1) & 0x8080_8080_8080_8080
        // One bit per byte, summed into the top byte by the multiply (at most 8: no carry out).
        return Int(truncatingIfNeeded: ((marks &>> 7) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// A forward-only converter over bytes the caller keeps alive (inside `withUTF8`), without
    /// copying them. Same rules as `ScalarOffsets`: increasing offsets cost O(n) in total.
    public struct Cursor {
        private let bytes: UnsafeBufferPointer<UInt8>
        /// Whether every byte is ASCII: then a scalar offset is its byte offset.
        private let isASCII: Bool
        private var bytePosition = 0
        private var scalarPosition = 0

        /// A cursor at the start of `bytes`; `isASCII` when the caller knows they are all ASCII
        /// (``Swift/String/isKnownASCII`` of the string they are the UTF-8 of), so that no offset
        /// needs counting.
        public init(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool = false) {
            self.bytes = bytes
            self.isASCII = isASCII
        }

        /// The scalar offset of UTF-8 offset `byteOffset` (on a scalar boundary).
        public mutating func scalarOffset(ofByte byteOffset: Int) -> Int {
            if isASCII { return Swift.max(0, Swift.min(byteOffset, bytes.count)) }
            if byteOffset < bytePosition { bytePosition = 0; scalarPosition = 0 }
            scalarPosition += ScalarOffsets.count(in: bytes, from: bytePosition, to: byteOffset)
            bytePosition = max(bytePosition, min(byteOffset, bytes.count))
            return scalarPosition
        }

        /// The scalar offsets of a UTF-8 byte range.
        public mutating func scalarRange(ofBytes range: Range<Int>) -> Range<Int> {
            let lower = scalarOffset(ofByte: range.lowerBound)
            return lower..<scalarOffset(ofByte: range.upperBound)
        }
    }
}

extension String {
    /// Whether the string is known to hold only ASCII: a flag a native string keeps from its
    /// making, read with no scan (false when not known, and before Swift 6.2's `utf8Span`). A
    /// stage that converts byte offsets to scalar offsets has nothing to count then.
    public var isKnownASCII: Bool {
        if #available(macOS 26, iOS 26, watchOS 26, tvOS 26, visionOS 26, *) { return utf8Span.isKnownASCII }
        return false
    }

    /// The Unicode scalar offsets of a range of this string's indices.
    public func scalarOffsets(of range: Range<String.Index>) -> Range<Int> {
        let start = unicodeScalars.distance(from: startIndex, to: range.lowerBound)
        let length = unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
        return start..<(start + length)
    }
}
