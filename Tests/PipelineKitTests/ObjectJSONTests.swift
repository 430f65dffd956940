import XCTest

@testable import PipelineKit

/// `JSONWriter.writeObject(_:into:)` on a dictionary writes an object of scalars in one claim
/// of room (`writeScalarMembers`); it must give exactly the bytes of the member-by-member
/// writer over the members sorted by key.
final class ObjectJSONTests: XCTestCase {
    private let values: [Value] = [.null, .bool(false), .bool(true), .int(0), .int(7), .int(-12), .int(Int.min), .int(Int.max),
                                   .double(0.6352), .double(-0.0), .double(1e300), .double(.nan), .double(3.0), .string(""),
                                   .string("summary \"quoted\" \\ line\nnext é 東 🙂"), .string(String(repeating: "\u{1}", count: 20))]
    private let keys = ["source", "summary", "", "a", "Z", "é", "e\u{301}", "\"", "\u{1F}", "title", "language", "k\\ey"]

    /// The reference: the members sorted as `JSONWriter` sorts keys, written one by one.
    private func reference(_ object: [String: Value], pretty: Bool = false) -> String {
        var out: [UInt8] = []
        JSONWriter.writeObject(object.sorted { $0.key < $1.key }, into: &out, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    private func direct(_ object: [String: Value], pretty: Bool = false, after prefix: String = "") -> String {
        var out = Array(prefix.utf8)
        JSONWriter.writeObject(object, into: &out, pretty: pretty)
        return String(decoding: out, as: UTF8.self)
    }

    func testEveryScalarKindAloneUnderEveryKey() {
        XCTAssertEqual(direct([:]), "{}")
        for key in keys {
            for value in values {
                XCTAssertEqual(direct([key: value], after: "x"), "x" + reference([key: value]), "\(key): \(value)")
            }
        }
    }

    /// Metadata as the brief's stages leave it, and objects of every size up to past the stack
    /// limit of `SortedMembers`, with every kind of value.
    func testObjectsOfScalarsOfEverySize() {
        let metadata: [String: Value] = ["source": .string("-"), "summary": .string("One. Two \"three\".")]
        XCTAssertEqual(direct(metadata), reference(metadata))
        XCTAssertEqual(direct(metadata), #"{"source":"-","summary":"One. Two \"three\"."}"#)
        for size in 0...(SortedMembers.maxOnStack + 3) {
            var object: [String: Value] = [:]
            for index in 0..<size { object[index < keys.count ? keys[index] : "key\(index)"] = values[(index * 5) % values.count] }
            XCTAssertEqual(direct(object, after: "prefix"), "prefix" + reference(object), "\(size) members")
        }
    }

    /// A list or an object among the members, and pretty output, take the member-by-member writer.
    func testListsObjectsAndPrettyOutputTakeTheGenericWriter() {
        let nested: [String: Value] = ["a": .int(1), "list": .array([.int(1), .string("x")]), "z": .object(["b": .null, "a": .bool(true)])]
        XCTAssertEqual(direct(nested, after: "p"), "p" + reference(nested))
        XCTAssertEqual(direct(["only": .array([])]), reference(["only": .array([])]))
        let flat: [String: Value] = ["source": .string("s"), "summary": .string("t")]
        XCTAssertEqual(direct(flat, pretty: true), reference(flat, pretty: true))
        XCTAssertEqual(direct(["one": .int(1)], pretty: true), reference(["one": .int(1)], pretty: true))
    }
}
