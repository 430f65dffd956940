import XCTest

@testable import PipelineKit

/// `JSONReader.parseTopLevel(_:member:)` says where a string member's JSON text lies only when
/// writing the decoded string back (`JSONWriter.writeString`) gives exactly those bytes, so a
/// writer may copy them; and `Document.appendJSONLine(to:textJSON:)` then writes the same line.
final class CanonicalJSONTextTests: XCTestCase {
    /// The raw text of the `text` member of `line`, and its canonical range (if any).
    private func parse(_ line: String) throws -> (raw: [UInt8], decoded: String, canonical: Range<Int>?) {
        let bytes = Array(line.utf8)
        var decoded = ""
        var canonical: Range<Int>?
        try bytes.withUnsafeBufferPointer { buffer in
            _ = try JSONReader.parseTopLevel(buffer) { key, value, range in
                if key == "text" { decoded = value.stringValue!; canonical = range }
            }
        }
        return (bytes, decoded, canonical)
    }

    func testCanonicalExactlyWhenTheWriterWouldWriteTheSameBytes() throws {
        // Pieces of JSON string text: each either what the writer writes or another spelling.
        let pieces = [#"plain"#, #"é"#, #"😀"#, #"\n"#, #"\r"#, #"\t"#, #"\""#, #"\\"#, #"\u0001"#, #"\u001f"#, #"\u0000"#,
                      #"\/"#, #"\b"#, #"\f"#, #"\u001F"#, #"\u000a"#, #"\u0041"#, #"\u00e9"#, #"\ud83d\ude00"#, "/", "\u{7F}", " ",
                      String(repeating: "x", count: 17)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let count = Int.random(in: 0...6, using: &generator)
            let json = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let (bytes, decoded, canonical) = try parse(#"{"id": "a", "text": ""# + json + #"", "x": "\/"}"#)
            var written: [UInt8] = []
            JSONWriter.writeString(decoded, into: &written)
            let rawQuoted = [0x22] + Array(json.utf8) + [0x22]
            if written == rawQuoted {
                let range = try XCTUnwrap(canonical, json)
                XCTAssertEqual(Array(bytes[range]), Array(json.utf8), json)
            } else {
                XCTAssertNil(canonical, json)
            }
        }
    }

    func testALaterDuplicateTextDecidesAndNonStringsHaveNoRange() throws {
        XCTAssertNil(try parse(#"{"text": "a", "text": "b\/"}"#).canonical)
        XCTAssertEqual(try parse(#"{"text": "a\/", "text": "b"}"#).canonical, 25..<26)
        var ranges: [Range<Int>?] = []
        let bytes = Array(#"{"n": 1, "o": {"k": "v"}, "l": ["s"]}"#.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            _ = try JSONReader.parseTopLevel(buffer) { _, _, range in ranges.append(range) }
        }
        XCTAssertEqual(ranges, [nil, nil, nil])
    }

    func testTheCopiedTextWritesTheSameLine() throws {
        for json in [#"Bonjour \u00e0 tous\n\"quoted\" \\ \u0007 end"#, #"Bonjour à tous\n\"quoted\" \\ \u0007 end"#, ""] {
            let (bytes, decoded, canonical) = try parse(#"{"text":""# + json + #""}"#)
            let document = Document(id: "d", text: decoded, metadata: ["source": .string("f")],
                                    annotations: [Annotation(stage: "s", type: "t", start: -12, end: 1234567)])
            var copied: [UInt8] = []
            if let canonical {
                bytes.withUnsafeBufferPointer { document.appendJSONLine(to: &copied, textJSON: UnsafeBufferPointer(rebasing: $0[canonical])) }
                XCTAssertEqual(copied, document.jsonLineBytes())
            } else {
                XCTAssertTrue(json.contains(#"\u00e0"#))
            }
        }
        // Integers as `String(_:)` writes them.
        for value in [0, 9, 10, -1, -10, 1234567, Int.max, Int.min] {
            var out: [UInt8] = []
            JSONWriter.appendInteger(value, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), String(value))
        }
    }
}
