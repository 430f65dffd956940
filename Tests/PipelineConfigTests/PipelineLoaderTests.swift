import PipelineKit
import XCTest

@testable import PipelineConfig

final class PipelineLoaderTests: XCTestCase {
    let loader = PipelineLoader(environment: PipelineEnvironment(stages: testRegistry), variables: ["LANG_TO": "fr", "EMPTY": ""])

    func diagnostics(_ yaml: String) -> [String] {
        do {
            _ = try loader.load(yaml: yaml, file: "bad.yaml", baseDirectory: "/base")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// A step's replica (what a `--jobs` worker runs a batch through) keeps every field.
    func testAStepReplicaKeepsEveryField() throws {
        let yaml = "stages:\n  - echo:\n    id: an-echo-with-a-long-id\n    on-error: skip\n    when: metadata.language == 'fr'\n"
        let step = try loader.load(yaml: yaml, file: "p.yaml", baseDirectory: "/base").steps[0]
        let replica = step.replica()
        XCTAssertEqual(replica.id, "an-echo-with-a-long-id")
        XCTAssertEqual(replica.name, step.name)
        XCTAssertEqual(replica.stage.id, step.stage.id)
        XCTAssertEqual(replica.stage.spec.name, "echo")
        XCTAssertEqual(replica.onError, .skip)
        XCTAssertEqual(replica.condition?.description, step.condition?.description)
        XCTAssertNotNil(replica.condition)
        XCTAssertEqual(replica.location, step.location)
    }

    /// Each bad pipeline and the exact lines it must produce.
    func testBadPipelinesGivePreciseErrors() {
        let table: [(String, String, [String])] = [
            ("wrong type", "stages:\n  - count: {sentences: three}\n",
             ["bad.yaml:2:24: error: option 'sentences' of stage 'count': expected integer, found string 'three'"]),
            ("unknown option", "stages:\n  - count:\n      sentense: 2\n",
             ["bad.yaml:3:7: error: unknown option 'sentense' for stage 'count' (did you mean 'sentences'?)"]),
            ("unknown top-level key", "stage:\n  - echo\n",
             ["bad.yaml:1:1: error: unknown key 'stage' (did you mean 'stages'?)",
              "bad.yaml:1:1: error: the pipeline has no 'stages:' list"]),
            ("unknown stage", "stages:\n  - echoo\n",
             ["bad.yaml:2:5: error: unknown stage 'echoo' (did you mean 'echo'?)"]),
            ("missing variable", "stages:\n  - count: {method: \"${NOPE}\"}\n",
             ["bad.yaml:2:22: error: environment variable 'NOPE' is not set (use ${NOPE:-default} for a default)"]),
            ("required variable message", "stages:\n  - count:\n      method: ${NOPE:?set NOPE to lead or auto}\n",
             ["bad.yaml:3:15: error: environment variable 'NOPE' is not set: set NOPE to lead or auto"]),
            ("tab indentation", "stages:\n\t- echo\n",
             ["bad.yaml:2:1: error: tab character used for indentation; YAML needs spaces"]),
            ("duplicate key", "stages:\n  - count:\n      sentences: 2\n      sentences: 3\n",
             ["bad.yaml:4:7: error: duplicate key 'sentences' (first at line 3)"]),
            // libyaml counts a lone CR as a line break; the duplicate finder must count alike.
            ("duplicate key after CR line breaks", "stages:\r  - count:\r\r\r      sentences: 2\r      sentences: 3\r",
             ["bad.yaml:6:7: error: duplicate key 'sentences' (first at line 5)"]),
            ("empty stages", "stages: []\n",
             ["bad.yaml:1:9: error: 'stages' is empty: list at least one stage"]),
            ("null stages", "stages:\n",
             ["bad.yaml:1:8: error: 'stages' is empty: list at least one stage"]),
            ("empty file", "",
             ["bad.yaml:1:1: error: the pipeline is empty: it needs a 'stages:' list"]),
            ("not a mapping", "- echo\n",
             ["bad.yaml:1:1: error: a pipeline must be a mapping with a 'stages:' list, found list"]),
            ("bad enum with suggestion", "stages:\n  - count: {method: lede}\n",
             ["bad.yaml:2:21: error: option 'method' of stage 'count': 'lede' is not one of: lead, auto (did you mean 'lead'?)"]),
            ("list element type", "stages:\n  - count:\n      labels: [a, [b]]\n",
             ["bad.yaml:3:19: error: option 'labels' of stage 'count': expected string, found list"]),
            ("stage's own validation", "stages:\n  - count: {sentences: 0}\n",
             ["bad.yaml:2:24: error: option 'sentences' of stage 'count': must be at least 1"]),
            ("bad on-error", "stages:\n  - echo:\n    on-error: skipp\n",
             ["bad.yaml:3:15: error: 'on-error' must be one of: fail, skip, keep; found 'skipp' (did you mean 'skip'?)"]),
            ("option at the wrong level", "stages:\n  - count:\n    sentences: 2\n",
             ["bad.yaml:3:5: error: unknown key 'sentences' beside stage 'count' (it is an option of 'count': indent it under the stage name)"]),
            ("two stages in one item", "stages:\n  - count:\n    echo:\n",
             ["bad.yaml:3:5: error: one list item holds two stages, 'count' (line 2) and 'echo': start each stage with its own '-'"]),
            ("bad when", "stages:\n  - echo:\n    when: metadata.language === 'fr'\n",
             ["bad.yaml:3:31: error: invalid 'when' condition: expected a value"]),
            ("duplicate id", "stages:\n  - echo:\n    id: a\n  - count:\n    id: a\n",
             ["bad.yaml:5:9: error: duplicate stage id 'a' (first used at line 3)"]),
            ("invalid YAML", "stages: [echo\n",
             ["bad.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 9)"]),
        ]
        for (name, yaml, expected) in table {
            XCTAssertEqual(diagnostics(yaml), expected, name)
        }
    }

    func testAllErrorsAreReportedInOnePass() {
        let yaml = """
            stages:
              - count: {sentense: 2}
              - echoo
              - count:
                  method: x
                  method: y
            """
        XCTAssertEqual(diagnostics(yaml), [
            "bad.yaml:2:13: error: unknown option 'sentense' for stage 'count' (did you mean 'sentences'?)",
            "bad.yaml:3:5: error: unknown stage 'echoo' (did you mean 'echo'?)",
            "bad.yaml:5:15: error: option 'method' of stage 'count': 'x' is not one of: lead, auto",
            "bad.yaml:6:7: error: duplicate key 'method' (first at line 5)",
        ])
    }

    func testValidPipelineLoadsWithDefaultsIdsAndPaths() throws {
        let yaml = """
            name: demo
            description: A test.
            input: samples/in.txt
            stages:
              - echo
              - count: {sentences: "${N:-2}", method: lead}
                on-error: keep
                when: metadata.language == 'fr'
              - count
              - echo:
                id: last
            """
        let p = try loader.load(yaml: yaml, file: "demo.yaml", baseDirectory: "/base")
        XCTAssertEqual(p.name, "demo")
        XCTAssertEqual(p.inputs, ["/base/samples/in.txt"])
        XCTAssertEqual(p.steps.map(\.id), ["echo", "count", "count-2", "last"])
        XCTAssertEqual(p.steps[1].onError, .keep)
        XCTAssertNotNil(p.steps[1].condition)
        XCTAssertEqual(p.steps[0].location.line, 5)
    }

    func testInterpolation() {
        let env = ["A": "x", "EMPTY": ""]
        XCTAssertEqual(try EnvironmentInterpolation.expand("${A}-${B:-def}-$$-${EMPTY:-e}", environment: env).get(), "x-def-$-e")
        XCTAssertEqual(try EnvironmentInterpolation.expand("cost $5", environment: env).get(), "cost $5")
        if case .failure(let p) = EnvironmentInterpolation.expand("ab ${B:?needed}", environment: env) {
            XCTAssertEqual(p.offset, 3)
            XCTAssertEqual(p.message, "environment variable 'B' is not set: needed")
        } else { XCTFail("expected a failure") }
        if case .failure(let p) = EnvironmentInterpolation.expand("${A", environment: env) {
            XCTAssertEqual(p.message, "unterminated '${' (missing '}')")
        } else { XCTFail("expected a failure") }
    }

    func testInterpolatedNumbersKeepTheirType() throws {
        let p = try PipelineLoader(environment: PipelineEnvironment(stages: testRegistry), variables: ["N": "5"]).load(
            yaml: "stages:\n  - count:\n      sentences: ${N}\n", file: "x.yaml", baseDirectory: ".")
        XCTAssertEqual(p.steps.count, 1)
    }

    func testAliasBombIsRejected() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "stages: [echo]\n"
        let lines = diagnostics(yaml)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("more than 100000 YAML nodes") || lines[0].contains("alias references"), lines[0])
    }

    func testDeepNestingAndSizeAreRejected() {
        let deep = "stages: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n"
        XCTAssertEqual(diagnostics(deep), ["bad.yaml:1:73: error: YAML nested deeper than 64 levels"])
        var limits = YAMLLimits()
        limits.maxBytes = 10
        let small = PipelineLoader(environment: PipelineEnvironment(stages: testRegistry), limits: limits)
        XCTAssertThrowsError(try small.load(yaml: "stages: [echo]\n", file: "big.yaml", baseDirectory: ".")) { error in
            XCTAssertEqual((error as? PipelineConfigError)?.description, "big.yaml: error: pipeline is 15 bytes; the limit is 10")
        }
    }

    func testConditions() throws {
        let doc = Document(id: "a", text: "hello world", metadata: ["language": "fr", "n": 3, "nested": ["k": "v"]])
        func check(_ s: String) throws -> Bool { try Condition(parsing: s).matches(doc) }
        XCTAssertTrue(try check("metadata.language == 'fr'"))
        XCTAssertFalse(try check("metadata.language != 'fr'"))
        XCTAssertTrue(try check("metadata.n == 3"))
        XCTAssertTrue(try check("metadata.nested.k == \"v\""))
        XCTAssertTrue(try check("text contains 'world'"))
        XCTAssertTrue(try check("metadata.language in ['de', 'fr']"))
        XCTAssertTrue(try check("not metadata.summary"))
        XCTAssertFalse(try check("metadata.summary"))
        XCTAssertThrowsError(try Condition(parsing: "body == 'x'"))
    }
}
