import Foundation
import TextKit

// The title line at the top of a document.
extension Summarizer {
    /// The first line, when it is a title: at most 20 words and 200 bytes, no terminal
    /// punctuation, and followed by more text on later lines.
    static func titleLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let count = bytes.count
        var start = 0
        while start < count && (bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0D || bytes[start] == 0x0A) { start += 1 }
        guard let firstLineEnd = newline(bytes, from: start), firstLineEnd > start else { return nil }
        var rest = firstLineEnd
        while rest < count && (bytes[rest] == 0x20 || bytes[rest] == 0x09 || bytes[rest] == 0x0D || bytes[rest] == 0x0A) { rest += 1 }
        guard rest < count else { return nil }
        var trimmedEnd = firstLineEnd
        while trimmedEnd > start && (bytes[trimmedEnd - 1] == 0x20 || bytes[trimmedEnd - 1] == 0x0D || bytes[trimmedEnd - 1] == 0x09) { trimmedEnd -= 1 }
        let (last, _) = UTF8ScanLite.lastScalar(bytes, trimmedEnd)
        switch last {
        case 0x2E, 0x21, 0x3F, 0x3A, 0x3B, 0x2C, 0x2026, 0x061F, 0x06D4, 0x0964, 0x3002, 0xFF01, 0xFF1F, 0x060C:
            return nil
        default: break
        }
        let words = WordSegmenter.count(in: bytes, start..<trimmedEnd)
        guard words >= 1 && words <= 20 else { return nil }
        return start..<trimmedEnd
    }

    /// The offset of the first newline from `start` that is at most 201 bytes past it, or `nil`
    /// (a title line is at most 200 bytes; one of 201 followed by a newline still passed the byte
    /// loop this replaces, and still does). Found by `memchr`: the byte loop took ~9 instructions
    /// a byte, ~1,800 a document whose first 200 bytes are one line.
    static func newline(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count,
              let found = memchr(base + start, 0x0A, min(bytes.count - start, 202)) else { return nil }
        return start + (UnsafeRawPointer(found) - UnsafeRawPointer(base + start))
    }

    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, after range: Range<Int>) -> Int {
        var end = range.upperBound
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        return min(bytes.count, end + 1)
    }
}

enum UTF8ScanLite {
    /// The scalar that ends just before `end`: the first scalar decoded from the last lead byte
    /// before `end` (U+FFFD when the bytes there are malformed).
    static func lastScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> (UInt32, Int) {
        guard end > 0 else { return (0, 0) }
        var start = end - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        // Decoded in place (a copy of the tail into an array cost an allocation per document).
        var iterator = UnsafeBufferPointer(rebasing: bytes[start..<end]).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar.value, start) }
        return (0xFFFD, start)
    }
}
