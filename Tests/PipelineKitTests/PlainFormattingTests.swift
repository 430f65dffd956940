import Foundation
import XCTest
@testable import PipelineKit

final class PlainFormattingTests: XCTestCase {
    /// Exact ties go to even, as C's printf does; decimals that only look like ties go the way
    /// their binary value lies (2.675 is 2.67499999…, 1.005 is 1.00499999…).
    func testTiesAndLookAlikeTies() {
        XCTAssertEqual(PlainFormatting.fixed(0.125, places: 2), "0.12")
        XCTAssertEqual(PlainFormatting.fixed(0.375, places: 2), "0.38")
        XCTAssertEqual(PlainFormatting.fixed(2.5, places: 0), "2")
        XCTAssertEqual(PlainFormatting.fixed(3.5, places: 0), "4")
        XCTAssertEqual(PlainFormatting.fixed(0.5, places: 0), "0")
        XCTAssertEqual(PlainFormatting.fixed(2.675, places: 2), "2.67")
        XCTAssertEqual(PlainFormatting.fixed(1.005, places: 2), "1.00")
        XCTAssertEqual(PlainFormatting.fixed(1.0, places: 3), "1.000")
        XCTAssertEqual(PlainFormatting.fixed(12345.678, places: 1), "12345.7")
        XCTAssertEqual(PlainFormatting.fixed(0.05, places: 3), "0.050")
    }

    func testSignsAndValuesThatAreNotFinite() {
        XCTAssertEqual(PlainFormatting.fixed(-1.25, places: 1), "-1.2")
        XCTAssertEqual(PlainFormatting.fixed(-0.001, places: 2), "-0.00")
        XCTAssertEqual(PlainFormatting.fixed(-0.0, places: 1), "-0.0")
        XCTAssertEqual(PlainFormatting.fixed(.nan, places: 2), "nan")
        XCTAssertEqual(PlainFormatting.fixed(.infinity, places: 2), "inf")
        XCTAssertEqual(PlainFormatting.fixed(-.infinity, places: 0), "-inf")
    }

    /// The same text as `String(format:)` over a sweep of decimals at every step of a
    /// thousandth and an odd step, scaled across magnitudes, at 0 to 6 places, and for values
    /// past the fast path's range.
    func testAgreesWithStringFormatOverASweep() {
        var values: [Double] = []
        for i in 0..<10_000 { values.append(Double(i) / 1000) }
        for i in 0..<10_000 { values.append(Double(i) * 0.0137 + 1e-9 * Double(i % 7)) }
        for exponent in -6...18 {
            for mantissa in [1.0, 1.5, 2.25, 3.14159, 9.995, 9.9995, 7.0000005] {
                values.append(mantissa * pow(10, Double(exponent)))
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<10_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(state >> 11) / Double(1 << 53) * pow(10, Double(Int(state % 9)) - 2))
        }
        var mismatches: [String] = []
        for value in values + values.map({ -$0 }) {
            for places in 0...6 {
                let expected = String(format: "%.\(places)f", value)
                let got = PlainFormatting.fixed(value, places: places)
                if got != expected && mismatches.count < 10 { mismatches.append("\(value) at \(places): \(got) vs \(expected)") }
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    func testHexDigits() {
        XCTAssertEqual(PlainFormatting.hex([0x00, 0xAB, 0x01, 0xFF]), "00ab01ff")
        XCTAssertEqual(PlainFormatting.hex([UInt8]()), "")
    }

    func testReplacingEveryOccurrence() {
        XCTAssertEqual("{date} at {date}".replacingEvery("{date}", with: "2026-12-04"), "2026-12-04 at 2026-12-04")
        XCTAssertEqual("a\r\nb\r\n".replacingEvery("\r\n", with: "\n"), "a\nb\n")
        XCTAssertEqual("aaa".replacingEvery("aa", with: "b"), "ba")  // left to right, no overlaps
        XCTAssertEqual("100%".replacingEvery("%", with: "%25"), "100%25")
        XCTAssertEqual("naïve | café".replacingEvery("|", with: "\\|"), "naïve \\| café")
        XCTAssertEqual("unchanged".replacingEvery("x", with: "y"), "unchanged")
        XCTAssertEqual("text".replacingEvery("", with: "y"), "text")
        XCTAssertEqual("".replacingEvery("a", with: "b"), "")
        XCTAssertEqual("ab".replacingEvery("abc", with: "x"), "ab")
        XCTAssertEqual("x\"y\"".replacingEvery("\"", with: "\"\""), "x\"\"y\"\"")
    }

    /// The same text as Foundation's `replacingOccurrences(of:with:)` for the ASCII targets the
    /// code base replaces, over text with accents, emoji and line breaks.
    func testAgreesWithFoundationForASCIITargets() {
        let texts = ["", "plain", "a|b|c", "line\r\nbreak\r\n", "caf\u{E9} | na\u{EF}ve 👍🏽 |", "``code``", "50% of 100%", "\r\n\r\n", "{stage-id}:{date}"]
        for text in texts {
            for (target, replacement) in [("|", "\\|"), ("\r\n", "\n"), ("`", "'"), ("%", "%25"), ("{date}", "D"), ("\n", " ")] {
                XCTAssertEqual(text.replacingEvery(target, with: replacement), text.replacingOccurrences(of: target, with: replacement), "\(text.debugDescription) \(target.debugDescription)")
            }
        }
    }
}
