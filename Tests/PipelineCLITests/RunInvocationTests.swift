import ArgumentParser
import Foundation
import XCTest

@testable import PipelineCLI

/// `pipeline run`'s fast path (`RunInvocation(fastParsing:)`) against ArgumentParser, the source
/// of truth: every command line the fast path takes must give the value ArgumentParser gives,
/// and everything else (help, errors, unusual spellings) must be left to ArgumentParser.
final class RunInvocationTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "run-invocation-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// What ArgumentParser makes of `arguments`: the run invocation, or `nil` when it parses
    /// to something else or fails (help, usage errors, validation errors).
    func parsedByArgumentParser(_ arguments: [String]) -> RunInvocation? {
        guard let command = try? PipelineCommand.parseAsRoot(arguments) else { return nil }
        return (command as? RunCommand)?.invocation
    }

    /// Command lines CI jobs and scripts type: the fast path must take them.
    var plainCommandLines: [[String]] {
        [
            ["run", "pipelines/brief.yaml"],
            ["run", "pipelines/brief.yaml", "incoming/", "more/a.txt", ""],
            ["run", "p.yaml", "--jsonl"],
            ["run", "--jsonl", "p.yaml", "docs.jsonl"],
            ["run", "p.yaml", "--jobs", "4"],
            ["run", "p.yaml", "--jobs=2", "in.txt"],
            ["run", "p.yaml", "--jobs", " 3 "],
            ["run", "p.yaml", "--report", "\(folder)/run.json", "--report", "sarif:\(folder)/run.out", "--report=\(folder)/x.md"],
            ["run", "p.yaml", "-q"],
            ["run", "p.yaml", "--quiet", "--no-headers", "--line-buffered"],
            ["run", "p.yaml", "--progress"],
            ["run", "p.yaml", "--no-progress", "a", "b"],
            ["run", "p.yaml", "--annotations", "github"],
            ["run", "p.yaml", "--annotations=none", "--jsonl", "--jobs", "1", "x"],
            ["run", "p.yaml", "in put.txt", "ü.txt", "*.txt"],
        ]
    }

    /// Command lines the fast path must leave to ArgumentParser.
    var otherCommandLines: [[String]] {
        [
            [], ["run"], ["--help"], ["-h"], ["--version"], ["help", "run"], ["validate", "p.yaml"], ["stages"],
            ["run", "--help"], ["run", "-h"], ["run", "p.yaml", "--help"], ["run", "help"], ["run", "p.yaml", "help"],
            ["run", "p.yaml", "-"], ["run", "p.yaml", "--", "-x"], ["run", "p.yaml", "--jsonl", "--jsonl"],
            ["run", "p.yaml", "--jobs"], ["run", "p.yaml", "--jobs", "0"], ["run", "p.yaml", "--jobs", "two"], ["run", "p.yaml", "--jobs", "-1"],
            ["run", "p.yaml", "--jobs", "2", "--jobs", "3"], ["run", "p.yaml", "--progress", "--no-progress"],
            ["run", "p.yaml", "--report"], ["run", "p.yaml", "--report", "-"], ["run", "p.yaml", "--report", "\(folder)/missing/run.json"],
            ["run", "p.yaml", "--report", folder], ["run", "p.yaml", "--annotations", "gitlab"], ["run", "p.yaml", "--jsonl=true"],
            ["run", "p.yaml", "-qv"], ["run", "p.yaml", "--unknown"], ["run", "p.yaml", "-j", "2"], ["run", "p.yaml", "--quiet", "-q"],
        ]
    }

    func testThePlainCommandLinesTakeTheFastPathWithArgumentParsersValues() throws {
        for arguments in plainCommandLines {
            let fast = try XCTUnwrap(RunInvocation(fastParsing: arguments), "fast path refused \(arguments)")
            XCTAssertEqual(fast, parsedByArgumentParser(arguments), "\(arguments)")
        }
    }

    func testEverythingElseIsLeftToArgumentParser() {
        for arguments in otherCommandLines {
            XCTAssertNil(RunInvocation(fastParsing: arguments), "\(arguments)")
        }
    }

    /// Whatever the fast path takes, ArgumentParser parses to the same run; checked over
    /// command lines built from every option and value above, shuffled.
    func testEveryAcceptedCombinationMatchesArgumentParser() {
        let pieces: [[String]] = [
            ["--jsonl"], ["-q"], ["--quiet"], ["--no-headers"], ["--line-buffered"], ["--progress"], ["--no-progress"],
            ["--jobs", "2"], ["--jobs=7"], ["--jobs", "x"], ["--report", "\(folder)/r.json"], ["--report=\(folder)/r.sarif"],
            ["--annotations", "github"], ["--annotations=none"], ["in.txt"], ["dir/"], ["-"], ["help"], ["--"], ["--bogus"],
        ]
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<250 {
            var arguments = ["run", "p.yaml"]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                arguments += pieces.randomElement(using: &generator)!
            }
            if Bool.random(using: &generator), arguments.count > 2 { arguments.swapAt(1, Int.random(in: 2..<arguments.count, using: &generator)) }
            guard let fast = RunInvocation(fastParsing: arguments) else { continue }
            accepted += 1
            XCTAssertEqual(fast, parsedByArgumentParser(arguments), "\(arguments)")
        }
        XCTAssertGreaterThan(accepted, 40)
    }
}
