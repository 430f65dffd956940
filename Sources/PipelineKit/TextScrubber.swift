/// Removes personal data and secrets from text that is about to go into a message or a report:
/// the stderr tail of an external program, say, which may echo the document it was given.
///
/// PipelineKit only declares the protocol; the binary's `PipelineEnvironment` carries an
/// implementation (`.builtIn` has the redact stage's detectors), and stages reach it through
/// `StageContext.scrubbed(_:)`, so no stage imports another.
public protocol TextScrubber: Sendable {
    /// `text` with every finding replaced by a tag such as `[EMAIL]`.
    func scrub(_ text: String) async -> String
}

/// Caps untrusted text for messages: at most `limit` Unicode scalars, cut at the front (the
/// end of a stderr tail says most), escaped so that it stays on one line.
public enum MessageCap {
    /// The default cap for a program's stderr in a message: 400 scalars.
    public static let stderrLimit = 400

    /// `text` cut to its last `limit` scalars (with a leading `...`) and escaped.
    public static func capped(_ text: String, limit: Int = stderrLimit) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return MessageText.escaped(text) }
        let tail = String(String.UnicodeScalarView(scalars.suffix(limit)))
        return "..." + MessageText.escaped(tail)
    }
}

extension StageContext {
    /// `text` (a program's stderr, a server's error body) scrubbed of personal data and
    /// secrets by the run's scrubber, then capped and escaped for a one-line message.
    public func scrubbed(_ text: String, limit: Int = MessageCap.stderrLimit) async -> String {
        guard !text.isEmpty else { return text }
        let clean = await scrubber?.scrub(text) ?? text
        return MessageCap.capped(clean, limit: limit)
    }
}
