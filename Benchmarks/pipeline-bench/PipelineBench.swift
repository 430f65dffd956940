import ArgumentParser
import Foundation
import BuiltInStages
import PipelineKit

// pipeline-bench: runs ONE stage in-process over a JSON-lines corpus and prints throughput.
//
//   pipeline-bench --stage redact [--options '{"entities":["email"]}'] --corpus FILE.jsonl [--repeat N] [--emit]
//
// Each line of the corpus is `{"id"?, "text", "metadata"?}`. Without --emit it prints one line:
//   stage=redact docs=2109 bytes=1234567 seconds=0.012 docs/s=... MB/s=... ms/doc=...
// With --emit it writes each processed document as a JSON line on stdout instead (for scoring scripts).
// Build with `swift build -c release` and run `.build/release/pipeline-bench`.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("pipeline-bench: \(message)\n".utf8))
    exit(2)
}

/// The benchmark command (an ArgumentParser command, so `swift package generate-manual` can
/// document it like `pipeline`).
@main
struct PipelineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline-bench",
        abstract: "Run one stage in-process over a JSON-lines corpus and print its throughput.",
        discussion: """
            Prints one line: stage=redact docs=2109 bytes=1234567 seconds=0.012 docs/s=... MB/s=... ms/doc=... \
            (the best of --repeat timed passes after one warm-up pass, on one core). With --emit it \
            writes each processed document as a JSON line instead (for scoring scripts).

            Example:
              pipeline-bench --stage redact --options '{"entities":["email"]}' --corpus corpus.jsonl --repeat 5
            """)

    @Option(help: "The stage to run, e.g. redact.")
    var stage: String

    @Option(help: "The stage's options as a JSON object.")
    var options = "{}"

    @Option(help: "A JSON-lines corpus: {\"id\"?, \"text\", \"metadata\"?} per line.")
    var corpus: String

    @Option(name: .customLong("repeat"), help: "Timed passes (the best is printed).")
    var repeatCount = 1

    @Flag(help: "Write the processed documents as JSON lines instead of timing.")
    var emit = false

    func run() async throws {
        let stageName = stage, optionsJSON = options, corpusPath = corpus
        let environment = PipelineEnvironment.builtIn
        let registry = environment.stages
        guard let type = registry.type(named: stageName) else { fail("unknown stage \(stageName); known: \(registry.names.joined(separator: ", "))") }
        guard let optionsValue = try? JSONDecoder().decode(Value.self, from: Data(optionsJSON.utf8)), let options = optionsValue.objectValue else {
            fail("--options must be a JSON object")
        }
        let stage: AnyStage
        do {
            stage = try type.build(options: options, setup: StageSetup(stageID: stageName, baseDirectory: FileManager.default.currentDirectoryPath, environment: ProcessInfo.processInfo.environment,
                                                                  pipelineEnvironment: environment))
        } catch { fail("\(error)") }

        guard let data = FileManager.default.contents(atPath: corpusPath) else { fail("cannot read \(corpusPath)") }
        var documents: [Document] = []
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let v = try? JSONDecoder().decode(Value.self, from: Data(line)), let d = try? Document(jsonObject: v, defaultID: "line-\(n + 1)") else {
                fail("\(corpusPath):\(n + 1): not a JSON-lines document")
            }
            documents.append(d)
        }
        let totalBytes = documents.reduce(0) { $0 + $1.text.utf8.count }
        let sink = CollectingEventSink()

        if emit {
            for (i, d) in documents.enumerated() {
                let context = StageContext(stageID: stageName, stageName: stageName, sequence: i, events: sink)
                do {
                    for out in try await stage.process(d, context: context) { print(out.jsonLine()) }
                } catch {
                    FileHandle.standardError.write(Data("\(d.id): \(error)\n".utf8))
                }
            }
            return
        }

        let best = await Timing.bestPass(stage: stage, name: stageName, documents: documents, passes: repeatCount)
        let mb = Double(totalBytes) / 1_000_000
        print(String(format: "stage=%@ docs=%d bytes=%d seconds=%.4f docs/s=%.0f MB/s=%.1f ms/doc=%.4f",
                     stageName, documents.count, totalBytes, best, Double(documents.count) / best, mb / best, best * 1000 / Double(documents.count)))
    }
}

// Warm up once, then time `repeatCount` passes on one core. The loop runs off the main actor,
// so awaiting the stage does not hop between threads for every document.
enum Timing {
    nonisolated static func bestPass(stage: AnyStage, name: String, documents: [Document], passes: Int) async -> Double {
        let sink = CollectingEventSink()
        var best = Double.infinity
        for pass in 0...passes {
            let clock = ContinuousClock()
            let start = clock.now
            for (i, d) in documents.enumerated() {
                let context = StageContext(stageID: name, stageName: name, sequence: i, events: sink)
                _ = try? await stage.process(d, context: context)
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if pass > 0 { best = min(best, seconds) }
        }
        return best
    }
}
