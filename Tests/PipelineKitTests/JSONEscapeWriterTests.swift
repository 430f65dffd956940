import XCTest

@testable import PipelineKit

/// `JSONWriter.appendEscaped` (written through a pointer into room claimed once) against a
/// byte-by-byte reference escaper, through both ways it claims room: the worst case when the
/// array already has it, the exact count when it does not; and `appendInteger` (through
/// `JSONByteCursor`) against `String(Int)`.
final class JSONEscapeWriterTests: XCTestCase {
    /// What JSON strings must escape, one byte at a time, as `JSONWriter` writes it.
    private func referenceEscaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            switch byte {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    /// Escapes `bytes` after a prefix into an array with `spare` bytes of room beyond the prefix.
    private func escaped(_ bytes: [UInt8], spare: Int) -> [UInt8] {
        var out: [UInt8] = Array("prefix".utf8)
        out.reserveCapacity(out.count + spare)
        bytes.withUnsafeBufferPointer { JSONWriter.appendEscaped($0, into: &out) }
        return out
    }

    private func check(_ bytes: [UInt8], _ label: String) {
        let expected = Array("prefix".utf8) + referenceEscaped(bytes)
        // No spare room (the exact count), exactly the worst case, and plenty.
        for spare in [0, bytes.count * 6, bytes.count * 6 + 100] {
            XCTAssertEqual(escaped(bytes, spare: spare), expected, "\(label), spare \(spare)")
        }
        let count = bytes.withUnsafeBufferPointer { JSONWriter.escapedCount($0) }
        XCTAssertEqual(count, expected.count - "prefix".utf8.count, label)
    }

    func testEveryByteValueAloneAndBetweenPlainRuns() {
        for value in 0...255 {
            check([UInt8(value)], "byte \(value) alone")
            let run = Array("plain text, 16+ bytes long".utf8)
            check(run + [UInt8(value)] + run, "byte \(value) between runs")
        }
    }

    func testEscapesAtEveryPositionAroundTheSixteenByteSteps() {
        let specials: [UInt8] = [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x00, 0x1F, 0x08]
        for length in 0..<40 {
            for position in 0...length {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                if position < length { bytes[position] = specials[(position + length) % specials.count] }
                if position + 2 < length { bytes[position + 2] = 0x0A }
                check(bytes, "length \(length), special at \(position)")
            }
        }
    }

    func testWholeStringsWithNonASCIIAndOnlySpecials() {
        let texts = ["", "Bonjour à tous,\n\"Star Trek\"-type", "𝄞 e\u{301} \u{7F}\u{1}\u{1F}\\/", String(repeating: "\"", count: 50),
                     String(repeating: "\u{0}", count: 33), String(repeating: "ordinary words ", count: 300) + "\n"]
        for text in texts { check(Array(text.utf8), text.debugDescription) }
    }

    func testIntegersMatchTheirDecimalText() {
        let values = [0, 7, 10, -1, -9, -10, 42, 99, 100, 1_000_000, Int.max, Int.min, Int.min + 1, Int.max - 1]
            + (0..<64).map { 1 << $0 } + (0..<63).map { -(1 << $0) }
        for value in values {
            var out: [UInt8] = Array("x".utf8)
            JSONWriter.appendInteger(value, to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), "x" + String(value))
        }
    }

    func testWriteStringMatchesTheReferenceForAWholeDocumentLine() {
        let text = "Line one.\nShe said \"hi\"\t\\ \u{2} — done."
        var out: [UInt8] = []
        JSONWriter.writeString(text, into: &out)
        XCTAssertEqual(out, [0x22] + referenceEscaped(Array(text.utf8)) + [0x22])
    }
}
