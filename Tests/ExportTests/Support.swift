import Foundation
import XCTest
@testable import Export
import PipelineKit

/// Helpers shared by the export tests.
enum Support {
    /// The run date every test context uses.
    static let runDate = "2026-11-29"

    /// The bundled sample text.
    static let sampleText: String = {
        let url = Bundle.module.url(forResource: "Fixtures/talks-stall", withExtension: "txt")!
        return try! String(contentsOf: url, encoding: .utf8)
    }()

    /// The sample as a document with the metadata the earlier stages of brief.yaml add.
    static var sampleDocument: Document {
        Document(id: "talks-stall", text: sampleText, metadata: [
            "title": "Talks between Afghanistan and Pakistan stall after days of negotiations",
            "summary": "Peace discussions between Afghanistan and Pakistan have reached a standstill after several days of talks in Istanbul, state Afghan media reported, while tensions remain high along the shared border. The meetings in Turkey, supported by Qatar, were part of a wider effort to secure a lasting truce after recent clashes along the border that left dozens dead on both sides - the deadliest confrontation in years.",
            "translations": [
                "fr": "[fr] Peace discussions between Afghanistan and Pakistan have reached a standstill after several days of talks in Istanbul.",
                "de": "[de] Peace discussions between Afghanistan and Pakistan have reached a standstill after several days of talks in Istanbul.",
            ],
            "translation-provider": "stub",
            "source": "samples/talks-stall.txt",
            "language": "en",
        ])
    }

    /// A fresh empty folder under the temporary folder.
    static func makeFolder(_ name: String = #function) -> String {
        let clean = name.filter { $0.isLetter || $0.isNumber }
        let path = NSTemporaryDirectory() + "export-tests-\(clean)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (path as NSString).resolvingSymlinksInPath
    }

    /// Builds the stage from untyped options the way the runner does (spec checks, defaults).
    static func stage(_ options: [String: Value], base: String = ".", validateOnly: Bool = false,
                      environment: PipelineEnvironment = PipelineEnvironment()) throws -> ExportStage {
        let (decoded, _) = try ExportStage.decodeOptions(options)
        return try ExportStage(options: decoded, setup: StageSetup(stageID: "export", baseDirectory: base, validateOnly: validateOnly,
                                                                        pipelineEnvironment: environment))
    }

    /// Runs `stage` over `documents` (in order, as sequence 0, 1, ...), then `finish`.
    /// Returns the per-document errors (nil for success) and the events.
    @discardableResult
    static func run(_ stage: ExportStage, _ documents: [Document], stdoutReserved: Bool = false,
                    order: [Int]? = nil) async throws -> (errors: [String?], events: [StageEvent]) {
        let sink = CollectingEventSink()
        var errors = [String?](repeating: nil, count: documents.count)
        for i in order ?? Array(documents.indices) {
            let context = SinkContext(StageContext(stageID: "export", stageName: "export", sequence: i, events: sink),
                                      run: SinkRun(date: runDate, stdoutReserved: stdoutReserved))
            do {
                let out = try await stage.write(documents[i], context: context)
                XCTAssertEqual(out, [documents[i]], "export must pass the document on unchanged")
            } catch {
                errors[i] = "\(error)"
            }
        }
        let finish = SinkContext(StageContext(stageID: "export", stageName: "export", sequence: -1, events: sink),
                                 run: SinkRun(date: runDate, stdoutReserved: stdoutReserved))
        try await stage.finish(context: finish)
        return (errors, sink.events)
    }

    /// The stdout text of the events, in sequence order.
    /// What the runner prints: each stage's header once, before its first output, then the
    /// outputs in input order.
    static func stdout(_ events: [StageEvent]) -> String {
        var headers: [String] = []
        var seen: Set<String> = []
        for case .stdoutHeader(let stage, let text) in events where seen.insert(stage).inserted { headers.append(text) }
        return headers.joined() + events.compactMap { e -> (Int, String)? in
            if case .stdout(let seq, let text) = e { return (seq, text) }
            return nil
        }.sorted { $0.0 < $1.0 }.map(\.1).joined()
    }

    /// The content of a file, or nil.
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every file under `folder` (relative paths, sorted), hidden ones included.
    static func files(_ folder: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    /// Compares `actual` with the golden file `name`; with EXPORT_UPDATE_GOLDEN=1 rewrites it.
    static func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let source = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["EXPORT_UPDATE_GOLDEN"] == "1" {
            try! actual.write(to: source, atomically: true, encoding: .utf8)
            return
        }
        guard let url = Bundle.module.url(forResource: "Fixtures/golden/\(name)", withExtension: nil),
            let expected = try? String(contentsOf: url, encoding: .utf8)
        else {
            XCTFail("missing golden file \(name) (run with EXPORT_UPDATE_GOLDEN=1)", file: file, line: line)
            return
        }
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let firstDiff = zip(a, e).enumerated().first { $1.0 != $1.1 }?.offset ?? min(a.count, e.count)
            XCTFail("""
                \(name) differs from the golden file at line \(firstDiff + 1):
                  expected: \(firstDiff < e.count ? e[firstDiff].debugDescription : "<end>")
                  actual:   \(firstDiff < a.count ? a[firstDiff].debugDescription : "<end>")
                """, file: file, line: line)
        }
    }
}
