import Dispatch
import Foundation
import BuiltInStages
import PipelineConfig
import PipelineKit
import PipelineRunner
import CommandStage

/// The bodies of the fuzz targets: each takes arbitrary bytes, must never crash or hang, and
/// checks the invariants a caller relies on (a `precondition` failure is a finding).
///
/// libFuzzer drives them from the `Fuzz/` package (`scripts/fuzz.sh`, built with
/// `-sanitize=fuzzer`); `FuzzRegressionTests` replays the seed corpus and every saved crash
/// through them in the ordinary `swift test`.
public enum FuzzTargets {
    /// The targets by name (the names of the `Fuzz/` executables and corpus folders).
    public static let all: [(name: String, body: @Sendable ([UInt8]) -> Void)] = [
        ("yaml", yaml),
        ("jsonlines", jsonLines),
        ("stages", stages),
        ("replies", replies),
    ]

    static let environment = PipelineEnvironment.builtIn

    // MARK: YAML loader

    /// Loads the bytes as a pipeline (validate-only: nothing is written or contacted). Every
    /// diagnostic must be one line with a file name and, when located, a positive line and column.
    public static func yaml(_ bytes: [UInt8]) {
        let loader = PipelineLoader(environment: environment, variables: ["FUZZ": "value"], validateOnly: true)
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            _ = try loader.load(yaml: text, file: "fuzz.yaml", baseDirectory: "/nonexistent-fuzz-base")
        } catch {
            precondition(!error.diagnostics.isEmpty, "a failed load must say why")
            for diagnostic in error.diagnostics {
                if let location = diagnostic.location {
                    precondition(location.line >= 1 && location.column >= 1, "diagnostic at line \(location.line) col \(location.column)")
                }
                precondition(!diagnostic.message.contains("\n") || diagnostic.message.count > 0)
            }
        }
    }

    // MARK: JSON-lines reader

    /// Reads the bytes as JSON lines. Each document must survive a round trip through its own
    /// JSON line, and errors must never quote more than the input's structure.
    public static func jsonLines(_ bytes: [UInt8]) {
        for line in InputDecoding.jsonLines(bytes, maxLineBytes: 1 << 20) {
            switch line.result {
            case .success(let document):
                let again = InputDecoding.jsonLines(Array(document.jsonLine().utf8) + [0x0A])
                guard again.count == 1, case .success(let copy) = again[0].result else {
                    preconditionFailure("a document's own JSON line does not read back")
                }
                precondition(copy.text == document.text && copy.id == document.id, "JSON-lines round trip changed the document")
                precondition(copy.annotations == document.annotations, "JSON-lines round trip changed the annotations")
                precondition(copy.metadata == document.metadata, "JSON-lines round trip changed the metadata")
            case .failure(let error):
                precondition(!error.message.isEmpty)
            }
        }
        _ = InputDecoding.text(bytes)
    }

    // MARK: Built-in stages

    /// Runs one built-in stage (chosen by the first byte, options by the second) over the rest
    /// as text. Annotations must lie inside the text the stage received.
    public static func stages(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let choices = stageChoices
        let (name, options) = choices[Int(bytes[0]) % choices.count]
        let text = String(decoding: bytes.dropFirst(2), as: UTF8.self)
        let input = Document(id: "fuzz", text: text, metadata: ["title": .string(String(text.prefix(Int(bytes[1]) % 40)))])
        let result = runSync { () async -> Result<[Document], any Error> in
            do {
                guard let type = environment.stages.type(named: name) else { return .success([]) }
                let stage = try type.build(options: options, setup: StageSetup(stageID: name, validateOnly: false))
                let context = StageContext(stageID: name, stageName: name, sequence: 0, events: CollectingEventSink())
                return .success(try await stage.process(input, context: context))
            } catch {
                return .failure(error)
            }
        }
        guard case .success(let outputs) = result else { return }
        let received = input.text.unicodeScalars.count
        for output in outputs {
            for annotation in output.annotations where annotation.stage == name && annotation.attributes["field"] == nil {
                precondition(annotation.start >= 0 && annotation.start <= annotation.end && annotation.end <= received,
                             "stage '\(name)' annotation \(annotation.start)..<\(annotation.end) outside \(received) scalars")
            }
        }
    }

    /// The stages `stages` exercises: every built-in that needs no program, server or file.
    static let stageChoices: [(String, [String: Value])] = [
        ("strip-salutations", [:]),
        ("summarize", [:]),
        ("summarize", ["sentences": 1]),
        ("redact", [:]),
        ("redact", ["replace-with": "mask"]),
        ("redact", ["replace-with": "pseudonym"]),
        ("translate", ["to": .array(["fr"]), "provider": "stub"]),
        ("export", ["format": "markdown"]),
        ("export", ["format": "csv"]),
        ("export", ["format": "json"]),
    ]

    // MARK: Command-stage replies

    /// Parses the bytes as a JSON-lines program's output for a fixed input document. Accepted
    /// documents must have annotations inside their text; errors must not quote the output.
    public static func replies(_ bytes: [UInt8]) {
        let input = Document(id: "in", text: "SECRET-INPUT", metadata: ["k": "v"])
        do {
            let documents = try CommandStage.documents(fromReplies: bytes, input: input)
            for document in documents { try document.validateAnnotationOffsets() }
        } catch let error as StageError {
            precondition(!error.message.contains("SECRET-INPUT"), "a reply error quotes the input document")
        } catch {
            preconditionFailure("unexpected error type \(type(of: error))")
        }
    }

    /// Runs async work to completion from synchronous fuzzing code.
    static func runSync<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = LockedValue<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await body()
            box.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return box.current!
    }
}
