import CSQLite
import Foundation
import XCTest
@testable import Export
import PipelineKit

/// The sqlite format: one row per document, upserted by id.
final class SQLiteTests: XCTestCase {
    /// All rows of `table` as `[column: text]`, ordered by id.
    private func rows(_ path: String, table: String = "documents") throws -> [[String: String]] {
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil), SQLITE_OK)
        defer { sqlite3_close(db) }
        var stmt: OpaquePointer?
        XCTAssertEqual(sqlite3_prepare_v2(db, "SELECT * FROM \"\(table)\" ORDER BY id", -1, &stmt, nil), SQLITE_OK)
        defer { sqlite3_finalize(stmt) }
        var out: [[String: String]] = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            var row: [String: String] = [:]
            for i in 0..<sqlite3_column_count(stmt) {
                let name = String(cString: sqlite3_column_name(stmt, i))
                let type = sqlite3_column_type(stmt, i)
                row[name] = type == SQLITE_NULL ? "NULL" : (type == SQLITE_INTEGER ? "int:" : "") + String(cString: sqlite3_column_text(stmt, i))
            }
            out.append(row)
        }
        return out
    }

    func testSampleGolden() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["format": "sqlite", "path": "db/briefs.sqlite",
                                       "columns": ["id", "title", "summary", "language", "translations.fr", "metadata"]], base: base)
        try await Support.run(stage, [Support.sampleDocument])
        let dump = try rows(base + "/db/briefs.sqlite").map { row in
            row.keys.sorted().map { "\($0): \(row[$0]!)" }.joined(separator: "\n")
        }.joined(separator: "\n---\n") + "\n"
        Support.assertGolden(dump, "talks-stall.sqlite.txt")
    }

    func testSecondRunUpdatesInsteadOfDuplicating() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let options: [String: Value] = ["format": "sqlite", "path": "briefs.sqlite", "columns": ["id", "title", "words"]]
        try await Support.run(try Support.stage(options, base: base), [
            Document(id: "a", text: "one", metadata: ["title": "First A", "words": 1]),
            Document(id: "b", text: "two", metadata: ["title": "First B", "words": 2]),
        ])
        XCTAssertEqual(try rows(base + "/briefs.sqlite"), [
            ["id": "a", "title": "First A", "words": "int:1"],
            ["id": "b", "title": "First B", "words": "int:2"],
        ])
        // Second run: a is updated, c is new, b is left alone. No overwrite option needed.
        let (errors, _) = try await Support.run(try Support.stage(options, base: base), [
            Document(id: "a", text: "one", metadata: ["title": "Second A"]),
            Document(id: "c", text: "three", metadata: ["title": "C", "words": 3]),
        ])
        XCTAssertEqual(errors, [nil, nil])
        XCTAssertEqual(try rows(base + "/briefs.sqlite"), [
            ["id": "a", "title": "Second A", "words": "NULL"],
            ["id": "b", "title": "First B", "words": "int:2"],
            ["id": "c", "title": "C", "words": "int:3"],
        ])
        // A third run with a new column adds it to the table.
        try await Support.run(try Support.stage(["format": "sqlite", "path": "briefs.sqlite", "columns": ["title", "text"]], base: base), [
            Document(id: "b", text: "two, again", metadata: ["title": "Third B"]),
        ])
        XCTAssertEqual(try rows(base + "/briefs.sqlite")[1], ["id": "b", "title": "Third B", "words": "int:2", "text": "two, again"])
    }

    func testSameIdTwiceInOneRunIsAnError() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let (errors, _) = try await Support.run(try Support.stage(["format": "sqlite", "path": "x.sqlite"], base: base), [
            Document(id: "same", text: "first"),
            Document(id: "same", text: "second"),
        ])
        XCTAssertNil(errors[0])
        XCTAssertTrue(errors[1]?.contains("already exported") == true, "\(errors)")
        XCTAssertEqual(try rows(base + "/x.sqlite").map { $0["text"] }, ["first"])
    }

    func testManyDocumentsConcurrently() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["format": "sqlite", "path": "many.sqlite"], base: base)
        let sink = CollectingEventSink()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<2000 {
                group.addTask {
                    let c = StageContext(stageID: "export", stageName: "export", sequence: i, events: sink)
                    _ = try await stage.process(Document(id: "d\(i)", text: "text \(i)"), context: c)
                }
            }
            try await group.waitForAll()
        }
        try await stage.finish(context: StageContext(stageID: "export", stageName: "export", sequence: -1, events: sink))
        XCTAssertEqual(try rows(base + "/many.sqlite").count, 2000)
    }
}
