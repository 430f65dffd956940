import Foundation
import XCTest

extension XCTestCase {
    /// Writes `bytes` to a new file in the temporary folder (`test-UUID.jsonl`, removed when
    /// the test ends) and returns its path.
    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("test-\(UUID().uuidString).jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
