import Foundation
import PipelineKit
import XCTest

@testable import PipelineRunner

/// What the reference `pipeline` made of one non-blank line of the awkward corpus.
enum JSONLinesAwkwardExpectation {
    /// A document whose output JSON line has this length and FNV-1a 64 hash.
    case document(line: Int, bytes: Int, fnv: UInt64)
    /// An error message (as printed after `FILE:LINE: error: `).
    case error(line: Int, String)
}

/// The JSON-lines reader and writer give, line by line, the same output bytes and the same
/// errors (with their columns) as the reference build on a corpus of awkward inputs: escapes
/// at every position around the word boundaries the scans use, surrogates, invalid UTF-8,
/// control bytes, deep metadata, huge strings, numbers, duplicate keys
/// (`scripts/make_json_awkward_cases.py` built the corpus and recorded the reference's answers).
final class JSONLinesAwkwardTests: XCTestCase {
    static func corpus() -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, line) in JSONLinesAwkwardCases.lines.enumerated() {
            if index > 0 { bytes.append(0x0A) }
            bytes += Data(base64Encoded: line.prefix)!
            let unit = Data(base64Encoded: line.unit)!
            for _ in 0..<line.count { bytes += unit }
            bytes += Data(base64Encoded: line.suffix)!
        }
        bytes.append(0x0A)
        return bytes
    }

    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    func testEveryLineGivesTheReferenceOutputOrError() {
        let lines = InputDecoding.jsonLines(Self.corpus(), source: "awkward.jsonl", id: "awkward")
        XCTAssertEqual(lines.count, JSONLinesAwkwardCases.expected.count)
        var documents = 0
        var errors = 0
        for (line, expected) in zip(lines, JSONLinesAwkwardCases.expected) {
            switch (line.result, expected) {
            case (.success(let document), .document(let number, let length, let hash)):
                XCTAssertEqual(line.number, number)
                let output = document.jsonLineBytes()
                XCTAssertEqual(output.count, length, "line \(number): output length differs from the reference")
                XCTAssertEqual(Self.fnv1a64(output), hash, "line \(number): output bytes differ from the reference")
                documents += 1
            case (.failure(let failure), .error(let number, let message)):
                XCTAssertEqual(line.number, number)
                XCTAssertEqual(failure.message, message, "line \(number)")
                errors += 1
            default:
                XCTFail("line \(line.number): \(line.result) but the reference gave \(expected)")
            }
        }
        // The corpus exercises both sides (a corpus that only fails would prove little).
        XCTAssertGreaterThan(documents, 800)
        XCTAssertGreaterThan(errors, 400)
    }

    /// The hash is not blind: a changed byte changes it.
    func testTheHashSeesOneChangedByte() {
        let bytes = Array(#"{"id":"t","text":"a"}"#.utf8)
        var changed = bytes
        changed[18] = UInt8(ascii: "b")
        XCTAssertNotEqual(Self.fnv1a64(bytes), Self.fnv1a64(changed))
    }
}
