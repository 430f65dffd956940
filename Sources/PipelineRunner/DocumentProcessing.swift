import Foundation
import PipelineConfig
import PipelineKit

/// Running inputs through the steps: one child task per batch of work, the bookkeeping made
/// once per batch (the event sink, the stage and sink contexts, the per-stage statistics) and
/// reused for each of its documents.
extension PipelineRunner {
    /// What one child task runs, in order: one work item (a file, stdin, an unusable input, a
    /// document given whole), or consecutive JSON lines of one input (`BatchLimits`): small
    /// lines share a task, so task creation and the per-task bookkeeping are paid per batch.
    struct Batch: Sendable {
        enum Work: Sendable {
            case item(WorkItem)
            case lines(JSONLineBatch)
        }

        /// The input position of the first document; the others follow it.
        var firstSequence: Int
        var work: Work

        /// Documents (input positions) the batch holds.
        var count: Int {
            switch work {
            case .item: return 1
            case .lines(let lines): return lines.lines.count
            }
        }
    }

    /// What a batch produced: one outcome per input, in order, the batch's per-step totals
    /// (the report sums them; no per-document copy of the statistics is made) and, with
    /// `--jsonl`, every outcome's encoded JSON lines one after the other.
    struct BatchResult: Sendable {
        var firstSequence: Int
        var outcomes: [Outcome]
        var stageStats: [RunReport.StageTotals]
        var lines: [UInt8] = []
        /// The thread that wrote `lines` last (its spare goes back to that thread's next batch).
        var linesThread: UInt = 0
        /// With a sink segment (`SinkSegment`): the documents still to go through it, each
        /// with the index of the placeholder outcome it replaces.
        var atSink: [(outcome: Int, run: DocumentRun)] = []
    }

    /// A document part-way through the steps: what `runSteps` carries from one step to the
    /// next, and from the compute tasks to the sink thread.
    struct DocumentRun: Sendable {
        /// The document as read (findings and trips are placed in it).
        let original: Document
        /// Its input position.
        let sequence: Int
        var status = Status.ok
        /// What the last step produced (`[original]` before the first).
        var current: [Document]
        var detail: OutcomeDetail
        var locator: TextLocator?
        /// Whether the input is a JSON line (its outcome drops an empty detail).
        let fromJSONLine: Bool

        init(_ document: Document, sequence: Int, status: Status, current: [Document], detail: OutcomeDetail, locator: TextLocator?,
             fromJSONLine: Bool) {
            original = document
            self.sequence = sequence
            self.status = status
            self.current = current
            self.detail = detail
            self.locator = locator
            self.fromJSONLine = fromJSONLine
        }

        /// Whether steps are left to run: not failed, and some document came out.
        var goesOn: Bool { status != .failed && !current.isEmpty }

        /// Whether its outcome keeps the detail: always for an input that is not a JSON line,
        /// else when a report needs the entry, it did not end ok, or there is something to say.
        func keepsDetail(keepsEntries: Bool) -> Bool {
            !fromJSONLine || keepsEntries || status != .ok || detail.holdsSomething
        }

        /// The outcome, with the detail when `keepsDetail`.
        func outcome(keepingDetail: Bool) -> Outcome {
            Outcome(status: status, documents: status == .failed ? [] : current, detail: keepingDetail ? detail : nil)
        }
    }

    /// What one input came to in a compute task: an outcome, or a document waiting for the
    /// sink segment.
    enum Progress {
        case finished(Outcome)
        case atSink(DocumentRun)
    }

    /// How big a batch grows: it closes at `maxItems` items or `maxBytes` bytes of JSON lines,
    /// and at once when the input has no further line ready (a slow producer's line is
    /// never held back waiting for more). Files and stdin are one item each.
    ///
    /// The item count adapts to how long documents take (`items(afterSecondsPerDocument:)`):
    /// a batch aims at `targetSeconds` of step time (sinks included), so one-letter documents
    /// through a no-op go 256 to a task (at ~2 µs each, a task's fixed cost, contexts and
    /// wake-ups was several per cent of 64) and news items through the brief's stages and a
    /// Markdown export (~0.6 ms each) go about 8 to a task, handed to the sink in one go,
    /// while documents that take more than the target each (a `command` stage, a translation
    /// server) go one to a task and still spread over `--jobs` workers. Each hand-off costs a
    /// task and two thread wake-ups (futex calls; under load, a wait for a core each), so the
    /// target keeps them to a few per cent of a batch; the last batch of a run leaves the other
    /// workers idle for at most about that long. The first batches hold one document each,
    /// until there is a measurement.
    ///
    /// The byte limit is high enough that news-sized items (~3.6 KB) reach the item count the
    /// time target asks for (a 64 KiB limit closed their batches at ~18 items, 256 KiB at ~70:
    /// strip + redact at ~12 µs an item asks for 256; at 1 MiB, news-50k through strip + redact
    /// made ~440 voluntary context switches against ~1,370, 1.02x less CPU and 1.04x the wall
    /// throughput, round 19) and low enough that the reorder window (`4 × jobs` batches) holds a
    /// few MiB at most (peak RSS, 277 MB through strip + redact: 29 MB against 26).
    enum BatchLimits {
        static let maxItems = 256
        static let maxBytes = 1 << 20
        static let targetSeconds = 0.005
        /// The room a batch's encoded output starts with: a full batch's bytes and an eighth
        /// more, rounded up to 64 KiB (one size for all, so a written batch's buffer serves
        /// the next: `SpareBuffer`).
        static let outputBytes = (maxBytes + maxBytes / 8 + 0xFFFF) & ~0xFFFF

        /// Items for the next batch, from the stage time per document of the last batch.
        static func items(afterSecondsPerDocument seconds: Double) -> Int {
            guard seconds > 0 else { return maxItems }
            return max(1, min(maxItems, Int(targetSeconds / seconds)))
        }
    }

    /// The per-step totals of a fresh batch.
    func emptyStageStats() -> [RunReport.StageTotals] {
        pipeline.steps.map { RunReport.StageTotals(id: $0.id, name: $0.name) }
    }

    /// What a batch's documents share while they go through the steps, made once per batch.
    struct StepContexts {
        /// The pipeline's steps as this batch runs them (``PipelineStep/replica()``): the
        /// strings and stage references its documents retain and release are the batch's own,
        /// not counts that every worker changes.
        let steps: [PipelineStep]
        /// Collects stdout and fail-on trips of the document running now (drained after each).
        let sink: DocumentEvents
        /// Per step, the stage's context and, for a sink step, the sink's.
        var stages: [StageContext]
        var sinks: [SinkContext?]
        /// Per step, the batch's totals, less the annotation counts still in `tallies`.
        var stats: [RunReport.StageTotals]
        /// Per step, the annotations counted since the last `settledStats()`.
        var tallies: [AnnotationTally]

        /// Points every context at the document at input position `sequence`.
        mutating func setSequence(_ sequence: Int) {
            for index in stages.indices {
                stages[index].sequence = sequence
                sinks[index]?.stage.sequence = sequence
            }
        }

        /// The totals so far, the tallies' annotation counts folded in (the tallies start over).
        mutating func settledStats() -> [RunReport.StageTotals] {
            for index in stats.indices { tallies[index].drain(into: &stats[index].annotations) }
            return stats
        }
    }

    /// Runs every input of `batch` through `steps` (all of them, or those before the sink
    /// segment: the documents that reach it are left in the result's `atSink`). With
    /// `encodeLines` (`--jsonl`, no sink segment), each outcome's documents are encoded here,
    /// in the worker, onto the result's `lines`.
    func process(_ batch: Batch, steps: Range<Int>, sinkRun: SinkRun, events: RunEvents, encodeLines: Bool) async -> BatchResult {
        var contexts = makeContexts(sequence: batch.firstSequence, sinkRun: sinkRun, events: events)
        var result = BatchResult(firstSequence: batch.firstSequence, outcomes: [], stageStats: [])
        result.outcomes.reserveCapacity(batch.count)
        func add(_ progress: Progress) {
            switch progress {
            case .finished(var outcome):
                if encodeLines { outcome.encodeDocuments(onto: &result.lines) }
                result.outcomes.append(outcome)
            case .atSink(let run):
                result.atSink.append((result.outcomes.count, run))
                result.outcomes.append(Outcome(detail: nil))
            }
        }
        switch batch.work {
        case .item(let item):
            add(await process(item, sequence: batch.firstSequence, steps: steps, contexts: &contexts))
        case .lines(let lines):
            if encodeLines {
                // Room for texts that grew by an eighth (strip + redact's ~8% on news items) and
                // the fields around them: growing the buffer would copy it into fresh pages. At
                // least `BatchLimits.outputBytes`, so that every batch's spare fits the next.
                let size = max(BatchLimits.outputBytes, lines.byteCount + lines.byteCount / 8 + 160 * lines.lines.count)
                if let spare = spareOutput.take(size: size, emptied: true, thread: SpareBuffer.currentThread) { result.lines = spare } else { result.lines.reserveCapacity(size) }
            }
            let path = lines.source == Self.standardInputLabel ? Self.standardInputSource : lines.source
            let source = DocumentReader.SourceMetadata(path)
            // The read buffer, taken once for the batch: reached through `lines` for each line,
            // it was retained and released per document, a count that the worker of the next
            // batch cut from the same buffer changes too.
            let buffer = lines.buffer
            for (offset, line) in lines.lines.enumerated() {
                var text: InputText?
                let progress = await process(line, of: lines, buffer: buffer, source: source, sequence: batch.firstSequence + offset,
                                             steps: steps, contexts: &contexts, text: &text)
                if encodeLines, let text, case .finished(var outcome) = progress {
                    // The text's JSON as read is copied for a document whose text came through unchanged.
                    buffer.withBytes { bytes in
                        outcome.encodeDocuments(onto: &result.lines, inputText: text.string,
                                                inputJSON: UnsafeBufferPointer(rebasing: bytes[text.json]))
                    }
                    result.outcomes.append(outcome)
                } else {
                    add(progress)
                }
            }
        }
        result.stageStats = contexts.settledStats()
        result.linesThread = SpareBuffer.currentThread
        return result
    }

    /// Fresh contexts for a run of documents through the steps (a batch, or a hand-off to the
    /// sink segment), starting at input position `sequence`.
    func makeContexts(sequence: Int, sinkRun: SinkRun, events: RunEvents) -> StepContexts {
        // A class of the batch's own: a context copied per document retains it, not the run's events.
        let sink = DocumentEvents(run: events)
        let steps = pipeline.steps.map { $0.replica() }
        let stages = steps.map {
            StageContext(stageID: $0.id, stageName: $0.name, sequence: sequence, events: sink, scrubber: scrubber)
        }
        return StepContexts(steps: steps, sink: sink, stages: stages, sinks: stages.indices.map { isSink[$0] ? SinkContext(stages[$0], run: sinkRun) : nil },
                            stats: emptyStageStats(), tallies: Array(repeating: AnnotationTally(), count: stages.count))
    }

    /// Reads one input and runs it through every step (one document alone: `pipeline test`,
    /// in-memory processing).
    func process(_ item: WorkItem, sequence: Int, sinkRun: SinkRun, events: RunEvents) async -> Outcome {
        let steps = pipeline.steps.indices
        return await process(Batch(firstSequence: sequence, work: .item(item)), steps: steps, sinkRun: sinkRun, events: events,
                             encodeLines: false).outcomes[0]
    }

    /// A JSON line's text as read: the string, and where its JSON lies in the batch's bytes
    /// when writing the string back gives exactly those bytes.
    struct InputText {
        let string: String
        let json: Range<Int>
    }

    /// Parses one JSON line of a batch (`buffer`: the batch's, `lines.buffer`) and runs the document through
    /// every step. `text` is set when the line's text was in canonical JSON (`InputText`).
    private func process(_ line: JSONLineBatch.Line, of lines: JSONLineBatch, buffer: ReadBuffer, source: DocumentReader.SourceMetadata,
                         sequence: Int, steps: Range<Int>, contexts: inout StepContexts, text: inout InputText?) async -> Progress {
        var detail = OutcomeDetail(label: "", id: "", path: source.path, recordLine: line.number)
        let document: Document
        do {
            var canonicalText: Range<Int>?
            document = try buffer.withBytes { bytes throws(DocumentReader.Failure) in
                try DocumentReader.document(jsonLine: UnsafeBufferPointer(rebasing: bytes[line.start..<line.end]),
                                            defaultID: { lines.defaultID(line: line.number) }, source: source,
                                            columnOffset: line.number == 1 ? lines.bomLength : 0, canonicalText: &canonicalText)
            }
            if let canonicalText {
                text = InputText(string: document.text, json: (line.start + canonicalText.lowerBound)..<(line.start + canonicalText.upperBound))
            }
        } catch {
            detail.label = lines.label(line: line.number)
            detail.id = lines.defaultID(line: line.number)
            detail.error = error.message
            return .finished(Outcome(status: .failed, detail: detail))
        }
        // Plain locals, not a `DocumentRun`, on this path: it is every JSON line's.
        var status = Status.ok
        var current = [document]
        var locator: TextLocator?
        await runSteps(steps, original: document, sequence: sequence, status: &status, current: &current, detail: &detail, locator: &locator,
                       contexts: &contexts)
        let atSink = steps.upperBound < pipeline.steps.count && status != .failed && !current.isEmpty
        guard atSink || keepsEntries || status != .ok || detail.holdsSomething else {
            return .finished(Outcome(status: status, documents: current, detail: nil))
        }
        detail.label = lines.label(line: line.number)
        detail.id = document.id
        if atSink {
            return .atSink(DocumentRun(document, sequence: sequence, status: status, current: current, detail: detail, locator: locator,
                                       fromJSONLine: true))
        }
        return .finished(Outcome(status: status, documents: current, detail: detail))
    }

    /// Reads one input that is not a JSON line and runs it through every step.
    private func process(_ item: WorkItem, sequence: Int, steps: Range<Int>, contexts: inout StepContexts) async -> Progress {
        var detail = OutcomeDetail(label: Self.label(of: item), id: Self.id(of: item))
        let document: Document
        do {
            switch item {
            case .file(let path, let id):
                detail.path = path
                let text = try DocumentReader.text(from: try DocumentReader.readFile(path))
                document = Document(id: id, text: text, metadata: ["source": .string(path)])
            case .standardInput:
                detail.path = Self.standardInputSource
                let text = try DocumentReader.text(from: DocumentReader.readStandardInput())
                document = Document(id: "stdin", text: text, metadata: ["source": .string(Self.standardInputSource)])
            case .invalid(_, _, let message):
                detail.error = message
                return .finished(Outcome(status: .failed, detail: detail))
            case .document(let given):
                document = given
            }
        } catch {
            detail.error = error.message
            return .finished(Outcome(status: .failed, detail: detail))
        }
        var run = DocumentRun(document, sequence: sequence, status: .ok, current: [document], detail: detail, locator: nil, fromJSONLine: false)
        await runSteps(steps, of: &run, contexts: &contexts)
        if steps.upperBound < pipeline.steps.count && run.goesOn { return .atSink(run) }
        return .finished(run.outcome(keepingDetail: true))
    }

    /// Runs `run`'s documents through `steps` (all of them, or one side of the sink segment's
    /// split), adding their figures to the contexts' totals and errors, warnings, stdout,
    /// findings and trips to the run's detail. Stops at a failure (`on-error: fail`) or when
    /// no document is left. `contexts.sink` is drained before this returns, so the next
    /// document may reuse it.
    func runSteps(_ steps: Range<Int>, of run: inout DocumentRun, contexts: inout StepContexts) async {
        await runSteps(steps, original: run.original, sequence: run.sequence, status: &run.status, current: &run.current, detail: &run.detail,
                       locator: &run.locator, contexts: &contexts)
    }

    /// `runSteps(_:of:contexts:)` with the document's state in separate variables (no struct
    /// is assembled and taken apart per document on the JSON-lines path). `current` is empty
    /// after a failure.
    func runSteps(_ steps: Range<Int>, original: Document, sequence: Int, status: inout Status, current: inout [Document],
                  detail: inout OutcomeDetail, locator: inout TextLocator?, contexts: inout StepContexts) async {
        contexts.setSequence(sequence)
        let sink = contexts.sink
        let all = contexts.steps
        // One clock reading per stage boundary: a stage's time runs from the previous reading.
        var mark = Self.monotonicNanoseconds()
        // Steps are reached by index, not copied out of the array per document.
        for index in steps {
            guard status != .failed && !current.isEmpty else { break }
            var next: [Document] = []
            // A synchronous stage is handed each document to own (`consuming`): moved out of
            // `current`, it is the stage's only reference, so the stage appends to its
            // annotations and metadata in place instead of copying them (and the runner then
            // freeing the old ones). What the step's bookkeeping needs of the input is read first;
            // the whole input is kept only where a report's findings or `on-error: keep` need it
            // (`handsOver`, decided per step once for the run).
            let handsOver = self.handsOver[index]
            var inputs = current
            if handsOver { current = [] }
            for k in inputs.indices {
                if let condition = all[index].condition, !condition.matches(inputs[k]) { next.append(inputs[k]); continue }
                let inputBytes = inputs[k].text.utf8.count, inputAnnotations = inputs[k].annotations.count
                let inputText = inputs[k].text
                do {
                    let produced: [Document]
                    if handsOver {
                        // No async call per document for a stage that never waits.
                        var owned = Document(id: "", text: "")  // empty strings and collections: no counts
                        swap(&owned, &inputs[k])
                        produced = try all[index].stage.processSynchronously(consume owned, context: contexts.stages[index])
                    } else if let sinkContext = contexts.sinks[index] {
                        produced = try await all[index].stage.write(inputs[k], context: sinkContext)
                    } else if all[index].stage.isSynchronous {
                        produced = try all[index].stage.processSynchronously(inputs[k], context: contexts.stages[index])
                    } else {
                        produced = try await all[index].stage.process(inputs[k], context: contexts.stages[index])
                    }
                    let now = Self.monotonicNanoseconds()
                    let seconds = Double(now &- mark) / 1e9
                    mark = now
                    detail.seconds += seconds
                    contexts.stats[index].add(inputBytes: inputBytes, inputAnnotations: inputAnnotations, produced: produced, seconds: seconds,
                                              stage: all[index].name, tally: &contexts.tallies[index])
                    if recordsFindings[index] {
                        recordFindings(of: all[index], from: inputs[k], produced, original: original, locator: &locator, into: &detail)
                    }
                    recordTrips(sink.drainTrips(), stageInputText: inputText, original: original, locator: &locator, into: &detail)
                    if next.isEmpty { next = produced } else { next.append(contentsOf: produced) }
                } catch {
                    mark = Self.monotonicNanoseconds()
                    recordTrips(sink.drainTrips(), stageInputText: inputText, original: original, locator: &locator, into: &detail)
                    contexts.stats[index].errors += 1
                    let message = "stage '\(all[index].id)' failed: \(Self.describe(error))"
                    switch all[index].onError {
                    case .fail:
                        detail.error = message
                        detail.failedStage = all[index].id
                        detail.stdout.append(contentsOf: sink.drain())
                        status = .failed
                        current = []
                        return
                    case .skip:
                        status = .skipped
                        detail.error = message + " (on-error: skip, document dropped)"
                        detail.failedStage = all[index].id
                    case .keep:
                        detail.warnings.append(message + " (on-error: keep, stage change discarded)")
                        next.append(inputs[k])  // never handed over under `on-error: keep`
                    }
                }
            }
            current = next
        }
        detail.stdout.append(contentsOf: sink.drain())
    }
}

extension PipelineRunner {
    /// `CLOCK_MONOTONIC` in nanoseconds: a stage boundary costs one vDSO read and an integer
    /// subtraction (`ContinuousClock`'s `Duration` arithmetic cost more than the read).
    @inline(__always)
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}

extension PipelineRunner.OutcomeDetail {
    /// Whether the run of the document left anything here (an outcome keeps it only then,
    /// unless a report needs the document's entry).
    var holdsSomething: Bool {
        error != nil || !warnings.isEmpty || !stdout.isEmpty || !findings.isEmpty || !trips.isEmpty
    }
}

extension RunReport.StageTotals {
    /// Adds one document that the stage took in and what it produced (new annotations of
    /// this stage counted by type in `tally`, which the caller folds into `annotations`).
    ///
    /// The documents and annotations are read in place (through buffers): a `for` loop over the
    /// arrays copied each one out, a retain and a release of each of its strings and collections
    /// (~30 reference-count operations per news item through the brief's three stages).
    /// The input is given by its text's UTF-8 bytes and its annotations' count (a document
    /// handed over to a stage is gone by now).
    mutating func add(inputBytes: Int, inputAnnotations: Int, produced: [Document], seconds: Double, stage: String,
                      tally: inout AnnotationTally) {
        self.seconds += seconds
        documents += 1
        bytesIn += inputBytes
        produced.withUnsafeBufferPointer { produced in
            for p in produced.indices {
                bytesOut += produced[p].text.utf8.count
                produced[p].annotations.withUnsafeBufferPointer { annotations in
                    for a in Swift.min(inputAnnotations, annotations.count)..<annotations.count where annotations[a].stage == stage {
                        tally.count(annotations[a].type)
                    }
                }
            }
        }
    }
}
