import PipelineKit

/// The redact stage's detectors as a `TextScrubber`: every built-in entity type replaced by its
/// tag (`[EMAIL]`, `[SECRET]`, ...). `PipelineEnvironment.builtIn` installs it as the scrubber, so a
/// command program's stderr tail is scrubbed before an error message or report shows it.
public struct RedactScrubber: TextScrubber {
    /// The default detectors with the `tag` operator, built on first use: most runs never scrub
    /// (only a failing program's stderr is), and building loads every detector's data (the
    /// secret catalogue, phone plans, IBAN registry, name lexicon). `nil` when that data is
    /// missing (the stage's build then throws).
    private static let stage: AnyStage? = try? RedactStage.build(options: [:], setup: StageSetup(stageID: "scrubber"))

    /// A scrubber with the default detectors; nothing is loaded until the first `scrub`.
    public init() {}

    public func scrub(_ text: String) async -> String {
        // Never show what could not be scrubbed.
        let withheld = "[stderr withheld: it could not be scrubbed]"
        guard let stage = Self.stage else { return withheld }
        let context = StageContext(stageID: "scrubber", stageName: "redact", sequence: 0, events: DiscardingSink())
        do {
            return try await stage.process(Document(id: "message", text: text), context: context).first?.text ?? ""
        } catch {
            return withheld
        }
    }

    /// Swallows the scrubber run's events (it has no fail-on and prints nothing).
    private struct DiscardingSink: StageEventSink {
        func emit(_ event: StageEvent) {}
    }
}
