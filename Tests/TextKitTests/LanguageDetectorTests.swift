import Foundation
import PipelineKit
@testable import TextKit
import XCTest

/// The byte paths of `LanguageDetector` (`detectBasicLatin`, `detectDecoding`) against the
/// scalar path (`detect(scalars:)`, the reference: decode the first `limit` scalars into an
/// array, score with Doubles, sort): the same language and the same confidence, bit for bit, on
/// seeded random texts built from pieces of every script the detector knows, function words,
/// accented letters, punctuation, digits and malformed UTF-8.
final class LanguageDetectorTests: XCTestCase {
    static let pieces: [[UInt8]] = {
        let words = [
            "the", "and", "of", "was", "said", "The", "THE", "News", "talks", "between", "countries", "x", "I",
            "el", "los", "que", "está", "más", "niño", "¿", "¡", "les", "été", "très", "où", "ça", "français", "œuvre",
            "der", "und", "nicht", "für", "über", "Straße", "não", "são", "também", "così", "perché", "è", "ve", "bir",
            "için", "değil", "yang", "dan", "tidak", "ª", "µ", "º", "À", "É", "Ñ", "İ", "ı", "Ş", "ğ",
            "في", "من", "على", "السلام", "عليكم", "کے", "ہے", "میں", "است", "این", "را", "٣", "،", "؟", "ً",
            "и", "в", "не", "Переговоры", "שלום", "עולם", "नमस्ते", "है", "中", "文", "国", "の", "カ", "です",
            "한국어", "Ελληνικά", "ภาษาไทย", "🙂", "ﷺ", "ﻻ", "\u{0301}", "e\u{0301}",
            " ", " ", " ", " ", "\n", ".", ",", "!", "?", "—", "–", "’", "“", "”", "…", "•", "\u{00A0}", "\u{200B}", "©", "1", "42", "3.5",
        ]
        return words.map { Array($0.utf8) }
    }()
    /// Malformed UTF-8: a lone continuation byte, a cut-off lead, an overlong form, a surrogate.
    static let malformedPieces: [[UInt8]] = [[0x80], [0xC3], [0xE2, 0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF]]
    /// Pieces the Basic Latin path takes (ASCII, Latin-1 punctuation, general punctuation).
    static let basicPieces = pieces.filter { piece in
        String(decoding: piece, as: UTF8.self).unicodeScalars.allSatisfy { $0.isASCII || (0x80...0xBF).contains($0.value) && !"ªµº".unicodeScalars.contains($0) || (0x2000...0x206F).contains($0.value) }
    }

    /// Pieces the Basic Latin path keeps (ASCII, two-byte scalars of the Latin script or of none,
    /// general punctuation): accented letters, ª µ º, combining marks, Arabic punctuation and
    /// digits; but not an Arabic letter or mark (a script other than Latin).
    static let latinPieces = pieces.filter { piece in
        String(decoding: piece, as: UTF8.self).unicodeScalars.allSatisfy { scalar in
            let script = LanguageDetector.ScalarFacts.facts(of: scalar) >> 24
            return scalar.isASCII || (0x2000...0x206F).contains(scalar.value)
                || scalar.value < 0x800 && (script == 0 || script == UInt32(LanguageDetector.Script.latin.rawValue + 1))
        }
    }

    /// The scalar path on the same bytes.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>) -> DetectedLanguage? {
        let detector = LanguageDetector()
        return detector.detect(scalars: LanguageDetector.leadingScalars(utf8: bytes))
    }

    func testBytePathsAnswerAsTheScalarPath() {
        var rng = SplitMix64(seed: 15)
        let detector = LanguageDetector()
        var decoded = 0, basic = 0, twoByte = 0
        for round in 0..<4000 {
            // Mostly one script with a few pieces of others, sometimes an even mix.
            // Rounds of Basic Latin pieces only, rounds of the Basic Latin path's two-byte pieces too,
            // rounds with malformed pieces, and the rest.
            let pool = round % 4 == 1 ? Self.basicPieces : round % 4 == 3 ? Self.latinPieces
                : round % 8 == 0 ? Self.pieces + Self.malformedPieces : Self.pieces
            let length = Int.random(in: 0...(round % 10 == 0 ? 400 : 120), using: &rng)
            let focus = Int.random(in: 0..<pool.count, using: &rng)
            var text: [UInt8] = []
            for _ in 0..<length {
                let index = Bool.random(using: &rng) ? focus + Int.random(in: -12...12, using: &rng) : Int.random(in: 0..<pool.count, using: &rng)
                text += pool[min(max(index, 0), pool.count - 1)]
                if Int.random(in: 0..<3, using: &rng) == 0 { text.append(0x20) }
            }
            let malformed = String(validating: text, as: UTF8.self) == nil
            let prefixLength = Int.random(in: 0...3, using: &rng) == 0 ? min(text.count, Int.random(in: 0...1300, using: &rng)) : text.count
            text.withUnsafeBufferPointer { whole in
                let bytes = UnsafeBufferPointer(rebasing: whole[..<prefixLength])
                let expected = Self.reference(bytes)
                XCTAssertEqual(detector.detect(utf8: bytes), expected, "\(Array(bytes))")
                if case .some(let answer) = LanguageDetector.detectBasicLatin(utf8: bytes) {
                    basic += 1
                    if bytes.contains(where: { $0 >= 0xC3 && $0 < 0xE0 }) { twoByte += 1 }
                    XCTAssertEqual(answer, expected, "basic Latin: \(Array(bytes))")
                }
                if case .some(let answer) = LanguageDetector.detectDecoding(utf8: bytes) {
                    decoded += 1
                    XCTAssertEqual(answer, expected, "decoding: \(Array(bytes))")
                } else if !malformed && prefixLength == text.count {
                    XCTFail("well-formed text not taken by detectDecoding: \(Array(bytes))")
                }
            }
        }
        // Both byte paths were exercised.
        XCTAssertGreaterThan(basic, 1000)
        XCTAssertGreaterThan(twoByte, 500, "texts with two-byte letters take the Basic Latin path")
        XCTAssertGreaterThan(decoded, 1500)
    }

    /// The scalar facts table holds what the Unicode property functions say.
    func testScalarFactsTable() {
        for value in 0..<UInt32(LanguageDetector.ScalarFacts.count) {
            let scalar = Unicode.Scalar(value)!
            let packed = LanguageDetector.ScalarFacts.table[Int(value)]
            XCTAssertEqual(packed & LanguageDetector.ScalarFacts.lowerMask, LanguageDetector.lower(scalar).value)
            XCTAssertEqual(packed & LanguageDetector.ScalarFacts.letterBit != 0, LanguageDetector.isLetter(scalar))
        }
    }

    /// The lane table spreads bit k of a mask to lane k, and the three ways of adding agree.
    func testLaneSpreads() {
        for mask in 0..<256 {
            for lane in 0..<8 { XCTAssertEqual(ProfileLanes.spreads[mask][lane], UInt16(mask >> lane & 1), "mask \(mask) lane \(lane)") }
        }
        var lanes = ProfileLanes()
        lanes.add(0b1010_0101, 8)
        lanes.add(0b0000_0001)
        lanes.add(spread: ProfileLanes.spreads[0x80])
        XCTAssertEqual((0..<8).map { lanes[$0] }, [9, 0, 8, 0, 0, 8, 0, 9])
    }

    /// The dense trigram table holds the hashed table's masks, but 0 for (space, space, letter),
    /// which the Basic Latin path adds at a word's first letter.
    func testDenseTrigramsMatchTheHashedTable() {
        let tables = LanguageDetector.latin
        let alphabet = [UInt32(0x20)] + (0x61...0x7A).map { UInt32($0) }
        var listed = 0
        for first in alphabet {
            for second in alphabet {
                for third in alphabet {
                    let dense = tables.asciiTrigrams[LanguageDetector.Tables.asciiTrigramIndex(first, second, third)]
                    let key = LanguageDetector.gramKey(Unicode.Scalar(first)!, Unicode.Scalar(second)!, Unicode.Scalar(third)!)
                    let expected = first == 0x20 && second == 0x20 ? 0 : UInt8(tables.trigrams.get(key) ?? 0)
                    XCTAssertEqual(dense, expected)
                    if expected != 0 { listed += 1 }
                }
            }
        }
        // Indexes with a code above 26 hold nothing.
        XCTAssertEqual(tables.asciiTrigrams.count, 1 << 15)
        XCTAssertEqual(tables.asciiTrigrams.filter { $0 != 0 }.count, listed)
    }
}
