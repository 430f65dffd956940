/// Converts UTF-8 byte offsets into Unicode scalar offsets, the unit of annotation offsets.
///
/// Stages scan `text.utf8` for speed but annotations count Unicode scalars. Converting each
/// offset from the start would be quadratic; this walks forward once, so a stage that reports
/// offsets in increasing order pays O(n) in total. Going backwards restarts from the beginning.
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
        var b = bytePosition
        var s = scalarPosition
        let limit = min(byteOffset, bytes.count)
        while b < limit {
            // Count lead bytes only: continuation bytes are 10xxxxxx.
            if bytes[b] & 0xC0 != 0x80 { s += 1 }
            b += 1
        }
        bytePosition = b
        scalarPosition = s
        return s
    }

    /// The scalar offsets of a UTF-8 byte range.
    public mutating func scalarRange(ofBytes range: Range<Int>) -> Range<Int> {
        let lower = scalarOffset(ofByte: range.lowerBound)
        let upper = scalarOffset(ofByte: range.upperBound)
        return lower..<upper
    }
}

extension String {
    /// The Unicode scalar offsets of a range of this string's indices.
    public func scalarOffsets(of range: Range<String.Index>) -> Range<Int> {
        let start = unicodeScalars.distance(from: startIndex, to: range.lowerBound)
        let length = unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
        return start..<(start + length)
    }
}
