import XCTest

@testable import PipelineKit

/// `JSONReader`'s string decoding (plain runs copied sixteen bytes at a time into a scratch
/// buffer, escapes stored in place) against a byte-by-byte reference decoder: random strings
/// of escapes, plain runs of every length around the 16- and 32-byte steps, non-ASCII text and
/// raw invalid UTF-8, several strings per parse (one scratch buffer serves them all).
final class JSONStringDecodingTests: XCTestCase {
    /// The decoded bytes of JSON string text (the pieces below: every escape is valid).
    private func referenceDecoded(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func hex(_ at: Int) -> UInt32 { UInt32(String(decoding: json[at..<(at + 4)], as: UTF8.self), radix: 16)! }
        while i < json.count {
            guard json[i] == 0x5C else {
                out.append(json[i])
                i += 1
                continue
            }
            let letter = json[i + 1]
            i += 2
            switch letter {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = hex(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex(i + 2) - 0xDC00)
                    i += 6
                }
                out += Array(String(Unicode.Scalar(scalar)!).utf8)
            default: out.append(letter)
            }
        }
        return out
    }

    func testDecodedStringsMatchTheReference() throws {
        let pieces: [[UInt8]] = [#"\n"#, #"\""#, #"\\"#, #"\/"#, #"\t"#, #"\u0001"#, #"\u00e9"#, #"\ud83d\ude00"#, "é", "𝄞", "’"].map { Array($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        for round in 0..<4000 {
            // Two strings per line: the second decodes into the scratch the first allocated.
            var members: [[UInt8]] = []
            for _ in 0..<2 {
                var json: [UInt8] = []
                for _ in 0..<Int.random(in: 0...5, using: &generator) {
                    let plain = Int.random(in: 0...70, using: &generator)
                    json += (0..<plain).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                    json += pieces.randomElement(using: &generator)!
                }
                members.append(json)
            }
            // Some rounds end the second string with a raw byte that is not UTF-8.
            let invalid = round % 5 == 0
            if invalid { members[1] += [0x61, 0xFF, 0x62] }
            let line = Array(#"{"a": ""#.utf8) + members[0] + Array(#"", "b": ""#.utf8) + members[1] + Array(#""}"#.utf8)
            var decoded: [String: [UInt8]] = [:]
            do {
                try line.withUnsafeBufferPointer { buffer in
                    _ = try JSONReader.parseTopLevel(buffer) { key, value in decoded[key] = Array(value.stringValue!.utf8) }
                }
                XCTAssertFalse(invalid, "round \(round): invalid UTF-8 accepted")
                XCTAssertEqual(decoded["a"], referenceDecoded(members[0]), "round \(round)")
                XCTAssertEqual(decoded["b"], referenceDecoded(members[1]), "round \(round)")
            } catch let error as JSONReader.ParseError {
                XCTAssertTrue(invalid, "round \(round): \(error)")
                XCTAssertEqual(error.message, "invalid UTF-8 in string")
                // The offset is the bad byte's, in the raw line.
                XCTAssertEqual(line[error.offset], 0xFF, "round \(round)")
            }
        }
    }
}
