import PropertyBased
import Testing
@testable import Redact

/// The scanner's fast lane through plain words (`Detectors.quietWordsEnd`) must find exactly what
/// looking at every word finds: texts built from prose words, month and weekday names, numbers,
/// punctuation and entities, at every offset against the eight-byte chunks, with every kind set
/// whose fast lane differs (nothing to look at, dates, secrets, everything).
@Suite struct QuietWordsTests {
    static let pieces = [
        "the", "market", "said", "on", "a", "Monday", "monday", "March", "may", "Mar.", "Sept.", "Tue", "sat", "Sunday,", "money",
        "Wednesday", "3", "21", "2019", "5th", "May", "12,", "10:30", "jan", "Dec", "friends.", "Fri", "thus", "Oct",
        "jane@example.com", "+44 20 7946 0958", "https://example.com/a", "www.example.org", "10.0.0.1", "AKIAQWERTYUIOPASDFGH",
        "ghp_" + String(repeating: "aB3", count: 12), "token=Zx9QwErTy7UiOp3AsD", "GB82WEST12345698765432", "4111 1111 1111 1111",
        "\u{201C}quoted\u{201D}", "don't", "'key',", "Monday's", "'", "\"", "'api_key', 'Zx9QwErTy7UiOp3AsDfGhJk'", "'token': 'Zx9QwErTy7UiOp3AsD'", "e.g.", "(555) 123-4567", "x", "--", "\n", "—", "café", "ABCDEFGH12345678",
    ]
    static let separators = [" ", " ", " ", ", ", ",", "  ", ". ", " ", "\n", "'", "', ", "'s "]

    static func matches(_ text: String, _ kinds: KindSet, fast: Bool, look: QuietWordLook? = nil) -> [String] {
        var copy = text
        let detectors = Detectors(kinds: kinds, skipsQuietWords: fast, quietWords: look)
        return copy.withUTF8 { buffer in
            var out: [Match] = []
            detectors.scan(Bytes(buffer), into: &out)
            return out.map { "\($0.type) \($0.start)..<\($0.end)" }
        }
    }

    static func kinds(_ names: [String]) -> KindSet {
        var set = KindSet()
        for name in names { set.insert(Kind(name: name)!) }
        return set
    }

    static let kindSets: [[String]] = [
        ["email", "phone", "url"], ["date"], ["secret"], ["date", "phone"],
        ["email", "phone", "url", "ip", "credit-card", "iban", "ssn", "date", "secret"],
    ]

    @Test func findsWhatLookingAtEveryWordFinds() {
        // A fixed seed, so a failure names a text that comes back.
        var generator = Xoshiro(seed: (11, 12, 13, 14))
        for round in 0..<100 {
            var text = ""
            for _ in 0..<Int.random(in: 8..<48, using: &generator) {
                text += Self.pieces.randomElement(using: &generator)! + Self.separators.randomElement(using: &generator)!
            }
            // Every offset against the chunks: the same words after 0 to 7 leading letters and a space.
            for shift in 0..<8 {
                let shifted = (shift == 0 ? "" : String(repeating: "q", count: shift) + " ") + text
                for names in Self.kindSets {
                    let kinds = Self.kinds(names)
                    let everyWord = Self.matches(shifted, kinds, fast: false)
                    #expect(Self.matches(shifted, kinds, fast: true) == everyWord, "round \(round), kinds \(names): \(shifted.debugDescription)")
                    // The strictest look finds the same too (what a catalogue with month-like vendor prefixes gets).
                    #expect(Self.matches(shifted, kinds, fast: true, look: .calendarWords) == everyWord, "round \(round), calendarWords, kinds \(names)")
                }
            }
        }
    }

    @Test func datesAfterRunsOfPlainWordsAreFound() {
        let kinds = Self.kinds(["date"])
        for date in ["Monday, March 3", "Tue 5 May", "Mar. 3", "on Sunday March 21, 2019", "March 2019"] {
            for padding in 0..<16 {
                let text = String(repeating: "a ", count: padding) + "it was said that on " + date + " the market fell"
                let found = Self.matches(text, kinds, fast: true)
                #expect(!found.isEmpty && found == Self.matches(text, kinds, fast: false), "\(text)")
            }
        }
        // Alone, a weekday or a month is no date, fast lane or not.
        #expect(Self.matches("the market fell on Monday and in March the money went", kinds, fast: true).isEmpty)
    }

    @Test func kindsChooseTheLook() {
        #expect(QuietWordLook(kinds: Self.kinds(["email", "phone", "url", "ip", "credit-card", "iban", "ssn"]), secrets: .shared) == .none)
        #expect(QuietWordLook(kinds: Self.kinds(["date"]), secrets: .empty) == .beforeDigitOrDot)
        #expect(QuietWordLook(kinds: Self.kinds(["date", "phone"]), secrets: .empty) == .beforeDigitOrDot)
        // Vendor prefixes a plain word with a month or weekday prefix can begin, and ones it cannot.
        func prefix(_ text: String, lead: Int = 0) -> SecretCatalogueIndex.Prefix {
            SecretCatalogueIndex.Prefix(bytes: Array(text.utf8), lead: lead, caseInsensitive: true, rule: 0, holdsKeyword: false)
        }
        for text in ["Saturn", "mon", "ma", "dec ", "Wed,x"] { #expect(QuietWordLook.mayBeginPlainCalendarWord(prefix(text)), "\(text)") }
        #expect(QuietWordLook.mayBeginPlainCalendarWord(prefix("\"sunbeam", lead: 1)))
        for text in ["sat.", "sk_", "mo-", "ghp_", "xoxb", "ab ", "m1n", "AKIA"] { #expect(!QuietWordLook.mayBeginPlainCalendarWord(prefix(text)), "\(text)") }
    }
}
