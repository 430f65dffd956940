import PipelineKit

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

/// The events of a batch's documents, one document at a time: stdout is kept with the document
/// so it comes out in input order. A class made per batch: the stage contexts copied for each
/// document retain it, a count only the batch's worker changes, rather than the run's
/// ``RunEvents``, which every worker shares.
final class DocumentEvents: StageEventSink, Sendable {
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
