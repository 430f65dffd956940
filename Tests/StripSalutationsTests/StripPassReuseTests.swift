import XCTest
import PipelineKit
@testable import StripSalutations

/// A `StripPass` serves document after document (`StripPassPool`): what it finds must not depend
/// on what it held before, and the short-word gate of `suffixClosing` must agree with the
/// normalized sentence split it spares.
final class StripPassReuseTests: XCTestCase {
    /// What one run finds: kept byte ranges, merged removals and header fields.
    private struct Found: Equatable {
        var changed: Bool
        var kept: [Range<Int>] = []
        var removals: [String] = []
        var fields: [String] = []
    }

    private func found(_ stripper: Stripper, _ text: String, in pass: StripPass) -> Found {
        var text = text
        return text.withUTF8 { bytes in
            guard stripper.run(bytes, in: pass) else { return Found(changed: false) }
            return Found(changed: true, kept: pass.kept,
                         removals: pass.mergedRemovals.map { "\($0.type) \($0.start)..<\($0.end)" },
                         fields: pass.headerFields.map { "\($0.key)=\($0.value)" })
        }
    }

    /// Every suite's texts through one reused pass, in a shuffled order, against a fresh pass each.
    func testAReusedPassFindsWhatAFreshOneFinds() throws {
        let stripper = Stripper(book: try PhraseBook.allBundled.get(), settings: StripSettings())
        var texts: [String] = []
        for suite in ["github_erp.jsonl", "mail_parser_reply.jsonl", "own_cases.jsonl", "mail_corpus.jsonl"] {
            texts += try loadSuite(suite).map(\.text)
        }
        texts += ["", "\n\n", "Thanks!", "x", String(repeating: "Long body line without greeting. ", count: 200)]
        var seed: UInt64 = 15
        for i in stride(from: texts.count - 1, to: 0, by: -1) {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            texts.swapAt(i, Int((seed >> 33) % UInt64(i + 1)))
        }
        let reused = StripPassPool().take(for: stripper)
        for text in texts {
            let fresh = StripPass(bytes: UnsafeBufferPointer(start: nil, count: 0), stripper: stripper)
            XCTAssertEqual(found(stripper, text, in: reused), found(stripper, text, in: fresh), text)
        }
    }

    /// A pool hands a pass to one taker at a time and keeps what it is given back.
    func testThePoolHandsEachPassToOneTaker() throws {
        let stripper = Stripper(book: try PhraseBook.allBundled.get(), settings: StripSettings())
        let pool = StripPassPool()
        let first = pool.take(for: stripper), second = pool.take(for: stripper)
        XCTAssertFalse(first === second)
        pool.giveBack(first)
        XCTAssertTrue(pool.take(for: stripper) === first)
    }

    /// The gate lets short words before a final dot through to the trie unless they are
    /// abbreviations: the same text with a closing after "said." / "Mr." strips as before.
    func testShortWordsBeforeTheLastDot() async throws {
        let stage = try StripSalutationsStage.build(options: [:], setup: StageSetup(stageID: "s"))
        let cases: [(String, String)] = [
            ("Body first.\nThe minister said so, he said. Thanks!", "Body first.\nThe minister said so, he said."),
            ("Body first.\nWe met Mr. Thanks again later", "Body first.\nWe met Mr. Thanks again later"),
            ("Body first.\nIt will work. Regards", "Body first.\nIt will work."),
            ("Body first.\nSee p. Thanks", "Body first.\nSee p. Thanks"),
            ("Body first.\nIt rose 710. Best regards", "Body first.\nIt rose 710."),
            ("Body first.\nHe said. Cheers erupted across the stadium", "Body first.\nHe said. Cheers erupted across the stadium"),
        ]
        for (input, expected) in cases {
            let out = try await StageTester.run(stage, on: Document(id: "d", text: input))
            XCTAssertEqual(out.text, expected, input)
        }
    }
}
