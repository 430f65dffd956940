import Foundation
import PipelineConfig
import PipelineKit
import PipelineRunner
import XCTest

@testable import PipelineCLI
import BuiltInStages

/// `pipeline explain`: the word diff, how changes are labelled with the stage's annotations,
/// and the three renderings.
final class WordDiffTests: XCTestCase {
    func apply(_ changes: [WordDiff.Change], to old: String) -> String {
        var scalars = Array(old.unicodeScalars)
        for c in changes.reversed() { scalars.replaceSubrange(c.oldStart..<c.oldEnd, with: Array(c.new.unicodeScalars)) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    func testEqualTextsHaveNoChanges() {
        XCTAssertEqual(WordDiff.changes(from: "same text", to: "same text"), [])
    }

    func testAReplacedAddressIsOneChangeNotScatteredLetters() {
        let old = "Write to anna.k@example.com for details."
        let new = "Write to [EMAIL] for details."
        let changes = WordDiff.changes(from: old, to: new)
        XCTAssertEqual(changes, [WordDiff.Change(oldStart: 9, oldEnd: 27, new: "[EMAIL]")])
        XCTAssertEqual(apply(changes, to: old), new)
    }

    func testRemovalsInsertionsAndScalarOffsets() {
        let old = "Hi Anna,\n\nTalks stalled 🇦🇫 today.\n\nBest regards,\nMary"
        let new = "Talks stalled 🇦🇫 today, sadly.\n"
        let changes = WordDiff.changes(from: old, to: new)
        XCTAssertEqual(apply(changes, to: old), new)
        XCTAssertEqual(changes.first?.oldStart, 0)
        XCTAssertTrue(changes.contains { $0.new == ", sadly" || $0.new.contains("sadly") })
    }

    func testAtomicSpansChangeWhole() {
        let old = "we will achieve.\nMay peace come. Bye.\nend"
        let new = "we will achieve.\nend"
        // Without the span the diff may pair the removed sentence's full stop with another one;
        // with it, the annotated sentence is removed whole.
        let start = 17, end = 37
        let changes = WordDiff.changes(from: old, to: new, atomic: [start..<end])
        XCTAssertEqual(apply(changes, to: old), new)
        XCTAssertTrue(changes.allSatisfy { $0.oldStart <= start && $0.oldEnd >= end || $0.oldEnd <= start || $0.oldStart >= end })
    }

    func testUnrelatedLongTextsFallBackToOneReplacement() {
        let old = (0..<3000).map { "a\($0)" }.joined(separator: " ")
        let new = (0..<3000).map { "b\($0)" }.joined(separator: " ")
        let changes = WordDiff.changes(from: old, to: new)
        XCTAssertEqual(apply(changes, to: old), new)
    }

    func testRandomEditsRoundTrip() {
        var rng = SystemRandomNumberGenerator()
        let words = ["Hi", "Anna", ",", " ", "\n", "the", "talks", "[EMAIL]", "é", "🇦🇫", "stalled", "."]
        for _ in 0..<200 {
            let old = (0..<Int.random(in: 0...30, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined()
            let new = (0..<Int.random(in: 0...30, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined()
            XCTAssertEqual(apply(WordDiff.changes(from: old, to: new), to: old), new, "\(old.debugDescription) -> \(new.debugDescription)")
        }
    }
}

final class ExplainTests: XCTestCase {
    static let sample = "Hi Anna,\n\nTalks between the two sides stalled on Tuesday. Write to anna.k@example.com for details.\n\nBest regards,\nMary\n"

    override func setUp() {
        signal(SIGPIPE, SIG_IGN)  // as ExplainCommand does: a command stage's program may exit early
    }

    func trace(_ yaml: String, text: String = sample) async throws -> ExplainTrace {
        let loader = PipelineLoader(environment: .builtIn, validateOnly: true)
        let pipeline = try loader.load(yaml: yaml, file: "test.yaml", baseDirectory: FileManager.default.temporaryDirectory.path)
        return await ExplainTracer(pipeline: pipeline).trace(Document(id: "mail", text: text, metadata: ["source": .string("mail.txt")]))
    }

    static let brief = """
        name: brief
        stages:
          - strip-salutations
          - redact: {entities: [email, person]}
          - summarize: {sentences: 1}
          - translate: {to: [fr], field: summary}
          - export
        """

    func testEachStageShowsWhatItChanged() async throws {
        let t = try await trace(Self.brief)
        XCTAssertEqual(t.steps.map(\.id), ["strip-salutations", "redact", "summarize", "translate", "export"])
        XCTAssertEqual(t.steps.map(\.status), [.changed, .changed, .changed, .changed, .unchanged])
        // strip-salutations: the greeting and the closing are removed, labelled by type.
        let removed = t.steps[0].segments.compactMap { s -> (String, [String])? in
            if case .change(let old, let new, let types) = s, new.isEmpty { return (old, types) }
            return nil
        }
        XCTAssertTrue(removed.contains { $0.0.hasPrefix("Hi Anna,") && $0.1 == ["greeting"] }, "\(removed)")
        XCTAssertTrue(removed.contains { $0.0.contains("Best regards,") && $0.1.contains("closing") }, "\(removed)")
        // redact: the address is replaced, labelled email.
        XCTAssertTrue(t.steps[1].segments.contains(.change(old: "anna.k@example.com", new: "[EMAIL]", types: ["email"])), "\(t.steps[1].segments)")
        // summarize marks its sentence and adds metadata; translate adds translations.
        XCTAssertTrue(t.steps[2].segments.contains { if case .marked(_, let types) = $0 { return types == ["summary-sentence"] }; return false })
        XCTAssertTrue(t.steps[2].metadata.contains { $0.key == "summary" && $0.kind == .added })
        XCTAssertTrue(t.steps[3].metadata.contains { $0.key == "translations" && $0.kind == .added })
        // Segments put back together are the text each stage received.
        for step in t.steps {
            let received = step.segments.map { s -> String in
                switch s { case .same(let x), .marked(let x, _): return x; case .change(let old, _, _): return old }
            }.joined()
            XCTAssertFalse(received.isEmpty)
        }
        XCTAssertNotNil(t.result)
        XCTAssertFalse(t.result!.text.contains("anna.k@example.com"))
    }

    func testAFalseConditionSkipsAndAFailingStageStops() async throws {
        let skipped = try await trace("stages:\n  - redact: {entities: [email]}\n    when: metadata.language == 'fr'\n")
        XCTAssertEqual(skipped.steps[0].status, .skipped)
        XCTAssertNotNil(skipped.result)
        let failing = try await trace("stages:\n  - command: {run: [\"false\"]}\n  - strip-salutations\n")
        XCTAssertEqual(failing.steps.count, 1)
        XCTAssertEqual(failing.steps[0].status, .failed)
        XCTAssertNil(failing.result)
        XCTAssertTrue(ExplainTerminal(color: false, context: 1).render(failing).contains("the document did not reach the end of the pipeline"))
    }

    func testTerminalWithAndWithoutColour() async throws {
        let t = try await trace(Self.brief)
        let plain = ExplainTerminal(color: false, context: 1).render(t)
        XCTAssertFalse(plain.contains("\u{1B}"))
        XCTAssertTrue(plain.contains("[-Hi Anna,"), plain)
        XCTAssertTrue(plain.contains("‹greeting›"))
        XCTAssertTrue(plain.contains("[-anna.k@example.com-]{+[EMAIL]+}‹email›"), plain)
        XCTAssertTrue(plain.contains("+ metadata.summary = \""))
        XCTAssertTrue(plain.contains("+ metadata.translations = {\"fr\":"))
        let coloured = ExplainTerminal(color: true, context: nil).render(t)
        XCTAssertTrue(coloured.contains("\u{1B}[31;9manna.k@example.com\u{1B}[0m"), coloured)
        XCTAssertTrue(coloured.contains("\u{1B}[32;1m[EMAIL]\u{1B}[0m"))
    }

    func testTerminalEscapesControlCharactersOfTheText() async throws {
        let t = try await trace("stages: [strip-salutations]", text: "Hi Anna,\n\nnews \u{1B}[2J here\n")
        let plain = ExplainTerminal(color: false, context: nil).render(t)
        XCTAssertFalse(plain.contains("\u{1B}"))
        XCTAssertTrue(plain.contains("news \\u{1B}[2J here"), plain)
    }

    func testHTMLPageAndJSON() async throws {
        let t = try await trace(Self.brief, text: Self.sample.replacingOccurrences(of: "Tuesday", with: "Tuesday <script>x</script>"))
        let html = ExplainHTML().render(t)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;"))
        XCTAssertTrue(html.contains("<del class=\"chg\" style=\"--type:#cf222e\" title=\"email\">anna.k@example.com</del><ins class=\"chg\" style=\"--type:#cf222e\" title=\"email\">[EMAIL]</ins>"), html)
        XCTAssertTrue(html.contains("<span class=\"tag\" style=\"--type:#8250df\">greeting</span>"))
        XCTAssertTrue(html.contains("<code>translations</code>"))
        let json = ExplainJSON.value(t)
        let redact = json.objectValue!["stages"]!.arrayValue![1].objectValue!
        let change = redact["changes"]!.arrayValue!.first { $0.objectValue!["new"] == .string("[EMAIL]") }!.objectValue!
        // Offsets are scalar offsets into the text redact received.
        let received = t.steps[0].segments.compactMap { s -> String? in
            switch s { case .same(let x), .marked(let x, _): return x; case .change(_, let new, _): return new }
        }.joined()
        let scalars = Array(received.unicodeScalars)
        let start = change["start"]!.intValue!, end = change["end"]!.intValue!
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), "anna.k@example.com")
        XCTAssertEqual(redact["annotations"], .object(["email": .int(1)]))
        XCTAssertEqual(json.objectValue!["result"]!.objectValue!["id"], .string("mail"))
    }
}

final class TextLineTests: XCTestCase {
    func testChangedLinesWithContextAreShownAndTheRestFolds() {
        let segments: [TextSegment] = [
            .change(old: "Hi Anna,\n", new: "", types: ["greeting"]),
            .same("one\ntwo\nthree\nfour\nfive\n"),
            .change(old: "bob@example.com", new: "[EMAIL]", types: ["email"]),
            .same("\nsix"),
        ]
        let lines = TextLine.lines(segments)
        XCTAssertEqual(lines.count, 8)
        XCTAssertEqual(lines[0].pieces, [.removed("Hi Anna,", types: ["greeting"]), .label(["greeting"])])
        XCTAssertEqual(lines[6].pieces, [.removed("bob@example.com", types: ["email"]), .inserted("[EMAIL]", types: ["email"]), .label(["email"])])
        let rows = TextLine.rows(lines, context: 1, marks: false)
        // The removed greeting (label on its own line), one line of context, a fold, context,
        // the replacement, context.
        XCTAssertEqual(lines[0].pieces.last, .label(["greeting"]))
        XCTAssertEqual(rows.count, 6, "\(rows)")
        guard case .folded(let folded) = rows[2] else { return XCTFail("\(rows)") }
        XCTAssertEqual(folded.map { $0.pieces }, [[.same("two")], [.same("three")], [.same("four")]])
        XCTAssertEqual(TextLine.rows(lines, context: nil, marks: false).count, lines.count)
    }
}
