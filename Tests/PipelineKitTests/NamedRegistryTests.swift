import PipelineKit
import XCTest

final class NamedRegistryTests: XCTestCase {
    func testKeepsRegistrationOrderAndReplacesInPlace() {
        var registry = NamedRegistry([(name: "b", entry: 1), (name: "a", entry: 2), (name: "b", entry: 3)])
        XCTAssertEqual(registry.names, ["b", "a"])
        XCTAssertEqual(registry.entries, [3, 2])
        registry.add(4, named: "c")
        registry.add(5, named: "a")
        XCTAssertEqual(registry.names, ["b", "a", "c"])
        XCTAssertEqual(registry.entries, [3, 5, 4])
        XCTAssertEqual(registry["a"], 5)
        XCTAssertNil(registry["z"])
    }

    func testAddingLeavesTheOriginalUnchanged() {
        let original = NamedRegistry([(name: "a", entry: "one")])
        let extended = original.adding("two", named: "b").adding("uno", named: "a")
        XCTAssertEqual(original.names, ["a"])
        XCTAssertEqual(original["a"], "one")
        XCTAssertEqual(extended.names, ["a", "b"])
        XCTAssertEqual(extended["a"], "uno")
    }

    func testStageRegistryNamesStagesBySpec() {
        struct First: Stage {
            struct Options: Decodable, Sendable {}
            static let spec = StageSpec(name: "same", summary: "first")
            init(options: Options, setup: StageSetup) throws {}
            func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
        }
        struct Second: Stage {
            struct Options: Decodable, Sendable {}
            static let spec = StageSpec(name: "same", summary: "second")
            init(options: Options, setup: StageSetup) throws {}
            func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
        }
        let registry = StageRegistry([First.self, Second.self])
        XCTAssertEqual(registry.names, ["same"])
        XCTAssertEqual(registry.type(named: "same")?.spec.summary, "second")
    }
}
