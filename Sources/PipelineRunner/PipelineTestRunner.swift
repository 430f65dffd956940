import Foundation
import PipelineConfig
import PipelineKit

/// The result of one pipeline test.
public struct PipelineTestResult: Sendable {
    /// The test's name.
    public var name: String
    /// The file the test came from (for JUnit and messages).
    public var file: String
    /// `true` when every expectation held.
    public var passed: Bool
    /// What did not hold, one line each.
    public var problems: [String]
    /// A unified diff of expected and actual text (when `expect.text` differs), else empty.
    public var diff: String
    /// Wall time.
    public var seconds: Double
}

/// Runs pipeline tests: each test's input goes through the pipeline's stages (or a prefix,
/// `until:`) as one document, in validate-only mode (exports write nothing, no servers), and
/// the outcome is checked against `expect`.
public struct PipelineTestRunner: Sendable {
    /// Builds a pipeline for a test's environment.
    public var build: @Sendable (_ environment: [String: String]) throws -> PipelineDefinition

    /// Creates a runner; `build` loads the pipeline with the test's extra environment.
    public init(build: @escaping @Sendable (_ environment: [String: String]) throws -> PipelineDefinition) {
        self.build = build
    }

    /// Runs one test.
    public func run(_ test: PipelineTestCase, file: String) async -> PipelineTestResult {
        let clock = ContinuousClock()
        let started = clock.now
        var result = PipelineTestResult(name: test.name, file: file, passed: false, problems: [], diff: "", seconds: 0)
        defer { result.seconds = PipelineRunner.seconds(clock.now - started) }
        var definition: PipelineDefinition
        do { definition = try build(test.environment) } catch {
            result.problems = ["the pipeline cannot be built for this test: \(error)"]
            return result
        }
        if let until = test.until, let index = definition.steps.firstIndex(where: { $0.id == until }) {
            definition.steps = Array(definition.steps.prefix(through: index))
        }
        var text = test.text ?? ""
        if let file = test.file {
            guard let data = FileManager.default.contents(atPath: file) else {
                result.problems = ["input file '\(file)' cannot be read"]
                return result
            }
            text = String(decoding: data, as: UTF8.self)
        }
        var metadata = test.metadata
        if metadata["source"] == nil, let file = test.file { metadata["source"] = .string(file) }
        let document = Document(id: test.id ?? test.name, text: text, metadata: metadata)
        let output = CollectingRunOutput()
        let runner = PipelineRunner(pipeline: definition, options: RunOptions(), output: output)
        let outcome = await runner.process(.document(document), sequence: 0, sinkRun: SinkRun(date: "1970-01-01"), events: RunEvents(output: output))
        result.problems = Self.check(test.expect, outcome: outcome)
        if let expected = test.expect.text {
            let actual = outcome.documents.map(\.text).joined(separator: "\n")
            if actual != expected { result.diff = UnifiedDiff.render(expected: expected, actual: actual) }
        }
        result.passed = result.problems.isEmpty
        return result
    }

    static func check(_ expect: PipelineTestExpectation, outcome: PipelineRunner.Outcome) -> [String] {
        var problems: [String] = []
        let actual = outcome.documents.map(\.text).joined(separator: "\n")
        let wantedStatus = expect.status ?? (expect.errorContains.isEmpty ? "ok" : nil)
        if let wantedStatus, outcome.status.rawValue != wantedStatus {
            problems.append("status: expected \(wantedStatus), got \(outcome.status)" + (outcome.error.map { " (\($0))" } ?? ""))
        }
        for part in expect.errorContains where !(outcome.error ?? "").contains(part) {
            problems.append("error-contains: '\(part)' not in the error" + (outcome.error.map { " '\($0)'" } ?? " (there was no error)"))
        }
        if let text = expect.text, text != actual { problems.append("text: differs (diff below)") }
        for part in expect.contains where !actual.contains(part) { problems.append("contains: '\(part)' not found in the text") }
        for part in expect.notContains where actual.contains(part) { problems.append("not-contains: '\(part)' found in the text") }
        let metadata = outcome.documents.first?.metadata ?? [:]
        for key in expect.metadata.keys.sorted() {
            let want = expect.metadata[key]!
            let got = metadata[key]
            if got != want && !(got.map { subset(want, of: $0) } ?? false) {
                problems.append("metadata.\(key): expected \(JSONWriter.string(want, pretty: false)), got \(got.map { JSONWriter.string($0, pretty: false) } ?? "nothing")")
            }
        }
        var counts: [String: Int] = [:]
        for d in outcome.documents { for a in d.annotations { counts[a.type, default: 0] += 1 } }
        for type in expect.annotations.keys.sorted() where counts[type, default: 0] != expect.annotations[type]! {
            problems.append("annotations.\(type): expected \(expect.annotations[type]!), got \(counts[type, default: 0])")
        }
        return problems
    }

    /// `want` is contained in `got`: equal scalars, object keys a subset (recursively).
    static func subset(_ want: Value, of got: Value) -> Bool {
        switch (want, got) {
        case (.object(let w), .object(let g)): return w.allSatisfy { k, v in g[k].map { subset(v, of: $0) } ?? false }
        case (.int(let a), .double(let b)): return Double(a) == b
        default: return want == got
        }
    }
}

/// A run output that keeps what would be printed (tests and `pipeline test`).
public final class CollectingRunOutput: RunOutput, Sendable {
    private let printed = LockedValue((out: "", err: ""))
    /// Creates an empty output.
    public init() {}
    public func stdout(_ text: String) { printed.withLock { $0.out += text } }
    public func stderr(_ text: String) { printed.withLock { $0.err += text } }
    public var stderrIsTerminal: Bool { false }
    /// What went to stdout.
    public var standardOutput: String { printed.withLock { $0.out } }
    /// What went to stderr.
    public var standardError: String { printed.withLock { $0.err } }
}

/// A line-based unified diff (`--- expected` / `+++ actual`, hunks with 3 lines of context).
public enum UnifiedDiff {
    /// The diff of two texts; empty when they are equal.
    public static func render(expected: String, actual: String, context: Int = 3) -> String {
        if expected == actual { return "" }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence table (tests are small texts).
        let expectedCount = expectedLines.count, actualCount = actualLines.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: actualCount + 1), count: expectedCount + 1)
        for i in stride(from: expectedCount - 1, through: 0, by: -1) {
            for j in stride(from: actualCount - 1, through: 0, by: -1) {
                lcs[i][j] = expectedLines[i] == actualLines[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        enum Op { case same(String), del(String), add(String) }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < expectedCount || j < actualCount {
            if i < expectedCount, j < actualCount, expectedLines[i] == actualLines[j] { ops.append(.same(expectedLines[i])); i += 1; j += 1 }
            else if i < expectedCount, j == actualCount || lcs[i + 1][j] >= lcs[i][j + 1] { ops.append(.del(expectedLines[i])); i += 1 }
            else { ops.append(.add(actualLines[j])); j += 1 }
        }
        var out = "--- expected\n+++ actual\n"
        var index = 0
        var oldLine = 1, newLine = 1
        var positions: [(Int, Int)] = []
        for op in ops {
            positions.append((oldLine, newLine))
            switch op { case .same: oldLine += 1; newLine += 1; case .del: oldLine += 1; case .add: newLine += 1 }
        }
        while index < ops.count {
            guard let change = ops[index...].firstIndex(where: { if case .same = $0 { return false }; return true }) else { break }
            let start = max(0, change - context)
            var end = change
            var lastChange = change
            while end < ops.count {
                if case .same = ops[end] { if end - lastChange > 2 * context { break } } else { lastChange = end }
                end += 1
            }
            end = min(ops.count, lastChange + context + 1)
            var oldCount = 0, newCount = 0, body = ""
            for op in ops[start..<end] {
                switch op {
                case .same(let line): body += " \(line)\n"; oldCount += 1; newCount += 1
                case .del(let line): body += "-\(line)\n"; oldCount += 1
                case .add(let line): body += "+\(line)\n"; newCount += 1
                }
            }
            let (os, ns) = positions[start]
            out += "@@ -\(oldCount == 0 ? os - 1 : os),\(oldCount) +\(newCount == 0 ? ns - 1 : ns),\(newCount) @@\n" + body
            index = end
        }
        return out
    }
}
