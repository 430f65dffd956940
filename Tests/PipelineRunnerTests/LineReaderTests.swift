import Foundation
import XCTest

@testable import PipelineRunner

/// `LineReader` over a real descriptor hands out exactly the lines a plain split gives, across
/// read chunks, buffer compactions and skipped overlong lines.
final class LineReaderTests: XCTestCase {
    func testLinesMatchAPlainSplitAcrossChunksCompactionsAndOverlongLines() throws {
        var generator = SystemRandomNumberGenerator()
        let maxLineBytes = 100_000
        var lines: [[UInt8]] = []
        var total = 0
        // About 4 MB: the buffer compacts several times; some lines span many 64 KB reads,
        // some are longer than the limit (skipped over several reads), some end in CRLF.
        while total < 4 << 20 {
            let length: Int
            switch Int.random(in: 0..<40, using: &generator) {
            case 0: length = Int.random(in: 100_001...300_000, using: &generator)
            case 1...3: length = Int.random(in: 10_000...99_999, using: &generator)
            default: length = Int.random(in: 0...3000, using: &generator)
            }
            var line = (0..<length).map { UInt8(0x20 + ($0 * 7 + total) % 90) }
            if length > 0, Bool.random(using: &generator) { line[length - 1] = 0x0D }
            lines.append(line)
            total += length + 1
        }
        var bytes: [UInt8] = []
        for line in lines { bytes += line; bytes.append(0x0A) }
        bytes += Array("last line without a newline".utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true, maxLineBytes: maxLineBytes)
        for (index, line) in lines.enumerated() {
            let expected: LineReader.Line = line.count > maxLineBytes
                ? .tooLong(line.count) : .line(line.last == 0x0D ? Array(line.dropLast()) : line)
            let got = reader.next()
            XCTAssertEqual(got, expected, "line \(index + 1) of \(line.count) bytes")
            XCTAssertEqual(reader.lineNumber, index + 1)
            if got != expected { return }
        }
        XCTAssertEqual(reader.next(), .line(Array("last line without a newline".utf8)))
        XCTAssertNil(reader.next())
    }

    func testAByteOrderMarkIsDroppedOnceAndCounted() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0xEF, 0xBB, 0xBF] + Array("one\n\u{FEFF}two\n".utf8)).write(to: URL(fileURLWithPath: path))
        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true)
        XCTAssertEqual(reader.next(), .line(Array("one".utf8)))
        XCTAssertEqual(reader.bomLength, 3)
        XCTAssertEqual(reader.next(), .line(Array("\u{FEFF}two".utf8)))
        XCTAssertNil(reader.next())
    }
}
