import PipelineKit

/// The redact stage's detectors as a `TextScrubber`: every built-in entity type replaced by its
/// tag (`[EMAIL]`, `[SECRET]`, ...). `PipelineEnvironment.builtIn` installs it as the scrubber, so a
/// command program's stderr tail is scrubbed before an error message or report shows it.
public struct RedactScrubber: TextScrubber {
    private let stage: AnyStage

    /// The default detectors with the `tag` operator.
    public init() {
        // The defaults are the stage's own spec defaults: building them cannot fail.
        stage = try! RedactStage.build(options: [:], setup: StageSetup(stageID: "scrubber"))
    }

    public func scrub(_ text: String) async -> String {
        let context = StageContext(stageID: "scrubber", stageName: "redact", sequence: 0, events: DiscardingSink())
        do {
            return try await stage.process(Document(id: "message", text: text), context: context).first?.text ?? ""
        } catch {
            // Never show what could not be scrubbed.
            return "[stderr withheld: it could not be scrubbed]"
        }
    }

    /// Swallows the scrubber run's events (it has no fail-on and prints nothing).
    private struct DiscardingSink: StageEventSink {
        func emit(_ event: StageEvent) {}
    }
}
