import Foundation
@testable import PipelineKit
import XCTest

final class ScalarOffsetsTests: XCTestCase {
    /// Scalar offsets counted the slow, obvious way.
    private func naive(_ text: String, byte: Int) -> Int {
        String(decoding: Array(text.utf8).prefix(byte), as: UTF8.self).unicodeScalars.count
    }

    func testEveryBoundaryMatchesTheObviousCountForwardAndBackward() {
        // ASCII runs longer than a word (8 bytes), 2-, 3- and 4-byte scalars, combining marks.
        let text = "plain ascii text, then é and ü, 東京 and 🙂🙂, then e\u{301} and more ascii at the end"
        let bytes = Array(text.utf8)
        let boundaries = (0...bytes.count).filter { $0 == bytes.count || bytes[$0] & 0xC0 != 0x80 }
        var offsets = ScalarOffsets(text)
        for byte in boundaries { XCTAssertEqual(offsets.scalarOffset(ofByte: byte), naive(text, byte: byte), "byte \(byte)") }
        for byte in boundaries.reversed() { XCTAssertEqual(offsets.scalarOffset(ofByte: byte), naive(text, byte: byte), "back to byte \(byte)") }
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = ScalarOffsets.Cursor(buffer)
            for byte in boundaries { XCTAssertEqual(cursor.scalarOffset(ofByte: byte), naive(text, byte: byte)) }
            XCTAssertEqual(cursor.scalarRange(ofBytes: 0..<bytes.count), 0..<text.unicodeScalars.count)
            for from in boundaries.prefix(20) {
                for to in boundaries where to >= from {
                    XCTAssertEqual(ScalarOffsets.count(in: buffer, from: from, to: to), naive(text, byte: to) - naive(text, byte: from))
                }
            }
        }
    }

    /// A string made of ASCII knows it (`isKnownASCII`), one with any other scalar does not, and
    /// a cursor told the bytes are ASCII answers as one that counts them.
    func testKnownASCIIStringsNeedNoCounting() {
        let ascii = String(decoding: Array("plain ascii text, long enough to be stored on the heap".utf8), as: UTF8.self)
        let other = String(decoding: Array("plain text with é, long enough to be stored on the heap".utf8), as: UTF8.self)
        XCTAssertFalse(other.isKnownASCII)
        #if os(Linux)
        XCTAssertTrue(ascii.isKnownASCII)
        #endif
        let bytes = Array(ascii.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var counting = ScalarOffsets.Cursor(buffer)
            var known = ScalarOffsets.Cursor(buffer, isASCII: true)
            for byte in [0, 5, 5, 17, 3, bytes.count, bytes.count + 4] {
                XCTAssertEqual(known.scalarOffset(ofByte: byte), counting.scalarOffset(ofByte: byte), "byte \(byte)")
            }
        }
    }

    /// Long runs: more than 255 sixteen-byte chunks of continuation bytes (the lane counters
    /// fold into the total before they could wrap), at every alignment of the start.
    func testLongRunsOfMultibyteScalarsCountExactly() {
        let text = String(repeating: "中", count: 3000) + String(repeating: "a", count: 5000) + String(repeating: "🙂é", count: 1500) + "end"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            XCTAssertEqual(ScalarOffsets.count(in: buffer, from: 0, to: buffer.count), text.unicodeScalars.count)
            for from in [0, 3, 6, 9, 12, 15, 18, 21, 24] {
                XCTAssertEqual(ScalarOffsets.count(in: buffer, from: from, to: buffer.count), text.unicodeScalars.count - from / 3)
            }
            XCTAssertEqual(ScalarOffsets.count(in: buffer, from: 9000, to: 14000), 5000)
        }
    }

    /// Every range of short buffers (the word-at-a-time rest and the last part word that reaches
    /// back before `from`), mixed scalars at every alignment, against a byte-by-byte count.
    func testEveryRangeOfShortBuffersCountsLikeTheByteTest() {
        let pieces = ["a", "é", "東", "🙂", "e\u{301}", "z", "ü"]
        for length in 0..<48 {
            var text = ""
            var k = length
            while text.utf8.count < length {
                text += pieces[k % pieces.count]
                k = k &* 5 &+ 3
            }
            let bytes = Array(text.utf8.prefix(length))
            bytes.withUnsafeBufferPointer { buffer in
                for from in 0...length {
                    for to in from...length + 2 {
                        let expected = bytes[from..<min(to, length)].filter { $0 & 0xC0 != 0x80 }.count
                        XCTAssertEqual(ScalarOffsets.count(in: buffer, from: from, to: to), expected, "length \(length), \(from)..<\(to)")
                    }
                }
            }
        }
    }

    func testContinuationCountOfAWordCountsEachByte() {
        for value in 0...255 {
            for lane in 0..<8 {
                let word = UInt64(value) << UInt64(lane * 8) | (lane == 0 ? 0 : 0x41)
                XCTAssertEqual(ScalarOffsets.continuationCount(word), value & 0xC0 == 0x80 ? 1 : 0, "byte \(value) in lane \(lane)")
            }
        }
        XCTAssertEqual(ScalarOffsets.continuationCount(0x8080_8080_8080_8080), 8)
        XCTAssertEqual(ScalarOffsets.continuationCount(0xBFBF_BFBF_BFBF_BFBF), 8)
        XCTAssertEqual(ScalarOffsets.continuationCount(0xC0C0_C0C0_C0C0_C0C0), 0)
    }

    func testOffsetsPastTheEndStopAtTheEnd() {
        var offsets = ScalarOffsets("añb")
        XCTAssertEqual(offsets.scalarOffset(ofByte: 99), 3)
    }
}
