import PipelineKit
@testable import Summarize
import TextKit
import XCTest

final class SummarizeTests: XCTestCase {
    let story = """
        The city council approved a new budget for parks on Monday. \
        The budget adds money for parks, libraries and street lighting. \
        Critics said the budget for parks was too small. \
        The mayor thanked the council. \
        A local bakery won a prize. \
        Parks officials welcomed the new budget and promised new playgrounds.
        """

    func testExamples() async {
        let failures = await StageTester.checkExamples(of: SummarizeStage.self)
        XCTAssertEqual(failures, [])
    }

    func testEveryMethodPicksInTextOrderWithAnnotations() async throws {
        for method in ["auto", "lead", "textrank", "lexrank", "lexrank-continuous", "luhn"] {
            let out = try await StageTester.run(SummarizeStage.self, options: ["method": .string(method), "sentences": 2], on: story)
            let doc = out.document
            let anns = doc.annotations.filter { $0.type == "summary-sentence" }
            XCTAssertEqual(anns.count, 2, method)
            XCTAssertLessThan(anns[0].start, anns[1].start, method)
            let scalars = Array(story.unicodeScalars)
            let picked = anns.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
            XCTAssertEqual(doc.metadata["summary"], .string(picked.joined(separator: " ")), method)
            XCTAssertEqual(doc.text, story, method)
        }
    }

    func testQuoteLikeSentences() {
        func quoteLike(_ s: String, english: Bool = true) -> Bool {
            let bytes = Array(s.utf8)
            return bytes.withUnsafeBufferPointer { Summarizer.isQuoteLike($0, 0..<bytes.count, english: english) }
        }
        XCTAssertTrue(quoteLike("'It was a shock,' she said."))
        XCTAssertTrue(quoteLike("Obesity, he told me, \"is a national security issue.\""))
        XCTAssertTrue(quoteLike("He called it \u{201C}a disaster\u{201D}."))
        XCTAssertTrue(quoteLike("I think his passion would fit."))
        XCTAssertTrue(quoteLike("We were lucky, I\u{2019}m told."))
        XCTAssertTrue(quoteLike("It is our duty."))
        XCTAssertFalse(quoteLike("The council approved the budget on Monday."))
        XCTAssertFalse(quoteLike("Smith's team won World Cup Group B in Rome."))
        XCTAssertFalse(quoteLike("The ME charity and MY Ltd met in Iowa."))
        XCTAssertFalse(quoteLike("Ich bin hier, we", english: false))
    }

    func testAutoDampsQuotesButKeepsTheLead() async throws {
        let text = """
            "We will win," the mayor said as the council approved a new budget for parks on Monday. \
            The new budget for parks adds money for playgrounds, libraries and street lighting. \
            "I love the parks budget and the playgrounds," one resident said of the budget. \
            Parks officials said the budget for playgrounds and parks was the largest in years.
            """
        let out = try await StageTester.run(SummarizeStage.self, options: ["sentences": 3], on: text)
        let summary = out.document.metadata["summary"]
        XCTAssertEqual(summary, .string("""
            "We will win," the mayor said as the council approved a new budget for parks on Monday. \
            The new budget for parks adds money for playgrounds, libraries and street lighting. \
            Parks officials said the budget for playgrounds and parks was the largest in years.
            """))
    }

    func testRatioAndMaxWords() async throws {
        let half = try await StageTester.run(SummarizeStage.self, options: ["ratio": 0.5, "method": "lead"], on: story)
        XCTAssertEqual(half.document.annotations.count, 3)
        let words = try await StageTester.run(SummarizeStage.self, options: ["max-words": 12, "method": "lead"], on: story)
        let summary = words.document.metadata["summary"]?.stringValue ?? ""
        XCTAssertLessThanOrEqual(summary.split(separator: " ").count, 12)
        XCTAssertFalse(summary.isEmpty)
    }

    func testOptionErrors() {
        let setup = StageSetup(stageID: "summarize")
        XCTAssertThrowsError(try SummarizeStage.build(options: ["sentences": 0], setup: setup))
        XCTAssertThrowsError(try SummarizeStage.build(options: ["ratio": 1.5], setup: setup))
        XCTAssertThrowsError(try SummarizeStage.build(options: ["max-words": 0], setup: setup))
        XCTAssertThrowsError(try SummarizeStage.build(options: ["language": "xx"], setup: setup))
        XCTAssertThrowsError(try SummarizeStage.build(options: ["method": "lexrnk"], setup: setup)) { error in
            XCTAssertTrue("\(error)".contains("did you mean 'lexrank'"), "\(error)")
        }
        XCTAssertThrowsError(try SummarizeStage.build(options: ["sentense": 3], setup: setup))
    }

    func testGracefulOnDegenerateTexts() async throws {
        for text in ["", "   ", "One sentence only.", "no punctuation here at all", "Title only line\n", "\n\n\nx"] {
            for method in ["auto", "lead", "textrank", "lexrank", "lexrank-continuous", "luhn"] {
                let out = try await StageTester.run(SummarizeStage.self, options: ["method": .string(method)], on: text)
                XCTAssertLessThanOrEqual(out.document.annotations.count, 1, "\(method) \(text.debugDescription)")
                for a in out.document.annotations { XCTAssertLessThanOrEqual(a.end, text.unicodeScalars.count) }
            }
        }
    }

    func testUnicodeOffsets() async throws {
        let text = "Héllo wörld — ça va. 東京は晴れです。Второе предложение здесь."
        let out = try await StageTester.run(SummarizeStage.self, options: ["method": "lead", "sentences": 3], on: text)
        let scalars = Array(text.unicodeScalars)
        let picked = out.document.annotations.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        XCTAssertEqual(picked, ["Héllo wörld — ça va.", "東京は晴れです。", "Второе предложение здесь."])
    }

    func testLargeTextIsLinear() async throws {
        // ~2 MB of varied sentences: must finish quickly with every graph method (windowed graph).
        var parts: [String] = []
        for i in 0..<20_000 {
            parts.append("Sentence number \(i) mentions topic \(i % 97) and item \(i % 13) with detail \(i % 7).")
        }
        let text = parts.joined(separator: " ")
        for method in ["auto", "textrank", "lexrank", "luhn"] {
            let clock = ContinuousClock()
            let start = clock.now
            let out = try await StageTester.run(SummarizeStage.self, options: ["method": .string(method)], on: text)
            XCTAssertEqual(out.document.annotations.count, 3, method)
            XCTAssertLessThan(clock.now - start, .seconds(20), method)
        }
    }

    func testConcurrentUse() async throws {
        let stage = try SummarizeStage.build(options: [:], setup: StageSetup(stageID: "summarize"))
        let text = story
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let r = try await StageTester.run(stage, on: Document(id: "x", text: text))
                    return r.document.metadata["summary"]?.stringValue ?? ""
                }
            }
            var all: [String] = []
            for try await s in group { all.append(s) }
            return all
        }
        XCTAssertEqual(Set(results).count, 1)
    }
}

final class SummarizeFuzzTests: XCTestCase {
    func testRandomTextsEveryMethod() async throws {
        let pieces = ["The", "cat", "sat", "U.S.", "Mr.", "3.5", ".", ".", "!", "?", "\n", "\n\n", " ", " ", "“", "”",
                      "中文", "。", "مرحبا", "؟", "…", "•", "1.", "a)", "Ça", "é", "🙂", "", "\u{00A0}"]
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let stages = try ["auto", "lead", "textrank", "lexrank", "lexrank-continuous", "luhn"].map {
            try SummarizeStage.build(options: ["method": .string($0), "sentences": 2], setup: StageSetup(stageID: "summarize"))
        }
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<(next() % 80) { text += pieces[next() % pieces.count] + (next() % 3 == 0 ? "" : " ") }
            let count = text.unicodeScalars.count
            for stage in stages {
                let out = try await StageTester.run(stage, on: Document(id: "f", text: text))
                let anns = out.document.annotations
                XCTAssertLessThanOrEqual(anns.count, 2)
                for a in anns { XCTAssertTrue(a.start >= 0 && a.start < a.end && a.end <= count, text.debugDescription) }
            }
        }
    }

    /// A text too long for the word pass's 32-bit ranges fails as a document, with its size and
    /// none of its words in the message (2 GiB texts are not made here: the check takes the count).
    func testATextOverTheSizeLimitFailsWithItsSizeOnly() throws {
        XCTAssertNoThrow(try SummarizeStage.checkSize(SummarizeStage.maxTextBytes))
        XCTAssertThrowsError(try SummarizeStage.checkSize(SummarizeStage.maxTextBytes + 1)) { error in
            XCTAssertEqual("\(error)", "the text is 2147483648 bytes: summarize takes at most 2147483647 bytes (2 GiB) per document")
        }
        XCTAssertThrowsError(try SummarizeStage.checkSize(11, limit: 10))
    }
}
