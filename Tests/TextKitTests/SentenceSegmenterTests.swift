import Foundation
import TextKit
import XCTest

final class SentenceSegmenterTests: XCTestCase {
    struct Case: Decodable {
        var id: Int
        var text: String
        var sentences: [String]
    }

    func split(_ text: String) -> [String] {
        TextKit.sentences(in: text).map { String(text[TextKit.stringRange($0, in: text)]) }
    }

    func testGoldenRules() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "golden_rules_en", withExtension: "jsonl", subdirectory: "Fixtures"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 48)
        var passed = 0
        for line in lines {
            let c = try JSONDecoder().decode(Case.self, from: Data(line.utf8))
            let got = split(c.text)
            if got == c.sentences { passed += 1 } else { XCTFail("golden rule \(c.id): \(got) != \(c.sentences)") }
        }
        XCTAssertEqual(passed, 48)
    }
}
