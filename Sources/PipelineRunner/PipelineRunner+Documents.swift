import PipelineConfig
import PipelineKit

/// What a pipeline did with one document handed over in memory.
public struct DocumentResult: Sendable {
    /// `ok`, `failed` or `skipped` (as in the run report).
    public var status: String
    /// Why the document failed or was skipped (never its text).
    public var error: String?
    /// Stages that failed under `on-error: keep`, one line each.
    public var warnings: [String]
    /// What came out: usually one document, none when a stage dropped it, several when one split it.
    public var documents: [Document]
}

extension PipelineRunner {
    /// Runs `documents` through every step in order, exactly as `run()` runs its inputs
    /// (conditions, `on-error`, fail-on trips), then lets every stage finish (a combined export
    /// writes its file). Nothing is read from files or stdin and no report is written; what
    /// stages print goes to this runner's `output`, and a stage that cannot finish is reported
    /// on its stderr.
    public func process(_ documents: [Document]) async -> [DocumentResult] {
        let sinkRun = SinkRun()
        let events = RunEvents(output: output)
        var results: [DocumentResult] = []
        for (sequence, document) in documents.enumerated() {
            let outcome = await process(.document(document), sequence: sequence, sinkRun: sinkRun, events: events)
            writeStdout(outcome.stdout)
            results.append(DocumentResult(status: outcome.status.rawValue, error: outcome.error, warnings: outcome.warnings,
                                          documents: outcome.documents))
        }
        _ = await finishSteps(sinkRun: sinkRun, events: events)
        output.flush()
        return results
    }
}
