import PipelineKit
import XCTest

/// `StageSpec.resolve` leaves options in the one shape a synthesized `Decodable` reads:
/// defaults in, one-or-list values as lists, record fields with their defaults.
final class OptionResolutionTests: XCTestCase {
    private let rule = OptionType.record([
        OptionSpec("name", .string, required: true, doc: "A name."),
        OptionSpec("window", .integer, default: 40, doc: "A window."),
        OptionSpec("words", .oneOrList(.string), doc: "Words."),
    ])

    private var spec: StageSpec {
        StageSpec(name: "t", summary: "Test.", options: [
            OptionSpec("to", .oneOrList(.string), default: "fr", doc: "Targets."),
            OptionSpec("rules", .list(rule), default: [], doc: "Rules."),
            OptionSpec("env", .map(.nullable(.anyOf([.string, .number, .boolean]))), default: [:], doc: "Variables."),
            OptionSpec("terms", .anyOf([.list(.string), .map(.oneOrList(.string))]), default: [], doc: "Terms."),
        ])
    }

    func testOneOrListValuesAndDefaultsBecomeLists() {
        let (single, issues) = spec.resolve(options: ["to": "de"])
        XCTAssertEqual(issues, [])
        XCTAssertEqual(single["to"], ["de"])
        XCTAssertEqual(spec.resolve(options: [:]).options["to"], ["fr"])
        XCTAssertEqual(spec.resolve(options: ["to": ["de", "es"]]).options["to"], ["de", "es"])
    }

    func testRecordItemsGetTheirFieldDefaultsAndListShapes() {
        let (resolved, issues) = spec.resolve(options: ["rules": [["name": "a", "words": "w"], ["name": "b", "window": 5, "words": nil]]])
        XCTAssertEqual(issues, [])
        XCTAssertEqual(resolved["rules"], [["name": "a", "window": 40, "words": ["w"]], ["name": "b", "window": 5]])
    }

    func testRecordErrorsNameTheField() {
        let (_, issues) = spec.resolve(options: ["rules": [["name": "a", "widow": 3]]])
        XCTAssertEqual(issues.map(\.path), [["rules", "0", "widow"]])
        XCTAssertEqual(issues.first?.message, "option 'rules' of stage 't': unknown key 'widow' (did you mean 'window'?)")
        let (_, missing) = spec.resolve(options: ["rules": [["window": 3]]])
        XCTAssertEqual(missing.first?.message, "option 'rules' of stage 't': missing key 'name' (A name.)")
    }

    func testNullableValuesStayNullAndOtherShapesAreRefused() {
        let (resolved, issues) = spec.resolve(options: ["env": ["A": nil, "B": 1, "C": "x"]])
        XCTAssertEqual(issues, [])
        XCTAssertEqual(resolved["env"], ["A": nil, "B": 1, "C": "x"])
        let (_, bad) = spec.resolve(options: ["env": ["A": ["list"]]])
        XCTAssertEqual(bad.map(\.path), [["env", "A"]])
        XCTAssertEqual(bad.first?.message, "option 'env' of stage 't': expected (string, number, or boolean) or null, found list")
    }

    func testAlternativesTakeTheFirstShapeThatFitsAndPointInsideTheOneThatAlmostDoes() {
        XCTAssertEqual(spec.resolve(options: ["terms": ["a", "b"]]).options["terms"], ["a", "b"])
        XCTAssertEqual(spec.resolve(options: ["terms": ["team": "x"]]).options["terms"], ["team": ["x"]])
        let (_, inner) = spec.resolve(options: ["terms": ["team": [1]]])
        XCTAssertEqual(inner.map(\.path), [["terms", "team", "0"]])
        XCTAssertEqual(inner.first?.message, "option 'terms' of stage 't': expected string, found integer")
        let (_, outer) = spec.resolve(options: ["terms": 3])
        XCTAssertEqual(outer.map(\.path), [["terms"]])
        XCTAssertEqual(outer.first?.message, "option 'terms' of stage 't': expected list of string, or mapping of (string or list of string), found integer")
    }

    func testFieldsAreFoundInsideListsMapsAndAlternatives() {
        XCTAssertEqual(OptionType.list(rule).fields.map(\.name), ["name", "window", "words"])
        XCTAssertEqual(OptionType.map(.nullable(rule)).fields.map(\.name), ["name", "window", "words"])
        XCTAssertEqual(OptionType.anyOf([.string, rule]).fields.map(\.name), ["name", "window", "words"])
        XCTAssertEqual(OptionType.list(.string).fields.map(\.name), [])
    }

    private enum Speed: String, CaseIterable { case fast, slow }

    func testAnEnumsCasesAreTheAllowedValues() {
        XCTAssertEqual(OptionType.cases(of: Speed.self), .oneOf(["fast", "slow"]))
    }
}
