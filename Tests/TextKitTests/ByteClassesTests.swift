import TextKit
import XCTest

/// `ASCII`'s byte classes agree with Swift's own character properties on every byte.
final class ByteClassesTests: XCTestCase {
    func testClassesMatchCharacterPropertiesOnEveryByte() {
        for value in 0...255 {
            let byte = UInt8(value)
            let ascii = byte < 0x80
            let character = Character(Unicode.Scalar(byte))
            XCTAssertEqual(ASCII.isDigit(byte), ascii && character.isNumber, "isDigit \(value)")
            XCTAssertEqual(ASCII.isLetter(byte), ascii && character.isLetter, "isLetter \(value)")
            XCTAssertEqual(ASCII.isUppercase(byte), ascii && character.isUppercase, "isUppercase \(value)")
            XCTAssertEqual(ASCII.isLowercase(byte), ascii && character.isLowercase, "isLowercase \(value)")
            XCTAssertEqual(ASCII.isAlphanumeric(byte), ascii && (character.isLetter || character.isNumber), "isAlphanumeric \(value)")
            XCTAssertEqual(ASCII.isHexDigit(byte), ascii && character.isHexDigit, "isHexDigit \(value)")
            XCTAssertEqual(ASCII.isWordByte(byte), !ascii || character.isLetter || character.isNumber || byte == 0x5F, "isWordByte \(value)")
            XCTAssertEqual(ASCII.isWhitespace(byte), ascii && " \t\n\u{0B}\u{0C}\r".unicodeScalars.contains(Unicode.Scalar(byte)),
                           "isWhitespace \(value)")
            XCTAssertEqual(ASCII.lowercased(byte), ascii ? Array(String(character).lowercased().utf8)[0] : byte, "lowercased \(value)")
            if ASCII.isHexDigit(byte) { XCTAssertEqual(ASCII.hexValue(byte), character.hexDigitValue, "hexValue \(value)") }
        }
    }

    func testNamedBytesAreTheirCharacters() {
        let named: [(UInt8, Character)] = [
            (ASCII.tab, "\t"), (ASCII.newline, "\n"), (ASCII.cr, "\r"), (ASCII.space, " "), (ASCII.bang, "!"), (ASCII.quote, "\""),
            (ASCII.hash, "#"), (ASCII.dollar, "$"), (ASCII.percent, "%"), (ASCII.amp, "&"), (ASCII.apostrophe, "'"), (ASCII.lparen, "("),
            (ASCII.rparen, ")"), (ASCII.star, "*"), (ASCII.plus, "+"), (ASCII.comma, ","), (ASCII.minus, "-"), (ASCII.dot, "."),
            (ASCII.slash, "/"), (ASCII.colon, ":"), (ASCII.semicolon, ";"), (ASCII.lt, "<"), (ASCII.equals, "="), (ASCII.gt, ">"),
            (ASCII.question, "?"), (ASCII.at, "@"), (ASCII.lbracket, "["), (ASCII.backslash, "\\"), (ASCII.rbracket, "]"),
            (ASCII.underscore, "_"), (ASCII.backtick, "`"), (ASCII.x, "x"), (ASCII.lbrace, "{"), (ASCII.rbrace, "}"),
        ]
        for (byte, character) in named { XCTAssertEqual(byte, character.asciiValue, "\(character)") }
    }
}

/// `ByteBlock.marks` marks exactly the bytes equal to the value, whatever the other bytes are
/// (the SWAR test has no borrow between bytes).
final class ByteBlockTests: XCTestCase {
    func testMarksExactlyTheEqualBytes() {
        let interesting: [UInt8] = [0x00, 0x01, 0x20, 0x21, 0x22, 0x7F, 0x80, 0x81, 0xE1, 0xE2, 0xE3, 0xFF]
        var state: UInt64 = 99
        for round in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var bytes = [UInt8](repeating: 0, count: 8)
            for k in 0..<8 { bytes[k] = round % 2 == 0 ? interesting[Int((state >> (8 * UInt64(k))) % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: state >> (8 * UInt64(k))) }
            let block = bytes.withUnsafeBufferPointer { ByteBlock.load($0.baseAddress!, 0) }
            for value in interesting {
                var expected: UInt64 = 0
                for k in 0..<8 where bytes[k] == value { expected |= 0x80 << (8 * UInt64(k)) }
                XCTAssertEqual(ByteBlock.marks(block, value), expected, "\(bytes) \(value)")
            }
        }
    }

    /// `ByteBlock.asciiLowercased` is `ASCII.lowercased` on each byte, for every byte value in
    /// every lane and among every neighbour (no carry between bytes).
    func testLowercasesEachByteAsTheByteFunction() {
        for value in 0...255 {
            for lane in 0..<8 {
                for fill: UInt8 in [0x00, 0x41, 0x5A, 0x5B, 0x40, 0x7F, 0x80, 0xC1, 0xDA, 0xFF] {
                    var bytes = [UInt8](repeating: fill, count: 8)
                    bytes[lane] = UInt8(value)
                    let block = bytes.withUnsafeBufferPointer { ByteBlock.load($0.baseAddress!, 0) }
                    let expected = bytes.map(ASCII.lowercased).withUnsafeBufferPointer { ByteBlock.load($0.baseAddress!, 0) }
                    XCTAssertEqual(ByteBlock.asciiLowercased(block), expected, "\(bytes)")
                }
            }
        }
    }
}
