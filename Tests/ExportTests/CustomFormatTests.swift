import Foundation
import XCTest
@testable import Export
import PipelineKit

/// Tab-separated values: a custom format, added to an environment as a conformance.
struct TSVFormat: RenderedExportFormat {
    static let name = "tsv"
    static let features: ExportFeatures = [.columns]
    let columns: [ExportColumn]
    init(settings: ExportFormatSettings) throws { columns = settings.columns ?? [ExportColumn(name: "id"), ExportColumn(name: "text")] }
    var stdoutHeader: String? { columns.map(\.name).joined(separator: "\t") + "\n" }
    func render(_ documents: [Document], page: ExportPage) -> String {
        (page.startsOutput ? stdoutHeader! : "")
            + documents.map { d in columns.map { $0.cell(of: d).replacingOccurrences(of: "\t", with: " ") }.joined(separator: "\t") + "\n" }.joined()
    }
}

/// A store that keeps rows in memory: a custom stored format.
actor MemoryStore: ExportStore {
    static let rows = LockedValue<[String: [String]]>([:])
    let path: String
    init(path: String) { self.path = path }
    func write(_ document: Document) throws { Self.rows.withLock { $0[path, default: []].append(document.id) } }
    func close() throws {}
}

struct MemoryFormat: StoredExportFormat {
    static let name = "memory"
    init(settings: ExportFormatSettings) throws {}
    func openStore(path: String, shown: String) throws -> any ExportStore { MemoryStore(path: path) }
}

final class CustomFormatTests: XCTestCase {
    let environment = PipelineEnvironment().adding(format: TSVFormat.self).adding(format: MemoryFormat.self)

    func testACustomRenderedFormatWritesFilesAndStdout() async throws {
        let base = NSTemporaryDirectory() + "export-tsv-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let docs = [Document(id: "a", text: "one\ttwo"), Document(id: "b", text: "three")]
        let stage = try Support.stage(["format": "tsv", "path": "all.tsv", "combine": true], base: base, environment: environment)
        let (errors, _) = try await Support.run(stage, docs)
        XCTAssertEqual(errors, [nil, nil])
        XCTAssertEqual(try String(contentsOfFile: base + "/all.tsv", encoding: .utf8), "id\ttext\na\tone two\nb\tthree\n")
        // To stdout the header comes once, through the sink's stdout header.
        let (_, events) = try await Support.run(try Support.stage(["format": "tsv", "columns": ["id"]], environment: environment), docs)
        XCTAssertEqual(Support.stdout(events), "id\na\nb\n")
        // Options the format does not read are refused, naming the formats that read them.
        XCTAssertThrowsError(try Support.stage(["format": "tsv", "template": "x.mustache"], environment: environment)) { error in
            XCTAssertTrue("\(error)".contains("templates apply to text, markdown and html, not tsv"), "\(error)")
        }
    }

    func testACustomStoredFormatGetsAStorePerPath() async throws {
        let base = NSTemporaryDirectory() + "export-memory-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["format": "memory", "path": "{name}.db"], base: base, environment: environment)
        let docs = [Document(id: "a", text: "x", metadata: ["source": "one.txt"]), Document(id: "b", text: "y", metadata: ["source": "one.txt"]),
                    Document(id: "c", text: "z", metadata: ["source": "two.txt"])]
        let (errors, _) = try await Support.run(stage, docs)
        XCTAssertEqual(errors, [nil, nil, nil])
        let rows = MemoryStore.rows.withLock { $0 }
        XCTAssertEqual(rows.filter { $0.key.hasPrefix(base) }.mapValues { $0.sorted() }.sorted { $0.key < $1.key }.map(\.value), [["a", "b"], ["c"]])
        // A store needs a path and cannot be combined: the messages name the format.
        XCTAssertThrowsError(try Support.stage(["format": "memory"], environment: environment)) { error in
            XCTAssertTrue("\(error)".contains("memory needs a 'path' naming the database file"), "\(error)")
        }
    }

    func testUnknownFormatsAreNamedWithTheEnvironmentsList() {
        XCTAssertThrowsError(try Support.stage(["format": "tvs"], environment: environment)) { error in
            XCTAssertTrue("\(error)".contains("unknown format 'tvs' (did you mean 'tsv'?)"), "\(error)")
            XCTAssertTrue("\(error)".contains("text, markdown, html, json, jsonl, csv, sqlite, tsv, memory"), "\(error)")
        }
        // The built-in environment has no tsv.
        XCTAssertThrowsError(try Support.stage(["format": "tsv"]))
    }
}
