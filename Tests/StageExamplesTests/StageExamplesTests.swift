import BuiltInStages
import PipelineKit
import XCTest

/// Every registered stage's spec examples are tests, as SwiftLint does with rule examples.
final class StageExamplesTests: XCTestCase {
    func testEveryBuiltInStageHasPassingExamples() async {
        for type in BuiltInStages.all {
            XCTAssertFalse(type.spec.examples.isEmpty, "\(type.spec.name) has no examples")
            let failures = await StageTester.checkExamples(of: type)
            XCTAssertEqual(failures, [], "\(type.spec.name)")
        }
    }

    /// The registry names its entries without building their specs; each name must be the one
    /// the stage's spec declares, or a pipeline naming the stage would not find it.
    func testRegistryNamesAreTheSpecsNames() {
        let registry = BuiltInStages.registry
        XCTAssertEqual(registry.names, registry.types.map { $0.spec.name })
        XCTAssertEqual(registry.names, StageRegistry(BuiltInStages.all).names)
        XCTAssertEqual(Set(registry.names).count, registry.names.count, "a name is registered twice")
        for name in registry.names {
            XCTAssertEqual(PipelineEnvironment.builtIn.stages.type(named: name)?.spec.name, name)
        }
    }

    func testEverySpecIsDocumented() {
        for type in BuiltInStages.all {
            let spec = type.spec
            XCTAssertFalse(spec.summary.isEmpty, spec.name)
            for option in spec.options {
                XCTAssertFalse(option.doc.isEmpty, "\(spec.name).\(option.name) has no doc")
                XCTAssertEqual(option.name, option.name.lowercased(), "\(spec.name).\(option.name) must be kebab-case")
                if let d = option.defaultValue {
                    XCTAssertNil(option.type.check(d, path: [option.name]), "\(spec.name).\(option.name): default does not fit its type")
                }
            }
        }
    }
}
