import Foundation
import XCTest
@testable import StripSalutations

/// `FrozenTrie` walks exactly like the `Trie` it was built from: every bundled phrase list, parsed
/// from its text and compared with the compiled table's frozen trie (walked in place), walked from
/// every word start of the mail corpus' lines (and from each phrase itself), gives the same
/// matches, longest match and gates, on normalized scalars and on raw bytes.
final class FrozenTrieTests: XCTestCase {
    func testFrozenTriesAnswerAsTheirTries() throws {
        let compiled = try PhraseBook.allBundled.get()
        var book = PhraseBook()
        let folder = PhraseTableTests.phrasesFolder
        for f in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".txt") }).sorted() {
            try book.load(text: String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8), source: f)
        }
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/mail_corpus", withExtension: "jsonl"))
        var texts: [String] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            if let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let text = object["text"] as? String {
                texts += text.split(separator: "\n").map(String.init)
            }
        }
        XCTAssertGreaterThan(texts.count, 1000)
        var walks = 0
        for kind in PhraseKind.allCases {
            let trie = book.trie(kind)
            let frozen = compiled.frozenTrie(kind)
            for var text in texts.prefix(3000) {
                let scalars = Normalizer.normalize(text)
                var starts = [0]
                for (k, c) in scalars.enumerated() where c == asciiSpace { starts.append(k + 1) }
                for from in starts where from < scalars.count {
                    walks += 1
                    XCTAssertEqual(Array(frozen.matches(scalars, from: from, to: scalars.count)).map(\.end),
                                   Array(trie.matches(scalars, from: from, to: scalars.count)).map(\.end), "\(kind) \(text)")
                    XCTAssertEqual(frozen.longest(scalars, from: from, to: scalars.count)?.end, trie.longest(scalars, from: from, to: scalars.count)?.end)
                    XCTAssertEqual(frozen.couldMatch(scalars, from: from), trie.couldMatch(scalars, from: from))
                }
                text.withUTF8 { bytes in
                    XCTAssertEqual(frozen.couldMatchBytes(bytes, from: 0, to: bytes.count), trie.couldMatchBytes(bytes, from: 0, to: bytes.count))
                }
            }
        }
        XCTAssertGreaterThan(walks, 100_000)
        // Each phrase of a small list is found in full, with its flags.
        let trie = book.trie(.headerFrom)
        let frozen = FrozenTrie(trie)
        for phrase in ["from", "von", "de", "van"] {
            let scalars = Normalizer.normalize(phrase)
            XCTAssertEqual(frozen.longest(scalars, from: 0, to: scalars.count)?.end, trie.longest(scalars, from: 0, to: scalars.count)?.end)
            XCTAssertEqual(frozen.longest(scalars, from: 0, to: scalars.count)?.flag, trie.longest(scalars, from: 0, to: scalars.count)?.flag)
        }
    }
}
