import Foundation
import Testing

/// Checks a committed compiled table against the bytes its sources build to; with
/// `PIPELINE_WRITE_TABLES=1` it first rewrites the committed file (`scripts/build_compiled_tables.sh`).
func expectCommittedTableIsCurrent(_ built: [UInt8], at path: String, stale: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
    if ProcessInfo.processInfo.environment["PIPELINE_WRITE_TABLES"] == "1" {
        try Data(built).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
    let committed = try #require(FileManager.default.contents(atPath: path), "\(path) is missing", sourceLocation: sourceLocation)
    #expect(Array(committed) == built, Comment(rawValue: stale), sourceLocation: sourceLocation)
}
