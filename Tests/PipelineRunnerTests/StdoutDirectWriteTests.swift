import Foundation
import XCTest

@testable import PipelineRunner

/// A large write with nothing held back goes to the descriptor without a copy; everything
/// still arrives in order, and a failed direct write fails the run like a buffered one.
final class StdoutDirectWriteTests: XCTestCase {
    func testSmallAndLargeWritesArriveInOrder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stdout-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let output = StandardRunOutput(fd: fd)
        var expected: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let size = [1, 100, StandardRunOutput.directBytes - 1, StandardRunOutput.directBytes, 70_000][Int.random(in: 0..<5, using: &generator)]
            let chunk = (0..<size).map { UInt8(0x41 + ($0 + round) % 26) }
            let slice = [0x30] + chunk + [0x30]
            output.stdout(bytes: slice[1..<(slice.count - 1)])
            expected += chunk
            if round % 7 == 0 {
                output.stdout("text \(round)\n")
                expected += Array("text \(round)\n".utf8)
            }
        }
        output.flush()
        close(fd)
        XCTAssertNil(output.stdoutFailure)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path))), expected)
    }

    func testAFailedDirectWriteIsReported() throws {
        let fd = open("/dev/full", O_WRONLY)
        try XCTSkipIf(fd < 0, "/dev/full is not available")
        defer { close(fd) }
        let output = StandardRunOutput(fd: fd)
        output.stdout(bytes: Array(repeating: 0x41, count: StandardRunOutput.directBytes * 2)[...])
        XCTAssertEqual(output.stdoutFailure, "cannot write to standard output: No space left on device")
    }
}
