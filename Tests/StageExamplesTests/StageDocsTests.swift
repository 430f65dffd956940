import Foundation
import BuiltInStages
import PipelineCLI
import PipelineKit
import XCTest

/// `describe`, the docs and the schema come from the specs: the stage pages' option tables are
/// generated, nested options are shown field by field, and nothing is left opaque.
final class StageDocsTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryStagePageShowsTheOptionTableOfItsSpec() throws {
        for type in BuiltInStages.all {
            let spec = type.spec
            let path = "docs/stages/\(spec.name).md"
            let page = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            guard let current = StageDocs.updatingMarkdownTable(in: page, spec: spec) else {
                XCTFail("\(path) has no generated option table: put the lines\n\(StageDocs.markdownBegin)\n\(StageDocs.markdownEnd)\nwhere it goes and run scripts/update_stage_docs.sh")
                continue
            }
            XCTAssertTrue(page == current, "\(path): the option table differs from the spec of '\(spec.name)': run scripts/update_stage_docs.sh")
        }
    }

    func testUpdatingReplacesOnlyTheTableBetweenTheMarkers() {
        let spec = StageSpec(name: "t", summary: "Test.", options: [OptionSpec("level", .integer, default: 2, doc: "How much | how little.")])
        let page = "# t\n\nBefore.\n\n\(StageDocs.markdownBegin)\n| stale |\n\(StageDocs.markdownEnd)\n\nAfter.\n"
        XCTAssertEqual(StageDocs.updatingMarkdownTable(in: page, spec: spec), """
            # t

            Before.

            \(StageDocs.markdownBegin)
            | option | type | default | meaning |
            |---|---|---|---|
            | `level` | integer | `2` | How much \\| how little. |
            \(StageDocs.markdownEnd)

            After.

            """)
        XCTAssertNil(StageDocs.updatingMarkdownTable(in: "# no markers\n", spec: spec))
    }

    func testNestedFieldsAreRowsTextAndJSON() {
        let spec = StageSpec(name: "t", summary: "Test.", options: [
            OptionSpec("rules", .list(.record([
                OptionSpec("name", .string, required: true, doc: "A name."),
                OptionSpec("mode", .oneOf(["fast", "slow"]), default: "fast", doc: "A mode."),
            ])), default: [], doc: "Rules."),
            OptionSpec("out", .string, whenAbsent: "stdout", doc: "Where."),
        ])
        let table = StageDocs.markdownTable(spec)
        XCTAssertTrue(table.contains("| `rules[].name` | string | required | A name. |"), table)
        XCTAssertTrue(table.contains("| `rules[].mode` | one of: `fast`, `slow` | `fast` | A mode. |"), table)
        XCTAssertTrue(table.contains("| `out` | string | stdout | Where. |"), table)
        let text = StageDocs.text(spec)
        XCTAssertTrue(text.contains("  rules (list of mapping {name, mode?}, default [])\n      Rules.\n      name (string, required)\n          A name.\n"), text)
        XCTAssertTrue(text.contains("  out (string, default: stdout)\n"), text)
        let json = StageDocs.json(spec)
        let rules = json["options"]?.arrayValue?.first
        XCTAssertEqual(rules?["fields"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["name", "mode"])
        XCTAssertEqual(json["options"]?.arrayValue?.last?["when-absent"], "stdout")
    }

    /// Every option of a built-in stage says what it takes: no mapping without fields. Free-form
    /// values (`any`) appear only where the keys and values are the user's own: a program's
    /// environment variables and a custom translation provider's settings.
    func testNoBuiltInOptionIsOpaque() {
        var freeForm: [String] = []
        func visit(_ type: OptionType, at path: String) {
            switch type {
            case .any: freeForm.append(path)
            case .list(let t), .oneOrList(let t): visit(t, at: path + "[]")
            case .nullable(let t): visit(t, at: path)
            case .map(let t): visit(t, at: path + ".KEY")
            case .anyOf(let types): types.forEach { visit($0, at: path) }
            case .record(let fields): fields.forEach { visit($0.type, at: path + "." + $0.name) }
            default: break
            }
        }
        for type in BuiltInStages.all {
            for option in type.spec.options { visit(option.type, at: type.spec.name + "." + option.name) }
        }
        XCTAssertEqual(freeForm.sorted(), ["command.env.KEY", "translate.provider-options.KEY"])
    }
}
