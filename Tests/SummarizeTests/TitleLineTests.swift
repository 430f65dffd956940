import PipelineKit
@testable import Summarize
import XCTest

/// ``Summarizer/newline(_:from:)``, with which the title line's end is found by `memchr`, answers
/// as the byte loop it replaces (which stopped at a newline or 201 bytes past the start, and
/// accepted a newline there), and titles are found at that limit.
final class TitleLineTests: XCTestCase {
    /// The newline as the byte loop found it.
    private static func referenceNewline(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var end = start
        while end < bytes.count && bytes[end] != 0x0A && end - start <= 200 { end += 1 }
        return end < bytes.count && bytes[end] == 0x0A ? end : nil
    }

    func testTheNewlineIsFoundAsByTheByteLoop() {
        var generator = SplitMix64(seed: 111)
        var found = 0, atLimit = 0
        for _ in 0..<4_000 {
            // Newlines at random places, often around the 201-byte limit, or none.
            var bytes = [UInt8](repeating: 0x61, count: Int.random(in: 0...260, using: &generator))
            for _ in 0..<Int.random(in: 0...2, using: &generator) where !bytes.isEmpty {
                let near = Int.random(in: 195...206, using: &generator)
                bytes[Bool.random(using: &generator) ? Int.random(in: 0..<bytes.count, using: &generator) : min(near, bytes.count - 1)] = 0x0A
            }
            let start = Int.random(in: 0...min(3, bytes.count), using: &generator)
            bytes.withUnsafeBufferPointer { bytes in
                let newline = Summarizer.newline(bytes, from: start)
                XCTAssertEqual(newline, Self.referenceNewline(bytes, from: start), "\(bytes.count) bytes from \(start)")
                if let newline { found += 1; if newline - start == 201 { atLimit += 1 } }
            }
        }
        XCTAssertGreaterThan(found, 500)
        XCTAssertGreaterThan(atLimit, 10)
        [UInt8]().withUnsafeBufferPointer { XCTAssertNil(Summarizer.newline($0, from: 0)) }
    }

    func testTitlesUpToTheLimit() {
        for (length, isTitle) in [(1, true), (200, true), (201, true), (202, false)] {
            let bytes = Array((String(repeating: "w", count: length) + "\nThe body sentence is here.").utf8)
            bytes.withUnsafeBufferPointer { XCTAssertEqual(Summarizer.titleLine($0), isTitle ? 0..<length : nil, "\(length)") }
        }
        for text in ["", " ", "\n", " \n\t\r\n", "Title\n", "Title\n  \n", "A sentence.\nMore."] {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { XCTAssertNil(Summarizer.titleLine($0), text.debugDescription) }
        }
    }
}
