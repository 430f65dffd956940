import XCTest
@testable import Export
import PipelineKit

/// What a CSV or SQLite column reads from a document.
final class ExportColumnTests: XCTestCase {
    let document = Document(
        id: "d1", text: "Body.",
        metadata: [
            "title": "Talks", "a.b": "literal dotted key", "a": ["b": "inside", "c": ["x", "y"]],
            "translations": ["fr": "Pourparlers"], "n": 3, "empty": .null,
        ])

    func testNamedColumns() {
        XCTAssertEqual(ExportColumn(name: "id").value(of: document), .string("d1"))
        XCTAssertEqual(ExportColumn(name: "text").value(of: document), .string("Body."))
        XCTAssertEqual(ExportColumn(name: "metadata").value(of: document), .object(document.metadata))
        XCTAssertEqual(ExportColumn(name: "annotations").value(of: document), .array([]))
    }

    func testMetadataKeysAndDottedPaths() {
        XCTAssertEqual(ExportColumn(name: "title").value(of: document), .string("Talks"))
        // A key with the dotted name itself wins over reaching inside.
        XCTAssertEqual(ExportColumn(name: "a.b").value(of: document), .string("literal dotted key"))
        XCTAssertEqual(ExportColumn(name: "translations.fr").value(of: document), .string("Pourparlers"))
        XCTAssertEqual(ExportColumn(name: "a.c.1").value(of: document), .string("y"))
        // Empty segments are skipped, as `split` does.
        XCTAssertEqual(ExportColumn(name: "translations..fr").value(of: document), .string("Pourparlers"))
        XCTAssertNil(ExportColumn(name: "a.c.2").value(of: document))
        XCTAssertNil(ExportColumn(name: "a.missing").value(of: document))
        XCTAssertNil(ExportColumn(name: "missing").value(of: document))
        XCTAssertNil(ExportColumn(name: "title.x").value(of: document))
    }

    func testCells() {
        XCTAssertEqual(ExportColumn(name: "n").cell(of: document), "3")
        XCTAssertEqual(ExportColumn(name: "empty").cell(of: document), "")
        XCTAssertEqual(ExportColumn(name: "missing").cell(of: document), "")
        XCTAssertEqual(ExportColumn(name: "a.c").cell(of: document), "[\"x\",\"y\"]")
        XCTAssertEqual(ExportColumn(name: "title").cell(of: document), "Talks")
    }

    func testColumnsCompareByName() {
        XCTAssertEqual(ExportColumn(name: "translations.fr"), ExportColumn(name: "translations.fr"))
        XCTAssertNotEqual(ExportColumn(name: "id"), ExportColumn(name: "text"))
    }
}
