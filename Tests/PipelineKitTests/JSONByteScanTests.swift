import Foundation
import XCTest

@testable import PipelineKit

/// The word-at-a-time scans against byte-by-byte answers, at every position around the 8- and
/// 16-byte steps, and the fast UTF-8 check against `String(validating:)`.
final class JSONByteScanTests: XCTestCase {
    func testFirstSpecialFindsTheFirstQuoteBackslashOrControlByteAtEveryPosition() {
        // Bytes just either side of each special one, so a loose bit test would misfire.
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x1F]
        let plains: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        for length in 0..<40 {
            for position in 0...length {
                for (k, special) in specials.enumerated() {
                    var bytes = (0..<length).map { plains[($0 + k + length) % plains.count] }
                    if position < length { bytes[position] = special }
                    // A second special later must not move the answer.
                    if position + 3 < length { bytes[position + 3] = specials[(k + 1) % specials.count] }
                    for from in Set([0, min(position, 1), position]) where from <= length {
                        var seen: UInt64 = 0
                        let found = bytes.withUnsafeBufferPointer { JSONByteScan.firstSpecial(in: $0, from: from, seen: &seen) }
                        let expected = bytes[from...].firstIndex(where: JSONByteScan.isSpecial) ?? length
                        XCTAssertEqual(found, expected, "length \(length), special \(special) at \(position), from \(from)")
                        let passedHigh = bytes[from..<expected].contains { $0 >= 0x80 }
                        XCTAssertEqual(seen & JSONByteScan.highs != 0, passedHigh, "length \(length), position \(position)")
                    }
                }
            }
        }
    }

    func testSpecialMaskAgreesWithTheByteTestForEveryByteValueInEveryLane() {
        for value in 0...255 {
            for lane in 0..<8 {
                // The other lanes hold an ordinary byte.
                var word: UInt64 = 0x4141_4141_4141_4141
                word &= ~(0xFF << (UInt64(lane) * 8))
                word |= UInt64(value) << (UInt64(lane) * 8)
                let mask = JSONByteScan.specialMask(word)
                if JSONByteScan.isSpecial(UInt8(value)) {
                    XCTAssertEqual(mask.trailingZeroBitCount >> 3, lane, "byte \(value) in lane \(lane)")
                } else {
                    XCTAssertEqual(mask, 0, "byte \(value) in lane \(lane)")
                }
            }
        }
    }

    func testUTF8CheckAgreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            [0x61], [0x7F], Array("é".utf8), Array("€".utf8), Array("𝄞".utf8), [0x80], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xE0, 0x80, 0xAF], [0xE0, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0xC2, 0x41],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = Array(repeating: 0x62, count: Int.random(in: 0..<20, using: &generator))
            for _ in 0..<Int.random(in: 0..<4, using: &generator) {
                bytes.insert(contentsOf: pieces.randomElement(using: &generator)!, at: Int.random(in: 0...bytes.count, using: &generator))
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let offset = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
            XCTAssertEqual(offset == nil, valid, "round \(round): \(bytes)")
            // The fast form and the generic form name the same byte.
            XCTAssertEqual(offset, UTF8Validation.firstInvalidIndex(in: bytes), "round \(round): \(bytes)")
            XCTAssertEqual(offset, UTF8Validation.firstInvalidIndex(in: bytes.lazy.map { $0 }), "round \(round): \(bytes)")
            if let offset {
                // Everything before the bad byte is valid, and the bad byte starts no valid sequence.
                XCTAssertNotNil(String(validating: bytes[..<offset], as: UTF8.self))
            }
        }
    }

    func testAStringFromCheckedBytesEqualsTheValidatedOne() {
        for text in ["", "a", "plain ascii text longer than sixteen bytes", "héllo wörld ✓ 𝄞", String(repeating: "ß", count: 40)] {
            let bytes = Array(text.utf8)
            let made = bytes.withUnsafeBufferPointer { UTF8Validation.string(validUTF8: $0, isASCII: !text.utf8.contains { $0 >= 0x80 }) }
            XCTAssertEqual(made, text)
            XCTAssertEqual(made.unicodeScalars.count, text.unicodeScalars.count)
        }
    }

    func testTheWriterEscapesEveryControlByteAndCopiesTheRest() {
        var text = ""
        for scalar in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(UInt8(scalar))) }
        text += "é𝄞"
        var out: [UInt8] = []
        JSONWriter.writeString(text, into: &out)
        var expected = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": expected += "\\\""
            case "\\": expected += "\\\\"
            case "\n": expected += "\\n"
            case "\r": expected += "\\r"
            case "\t": expected += "\\t"
            case _ where scalar.value < 0x20: expected += String(format: "\\u%04x", scalar.value)
            default: expected.unicodeScalars.append(scalar)
            }
        }
        expected += "\""
        XCTAssertEqual(String(decoding: out, as: UTF8.self), expected)
        XCTAssertEqual(try JSONReader.parse(String(decoding: out, as: UTF8.self)), .string(text))
    }
}
