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
    /// Per step, whether its findings are recorded per document (a report lists every finding
    /// and the stage reports them): its input is kept until they are read.
    let recordsFindings: [Bool]
    /// Per step, whether each document is handed to the stage to own (a synchronous stage that
    /// is not a sink, whose input no report's findings or `on-error: keep` read afterwards): see
    /// `runSteps`.
    let handsOver: [Bool]
    /// Whether the report's per-document entries are kept (a report or step summary reads them).
    let keepsItems: Bool
    /// Whether every outcome needs its detail for the report's entry or a workflow command.
    let keepsEntries: Bool
    /// A batch's encoded JSON lines once written, for the next batch to encode into (its pages
    /// stay mapped: see `ReadBuffer`).
    let spareOutput: SpareBuffer

    /// Prepares a run.
    public init(pipeline: PipelineDefinition, options: RunOptions, output: (any RunOutput)? = nil) {
        self.pipeline = pipeline
        self.options = options
        self.output = output ?? StandardRunOutput(lineBuffered: options.lineBuffered)
        self.isSink = pipeline.steps.map { $0.stage.spec.role == .sink }
        self.hasSink = isSink.contains(true)
        self.scrubber = pipeline.environment.scrubber
        let keepsFindings = Self.keepsFindings(options)
        self.recordsFindings = pipeline.steps.map { keepsFindings && $0.stage.spec.reportsFindings }
        self.handsOver = pipeline.steps.indices.map { [isSink, recordsFindings] index in
            let step = pipeline.steps[index]
            return !isSink[index] && step.stage.isSynchronous && !recordsFindings[index] && step.onError != .keep
        }
        self.keepsItems = Self.keepsItems(options)
        self.keepsEntries = keepsItems || options.githubAnnotations
        self.spareOutput = SpareBuffer(keeping: max(1, options.jobs) + 1)
    }

    /// One unit of input.
    enum WorkItem: Sendable {
        case file(path: String, id: String)
        case standardInput
        case invalid(source: String, id: String, message: String)
        /// A document given whole (`pipeline test`).
        case document(Document)
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
        var written = 0
        var lastProgress = clock.now
        var headers = InputHeaders(enabled: options.headers && !options.jsonl && !hasSink && sources.count > 1)

        // Documents by status, added to the report's counts when the last is written.
        var statusCounts = StatusCounts()

        // With a sink that blocks on I/O, the steps from it on run on a thread of their own
        // (`SinkSegment`), overlapped with the next batches' steps before it.
        let segmentStart = sinkSegmentStart
        let computeSteps = 0..<(segmentStart ?? pipeline.steps.count)
        // The compute tasks encode JSON lines only when no sink segment follows them (then the sink task does).
        let computeEncodesLines = options.jsonl && segmentStart == nil
        let sinkThread = segmentStart.map { _ in SinkThread() }
        sinkThread?.start()
        defer { sinkThread?.stop() }

        await withTaskGroup(of: TaskResult.self) { group in
            // Computed batches by first sequence, until every earlier one has come in.
            var pending: [Int: BatchResult] = [:]
            // Documents whose batches came out of the compute tasks in order.
            var computed = 0
            // In-order batches waiting for the sink thread, and whether it has some.
            var toSink: [BatchResult] = []
            var delivering = false
            var nextSequence = 0
            var running = 0
            var admitted = 0
            var emitted = 0
            var batchItems = 1
            // Step time per document of the last batch, before the sink segment and in it.
            var computeSeconds = 0.0
            var sinkSeconds = 0.0
            // The next batch to admit, when the window has room and input is ready (or, with
            // nothing in flight, once it is: the read blocks).
            func nextBatch() -> Batch? {
                guard running < jobs, admitted - emitted < window, output.stdoutFailure == nil else { return nil }
                // Never block on a stalled input while results wait: the loop below emits
                // them first, and when nothing is left in flight stdout is flushed before
                // the read blocks, so a slow producer sees every answer so far.
                var next = items.next(blocking: false, maxLines: batchItems)
                if case .wouldBlock = next {
                    if running > 0 || delivering { return nil }
                    output.flush()
                    next = items.next(blocking: true, maxLines: batchItems)
                }
                let batch: Batch
                switch next {
                case .item(let item): batch = Batch(firstSequence: nextSequence, work: .item(item))
                case .lines(let lines): batch = Batch(firstSequence: nextSequence, work: .lines(lines))
                case .wouldBlock, .end: return nil
                }
                nextSequence += batch.count
                running += 1
                admitted += 1
                return batch
            }
            func admit() {
                while let batch = nextBatch() {
                    group.addTask { [self] in
                        .computed(await self.process(batch, steps: computeSteps, sinkRun: sinkRun, events: events, encodeLines: computeEncodesLines))
                    }
                }
            }
            // Hands the waiting batches to the sink thread, unless it is busy with earlier ones.
            func deliver() {
                guard !delivering, !toSink.isEmpty, let sinkThread, let segmentStart else { return }
                let batches = toSink
                toSink = []
                delivering = true
                group.addTask(executorPreference: sinkThread) { [self] in
                    .delivered(await self.deliver(batches, from: segmentStart, sinkRun: sinkRun, events: events, encodeLines: options.jsonl))
                }
            }
            // The JSON lines written last: handed back one emit later, once the task result that
            // brought them is gone too, so the worker that takes them holds the only reference.
            var writtenLines: [UInt8] = []
            var writtenLinesThread: UInt = 0
            func emit(_ ready: BatchResult) {
                self.emit(ready, into: &report, headers: &headers, counts: &statusCounts)
                spareOutput.giveBack(writtenLines, thread: writtenLinesThread)
                writtenLines = ready.lines
                writtenLinesThread = ready.linesThread
                written += ready.outcomes.count
                emitted += 1
                add(ready.stageStats, to: &report)
            }
            func computedBatch(_ batch: BatchResult) {
                running -= 1
                computeSeconds = Self.seconds(in: batch.stageStats[computeSteps]) / Double(max(1, batch.outcomes.count))
                pending[batch.firstSequence] = batch
                while let ready = pending.removeValue(forKey: computed) {
                    computed += ready.outcomes.count
                    if sinkThread == nil { emit(ready) } else { toSink.append(ready) }
                }
            }
            // After each batch computed or delivered: the next batch's size from the step time
            // per document, and the progress line.
            func afterBatch() {
                batchItems = BatchLimits.items(afterSecondsPerDocument: computeSeconds + sinkSeconds)
                if showProgress, clock.now - lastProgress > .milliseconds(100) {
                    lastProgress = clock.now
                    output.stderr(ProgressLine.render(done: written, total: options.jsonl ? nil : sources.count, failed: statusCounts.failed,
                                                      elapsed: Self.seconds(clock.now - started)))
                }
            }
            // One worker and no sink thread: one batch is in flight at a time whatever runs it,
            // so this task runs each itself, in turn with reading and writing. A child task per
            // batch cost two thread wake-ups and switches each (the task started on a pool
            // thread, this one resumed on another), and moved the batch's bytes between cores.
            if jobs == 1 && sinkThread == nil {
                while let batch = nextBatch() {
                    computedBatch(await process(batch, steps: computeSteps, sinkRun: sinkRun, events: events, encodeLines: computeEncodesLines))
                    afterBatch()
                }
                return
            }
            admit()
            while let result = await group.next() {
                switch result {
                case .computed(let batch):
                    computedBatch(batch)
                case .delivered(let batches):
                    delivering = false
                    let documents = batches.reduce(0) { $0 + $1.outcomes.count }
                    if let segmentStart {
                        let seconds = batches.reduce(0) { $0 + Self.seconds(in: $1.stageStats[segmentStart...]) }
                        sinkSeconds = seconds / Double(max(1, documents))
                    }
                    for batch in batches { emit(batch) }
                }
                afterBatch()
                deliver()
                admit()
            }
        }
        var failed = statusCounts.failed
        statusCounts.add(to: &report.counts)
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

    /// Writes a finished batch's outcomes in order and adds them to the report. The JSON lines
    /// of outcomes with nothing else to say go out together, up to the next that has.
    private func emit(_ batch: BatchResult, into report: inout RunReport, headers: inout InputHeaders, counts: inout StatusCounts) {
        var linesWritten = 0
        var linesStart = 0
        for outcome in batch.outcomes {
            counts.add(outcome.status)
            report.outputCount += outcome.outputs
            if let detail = outcome.detail {
                if linesWritten < linesStart { output.stdout(bytes: batch.lines[linesWritten..<linesStart]) }
                emit(outcome, detail: detail, lines: batch.lines[linesStart..<max(linesStart, outcome.linesEnd)],
                     into: &report, headers: &headers)
                linesWritten = max(linesStart, outcome.linesEnd)
            }
            // Without a detail (a plain JSON line): nothing but its lines to write.
            linesStart = max(linesStart, outcome.linesEnd)
        }
        if linesWritten < batch.lines.count { output.stdout(bytes: batch.lines[linesWritten...]) }
    }

    /// Writes one finished outcome that has a detail (a label, an error, stdout, trips, or a
    /// report entry) and adds that to the report.
    private func emit(_ outcome: Outcome, detail: OutcomeDetail, lines: ArraySlice<UInt8>, into report: inout RunReport,
                      headers: inout InputHeaders) {
        if headers.enabled, !outcome.documents.isEmpty || !detail.stdout.isEmpty {
            output.stdout(headers.next(for: detail.label))
        }
        if !options.jsonl { writeStdout(detail.stdout) }
        // With --jsonl the worker encoded the documents already (`encodeDocuments`).
        if !lines.isEmpty { output.stdout(bytes: lines) }
        if !options.jsonl && !hasSink {
            for document in outcome.documents {
                output.stdout(document.text.hasSuffix("\n") ? document.text : document.text + "\n")
            }
        }
        // Paths, ids and stage messages may carry newlines or escape codes: one line each, always.
        if let error = detail.error {
            let word = outcome.status == .failed ? "error" : "warning"
            output.stderr("\(MessageText.escaped(detail.label)): \(word): \(MessageText.escaped(error))\n")
        }
        for warning in detail.warnings {
            output.stderr("\(MessageText.escaped(detail.label)): warning: \(MessageText.escaped(warning))\n")
        }
        record(detail, status: outcome.status, outputs: outcome.outputs, into: &report)
    }

    /// Adds a batch's per-step figures to the report's.
    private func add(_ stageStats: [RunReport.StageTotals], to report: inout RunReport) {
        for (i, s) in stageStats.enumerated() { report.stages[i].add(s) }
    }

    /// The step time in `stageStats`.
    static func seconds(in stageStats: ArraySlice<RunReport.StageTotals>) -> Double {
        stageStats.reduce(0) { $0 + $1.seconds }
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
        if let stageError = error as? StageError { return stageError.message }
        return String(describing: error)
    }

    static func label(of item: WorkItem) -> String {
        switch item {
        case .file(let path, _): return path
        case .standardInput: return standardInputLabel
        case .invalid(let source, _, _): return source
        case .document(let document): return document.id
        }
    }

    static func id(of item: WorkItem) -> String {
        switch item {
        case .file(_, let id): return id
        case .standardInput: return "stdin"
        case .invalid(_, let id, _): return id
        case .document(let document): return document.id
        }
    }
}

