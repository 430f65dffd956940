import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // `Data(contentsOf:)` of the fake server's /stats (Translate no longer links it)
#endif
import PipelineKit
import XCTest

@testable import Translate

/// The path of a file in `Fixtures/`.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name).path
}

/// The folder holding the fixtures (a pipeline directory for relative option paths).
var fixturesDirectory: String { Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.path }

/// Runs the translate stage on `text` with `options`.
func translate(_ text: String, _ options: [String: Value], metadata: [String: Value] = [:], environment: [String: String] = [:],
               providers: TranslationProviderRegistry = .builtIn) async throws -> Document {
    let setup = StageSetup(stageID: "translate", baseDirectory: fixturesDirectory, environment: environment,
                           pipelineEnvironment: pipelineEnvironment(providers: providers))
    return try await StageTester.run(TranslateStage.self, options: options, on: text, metadata: metadata, setup: setup).document
}

/// An environment whose translation providers are `providers` (a test's own registry).
func pipelineEnvironment(providers: TranslationProviderRegistry) -> PipelineEnvironment {
    var environment = PipelineEnvironment()
    environment.translationProviders = providers
    return environment
}

/// The message of a thrown error (StageError, OptionIssues, ...).
func message(of body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        return String(describing: error)
    }
}

/// The fake LibreTranslate server in Fixtures/fake_libretranslate.py, started once on a free
/// port of 127.0.0.1 and stopped when the test process ends (its stdin closes).
final class FakeLibreTranslate: @unchecked Sendable {
    /// The running server, or `nil` when python3 could not start it.
    static let shared: FakeLibreTranslate? = {
        let server = FakeLibreTranslate()
        return server.port > 0 ? server : nil
    }()

    /// The server, or a skip when there is no python3.
    static func running() throws -> FakeLibreTranslate {
        guard let shared else { throw XCTSkip("python3 could not start Fixtures/fake_libretranslate.py") }
        return shared
    }

    private let process = Process()
    private let stdin = Pipe()
    let port: Int

    private init() {
        let stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixture("fake_libretranslate.py")]
        process.standardInput = stdin
        process.standardOutput = stdout
        do { try process.run() } catch { port = 0; return }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The base URL for a behaviour (`ok`, `flaky-<id>`, `down`, `slow`, `malformed`, `short`, `key`).
    func url(_ mode: String) -> String { "http://127.0.0.1:\(port)/\(mode)" }

    /// Request counts per path.
    func stats() throws -> [String: Int] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/stats")!)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Int]) ?? [:]
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Starts a one-text translation, cancels it after 0.2 s, and checks it failed within `limit` seconds.
func assertCancellationStops(_ provider: any TranslationProvider, within limit: TimeInterval,
                             file: StaticString = #filePath, line: UInt = #line) async throws {
    let start = Date()
    let task = Task { try await provider.translate([TranslationRequest(text: "Hi", source: "en", target: "fr")]) }
    try await Task.sleep(nanoseconds: 200_000_000)
    task.cancel()
    let result = await task.result
    XCTAssertThrowsError(try result.get(), file: file, line: line)
    XCTAssertLessThan(Date().timeIntervalSince(start), limit, file: file, line: line)
}
