import Foundation
import XCTest
@testable import PipelineKit

final class ProcessVariablesTests: XCTestCase {
    func testAllIsWhatFoundationReads() {
        setenv("PIPELINE_TEST_VARIABLE", "a=b=c é", 1)
        defer { unsetenv("PIPELINE_TEST_VARIABLE") }
        XCTAssertEqual(ProcessVariables.all(), ProcessInfo.processInfo.environment)
        XCTAssertEqual(ProcessVariables.all()["PIPELINE_TEST_VARIABLE"], "a=b=c é")
    }

    func testOneValue() {
        setenv("PIPELINE_TEST_VARIABLE", "", 1)
        XCTAssertEqual(ProcessVariables.value("PIPELINE_TEST_VARIABLE"), "")
        unsetenv("PIPELINE_TEST_VARIABLE")
        XCTAssertNil(ProcessVariables.value("PIPELINE_TEST_VARIABLE"))
        XCTAssertEqual(ProcessVariables.value("PATH"), ProcessInfo.processInfo.environment["PATH"])
    }
}
