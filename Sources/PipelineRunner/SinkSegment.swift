import PipelineKit

/// The sink segment: the steps from the first sink whose writes wait on I/O
/// (`AnyStage.blocksOnIO`: an export writing a file per document) to the end of the pipeline.
///
/// A run with one splits every batch there. The compute tasks (`--jobs` of them, on the
/// cooperative pool) run the steps before it; the batches then go, in input order, to one task
/// on the run's `SinkThread`, which runs the segment for each document in turn and encodes the
/// JSON lines (`--jsonl`); the coordinating task emits a batch's outcomes once that is done.
/// So the files of batch N are created while batch N+1 goes through the stages, and:
/// - a document's outcome still comes after its last step: a write that fails fails that
///   document (its id on stderr, in the report and in the exit code), as without the split;
/// - the sink sees documents one at a time, in input order, on one thread;
/// - memory stays bounded: a batch counts against the run's window until it is emitted.
extension PipelineRunner {
    /// Index of the first step that starts the sink segment, `nil` when no step blocks on I/O.
    var sinkSegmentStart: Int? {
        pipeline.steps.indices.first { isSink[$0] && pipeline.steps[$0].stage.blocksOnIO }
    }

    /// What a child task of the run's task group hands back.
    enum TaskResult: Sendable {
        /// A batch through the steps before the sink segment (all steps when there is none).
        case computed(BatchResult)
        /// Batches through the sink segment, in input order.
        case delivered([BatchResult])
    }

    /// Runs the documents of `batches` that reached the sink segment (their `atSink`) through
    /// the steps from `start` on, puts their outcomes in place, adds the segment's figures to
    /// each batch's, and encodes every outcome's JSON lines when `encodeLines` (`--jsonl`).
    func deliver(_ batches: [BatchResult], from start: Int, sinkRun: SinkRun, events: RunEvents, encodeLines: Bool) async -> [BatchResult] {
        guard let first = batches.first else { return [] }
        var contexts = makeContexts(sequence: first.firstSequence, sinkRun: sinkRun, events: events)
        let segment = start..<pipeline.steps.count
        var delivered: [BatchResult] = []
        delivered.reserveCapacity(batches.count)
        for var batch in batches {
            for (index, run) in batch.atSink {
                var run = run
                await runSteps(segment, of: &run, contexts: &contexts)
                batch.outcomes[index] = run.outcome(keepingDetail: run.keepsDetail(keepsEntries: keepsEntries))
            }
            batch.atSink = []
            let settled = contexts.settledStats()
            for index in segment {
                batch.stageStats[index].add(settled[index])
                contexts.stats[index] = RunReport.StageTotals(id: contexts.stats[index].id, name: contexts.stats[index].name)
            }
            if encodeLines {
                batch.lines.reserveCapacity(160 * batch.outcomes.count)
                for index in batch.outcomes.indices { batch.outcomes[index].encodeDocuments(onto: &batch.lines) }
            }
            delivered.append(batch)
        }
        return delivered
    }
}

extension RunReport.StageTotals {
    /// Adds another part of the run's figures for the same step.
    mutating func add(_ other: RunReport.StageTotals) {
        documents += other.documents
        errors += other.errors
        seconds += other.seconds
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        for (type, count) in other.annotations { annotations[type, default: 0] += count }
    }
}
