import Foundation
import PipelineKit
import XCTest
@testable import StripSalutations

/// Normalizes like the scoring script: trailing spaces dropped, blank-line runs folded, stripped.
func scoreNormalize(_ s: String) -> String {
    let lines = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        .split(separator: "\n", omittingEmptySubsequences: false)
        .map { line -> String in
            var l = Substring(line)
            while let c = l.last, c == " " || c == "\t" { l = l.dropLast() }
            return String(l)
        }
    var out: [String] = []
    for l in lines where !(l.isEmpty && out.last == "") { out.append(l) }
    return out.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
}

/// One case of a JSON-lines suite.
struct SuiteCase: Decodable {
    var id: String
    var text: String
    var expected: String
}

func fixtureURL(_ name: String) throws -> URL {
    let dot = name.lastIndex(of: ".")!
    let url = Bundle.module.url(forResource: "Fixtures/" + String(name[..<dot]), withExtension: String(name[name.index(after: dot)...]))
    return try XCTUnwrap(url, "missing fixture \(name)")
}

func loadSuite(_ name: String) throws -> [SuiteCase] {
    let text = try String(contentsOf: fixtureURL(name), encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONDecoder().decode(SuiteCase.self, from: Data($0.utf8)) }
}

/// Runs a suite; returns the ids that fail.
func failures(of suite: [SuiteCase]) async throws -> [String] {
    var failed: [String] = []
    let stage = try StripSalutationsStage.build(options: [:], setup: StageSetup(stageID: "strip-salutations"))
    for c in suite {
        let out = try await StageTester.run(stage, on: Document(id: c.id, text: c.text))
        if scoreNormalize(out.text) != scoreNormalize(c.expected) { failed.append(c.id) }
    }
    return failed
}

final class StripSalutationsTests: XCTestCase {
    func testSpecExamples() async {
        let problems = await StageTester.checkExamples(of: StripSalutationsStage.self)
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }

    func testBundledSampleComesOutClean() async throws {
        let text = try String(contentsOf: fixtureURL("talks-stall.txt"), encoding: .utf8)
        let out = try await StageTester.run(StripSalutationsStage.self, on: text)
        let lines = out.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "Talks between Afghanistan and Pakistan stall after days of negotiations")
        XCTAssertTrue(lines[1].hasPrefix("KABUL - Peace discussions"))
        XCTAssertFalse(out.text.contains("Assalamualaikum"))
        XCTAssertFalse(out.text.contains("May Allah"))
        XCTAssertFalse(out.text.contains("Wa alaikum assalam"))
        // The source link is the article's, not a signature: it stays, right after the last paragraph.
        XCTAssertTrue(lines.last!.hasPrefix("https://www.arabnews.com/node/"))
        XCTAssertTrue(lines[lines.count - 2].hasSuffix("a durable peace deal will be hard to achieve."))
        XCTAssertEqual(out.document.annotations.map(\.type), ["greeting", "greeting", "closing"])
        // Offsets are Unicode scalars into the input.
        let scalars = Array(text.unicodeScalars)
        for a in out.document.annotations {
            let span = String(String.UnicodeScalarView(scalars[a.start..<a.end]))
            switch a.type {
            case "greeting": XCTAssertTrue(span.hasPrefix("Assalamualaikum"), span)
            default: XCTAssertTrue(span.hasPrefix("May Allah") && span.hasSuffix("Wa alaikum assalam."), span)
            }
        }
    }

    func testGithubEmailReplyParserSuite() async throws {
        let suite = try loadSuite("github_erp.jsonl")
        let failed = try await failures(of: suite)
        XCTAssertEqual(suite.count, 22)
        XCTAssertEqual(failed, [], "22/22 expected")
    }

    func testMailParserReplySuite() async throws {
        let suite = try loadSuite("mail_parser_reply.jsonl")
        let failed = try await failures(of: suite)
        XCTAssertEqual(suite.count, 33)
        XCTAssertEqual(failed, [], "33/33 expected")
    }

    func testOwnMultilingualCases() async throws {
        let suite = try loadSuite("own_cases.jsonl")
        XCTAssertGreaterThanOrEqual(suite.count, 90)
        let failed = try await failures(of: suite)
        XCTAssertEqual(failed, [])
    }

    func testNegativesAreUntouched() async throws {
        for text in ["Hello Kitty maker Sanrio reported record profits.", "With regards to the budget, nothing changed.",
                     "Cheers erupted across the stadium", "Thanks to a late goal, they won.", "Food is getting dear",
                     "Prices rose.\nFood is getting dear", "Fans sang.\nCheers erupted across the stadium",
                     "The vote was close.\nThanks to a late goal, they won."] {
            let out = try await StageTester.run(StripSalutationsStage.self, on: text)
            XCTAssertEqual(out.text, text)
            XCTAssertEqual(out.document.annotations, [])
        }
    }

    func testLongQuoteLineIsFast() async throws {
        let long = String(repeating: ">", count: 700_000)
        let text = "Hi folks\n\nWhat is the best way?\n\(long)\nasdf\nA\(long)\nI am using Java.\n\n-Abhishek Kona\n"
        let clock = ContinuousClock()
        let start = clock.now
        let out = try await StageTester.run(StripSalutationsStage.self, on: text)
        XCTAssertLessThan(clock.now - start, .seconds(1))
        XCTAssertEqual(scoreNormalize(out.text), "What is the best way?\nasdf\nA\(long)\nI am using Java.")
    }

    func testAnnotationTypesAndKeepRemoved() async throws {
        let text = "Hi Anna,\n\nThe numbers are in.\n\nBest regards,\nJohn\n+1 555 010 0199\n\nOn Mon, 3 Nov 2025 at 10:00, Anna <anna@example.com> wrote:\n> Any news?"
        let out = try await StageTester.run(StripSalutationsStage.self, options: ["keep-removed": true], on: text)
        XCTAssertEqual(out.text, "The numbers are in.")
        XCTAssertEqual(out.document.annotations.map(\.type), ["greeting", "closing", "signature", "quote"])
        let removed = try XCTUnwrap(out.document.metadata["removed"]?.objectValue)
        XCTAssertEqual(removed["signature"], ["John\n+1 555 010 0199"])
        XCTAssertEqual(removed["greeting"], ["Hi Anna,"])
    }

    func testScalarOffsetsWithNonASCII() async throws {
        let text = "السلام عليكم 🌙\n\nوصل التقرير.\n\nمع خالص التحيات،\nأحمد"
        let out = try await StageTester.run(StripSalutationsStage.self, on: text)
        XCTAssertEqual(out.text, "وصل التقرير.")
        let scalars = Array(text.unicodeScalars)
        let first = try XCTUnwrap(out.document.annotations.first)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[first.start..<first.end])), "السلام عليكم 🌙")
    }

    func testNormalization() {
        func n(_ s: String) -> String { String(String.UnicodeScalarView(Normalizer.normalize(s).compactMap(Unicode.Scalar.init))) }
        XCTAssertEqual(n("Mit freundlichen GRÜSSEN"), n("mit freundlichen grüßen"))
        XCTAssertEqual(n("Cafe\u{301}"), n("Café"))                  // NFD = NFC
        XCTAssertEqual(n("سلام علیکم"), n("سلام عليكم"))             // ی/ي, ک/ك
        XCTAssertEqual(n("جـــزاك"), n("جزاك"))                       // tatweel
        XCTAssertEqual(n("السَّلامُ"), n("السلام"))                     // harakat
        XCTAssertEqual(n("👋 Hi   there ✨"), "hi there")              // emoji, spaces
        XCTAssertEqual(n("as-salamu"), "as salamu")
        XCTAssertEqual(n("您好："), "您好:")
    }

    func testOptionsAndErrors() async throws {
        // Quotes off keeps the reply.
        let q = try await StageTester.run(StripSalutationsStage.self, options: ["quotes": false], on: "Yes.\n\nOn Mon, 3 Nov 2025, Jane <j@x.org> wrote:\n> Coming?")
        XCTAssertTrue(q.text.contains("wrote:"))
        // Greetings off.
        let g = try await StageTester.run(StripSalutationsStage.self, options: ["greetings": false], on: "Hi team,\nDone.\nThanks,\nBo")
        XCTAssertEqual(g.text, "Hi team,\nDone.")
        // One language only: German phrases do not apply with languages: [en].
        let en = try await StageTester.run(StripSalutationsStage.self, options: ["languages": "en"], on: "Sehr geehrte Damen und Herren,\nDanke.\nMit freundlichen Grüßen")
        XCTAssertTrue(en.text.hasPrefix("Sehr geehrte"))
        // Unknown language and phrase kind are option errors with a suggestion.
        do {
            _ = try await StageTester.run(StripSalutationsStage.self, options: ["languages": ["en", "dee"]], on: "x")
            XCTFail("expected an error")
        } catch let e as OptionIssues {
            XCTAssertEqual(e.issues.first?.path, ["languages", "1"])
            XCTAssertTrue(e.description.contains("did you mean 'de'"), e.description)
        }
        do {
            _ = try await StageTester.run(StripSalutationsStage.self, options: ["phrases": ["greetng": ["ahoy"]]], on: "x")
            XCTFail("expected an error")
        } catch let e as OptionIssues {
            XCTAssertTrue(e.description.contains("did you mean 'greeting'"), e.description)
        }
        // Phrase files.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "[closing]\nlive long and prosper\n".write(to: dir.appendingPathComponent("extra.txt"), atomically: true, encoding: .utf8)
        let f = try await StageTester.run(StripSalutationsStage.self, options: ["phrase-files": ["extra.txt"]], on: "Body.\n\nLive long and prosper.",
                                          setup: StageSetup(stageID: "s", baseDirectory: dir.path))
        XCTAssertEqual(f.text, "Body.")
        try "[greting]\nx\n".write(to: dir.appendingPathComponent("bad.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try await StageTester.run(StripSalutationsStage.self, options: ["phrase-files": ["bad.txt"]], on: "x", setup: StageSetup(stageID: "s", baseDirectory: dir.path))
            XCTFail("expected an error")
        } catch let e as OptionIssues {
            XCTAssertTrue(e.description.contains("bad.txt:1: unknown section"), e.description)
        }
    }

    func testNeverEmptiesADocument() async throws {
        for text in ["Hello!", "Thanks!", "Best regards,\nJohn", "> only a quote"] {
            let out = try await StageTester.run(StripSalutationsStage.self, on: text)
            XCTAssertEqual(out.text, text)
        }
    }

    func testCRLFIsKept() async throws {
        let out = try await StageTester.run(StripSalutationsStage.self, on: "Hi Bob,\r\n\r\nLine one.\r\nLine two.\r\n\r\nCheers,\r\nAl\r\n")
        XCTAssertEqual(out.text, "Line one.\r\nLine two.\r\n")
    }

    func testConcurrentUse() async throws {
        let stage = try StripSalutationsStage.build(options: [:], setup: StageSetup(stageID: "s"))
        let texts = (0..<64).map { "Hi team,\nItem \($0).\nBest,\nJo" }
        let outs = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, t) in texts.enumerated() {
                group.addTask {
                    let ctx = StageContext(stageID: "s", stageName: "strip-salutations", sequence: i, events: CollectingEventSink())
                    return (i, try await stage.process(Document(id: "\(i)", text: t), context: ctx)[0].text)
                }
            }
            var r = [String](repeating: "", count: texts.count)
            for try await (i, s) in group { r[i] = s }
            return r
        }
        for (i, o) in outs.enumerated() { XCTAssertEqual(o, "Item \(i).") }
    }

    func testRandomInputsKeepInvariants() async throws {
        let atoms = ["Hi", "Hello", ",", ".", " ", "\n", "\r\n", "\n\n", ">", "> ", "-- ", "--", "On Mon, 3 Nov 2025 at 10:00, J <j@x.com> wrote:",
                     "wrote:", ":", "From: a@b.c", "Sent: x", "To: y", "-----Original Message-----", "Best regards", "Thanks", "May Allah",
                     "Wa alaikum assalam", "السلام عليكم", "ی", "ـ", "\u{64B}", "🙏", "👋🏽", "你好", "。", "様", "Sent from my iPhone",
                     "https://x.y/z", "Source: X", "-John", "é", "e\u{301}", "ß", "İ", "\u{200F}", "\u{FEFF}", "=", "\t", "word", " - ", "___________"]
        let stage = try StripSalutationsStage.build(options: ["keep-removed": true], setup: StageSetup(stageID: "strip-salutations"))
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for i in 0..<1500 {
            var text = ""
            for _ in 0..<next(50) { text += atoms[next(atoms.count)] }
            let out = try await StageTester.run(stage, on: Document(id: "\(i)", text: text)).document
            let scalars = Array(text.unicodeScalars)
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                XCTAssertFalse(out.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "emptied \(text.debugDescription)")
            }
            var used: [String: Int] = [:]
            for a in out.annotations {
                XCTAssertTrue(0 <= a.start && a.start <= a.end && a.end <= scalars.count)
                let span = String(String.UnicodeScalarView(scalars[a.start..<a.end]))
                let removed = out.metadata["removed"]?[a.type]?.arrayValue ?? []
                let k = used[a.type, default: 0]
                used[a.type] = k + 1
                XCTAssertEqual(removed.count > k ? removed[k].stringValue : nil, span)
            }
        }
    }
}
