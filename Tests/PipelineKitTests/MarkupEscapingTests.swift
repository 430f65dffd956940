import PipelineKit
import XCTest

/// `MarkupEscaping` replaced three escapers (the report pages' `HTMLText.escape`, the export
/// stage's byte-level HTML escaper, JUnit's `XML.escape`); its output must be byte for byte
/// theirs. The two scalar-level originals are kept here as the reference.
final class MarkupEscapingTests: XCTestCase {
    /// The report pages' former `HTMLText.escape`.
    static func referenceHTML(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                let forbidden = v < 0x20 || (0x7F...0x9F).contains(v) || (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE
                if forbidden { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// JUnit's former `XML.escape`.
    static func referenceXML(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Scalars around every boundary the escapers treat specially, plus ordinary text.
    static let alphabet: [Unicode.Scalar] = [
        0x61, 0x5A, 0x20, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x09, 0x0A, 0x0D, 0x00, 0x01, 0x1F, 0x7E, 0x7F,
        0x80, 0x9F, 0xA0, 0xE9, 0x2019, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0, 0xFFFD, 0xFFFE, 0xFFFF,
        0x1F600, 0x1FFFD, 0x1FFFE, 0x1FFFF, 0x2FFFE, 0x10FFFE, 0x10FFFF, 0xE000, 0x4E2D,
    ].map { Unicode.Scalar(UInt32($0))! }

    func testByteForByteTheEscapersItReplaced() {
        var generator = SystemRandomNumberGenerator()
        var cases = Self.alphabet.map { String(Character($0)) } + ["", "plain prose, nothing to escape", "Tom & Jerry's <b>\"x\"</b>"]
        for _ in 0..<3_000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...24, using: &generator) { s.append(Self.alphabet.randomElement(using: &generator)!) }
            cases.append(String(s))
        }
        for text in cases {
            XCTAssertEqual(MarkupEscaping.html(text), Self.referenceHTML(text), "html of \(text.debugDescription)")
            XCTAssertEqual(MarkupEscaping.xml(text), Self.referenceXML(text), "xml of \(text.debugDescription)")
        }
    }

    func testExamples() {
        XCTAssertEqual(MarkupEscaping.html("a < b & 'c'"), "a &lt; b &amp; &#39;c&#39;")
        XCTAssertEqual(MarkupEscaping.xml("it's\nhere"), "it&apos;s&#10;here")
        XCTAssertEqual(MarkupEscaping.html("bell\u{7}"), "bell\u{FFFD}")
        // Nothing to escape: the string comes back as it is.
        XCTAssertEqual(MarkupEscaping.html("Curly ’quotes’ and accents: café"), "Curly ’quotes’ and accents: café")
    }
}
