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
        case jsonLine(bytes: [UInt8], source: String, line: Int, defaultID: String, columnOffset: Int = 0)
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
        var stageStats: [RunReport.StageTotals] = []
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
        let window = jobs * 4
        let showProgress = options.progress ?? (output.stderrIsTerminal && (sources.count > 1 || options.jsonl))
        var failed = 0
        var written = 0
        var lastProgress = clock.now
        var headers = InputHeaders(enabled: options.headers && !options.jsonl && !hasSink && sources.count > 1)

        await withTaskGroup(of: (Int, Outcome).self) { group in
            var pending: [Int: Outcome] = [:]
            var nextSequence = 0
            var running = 0
            func admit() {
                while running < jobs, nextSequence - written < window, output.stdoutFailure == nil {
                    // Never block on a stalled input while results wait: the loop below emits
                    // them first, and when nothing is left in flight stdout is flushed before
                    // the read blocks, so a slow producer sees every answer so far.
                    var next = items.next(blocking: false)
                    if case .wouldBlock = next {
                        if running > 0 { return }
                        output.flush()
                        next = items.next(blocking: true)
                    }
                    guard case .item(let item) = next else { return }
                    let sequence = nextSequence
                    nextSequence += 1
                    running += 1
                    group.addTask { [self] in (sequence, await self.process(item, sequence: sequence, sinkRun: sinkRun, events: events)) }
                }
            }
            admit()
            while let (sequence, outcome) = await group.next() {
                running -= 1
                pending[sequence] = outcome
                while let ready = pending.removeValue(forKey: written) {
                    if ready.status == "failed" { failed += 1 }
                    emit(ready, into: &report, headers: &headers)
                    written += 1
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
        for document in outcome.documents {
            if options.jsonl {
                var line = document.jsonLineBytes()
                line.append(0x0A)
                output.stdout(bytes: line)
            } else if !hasSink {
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
        report.outputCount += outcome.documents.count
        for (i, s) in outcome.stageStats.enumerated() {
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

    /// Reads one input and runs it through every stage.
    func process(_ item: WorkItem, sequence: Int, sinkRun: SinkRun, events: RunEvents) async -> Outcome {
        var outcome = Outcome(label: Self.label(of: item), id: Self.id(of: item))
        let document: Document
        do {
            switch item {
            case .file(let path, let id):
                outcome.path = path
                let text = try DocumentReader.text(from: try DocumentReader.readFile(path))
                document = Document(id: id, text: text, metadata: ["source": .string(path)])
            case .standardInput:
                outcome.path = Self.standardInputSource
                let text = try DocumentReader.text(from: DocumentReader.readStandardInput())
                document = Document(id: "stdin", text: text, metadata: ["source": .string(Self.standardInputSource)])
            case .jsonLine(let bytes, let source, let line, let defaultID, let columnOffset):
                outcome.path = source == Self.standardInputLabel ? Self.standardInputSource : source
                outcome.recordLine = line
                let metadataSource = source == Self.standardInputLabel ? Self.standardInputSource : source
                document = try DocumentReader.document(
                    jsonLine: bytes, defaultID: defaultID, source: metadataSource, columnOffset: columnOffset)
                outcome.id = document.id
            case .invalid(_, _, let message):
                outcome.status = "failed"
                outcome.error = message
                return outcome
            case .document(let given):
                document = given
            }
        } catch {
            outcome.status = "failed"
            outcome.error = error.message
            return outcome
        }

        let sink = DocumentEvents(run: events)
        var current = [document]
        outcome.stageStats = pipeline.steps.map { RunReport.StageTotals(id: $0.id, name: $0.name) }
        let clock = ContinuousClock()
        var locator: TextLocator?
        let keepFindings = keepsFindings
        for (index, step) in pipeline.steps.enumerated() {
            var next: [Document] = []
            let context = StageContext(stageID: step.id, stageName: step.name, sequence: sequence, events: sink, scrubber: scrubber)
            let isSinkStep = isSink[index]
            for doc in current {
                if let condition = step.condition, !condition.matches(doc) { next.append(doc); continue }
                let start = clock.now
                do {
                    let produced = isSinkStep
                        ? try await step.stage.write(doc, context: SinkContext(context, run: sinkRun))
                        : try await step.stage.process(doc, context: context)
                    var stats = outcome.stageStats[index]
                    stats.documents += 1
                    stats.bytesIn += doc.text.utf8.count
                    for p in produced {
                        stats.bytesOut += p.text.utf8.count
                        for a in p.annotations.dropFirst(min(doc.annotations.count, p.annotations.count)) where a.stage == step.name {
                            stats.annotations[a.type, default: 0] += 1
                        }
                    }
                    let elapsed = clock.now - start
                    stats.seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    outcome.stageStats[index] = stats
                    if keepFindings && step.stage.spec.reportsFindings {
                        recordFindings(of: step, from: doc, produced, original: document, locator: &locator, into: &outcome)
                    }
                    recordTrips(sink.drainTrips(), stageInput: doc, original: document, locator: &locator, into: &outcome)
                    next.append(contentsOf: produced)
                } catch {
                    recordTrips(sink.drainTrips(), stageInput: doc, original: document, locator: &locator, into: &outcome)
                    outcome.stageStats[index].errors += 1
                    let message = "stage '\(step.id)' failed: \(Self.describe(error))"
                    switch step.onError {
                    case .fail:
                        outcome.status = "failed"
                        outcome.error = message
                        outcome.failedStage = step.id
                        outcome.documents = []
                        outcome.stdout = sink.drain()
                        return outcome
                    case .skip:
                        outcome.status = "skipped"
                        outcome.error = message + " (on-error: skip, document dropped)"
                        outcome.failedStage = step.id
                    case .keep:
                        outcome.warnings.append(message + " (on-error: keep, stage change discarded)")
                        next.append(doc)
                    }
                }
            }
            current = next
            if current.isEmpty { break }
        }
        outcome.documents = current
        outcome.stdout = sink.drain()
        return outcome
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
        case .jsonLine(_, _, _, let id, _): return id
        case .invalid(_, let id, _): return id
        case .document(let d): return d.id
        }
    }
}

/// Produces work items lazily: JSON-lines inputs are read a line at a time.
struct WorkItems {
    var sources: IndexingIterator<[InputSource]>
    let jsonl: Bool
    var reader: LineReader?
    var readerSource = ""
    var readerID = ""

    init(sources: [InputSource], jsonl: Bool) {
        self.sources = sources.makeIterator()
        self.jsonl = jsonl
    }

    /// What `next(blocking:)` found.
    enum Next {
        case item(PipelineRunner.WorkItem)
        /// The JSON-lines input has no complete line yet and reading would wait.
        case wouldBlock
        case end
    }

    /// The next work item, or `.wouldBlock` (only when `blocking` is false), or `.end`.
    mutating func next(blocking: Bool) -> Next {
        if let item = nextItem(blocking: blocking) { return .item(item) }
        return reader == nil ? .end : .wouldBlock
    }

    /// The next item; `nil` at the end, or (with a reader still open) when it would block.
    private mutating func nextItem(blocking: Bool) -> PipelineRunner.WorkItem? {
        while true {
            if let reader {
                switch reader.next(blocking: blocking) {
                case .wouldBlock?:
                    return nil
                case .line(let bytes)?:
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    return .jsonLine(bytes: bytes, source: readerSource, line: reader.lineNumber, defaultID: "\(readerID)-\(reader.lineNumber)",
                                     columnOffset: reader.lineNumber == 1 ? reader.bomLength : 0)
                case .tooLong(let length)?:
                    return .invalid(source: "\(readerSource):\(reader.lineNumber)", id: "\(readerID)-\(reader.lineNumber)",
                                    message: "line of \(length) bytes is longer than the \(reader.maxLineBytes)-byte limit")
                case nil:
                    self.reader = nil
                }
            }
            guard let source = sources.next() else { return nil }
            switch source {
            case .unusable(let argument, let message):
                return .invalid(source: argument, id: argument, message: message)
            case .standardInput:
                if !jsonl { return .standardInput }
                reader = LineReader(fd: 0, closeOnEnd: false)
                readerSource = PipelineRunner.standardInputLabel
                readerID = "line"
            case .file(let path, let id):
                if !jsonl { return .file(path: path, id: id) }
                let fd = open(path, O_RDONLY)
                if fd < 0 { return .invalid(source: path, id: id, message: "cannot open the file: \(String(cString: strerror(errno)))") }
                reader = LineReader(fd: fd, closeOnEnd: true)
                readerSource = path
                readerID = id
            }
        }
    }
}

/// Run-wide events: notes (printed once each), fail-on trips, and combined stdout from `finish`.
final class RunEvents: StageEventSink, Sendable {
    private struct Collected: Sendable {
        var seenNotes: Set<String> = []
        var trips: [(stage: String, reason: String)] = []
        var finishStdout: [StdoutChunk] = []
        var lost: [(stage: String, ids: [String], reason: String)] = []
    }

    private let output: any RunOutput
    private let collected = LockedValue(Collected())

    init(output: any RunOutput) { self.output = output }

    func emit(_ event: StageEvent) {
        collected.withLock { collected in
            switch event {
            case .note(let stage, let message):
                // Printed under the lock, so two notes never interleave.
                if collected.seenNotes.insert(stage + "\u{0}" + message).inserted {
                    output.stderr("note: stage '\(stage)': \(MessageText.escaped(message))\n")
                }
            case .failRun(let stage, let reason):
                if !collected.trips.contains(where: { $0.stage == stage && $0.reason == reason }) { collected.trips.append((stage, reason)) }
            case .failOn(let trip):
                // Only trips from `finish` get here: a document's trips stay with its outcome.
                if !collected.trips.contains(where: { $0.stage == trip.stage && $0.reason == trip.reason }) {
                    collected.trips.append((trip.stage, trip.reason))
                }
            case .stdout(_, let text):
                collected.finishStdout.append(.text(text))
            case .stdoutHeader(let stage, let text):
                collected.finishStdout.append(.header(stage: stage, text: text))
            case .failDocuments(let stage, let ids, let reason):
                collected.lost.append((stage, ids, reason))
            }
        }
    }

    /// Documents stages reported lost after accepting them (`failDocuments`), taken once.
    func takeLostDocuments() -> [(stage: String, ids: [String], reason: String)] {
        collected.withLock { collected in
            defer { collected.lost = [] }
            return collected.lost
        }
    }

    var failRuns: [(stage: String, reason: String)] { collected.withLock { $0.trips } }

    func takeFinishStdout() -> [StdoutChunk] {
        collected.withLock { collected in
            defer { collected.finishStdout = [] }
            return collected.finishStdout
        }
    }
}

/// One document's events: stdout is kept with the document so it comes out in input order.
/// A struct around the locked box (one allocation per document, as the hand-locked class was).
struct DocumentEvents: StageEventSink {
    private struct Collected: Sendable {
        var stdout: [StdoutChunk] = []
        var trips: [FailOnTrip] = []
    }

    private let run: RunEvents
    private let collected = LockedValue(Collected())

    init(run: RunEvents) { self.run = run }

    func emit(_ event: StageEvent) {
        switch event {
        case .stdout(_, let text): collected.withLock { $0.stdout.append(.text(text)) }
        case .stdoutHeader(let stage, let text): collected.withLock { $0.stdout.append(.header(stage: stage, text: text)) }
        case .failOn(let trip): collected.withLock { $0.trips.append(trip) }
        default: run.emit(event)
        }
    }

    /// The fail-on trips reported since the last call.
    func drainTrips() -> [FailOnTrip] {
        collected.withLock { collected in
            defer { collected.trips = [] }
            return collected.trips
        }
    }

    func drain() -> [StdoutChunk] {
        collected.withLock { collected in
            defer { collected.stdout = [] }
            return collected.stdout
        }
    }
}

/// A piece of a stage's stdout output: text, or a header printed once per stage.
enum StdoutChunk: Sendable {
    case text(String)
    case header(stage: String, text: String)
}
