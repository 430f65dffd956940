import XCTest

@testable import PipelineKit

/// `PrettyJSONStream` writes the bytes `JSONWriter` writes for the same value when the members
/// come in sorted order: nested objects and arrays, empty ones, escaped strings, values embedded
/// at depth.
final class PrettyJSONStreamTests: XCTestCase {
    func testWritesWhatTheWriterWritesForTheSameValue() {
        let embedded: Value = .object(["uri": .string("a b/\u{E9}.txt"), "uriBaseId": .string("SRCROOT")])
        let value: Value = .object([
            "$schema": .string("s"),
            "empty": .array([]),
            "nothing": .object([:]),
            "runs": .array([
                .object([
                    "flag": .bool(true),
                    "list": .array([.int(1), .int(-22), .object(["deep": .array([.string("q\"uote\n")])])]),
                    "where": embedded,
                ]),
            ]),
        ])
        var json = PrettyJSONStream()
        json.openObject()
        json.member("$schema"); json.string("s")
        json.member("empty"); json.openArray(); json.close()
        json.member("nothing"); json.openObject(); json.close()
        json.member("runs"); json.openArray()
        json.element(); json.openObject()
        json.member("flag"); json.bool(true)
        json.member("list"); json.openArray()
        json.element(); json.int(1)
        json.element(); json.int(-22)
        json.element(); json.openObject(); json.member("deep"); json.openArray(); json.element(); json.string("q\"uote\n"); json.close(); json.close()
        json.close()
        json.member("where"); json.value(embedded)
        json.close()
        json.close()
        json.close()
        XCTAssertEqual(String(decoding: json.bytes, as: UTF8.self), JSONWriter.string(value, pretty: true))
    }

    func testAnEmptyTopLevelArrayAndObject() {
        var array = PrettyJSONStream()
        array.openArray(); array.close()
        XCTAssertEqual(array.bytes, Array("[]".utf8))
        var object = PrettyJSONStream()
        object.openObject(); object.close()
        XCTAssertEqual(object.bytes, Array("{}".utf8))
    }
}
