import Dispatch
import Foundation
import PipelineKit

/// Builds the stages of one pipeline side by side.
///
/// Each stage's set-up (decoding its options, loading its data: phrase tables, phone plans, the
/// secret catalogue, templates) is independent of the others', and it is most of a short run's
/// start-up; on a machine with two cores or more the stages of `pipelines/brief.yaml` are ready in
/// about the time of the slowest one instead of the sum. The results come back in entry order,
/// so steps and diagnostics are exactly those of building one after the other. A stage's
/// `init(options:setup:)` is already required to be safe to run on any thread (stages are
/// `Sendable` and build their data in `static let`s, which Swift initialises once).
enum StageBuilds {
    /// The build result of every entry, in order. One entry is built on the calling thread.
    static func build(_ entries: [PendingStep]) -> [Result<AnyStage, any Error>] {
        guard entries.count > 1 else { return entries.map { $0.build() } }
        let results = LockedValue([Result<AnyStage, any Error>?](repeating: nil, count: entries.count))
        // The calling thread takes part, so this finishes even when no other thread is free.
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            let result = entries[index].build()
            results.withLock { $0[index] = result }
        }
        return results.current.map { $0! }
    }
}
