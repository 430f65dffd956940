import Foundation
import XCTest

@testable import PipelineKit

/// The vector scans against byte-by-byte answers, at every position around the 16-, 32-
/// and 64-byte steps, and the fast UTF-8 check against `String(validating:)`.
final class JSONByteScanTests: XCTestCase {
    func testFirstSpecialFindsTheFirstQuoteBackslashOrControlByteAtEveryPosition() {
        // Bytes just either side of each special one, so a loose bit test would misfire.
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x1F]
        let plains: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        for length in 0..<72 {
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

    func testSpecialLanesAgreeWithTheByteTestForEveryByteValueInEveryLane() {
        for value in 0...255 {
            for lane in 0..<16 {
                // The other lanes hold an ordinary byte.
                var chunk = JSONByteScan.Chunk(repeating: 0x41)
                chunk[lane] = UInt8(value)
                let lanes = JSONByteScan.specialLanes(chunk)
                if JSONByteScan.isSpecial(UInt8(value)) {
                    XCTAssertTrue(JSONByteScan.any(lanes), "byte \(value) in lane \(lane)")
                    XCTAssertEqual(JSONByteScan.firstLane(lanes), lane, "byte \(value) in lane \(lane)")
                } else {
                    XCTAssertFalse(JSONByteScan.any(lanes), "byte \(value) in lane \(lane)")
                }
            }
        }
    }

    /// The word test of the last eight bytes: every byte value in every byte of the word, with
    /// a special byte before or after it, finds the first special byte.
    func testSpecialBytesOfAWordMarkTheFirstSpecialByte() {
        for value in 0...255 {
            for lane in 0..<8 {
                for other in [nil, 0x22, 0x00, 0x5C] as [UInt8?] {
                    var bytes = [UInt8](repeating: 0x41, count: 8)
                    bytes[lane] = UInt8(value)
                    if let other { bytes[(lane + 3) % 8] = other }
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let marks = JSONByteScan.specialBytes(word)
                    let expected = bytes.firstIndex(where: JSONByteScan.isSpecial)
                    XCTAssertEqual(marks == 0 ? nil : marks.trailingZeroBitCount >> 3, expected, "byte \(value) in lane \(lane), other \(String(describing: other))")
                }
            }
        }
    }

    func testCopyPlainRunCopiesWhatFirstSpecialPassesOver() {
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x0A, 0x1F]
        let plains: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        for length in 0..<80 {
            for position in [0, 1, 15, 16, 17, 31, 32, 33, 47, 63, 64, length - 1, length] where position >= 0 && position <= length {
                for (k, special) in specials.enumerated() {
                    var bytes = (0..<length).map { plains[($0 * 7 + k) % plains.count] }
                    if position < length { bytes[position] = special }
                    for from in Set([0, min(position, 3), position]) where from <= length {
                        // Exactly the room `copyPlainRun` asks for, and a guard byte after it.
                        let room = length - from
                        var destination = [UInt8](repeating: 0xEE, count: room + 1)
                        var seen: UInt64 = 0, scanSeen: UInt64 = 0
                        let found = bytes.withUnsafeBufferPointer { source in
                            destination.withUnsafeMutableBufferPointer { JSONByteScan.copyPlainRun(from: source, at: from, to: $0.baseAddress!, seen: &seen) }
                        }
                        let scanned = bytes.withUnsafeBufferPointer { JSONByteScan.firstSpecial(in: $0, from: from, seen: &scanSeen) }
                        XCTAssertEqual(found, scanned, "length \(length), special at \(position), from \(from)")
                        XCTAssertEqual(Array(destination[..<(found - from)]), Array(bytes[from..<found]), "length \(length), from \(from)")
                        XCTAssertEqual(destination[room], 0xEE, "wrote past the room: length \(length), from \(from)")
                        XCTAssertEqual(seen & JSONByteScan.highs != 0, scanSeen & JSONByteScan.highs != 0)
                    }
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
            // Every other round long enough for the 64-byte ASCII step.
            var bytes: [UInt8] = Array(repeating: 0x62, count: Int.random(in: 0..<(round % 2 == 0 ? 20 : 200), using: &generator))
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

    func testEveryLeadAndSecondByteIsJudgedAsStringValidatingDoes() {
        // Every lead byte from 0x80 with every second byte, and continuation or ASCII bytes after
        // them, padded with ASCII (the four-byte path) and not (the tail's path).
        for lead in 0x80...0xFF {
            for second in 0...0xFF {
                for (third, fourth) in [(0x80, 0x80), (0xBF, 0xBF), (0x41, 0x80), (0x80, 0x41), (0xC0, 0x80)] {
                    let sequence = [UInt8(lead), UInt8(second), UInt8(third), UInt8(fourth)]
                    for bytes in [sequence + Array("abcd".utf8), sequence] {
                        let valid = String(validating: bytes, as: UTF8.self) != nil
                        let offset = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
                        XCTAssertEqual(offset == nil, valid, "\(bytes)")
                        XCTAssertEqual(offset, UTF8Validation.firstInvalidIndex(in: bytes.lazy.map { $0 }), "\(bytes)")
                    }
                }
            }
        }
    }

    func testUTF8CheckReadsNothingPastTheEnd() {
        // A valid prefix of every length (ASCII, and ASCII after a two-byte scalar), followed in
        // memory by a byte that is invalid on its own: a check that looked past the end of its
        // buffer (a 64-byte step that landed exactly on it) would call the prefix invalid.
        for lead in [[], Array("é".utf8), Array("✓".utf8)] {
            for length in 0..<200 {
                let bytes = lead + [UInt8](repeating: 0x61, count: length) + [0xFF, 0xFF, 0xFF, 0xFF]
                let valid = lead.count + length
                let offset = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: $0[..<valid])) }
                XCTAssertNil(offset, "lead \(lead), length \(length)")
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
