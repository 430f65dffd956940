@testable import Summarize
import TextKit
import XCTest

/// ``Summarizer/titleLine(_:)``, which finds the first line's end with `memchr`, answers as the
/// byte loop it replaces, around the 200-byte limit in particular.
final class TitleLineTests: XCTestCase {
    /// The title line as it was found: the first line's end by a byte loop that stops at a newline
    /// or 201 bytes past the line's start.
    private static func referenceTitleLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let count = bytes.count
        var start = 0
        while start < count && (bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0D || bytes[start] == 0x0A) { start += 1 }
        var firstLineEnd = start
        while firstLineEnd < count && bytes[firstLineEnd] != 0x0A && firstLineEnd - start <= 200 { firstLineEnd += 1 }
        guard firstLineEnd < count, bytes[firstLineEnd] == 0x0A, firstLineEnd > start else { return nil }
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

    func testTheFirstLineIsFoundAsByTheByteLoop() {
        var generator = SeededGenerator(seed: 111)
        // Short words, spaces and the odd long run without spaces: lines of 1 to 20 words and
        // lines of 195-210 bytes (at the limit) both occur.
        let pieces = ["a", "Talks", "stall", " ", " ", "\r", "\t", "é", "今天", ".", "x".padding(toLength: 40, withPad: "x", startingAt: 0)]
        var titles = 0, longTitles = 0
        for round in 0..<4_000 {
            var text = String(repeating: [" ", "\n", "\t", "\r\n"].randomElement(using: &generator)!, count: Int.random(in: 0...2, using: &generator))
            if round % 2 == 0 {
                // A first line of exactly 195-210 bytes (ASCII), then a newline.
                text += String(repeating: "w", count: Int.random(in: 195...210, using: &generator))
            } else {
                while text.utf8.count < Int.random(in: 0...260, using: &generator) { text += pieces.randomElement(using: &generator)! }
            }
            text += ["\n", "\n\n", " \n", "", "\r\n"].randomElement(using: &generator)!
            text += ["The body sentence is here.", "", " ", "\n", "More."].randomElement(using: &generator)!
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                let title = Summarizer.titleLine(bytes)
                XCTAssertEqual(title, Self.referenceTitleLine(bytes), "\(text.debugDescription)")
                if let title { titles += 1; if title.count > 200 { longTitles += 1 } }
            }
        }
        // Both answers occur, and titles at the limit (201 bytes) among them.
        XCTAssertGreaterThan(titles, 500)
        XCTAssertLessThan(titles, 3_500)
        XCTAssertGreaterThan(longTitles, 10)
    }

    func testEmptyAndBlankTextsHaveNoTitle() {
        for text in ["", " ", "\n", " \n\t\r\n", "Title\n", "Title\n  \n"] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { XCTAssertNil(Summarizer.titleLine($0), text.debugDescription) }
        }
    }
}
