import PipelineKit

/// Running inputs through the steps: one child task per batch of work items, the bookkeeping
/// made once per batch (the event sink, the stage contexts, the per-stage statistics) and
/// reused for each of its documents.
extension PipelineRunner {
    /// Consecutive work items that one child task runs in order (`BatchLimits`): small JSON
    /// lines share a task, so task creation and the per-task bookkeeping are paid per batch.
    struct Batch: Sendable {
        /// The input position of the first item; the others follow it.
        var firstSequence: Int
        var items: [WorkItem]
    }

    /// What a batch produced: one outcome per item, in order, and the batch's per-step totals
    /// (the report sums them; no per-document copy of the statistics is made).
    struct BatchResult: Sendable {
        var firstSequence: Int
        var outcomes: [Outcome]
        var stageStats: [RunReport.StageTotals]
    }

    /// How big a batch grows: it closes at `maxItems` items or `maxBytes` bytes of JSON lines,
    /// and at once when the input has no further line ready (a slow producer's line is
    /// never held back waiting for more). Files and stdin are one item each.
    ///
    /// The item count adapts to how long documents take (`items(afterSecondsPerDocument:)`):
    /// a batch aims at `targetSeconds` of stage time, so one-letter documents through a no-op
    /// go 64 to a task, while documents that take milliseconds each (a `command` stage, a
    /// translation server) go one to a task and still spread over `--jobs` workers. The
    /// first batches hold one document each, until there is a measurement.
    enum BatchLimits {
        static let maxItems = 64
        static let maxBytes = 64 << 10
        static let targetSeconds = 0.000_5

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

    /// Runs every item of `batch` through the steps. With `encodeLines` (`--jsonl`), each
    /// outcome's documents are encoded here, in the worker, as ready-to-write JSON lines.
    func process(_ batch: Batch, sinkRun: SinkRun, events: RunEvents, encodeLines: Bool) async -> BatchResult {
        let sink = DocumentEvents(run: events)
        let contexts = pipeline.steps.map {
            StageContext(stageID: $0.id, stageName: $0.name, sequence: batch.firstSequence, events: sink, scrubber: scrubber)
        }
        var stats = emptyStageStats()
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(batch.items.count)
        for (offset, item) in batch.items.enumerated() {
            var outcome = await process(item, sequence: batch.firstSequence + offset, sinkRun: sinkRun, sink: sink,
                                        contexts: contexts, stats: &stats)
            if encodeLines { outcome.encodeDocuments() }
            outcomes.append(outcome)
        }
        return BatchResult(firstSequence: batch.firstSequence, outcomes: outcomes, stageStats: stats)
    }

    /// Reads one input and runs it through every step (one document alone: `pipeline test`,
    /// in-memory processing).
    func process(_ item: WorkItem, sequence: Int, sinkRun: SinkRun, events: RunEvents) async -> Outcome {
        await process(Batch(firstSequence: sequence, items: [item]), sinkRun: sinkRun, events: events, encodeLines: false).outcomes[0]
    }

    /// Reads one input and runs it through every step, adding its figures to `stats`.
    /// `sink` is drained before this returns, so the next item of a batch may reuse it.
    private func process(_ item: WorkItem, sequence: Int, sinkRun: SinkRun, sink: DocumentEvents,
                         contexts: [StageContext], stats: inout [RunReport.StageTotals]) async -> Outcome {
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
            case .jsonLine(let bytes, let source, let line, _, let columnOffset):
                let metadataSource = source == Self.standardInputLabel ? Self.standardInputSource : source
                outcome.path = metadataSource
                outcome.recordLine = line
                document = try DocumentReader.document(
                    jsonLine: bytes, defaultID: outcome.id, source: metadataSource, columnOffset: columnOffset)
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

        var current = [document]
        let clock = ContinuousClock()
        // One clock reading per stage boundary: a stage's time runs from the previous reading.
        var mark = clock.now
        var locator: TextLocator?
        let keepFindings = keepsFindings
        for (index, step) in pipeline.steps.enumerated() {
            var next: [Document] = []
            var context = contexts[index]
            context.sequence = sequence
            let isSinkStep = isSink[index]
            for doc in current {
                if let condition = step.condition, !condition.matches(doc) { next.append(doc); continue }
                do {
                    let produced = isSinkStep
                        ? try await step.stage.write(doc, context: SinkContext(context, run: sinkRun))
                        : try await step.stage.process(doc, context: context)
                    let now = clock.now
                    let seconds = Self.seconds(now - mark)
                    mark = now
                    outcome.seconds += seconds
                    stats[index].seconds += seconds
                    stats[index].documents += 1
                    stats[index].bytesIn += doc.text.utf8.count
                    for p in produced {
                        stats[index].bytesOut += p.text.utf8.count
                        for a in p.annotations.dropFirst(min(doc.annotations.count, p.annotations.count)) where a.stage == step.name {
                            stats[index].annotations[a.type, default: 0] += 1
                        }
                    }
                    if keepFindings && step.stage.spec.reportsFindings {
                        recordFindings(of: step, from: doc, produced, original: document, locator: &locator, into: &outcome)
                    }
                    recordTrips(sink.drainTrips(), stageInput: doc, original: document, locator: &locator, into: &outcome)
                    next.append(contentsOf: produced)
                } catch {
                    mark = clock.now
                    recordTrips(sink.drainTrips(), stageInput: doc, original: document, locator: &locator, into: &outcome)
                    stats[index].errors += 1
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
        outcome.outputs = current.count
        outcome.stdout = sink.drain()
        return outcome
    }
}

extension PipelineRunner.Outcome {
    /// Encodes the documents as JSON lines (each with its newline) into `jsonLines` and lets
    /// go of the documents: the writer then only copies bytes.
    mutating func encodeDocuments() {
        guard !documents.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(documents.reduce(0) { $0 + $1.text.utf8.count } + 128 * documents.count)
        for document in documents {
            document.appendJSONLine(to: &bytes)
            bytes.append(0x0A)
        }
        jsonLines = bytes
        documents = []
    }
}
