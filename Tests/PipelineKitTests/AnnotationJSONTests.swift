import PipelineKit
import XCTest

/// `Annotation.appendJSON(to:)` writes the contract fields from a fixed layout merged with the
/// sorted attributes; it must give exactly the bytes of the generic writer over `jsonValue`.
final class AnnotationJSONTests: XCTestCase {
    /// The reference: the generic writer over the annotation's `Value` object.
    private func reference(_ annotation: Annotation) -> String {
        JSONWriter.string(annotation.jsonValue)
    }

    private func direct(_ annotation: Annotation) -> String {
        var out: [UInt8] = []
        annotation.appendJSON(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func assertSameBytes(_ attributes: [String: Value], file: StaticString = #filePath, line: UInt = #line) {
        let annotation = Annotation(stage: "summa\"rize", type: "summary-sentence", start: -3, end: 1234, attributes: attributes)
        XCTAssertEqual(direct(annotation), reference(annotation), "attributes \(attributes.keys.sorted())", file: file, line: line)
    }

    func testASummarySentenceIsWrittenAsTheGenericWriterWritesIt() {
        let annotation = Annotation(stage: "summarize", type: "summary-sentence", start: 0, end: 134,
                                    attributes: ["rank": .int(1), "score": .double(1.5309)])
        XCTAssertEqual(direct(annotation), #"{"end":134,"rank":1,"score":1.5309,"stage":"summarize","start":0,"type":"summary-sentence"}"#)
        XCTAssertEqual(direct(annotation), reference(annotation))
    }

    func testNoAttributes() {
        assertSameBytes([:])
    }

    /// Without attributes the object is written in one claim of room (`JSONByteCursor`):
    /// every integer width and sign, and stage and type names that need escapes, are empty or
    /// are not ASCII, after bytes already in the array.
    func testNoAttributesWithEveryIntegerWidthAndEscapedNames() {
        let integers = [0, 9, 10, -1, -10, 99, 100, 12345, Int.max, Int.min, Int.min + 1, 1 << 40]
        let names = ["", "redact", "a\"b\\c", "\n\t\u{1}\u{1F}", "é€𝄞", String(repeating: "\"", count: 40)]
        for start in integers {
            for end in integers {
                for stage in names {
                    let annotation = Annotation(stage: stage, type: names[(names.firstIndex(of: stage)! + 1) % names.count], start: start, end: end)
                    var out: [UInt8] = Array("prefix".utf8)
                    annotation.appendJSON(to: &out)
                    XCTAssertEqual(String(decoding: out, as: UTF8.self), "prefix" + reference(annotation), "\(start) \(end) \(stage.debugDescription)")
                }
            }
        }
    }

    /// Attribute keys before, between and after every contract key, alone and together.
    func testAttributesMergeWithTheContractKeysInSortedOrder() {
        let keys = ["", "a", "Z", "end0", "en", "f", "rank", "stag", "stage0", "stagf", "star", "start0", "t", "typ", "type0", "zz",
                    "é", "e\u{301}nd", "ü", "\u{1F600}", "\""]
        let values: [Value] = [.int(-7), .double(0.25), .string("x\ny"), .null, .bool(true), .array([.int(1), .string("a")]),
                               .object(["b": .int(2), "a": .int(1)])]
        for (index, key) in keys.enumerated() {
            assertSameBytes([key: values[index % values.count]])
        }
        for first in keys {
            for second in keys where second != first {
                assertSameBytes([first: .int(1), second: .double(2.5)])
            }
        }
        assertSameBytes(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, values[$0 % values.count]) }))
    }

    /// Scalar attributes are written in the same claim of room as the contract fields: keys and
    /// strings that escape to six bytes a byte, every scalar kind, small and large objects
    /// (sorted on the stack and through an array), after bytes already in the array.
    func testScalarAttributesOfEveryKindInOneClaim() {
        let worst = String(repeating: "\u{1}", count: 30)
        let values: [Value] = [.null, .bool(false), .bool(true), .int(Int.min), .int(0), .double(-0.0), .double(1e300), .double(-2.2250738585072014e-308),
                               .double(0.6352), .double(.nan), .string(""), .string(worst), .string("é\"\\")]
        for count in [1, 2, 3, 16, 17, 30] {
            var attributes: [String: Value] = [:]
            for index in 0..<count { attributes[index % 2 == 0 ? "k\(index)" + worst : "\(index)"] = values[index % values.count] }
            let annotation = Annotation(stage: worst, type: "t", start: Int.min, end: Int.max, attributes: attributes)
            var out: [UInt8] = Array("prefix".utf8)
            annotation.appendJSON(to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "prefix" + reference(annotation), "\(count) attributes")
        }
    }

    /// An attribute named like a contract field is overridden by the field, as in `jsonValue`.
    func testAnAttributeNamedLikeAContractFieldIsOverridden() {
        for key in ["end", "stage", "start", "type"] {
            assertSameBytes([key: .string("attribute")])
            assertSameBytes([key: .string("attribute"), "rank": .int(2)])
        }
        let annotation = Annotation(stage: "s", type: "t", start: 1, end: 2, attributes: ["stage": .string("other")])
        XCTAssertEqual(direct(annotation), #"{"end":2,"stage":"s","start":1,"type":"t"}"#)
    }

    /// The merge meets a contract-named key after it wrote other attributes and fields: what it
    /// wrote is taken back and the generic writer writes the object after the bytes already there.
    func testAContractKeyFoundMidWayLeavesNothingOfTheMergedWrite() {
        for key in ["end", "stage", "start", "type"] {
            let annotation = Annotation(stage: "s", type: "t", start: 1, end: 2,
                                        attributes: ["a": .int(1), "rank": .int(3), key: .string("x"), "zz": .double(0.5)])
            var out: [UInt8] = Array("prefix,".utf8)
            annotation.appendJSON(to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "prefix," + reference(annotation), key)
        }
    }
}
