import Foundation
import XCTest

@testable import PipelineRunner

/// Batches of JSON lines are spans of the reader's buffers, shared without a copy: every line
/// of every batch still reads as a plain split gives it after all later batches were read
/// (no buffer is written after it was handed over), across buffer boundaries, long lines,
/// CRLF, blank lines and a last line without a newline, from a file and from a pipe.
final class LineSpanTests: XCTestCase {
    private func randomLines() -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        var lines: [[UInt8]] = []
        var total = 0
        while total < 3 << 20 {
            let length: Int
            switch Int.random(in: 0..<60, using: &generator) {
            case 0: length = Int.random(in: 200_000...700_000, using: &generator)
            case 1...3: length = 0
            default: length = Int.random(in: 1...4000, using: &generator)
            }
            var line = (0..<length).map { UInt8(0x21 + ($0 * 7 + total) % 90) }
            if length > 1, Int.random(in: 0..<4, using: &generator) == 0 { line[length - 1] = 0x0D }
            lines.append(line)
            total += length + 1
        }
        return lines
    }

    private func check(_ lines: [[UInt8]], mapWindowBytes: Int? = LineReader.defaultWindowBytes,
                       source: (String) throws -> [InputSource]) throws {
        var bytes: [UInt8] = []
        for line in lines { bytes += line; bytes.append(0x0A) }
        bytes += Array("last".utf8)
        let path = try temporaryFile(bytes)
        var items = WorkItems(sources: try source(path), jsonl: true)
        items.mapWindowBytes = mapWindowBytes
        var batches: [JSONLineBatch] = []
        loop: while true {
            switch items.next(blocking: true, maxLines: Int.random(in: 1...64)) {
            case .lines(let batch): batches.append(batch)
            case .end: break loop
            case .item, .wouldBlock: XCTFail("unexpected work"); return
            }
        }
        var expected: [(Int, [UInt8])] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            expected.append((index + 1, line.last == 0x0D ? Array(line.dropLast()) : line))
        }
        expected.append((lines.count + 1, Array("last".utf8)))
        let got = batches.flatMap { batch in batch.lines.map { line in (line.number, batch.buffer.withBytes { Array($0[line.start..<line.end]) }) } }
        XCTAssertEqual(got.count, expected.count)
        for (g, e) in zip(got, expected) where g.0 != e.0 || g.1 != e.1 {
            XCTFail("line \(e.0) differs (got line \(g.0), \(g.1.count) bytes, expected \(e.1.count))")
            return
        }
        for batch in batches {
            XCTAssertEqual(batch.byteCount, batch.lines.reduce(0) { $0 + $1.end - $1.start })
            XCTAssertLessThanOrEqual(batch.lines.count, 64)
        }
    }

    /// Buffers that every batch let go of are read into again (`ReadBuffer`): batches checked
    /// and dropped as they come read right, and the batches still held (every third) read
    /// right after all the others were read, so no buffer is reused while a batch holds it.
    func testRecycledBuffersNeverChangeUnderAHeldBatch() throws {
        try checkHeldBatches(mapWindowBytes: nil)
    }

    /// The same with the file mapped (`MappedInput`) in windows of 256 KiB: every batch's lines
    /// stay readable while it holds its window, after the reader went on to later windows.
    func testHeldBatchesOfAMappedFileKeepTheirLines() throws {
        try checkHeldBatches(mapWindowBytes: 256 << 10)
    }

    private func checkHeldBatches(mapWindowBytes: Int?) throws {
        let lines = randomLines()
        var bytes: [UInt8] = []
        for line in lines { bytes += line; bytes.append(0x0A) }
        let path = try temporaryFile(bytes)
        var expected: [Int: [UInt8]] = [:]
        for (index, line) in lines.enumerated() where !line.isEmpty {
            expected[index + 1] = line.last == 0x0D ? Array(line.dropLast()) : line
        }
        func assertLinesRead(_ batch: JSONLineBatch) {
            for line in batch.lines where batch.buffer.withBytes({ Array($0[line.start..<line.end]) }) != expected[line.number] {
                XCTFail("line \(line.number) differs")
            }
        }
        var items = WorkItems(sources: [.file(path: path, id: "f")], jsonl: true)
        items.mapWindowBytes = mapWindowBytes
        var held: [JSONLineBatch] = []
        var seen = 0
        loop: while true {
            switch items.next(blocking: true, maxLines: Int.random(in: 1...64)) {
            case .lines(let batch):
                if seen == 0 { XCTAssertEqual(items.reader?.isMapped, mapWindowBytes != nil) }
                assertLinesRead(batch)
                seen += batch.lines.count
                if held.count * 3 < seen / 64 { held.append(batch) }
            case .end: break loop
            case .item, .wouldBlock: XCTFail("unexpected work"); return
            }
        }
        XCTAssertEqual(seen, expected.count)
        XCTAssertFalse(held.isEmpty)
        for batch in held { assertLinesRead(batch) }
    }

    func testBatchesFromAFileKeepTheirLines() throws {
        try check(randomLines(), mapWindowBytes: nil) { path in [.file(path: path, id: "f")] }
    }

    func testBatchesFromAMappedFileKeepTheirLines() throws {
        try check(randomLines()) { path in [.file(path: path, id: "f")] }
        try check(randomLines(), mapWindowBytes: 256 << 10) { path in [.file(path: path, id: "f")] }
    }

    func testBatchesFromAPipeKeepTheirLines() throws {
        try check(randomLines()) { path in
            // A FIFO fed by `cat`: reads return at most a pipe's worth at a time.
            let fifo = path + ".fifo"
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let cat = Process()
            cat.executableURL = URL(fileURLWithPath: "/bin/sh")
            cat.arguments = ["-c", "cat '\(path)' > '\(fifo)'; rm -f '\(fifo)'"]
            try cat.run()
            return [.file(path: fifo, id: "f")]
        }
    }

    func testSameUTF8ComparesBytesNotCanonicalEquivalence() {
        XCTAssertTrue(PipelineRunner.Outcome.sameUTF8("", ""))
        XCTAssertTrue(PipelineRunner.Outcome.sameUTF8("Bonjour à tous", "Bonjour " + "à tous"))
        XCTAssertFalse(PipelineRunner.Outcome.sameUTF8("\u{E9}", "e\u{301}"))
        XCTAssertTrue("\u{E9}" == "e\u{301}")
        XCTAssertFalse(PipelineRunner.Outcome.sameUTF8("abc", "abd"))
        let long = String(repeating: "word ", count: 1000)
        XCTAssertTrue(PipelineRunner.Outcome.sameUTF8(long, long))
    }
}
