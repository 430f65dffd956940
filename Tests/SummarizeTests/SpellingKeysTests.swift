import PipelineKit
@testable import Summarize
import TextKit
import XCTest

/// `SpellingKeys` answers exactly as `Normalizer.key` would: for repeated spellings, across a
/// table that fills up and starts over, and when the language changes.
final class SpellingKeysTests: XCTestCase {
    private func words(_ count: Int) -> [String] {
        let stems = ["running", "The", "the", "police", "Police", "said", "über", "Häuser", "东京", "l'homme", "don’t", "ponies", "caresses"]
        return (0..<count).map { i in i % 3 == 0 ? stems[i % stems.count] : "word\(i % 40_000)" }
    }

    private func check(_ list: [String], language: Language?, table: inout SpellingKeys) {
        let normalizer = Normalizer(language: language)
        for word in list {
            TextKit.withUTF8(word) { bytes in
                let range = 0..<bytes.count
                let expected = normalizer.key(bytes, range)
                let raw = Normalizer.rawKey(bytes, range)
                XCTAssertEqual(table.key(raw: raw) { normalizer.key(bytes, range) }, expected, word)
                XCTAssertEqual(table.key(raw: raw) { XCTFail("a second look must come from the table"); return nil }, expected, word)
            }
        }
    }

    func testKeysMatchTheNormalizerThroughFillsAndLanguageChanges() {
        var table = SpellingKeys(language: .en)
        // More distinct spellings than the table holds: it starts over on the way.
        check(words(100_000), language: .en, table: &table)
        table.prepare(for: .de)
        XCTAssertEqual(table.language, .de)
        check(words(5_000), language: .de, table: &table)
        table.prepare(for: nil)
        check(words(5_000), language: nil, table: &table)
    }

    func testThePoolHandsOutATableForTheAskedLanguage() {
        let pool = ModelWorkspacePool()
        var workspace = pool.take(for: .fr)
        XCTAssertEqual(workspace.spellingKeys.language, .fr)
        check(words(2_000), language: .fr, table: &workspace.spellingKeys)
        pool.giveBack(workspace)
        var again = pool.take(for: .es)
        XCTAssertEqual(again.spellingKeys.language, .es)
        check(words(2_000), language: .es, table: &again.spellingKeys)
    }
}
