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
