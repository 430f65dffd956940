import PipelineKit
import XCTest

/// `Document.appendJSONLine` (its head written in one claim of room, the text escaped or copied
/// as read) against the generic writer over `jsonValue`, for ids and texts that need escapes,
/// empty and non-empty metadata, with and without annotations.
final class DocumentJSONLineTests: XCTestCase {
    private func reference(_ document: Document) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.writeObject(document.jsonValue, into: &out)
        return out
    }

    func testLinesMatchTheGenericWriter() {
        let ids = ["", "d0", "a\"b\\c\n\u{1}", "é€𝄞", String(repeating: "\"", count: 70)]
        let texts = ["", "x", "Bonjour à tous,\n\"Star Trek\"\t\\", String(repeating: "\u{0}", count: 20)]
        let metadatas: [[String: Value]] = [[:], ["lang": .string("en")], ["b": .int(2), "a": .null]]
        let annotationSets = [[], [Annotation(stage: "redact", type: "email", start: 3, end: 10)],
                              [Annotation(stage: "s", type: "t", start: -1, end: 0, attributes: ["rank": .int(1)]),
                               Annotation(stage: "re\"dact", type: "phone", start: 0, end: Int.max)]]
        for id in ids {
            for text in texts {
                for metadata in metadatas {
                    for annotations in annotationSets {
                        let document = Document(id: id, text: text, metadata: metadata, annotations: annotations)
                        var out: [UInt8] = Array("prefix".utf8)
                        document.appendJSONLine(to: &out)
                        XCTAssertEqual(out, Array("prefix".utf8) + reference(document), "\(id.debugDescription) \(text.debugDescription)")
                    }
                }
            }
        }
    }
}
