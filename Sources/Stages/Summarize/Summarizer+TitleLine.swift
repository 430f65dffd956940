import Foundation
import TextKit

// The title line at the top of a document.
extension Summarizer {
    /// The first line, when it is a title: at most 20 words and 200 bytes, no terminal
    /// punctuation, and followed by more text on later lines.
    static func titleLine(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let n = b.count
        var s = 0
        while s < n && (b[s] == 0x20 || b[s] == 0x09 || b[s] == 0x0D || b[s] == 0x0A) { s += 1 }
        var e = s
        while e < n && b[e] != 0x0A && e - s <= 200 { e += 1 }
        guard e < n, b[e] == 0x0A, e > s else { return nil }
        var rest = e
        while rest < n && (b[rest] == 0x20 || b[rest] == 0x09 || b[rest] == 0x0D || b[rest] == 0x0A) { rest += 1 }
        guard rest < n else { return nil }
        var t = e
        while t > s && (b[t - 1] == 0x20 || b[t - 1] == 0x0D || b[t - 1] == 0x09) { t -= 1 }
        let (last, _) = UTF8ScanLite.lastScalar(b, t)
        switch last {
        case 0x2E, 0x21, 0x3F, 0x3A, 0x3B, 0x2C, 0x2026, 0x061F, 0x06D4, 0x0964, 0x3002, 0xFF01, 0xFF1F, 0x060C:
            return nil
        default: break
        }
        let words = WordSegmenter.count(in: b, s..<t)
        guard words >= 1 && words <= 20 else { return nil }
        return s..<t
    }

    static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, after r: Range<Int>) -> Int {
        var e = r.upperBound
        while e < b.count && b[e] != 0x0A { e += 1 }
        return min(b.count, e + 1)
    }
}

enum UTF8ScanLite {
    /// The scalar that ends just before `end`.
    static func lastScalar(_ b: UnsafeBufferPointer<UInt8>, _ end: Int) -> (UInt32, Int) {
        guard end > 0 else { return (0, 0) }
        var s = end - 1
        while s > 0 && b[s] & 0xC0 == 0x80 { s -= 1 }
        let bytes = Array(b[s..<end])
        var it = bytes.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let v) = decoder.decode(&it) { return (v.value, s) }
        return (0xFFFD, s)
    }
}
