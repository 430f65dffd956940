import Testing
@testable import Redact

/// `FoldedText.fold` finds the first foldable sequence wherever it falls against its 64- and
/// 8-byte strides, and leaves ASCII text of any length alone.
@Suite struct FoldingTests {
    static func fold(_ text: String) -> FoldedText? {
        Array(text.utf8).withUnsafeBufferPointer { FoldedText.fold($0) }
    }

    @Test func asciiTextOfEveryLengthIsNotCopied() {
        for length in 0...160 {
            #expect(Self.fold(String(repeating: "a", count: length)) == nil, "length \(length)")
        }
    }

    @Test func aNoBreakSpaceBetweenDigitsIsFoldedAtEveryOffset() throws {
        for offset in 0...160 {
            let text = String(repeating: "a", count: offset) + " 20\u{A0}7946 0958" + String(repeating: "b", count: offset % 9)
            let folded = try #require(Self.fold(text), "offset \(offset)")
            #expect(String(decoding: folded.bytes, as: UTF8.self) == String(repeating: "a", count: offset) + " 20 7946 0958"
                        + String(repeating: "b", count: offset % 9))
        }
    }

    @Test func foldsThatDoNotMatterLeaveTheTextAlone() {
        // A curly quote and an en dash in prose start no copy, wherever they fall.
        for offset in 0...140 {
            #expect(Self.fold(String(repeating: "x", count: offset) + "\u{201C}said\u{201D} \u{2013} then") == nil)
        }
    }
}
