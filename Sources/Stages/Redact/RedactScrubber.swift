import PipelineKit

/// The redact stage's detectors as a `TextScrubber`: every built-in entity type replaced by its
/// tag (`[EMAIL]`, `[SECRET]`, ...). `PipelineEnvironment.builtIn` installs it as the scrubber, so a
/// command program's stderr tail is scrubbed before an error message or report shows it.
public struct RedactScrubber: TextScrubber {
    /// The stage with its default options, built the first time any text is scrubbed: every
    /// `pipeline` command holds a scrubber, few ever show a program's stderr, and building
    /// the detectors loads the name lists and rule catalogues. The defaults are the stage's
    /// own spec defaults: building them cannot fail.
    private static let stage = try! RedactStage.build(options: [:], setup: StageSetup(stageID: "scrubber"))

    /// The default detectors with the `tag` operator.
    public init() {}

    public func scrub(_ text: String) async -> String {
        let context = StageContext(stageID: "scrubber", stageName: "redact", sequence: 0, events: DiscardingSink())
        do {
            return try await Self.stage.process(Document(id: "message", text: text), context: context).first?.text ?? ""
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
