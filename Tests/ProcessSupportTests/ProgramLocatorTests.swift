import Foundation
import PipelineKit
import XCTest

@testable import ProcessSupport

final class ProgramLocatorTests: XCTestCase {
    private let setup = StageSetup(stageID: "t", baseDirectory: "/tmp")

    func testFindsOnPathAndResolvesSlashedNames() throws {
        XCTAssertEqual(try ProgramLocator.locate(program: "sh", searchPath: "/nowhere:/bin", setup: setup, option: "run"), "/bin/sh")
        XCTAssertEqual(try ProgramLocator.locate(program: "/bin/../bin/sh", searchPath: "", setup: setup, option: "run"), "/bin/sh")
    }

    func testMisspelledProgramSuggestsTheNearOne() {
        XCTAssertThrowsError(try ProgramLocator.locate(program: "shh", searchPath: "/bin", setup: setup, option: "command")) { error in
            let problem = error as? StageOptionError
            XCTAssertEqual(problem?.path, ["command", "0"])
            XCTAssertTrue(problem?.message.hasPrefix("program 'shh' not found on PATH (did you mean '") == true, problem?.message ?? "")
        }
    }

    func testMissingAndNonExecutableFiles() {
        XCTAssertThrowsError(try ProgramLocator.locate(program: "./nope", searchPath: "/bin", setup: setup, option: "run")) { error in
            XCTAssertEqual((error as? StageOptionError)?.message, "program './nope' not found (no file /tmp/nope)")
        }
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString).txt").path
        FileManager.default.createFile(atPath: plain, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644])
        defer { try? FileManager.default.removeItem(atPath: plain) }
        XCTAssertThrowsError(try ProgramLocator.locate(program: plain, searchPath: "/bin", setup: setup, option: "run")) { error in
            XCTAssertTrue((error as? StageOptionError)?.message.contains("is not executable") == true)
        }
    }

    func testStderrTailKeepsTheLastLines() {
        let tail = StderrTail(capacity: 16, maxLines: 2)
        tail.append(Array("first line\nsecond\nthird\n".utf8))
        XCTAssertEqual(tail.text(), "... second | third")
        let mark = tail.mark
        tail.append(Array("fourth\n".utf8))
        XCTAssertEqual(tail.text(since: mark), "fourth")
    }
}
