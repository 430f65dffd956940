import Foundation
import XCTest

@testable import PipelineRunner

/// `LineReader` over a real descriptor hands out exactly the lines a plain split gives, across
/// read chunks, buffer compactions and skipped overlong lines.
final class LineReaderTests: XCTestCase {
    func testLinesMatchAPlainSplitAcrossChunksCompactionsAndOverlongLines() throws {
        try checkLinesMatchAPlainSplit(mapWindowBytes: nil)
    }

    /// The same file mapped into memory (`MappedInput`: a regular file of a megabyte or more).
    func testLinesOfAMappedFileMatchAPlainSplit() throws {
        try checkLinesMatchAPlainSplit(mapWindowBytes: LineReader.defaultWindowBytes)
        // Windows of 64 KiB: lines across window ends, and lines longer than a window (the
        // next window twice as long as the unread part) or than the limit.
        try checkLinesMatchAPlainSplit(mapWindowBytes: 64 << 10)
    }

    private func checkLinesMatchAPlainSplit(mapWindowBytes: Int?) throws {
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
        let path = try temporaryFile(bytes)

        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true, maxLineBytes: maxLineBytes, mapWindowBytes: mapWindowBytes)
        for (index, line) in lines.enumerated() {
            let expected: LineReader.Line = line.count > maxLineBytes
                ? .tooLong(line.count) : .line(line.last == 0x0D ? Array(line.dropLast()) : line)
            let got = reader.next()
            if index == 0 { XCTAssertEqual(reader.isMapped, mapWindowBytes != nil, "a file of \(bytes.count) bytes") }
            XCTAssertEqual(got, expected, "line \(index + 1) of \(line.count) bytes")
            XCTAssertEqual(reader.lineNumber, index + 1)
            if got != expected { return }
        }
        XCTAssertEqual(reader.next(), .line(Array("last line without a newline".utf8)))
        XCTAssertNil(reader.next())
    }

    func testAByteOrderMarkIsDroppedOnceAndCounted() throws {
        let path = try temporaryFile([0xEF, 0xBB, 0xBF] + Array("one\n\u{FEFF}two\n".utf8))
        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true)
        XCTAssertEqual(reader.next(), .line(Array("one".utf8)))
        XCTAssertEqual(reader.bomLength, 3)
        XCTAssertEqual(reader.next(), .line(Array("\u{FEFF}two".utf8)))
        XCTAssertNil(reader.next())
    }

    /// Numbered lines `from..<to`, `{"n":N,"pad":"xx…"}` (~100 bytes each).
    private func numberedLines(_ range: Range<Int>) -> [UInt8] {
        var bytes: [UInt8] = []
        for n in range { bytes += Array("{\"n\":\(n),\"pad\":\"\(String(repeating: "x", count: 80))\"}\n".utf8) }
        return bytes
    }

    /// Lines appended after the file was mapped are read too (from where the mapping ends), and
    /// a line cut by the mapping's end comes out whole.
    func testAMappedFileThatGrowsIsReadToItsNewEnd() throws {
        let first = numberedLines(0..<20_000)  // ~2 MB: mapped
        var cut = first
        cut += Array("{\"n\":20000,\"pad\":\"split".utf8)  // no newline yet
        let path = try temporaryFile(cut)
        let reader = LineReader(fd: open(path, O_RDONLY), closeOnEnd: true, mapWindowBytes: 1 << 20)
        XCTAssertEqual(reader.next(), .line(Array(first.prefix(while: { $0 != 0x0A }))))
        XCTAssertTrue(reader.isMapped)
        let more = Array(" here\"}\n".utf8) + numberedLines(20_001..<20_500)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(more))
        try handle.close()
        var count = 1
        var last: [UInt8] = []
        var split: [UInt8] = []
        while case .line(let line)? = reader.next() {
            count += 1
            if count == 20_001 { split = line }
            last = line
        }
        XCTAssertEqual(count, 20_500)
        XCTAssertEqual(String(decoding: split, as: UTF8.self), "{\"n\":20000,\"pad\":\"split here\"}")
        XCTAssertEqual(last, Array(numberedLines(20_499..<20_500).dropLast()))
    }

    /// A descriptor already moved into the file (a shell's `{ head -c N; pipeline …; } < file`)
    /// is mapped from where it stands, not from the file's start; a byte-order mark counts only
    /// at the start of the stream the reader was given.
    func testAMappedFileIsReadFromTheDescriptorsOffset() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + numberedLines(0..<30_000)
        let path = try temporaryFile(bytes)
        // Where line k starts (the lines are not all as long: their numbers are not).
        func lineStart(_ k: Int) -> Int { 3 + numberedLines(0..<k).count }
        for (offset, firstLine, bom) in [(0, 0, 3), (lineStart(1_000), 1_000, 0), (lineStart(5_000) + 7, 5_000, 0)] {
            let fd = open(path, O_RDONLY)
            XCTAssertEqual(lseek(fd, off_t(offset), SEEK_SET), off_t(offset))
            let reader = LineReader(fd: fd, closeOnEnd: true)
            var lines: [[UInt8]] = []
            while case .line(let line)? = reader.next() {
                if lines.isEmpty { XCTAssertTrue(reader.isMapped, "from offset \(offset)") }
                lines.append(line)
            }
            XCTAssertEqual(reader.bomLength, bom)
            let skipped = max(0, offset - lineStart(firstLine))  // bytes into the line
            XCTAssertEqual(lines.count, 30_000 - firstLine)
            XCTAssertEqual(lines.first, Array(numberedLines(firstLine..<(firstLine + 1)).dropLast().dropFirst(skipped)))
            XCTAssertEqual(lines.last, Array(numberedLines(29_999..<30_000).dropLast()))
        }
    }
}
