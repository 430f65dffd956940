import Foundation
import PipelineConfig
import PipelineKit

/// How to run a pipeline: the command line's choices.
public struct RunOptions: Sendable {
    /// INPUT arguments; empty means the pipeline's `input:`, else stdin.
    public var inputs: [String] = []
    /// Read and write JSON lines.
    public var jsonl = false
    /// Documents processed at once.
    public var jobs = RunOptions.cores
    /// The number of cores this process may use (asked once: Foundation reads cgroup files for it).
    public static let cores = ProcessInfo.processInfo.activeProcessorCount
    /// Where to write the JSON run report.
    public var reportPath: String?
    /// Show a progress line: `nil` = when stderr is a terminal and there is more than one document.
    public var progress: Bool?
    /// Flush stdout after every document (`--line-buffered`), for a consumer reading a pipe live.
    public var lineBuffered = false
    /// Print `==> PATH <==` before each input's text when several inputs print text to stdout
    /// (as `head` does); `--no-headers` turns it off.
    public var headers = true
    /// More reports (`--report`, repeatable): JSON, SARIF, JUnit, Markdown.
    public var reports: [ReportDestination] = []
    /// Print GitHub Actions workflow commands for failed documents and fail-on trips.
    public var githubAnnotations = false
    /// Append the Markdown summary to this file (`$GITHUB_STEP_SUMMARY`).
    public var stepSummaryPath: String?
    /// Print one summary line on stderr at the end (`12 ok, 1 failed, 0 skipped in 0.4 s, 3.1 MB/s`).
    public var summaryLine = false
    /// Creates default options.
    public init() {}
}

/// The outcome of a run.
public struct RunSummary: Sendable {
    /// 0 all documents succeeded; 1 some failed or a fail-on condition tripped.
    public var exitCode: Int32
    /// Input documents seen.
    public var documents: Int
    /// Failed documents.
    public var failed: Int
    /// The report (also written to `--report`).
    public var report: RunReport
}

/// Runs a pipeline over inputs: documents run concurrently (`jobs` at once), memory stays
/// bounded (only a window of documents is in flight), and results come out in input order.
public final class PipelineRunner: Sendable {
    let pipeline: PipelineDefinition
    let options: RunOptions
    let output: any RunOutput
    /// `true` when a step is a sink (its spec's role): the sink decides what stdout shows, so
    /// the runner prints no document text of its own.
    let hasSink: Bool
    /// Per step, whether it is a sink (handed a `SinkContext`).
    let isSink: [Bool]
    /// Scrubs programs' stderr before messages show it (from the pipeline's environment).
    let scrubber: (any TextScrubber)?
    /// Stages whose stdout header was already printed.
    private let headersWritten = LockedValue<Set<String>>([])

    /// Prepares a run.
    public init(pipeline: PipelineDefinition, options: RunOptions, output: (any RunOutput)? = nil) {
        self.pipeline = pipeline
        self.options = options
        self.output = output ?? StandardRunOutput(lineBuffered: options.lineBuffered)
        self.isSink = pipeline.steps.map { $0.stage.spec.role == .sink }
        self.hasSink = isSink.contains(true)
        self.scrubber = pipeline.environment.scrubber
    }

    /// One unit of input.
    enum WorkItem: Sendable {
        case file(path: String, id: String)
        case standardInput
        /// One JSON line; a document without an `id` is named `IDPREFIX-LINE`.
        case jsonLine(bytes: [UInt8], source: String, line: Int, idPrefix: String, columnOffset: Int = 0)
        case invalid(source: String, id: String, message: String)
        /// A document given whole (`pipeline test`).
        case document(Document)
    }

    /// What happened to one input.
    struct Outcome: Sendable {
        var label: String
        var id: String
        var status = "ok"
        var error: String?
        var failedStage: String?
        var warnings: [String] = []
        var documents: [Document] = []
        var stdout: [StdoutChunk] = []
        /// Documents that came out (`documents.count`, also after they were encoded).
        var outputs = 0
        /// With `--jsonl`: the documents as JSON lines, encoded by the worker (`documents` is then empty).
        var jsonLines: [UInt8]?
        /// Time spent in the steps.
        var seconds = 0.0
        /// The input path (`-` for stdin) and, for JSON lines, the record's line.
        var path: String?
        var recordLine: Int?
        /// Findings of finding stages (kept when a report lists them) and fail-on trips.
        var findings: [RunFinding] = []
        var trips: [FailOnEntry] = []
    }

    /// Runs everything and returns the summary; writes the report if asked.
    public func run() async -> RunSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let now = UTCTimestamp()
        let sinkRun = SinkRun(date: now.date, stdoutReserved: options.jsonl)
        let events = RunEvents(output: output)
        var report = RunReport(
            pipeline: pipeline.name, file: pipeline.file, started: now.dateTime,
            stages: pipeline.steps.map { RunReport.StageTotals(id: $0.id, name: $0.name, reportsFindings: $0.stage.spec.reportsFindings) })

        let arguments = options.inputs.isEmpty ? (pipeline.inputs.isEmpty ? ["-"] : pipeline.inputs) : options.inputs
        let sources = InputExpander.expand(arguments)
        var items = WorkItems(sources: sources, jsonl: options.jsonl)
        let jobs = max(1, options.jobs)
        // Batches in flight or waiting for an earlier one to be written.
        let window = jobs * 4
        let showProgress = options.progress ?? (output.stderrIsTerminal && (sources.count > 1 || options.jsonl))
        var failed = 0
        var written = 0
        var lastProgress = clock.now
        var headers = InputHeaders(enabled: options.headers && !options.jsonl && !hasSink && sources.count > 1)

        await withTaskGroup(of: BatchResult.self) { group in
            var pending: [Int: BatchResult] = [:]
            var nextSequence = 0
            var running = 0
            var admitted = 0
            var emitted = 0
            var batchItems = 1
            func admit() {
                while running < jobs, admitted - emitted < window, output.stdoutFailure == nil {
                    // Never block on a stalled input while results wait: the loop below emits
                    // them first, and when nothing is left in flight stdout is flushed before
                    // the read blocks, so a slow producer sees every answer so far.
                    var next = items.next(blocking: false)
                    if case .wouldBlock = next {
                        if running > 0 { return }
                        output.flush()
                        next = items.next(blocking: true)
                    }
                    guard case .item(let first) = next else { return }
                    let batch = Batch(firstSequence: nextSequence, items: items.batch(startingWith: first, maxItems: batchItems))
                    nextSequence += batch.items.count
                    running += 1
                    admitted += 1
                    group.addTask { [self] in await self.process(batch, sinkRun: sinkRun, events: events, encodeLines: options.jsonl) }
                }
            }
            admit()
            while let result = await group.next() {
                running -= 1
                let stageSeconds = result.stageStats.reduce(0) { $0 + $1.seconds }
                batchItems = BatchLimits.items(afterSecondsPerDocument: stageSeconds / Double(max(1, result.outcomes.count)))
                pending[result.firstSequence] = result
                while let ready = pending.removeValue(forKey: written) {
                    for index in ready.outcomes.indices {
                        if ready.outcomes[index].status == "failed" { failed += 1 }
                        emit(ready.outcomes[index], into: &report, headers: &headers)
                    }
                    written += ready.outcomes.count
                    emitted += 1
                    add(ready.stageStats, to: &report)
                }
                if showProgress, clock.now - lastProgress > .milliseconds(100) {
                    lastProgress = clock.now
                    output.stderr(ProgressLine.render(done: written, total: options.jsonl ? nil : sources.count, failed: failed,
                                                      elapsed: Self.seconds(clock.now - started)))
                }
                admit()
            }
        }
        if showProgress { output.stderr("\r\u{1B}[K") }

        // Let stages finish (combined exports write here).
        for index in await finishSteps(sinkRun: sinkRun, events: events) {
            failed += 1
            report.stages[index].errors += 1
        }

        // Documents a stage accepted and later lost (a rolled-back database batch) were counted
        // ok when they went by: count them failed now, in the report too.
        for loss in events.takeLostDocuments() {
            let ids = Set(loss.ids)
            let message = "stage '\(loss.stage)' failed after accepting the document: \(loss.reason)"
            for i in report.items.indices where report.items[i].status == "ok" && ids.contains(report.items[i].id) {
                report.items[i].status = "failed"
                report.items[i].error = message
                report.items[i].stage = loss.stage
            }
            let moved = min(ids.count, report.counts["ok", default: 0])
            report.counts["ok", default: 0] -= moved
            report.counts["failed", default: 0] += moved
            failed += moved
            for id in loss.ids { output.stderr("\(MessageText.escaped(id)): error: \(MessageText.escaped(message))\n") }
        }
        report.failRun = events.failRuns
        for trip in report.failRun { output.stderr("\(pipeline.file): error: stage '\(trip.stage)': \(MessageText.escaped(trip.reason))\n") }
        let exitCode: Int32 = (failed > 0 || !report.failRun.isEmpty || !report.failOn.isEmpty) ? 1 : 0
        report.exitCode = Int(exitCode)
        let elapsed = clock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        output.flush()
        var outputExitCode = exitCode
        if let failure = output.stdoutFailure {
            // Output that did not arrive is a failed run, whatever the documents did.
            output.stderr("error: \(failure); the output is incomplete\n")
            outputExitCode = 1
            report.exitCode = 1
        }
        let finalExitCode = finishReports(&report, exitCode: outputExitCode)
        return RunSummary(exitCode: finalExitCode, documents: written, failed: failed, report: report)
    }

    /// Calls every step's `finish` in order (a sink's with its `SinkContext`), reports a step
    /// that could not finish on stderr, and writes what the steps printed unless the run
    /// reserves stdout (`--jsonl`). Returns the indices of the steps that failed.
    func finishSteps(sinkRun: SinkRun, events: RunEvents) async -> [Int] {
        var failedSteps: [Int] = []
        for (index, step) in pipeline.steps.enumerated() {
            let context = StageContext(stageID: step.id, stageName: step.name, sequence: -1, events: events, scrubber: scrubber)
            do {
                if isSink[index] {
                    try await step.stage.finish(context: SinkContext(context, run: sinkRun))
                } else {
                    try await step.stage.finish(context: context)
                }
            } catch {
                failedSteps.append(index)
                output.stderr("\(pipeline.file): error: stage '\(step.id)' could not finish: \(error)\n")
            }
            let chunks = events.takeFinishStdout()
            if !sinkRun.stdoutReserved { writeStdout(chunks) }
        }
        return failedSteps
    }

    /// Writes one finished outcome in order and adds it to the report.
    private func emit(_ outcome: Outcome, into report: inout RunReport, headers: inout InputHeaders) {
        if headers.enabled, !outcome.documents.isEmpty || !outcome.stdout.isEmpty {
            output.stdout(headers.next(for: outcome.label))
        }
        if !options.jsonl { writeStdout(outcome.stdout) }
        // With --jsonl the worker encoded the documents already (`encodeDocuments`).
        if let lines = outcome.jsonLines { output.stdout(bytes: lines) }
        if !options.jsonl && !hasSink {
            for document in outcome.documents {
                output.stdout(document.text.hasSuffix("\n") ? document.text : document.text + "\n")
            }
        }
        // Paths, ids and stage messages may carry newlines or escape codes: one line each, always.
        let label = MessageText.escaped(outcome.label)
        if let error = outcome.error {
            let word = outcome.status == "failed" ? "error" : "warning"
            output.stderr("\(label): \(word): \(MessageText.escaped(error))\n")
        }
        for warning in outcome.warnings { output.stderr("\(label): warning: \(MessageText.escaped(warning))\n") }
        record(outcome, into: &report)
        report.counts[outcome.status, default: 0] += 1
        report.outputCount += outcome.outputs
    }

    /// Adds a batch's per-step figures to the report's.
    private func add(_ stageStats: [RunReport.StageTotals], to report: inout RunReport) {
        for (i, s) in stageStats.enumerated() {
            report.stages[i].documents += s.documents
            report.stages[i].errors += s.errors
            report.stages[i].seconds += s.seconds
            report.stages[i].bytesIn += s.bytesIn
            report.stages[i].bytesOut += s.bytesOut
            for (k, v) in s.annotations { report.stages[i].annotations[k, default: 0] += v }
        }
    }

    /// Writes stages' stdout chunks; a stage's header goes out only before its first output.
    /// Called from the single task that writes results, in input order.
    func writeStdout(_ chunks: [StdoutChunk]) {
        for chunk in chunks {
            switch chunk {
            case .text(let text): output.stdout(text)
            case .header(let stage, let text):
                if headersWritten.withLock({ $0.insert(stage).inserted }) { output.stdout(text) }
            }
        }
    }

    /// Metadata `source` of documents read from stdin: `-`, as on the command line.
    static let standardInputSource = "-"
    /// How stdin is named in messages and reports: `<stdin>`, as compilers do.
    static let standardInputLabel = "<stdin>"

    static func describe(_ error: any Error) -> String {
        if let e = error as? StageError { return e.message }
        return String(describing: error)
    }

    static func label(of item: WorkItem) -> String {
        switch item {
        case .file(let path, _): return path
        case .standardInput: return standardInputLabel
        case .jsonLine(_, let source, let line, _, _): return "\(source):\(line)"
        case .invalid(let source, _, _): return source
        case .document(let d): return d.id
        }
    }

    static func id(of item: WorkItem) -> String {
        switch item {
        case .file(_, let id): return id
        case .standardInput: return "stdin"
        case .jsonLine(_, _, let line, let prefix, _): return "\(prefix)-\(line)"
        case .invalid(_, let id, _): return id
        case .document(let d): return d.id
        }
    }
}

