import XCTest

@testable import PipelineKit

final class PipelineKitTests: XCTestCase {
    struct Shout: Stage {
        struct Options: Decodable, Sendable {
            var suffix: String
            var maxWords: Int?
        }
        static let spec = StageSpec(
            name: "shout", summary: "Upper-cases the text.",
            options: [
                OptionSpec("suffix", .string, default: "!", doc: "Appended to the text."),
                OptionSpec("max-words", .integer, doc: "Keep at most this many words."),
            ],
            examples: [
                StageExample("basic", input: "hi there", expected: "HI THERE!"),
                StageExample("options in kebab-case", input: "a b c", options: ["max-words": 2, "suffix": "?"], expected: "A B?"),
            ])
        let options: Options
        init(options: Options, setup: StageSetup) throws { self.options = options }
        func process(_ document: Document, context: StageContext) async throws -> [Document] {
            var d = document
            var words = d.text.split(separator: " ")
            if let m = options.maxWords { words = Array(words.prefix(m)) }
            d.text = words.joined(separator: " ").uppercased() + options.suffix
            d.annotations.append(Annotation(stage: Self.spec.name, type: "shouted", start: 0, end: 1))
            context.note("shouted")
            return [d]
        }
    }

    func testStageTesterRunsAStageWithDefaultsAndKebabCaseOptions() async throws {
        let r = try await StageTester.run(Shout.self, on: "hi")
        XCTAssertEqual(r.text, "HI!")
        XCTAssertEqual(r.events, [.note(stage: "shout", message: "shouted")])
        let r2 = try await StageTester.run(Shout.self, options: ["max-words": 1], on: "a b")
        XCTAssertEqual(r2.text, "A!")
    }

    func testExamplesAreChecked() async {
        let failures = await StageTester.checkExamples(of: Shout.self)
        XCTAssertEqual(failures, [])
    }

    func testOptionIssuesAreAllReportedWithPaths() {
        let (_, issues) = Shout.spec.resolve(options: ["sufix": "x", "max-words": "many"])
        XCTAssertEqual(issues, [
            OptionIssue(path: ["max-words"], message: "option 'max-words' of stage 'shout': expected integer, found string 'many'"),
            OptionIssue(path: ["sufix"], message: "unknown option 'sufix' for stage 'shout' (did you mean 'suffix'?)", atKey: true),
        ])
    }

    func testJSONRoundTrip() throws {
        let d = Document(id: "a\"b", text: "line\n\"quoted\" \\ tab\t é 🙂 \u{1}", metadata: ["n": 3, "x": 1.5, "ok": true, "list": ["a", nil]],
                         annotations: [Annotation(stage: "redact", type: "email", start: 1, end: 4, attributes: ["score": 0.9])])
        let line = d.jsonLine()
        XCTAssertTrue(line.hasPrefix("{\"id\":\"a\\\"b\",\"text\":"))
        XCTAssertFalse(line.contains("\n"))
        let back = try Document(jsonObject: try JSONReader.parse(line), defaultID: "x")
        XCTAssertEqual(back, d)
        // Foundation agrees with our writer.
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)))
    }

    func testJSONReaderErrorsNameTheOffsetNotTheText() {
        XCTAssertThrowsError(try JSONReader.parse("{\"text\": \"secret\" x}")) { error in
            let e = error as! JSONReader.ParseError
            XCTAssertEqual(e.offset, 18)
            XCTAssertFalse(e.description.contains("secret"))
        }
        XCTAssertEqual(try JSONReader.parse("\"\\ud83d\\ude42\""), "🙂")
        XCTAssertEqual(try JSONReader.parse(" [1, -2.5e1, null] "), [1, -25.0, nil])
        for bad in ["", "[1,]", "{\"a\"}", "\"\\ud800\"", "01", "[1 2]", "tru"] {
            XCTAssertThrowsError(try JSONReader.parse(bad), bad)
        }
    }

    /// A number past a double's range would read as infinity and go out as `null`: refused at
    /// its offset, without its digits in the message. The range's edges and underflow read.
    func testJSONNumbersOutOfRangeAreRefused() {
        for (bad, offset) in [("1e309", 0), ("[1, -1e400]", 4), ("{\"n\": 9\(String(repeating: "9", count: 400))}", 6)] {
            XCTAssertThrowsError(try JSONReader.parse(bad), bad) { error in
                let e = error as! JSONReader.ParseError
                XCTAssertEqual(e.offset, offset, bad)
                XCTAssertTrue(e.message.hasPrefix("number out of range"), e.message)
                XCTAssertFalse(e.description.contains("99"))
            }
        }
        XCTAssertEqual(try JSONReader.parse("[1.7976931348623157e308, -1.7976931348623157e308, 2.5e-400, 5e-324]"),
                       [.double(.greatestFiniteMagnitude), .double(-.greatestFiniteMagnitude), .double(0), .double(5e-324)])
        XCTAssertEqual(try JSONReader.parse("123456789012345678901234567890"), .double(123456789012345678901234567890.0))
    }

    func testDocumentFromJSONValidatesFields() {
        XCTAssertThrowsError(try Document(jsonObject: ["id": "x"], defaultID: "d")) { error in
            XCTAssertEqual((error as? StageError)?.message, "missing field 'text'")
        }
        XCTAssertThrowsError(try Document(jsonObject: ["text": "t", "metadata": [1]], defaultID: "d"))
        XCTAssertEqual(try Document(jsonObject: ["text": "t", "id": 7], defaultID: "d").id, "7")
    }

    func testScalarOffsets() {
        let text = "aé🙂b"
        var offsets = ScalarOffsets(text)
        XCTAssertEqual(offsets.scalarOffset(ofByte: 0), 0)
        XCTAssertEqual(offsets.scalarOffset(ofByte: 1), 1)
        XCTAssertEqual(offsets.scalarOffset(ofByte: 3), 2)
        XCTAssertEqual(offsets.scalarOffset(ofByte: 7), 3)
        XCTAssertEqual(offsets.scalarRange(ofBytes: 1..<8), 1..<4)
    }

    func testSuggestions() {
        XCTAssertEqual(Suggestion.closest(to: "sentense", in: ["sentences", "ratio"]), "sentences")
        XCTAssertEqual(Suggestion.closest(to: "xyz", in: ["sentences", "ratio"]), nil)
        XCTAssertEqual(Suggestion.distance(Array("ab"), Array("ba")), 1)
    }

    func testValueDecoderReadsNestedTypes() throws {
        struct Rule: Decodable, Equatable { var name: String; var contextWords: [String] }
        struct Options: Decodable { var rules: [Rule]; var ratio: Double; var flag: Bool }
        let v: Value = ["rules": [["name": "a", "context-words": ["x"]]], "ratio": 1, "flag": false]
        let o = try ValueDecoder().decode(Options.self, from: v)
        XCTAssertEqual(o.rules, [Rule(name: "a", contextWords: ["x"])])
        XCTAssertEqual(o.ratio, 1.0)
        XCTAssertThrowsError(try ValueDecoder().decode(Options.self, from: ["rules": [["name": 1]], "ratio": 1, "flag": false])) { error in
            let (path, _) = (error as! DecodingError).pathAndMessage
            XCTAssertEqual(path, ["rules", "0"])
        }
    }
}
