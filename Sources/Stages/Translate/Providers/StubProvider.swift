import PipelineKit

/// The default provider: deterministic, offline, and plainly not a translation.
///
/// - `prefix` mode (default): `[fr] ` + the text, so a pipeline or CI job can be tested end to
///   end without an engine.
/// - `pseudo` mode: pseudo-localization. `[fr] [` + the text with every ASCII letter accented
///   + padding of `~` worth 40% of its length + `]`, so truncation, encoding and layout problems
///   show before real translations arrive. Placeholders, digits and punctuation are untouched.
///
/// The stage records `translation-provider: stub` in the metadata of every document it touches.
public struct StubProvider: TranslationProvider {
    /// How the stub marks its output.
    public enum Mode: String, Sendable, CaseIterable, Decodable {
        /// `[fr] ` + text.
        case prefix
        /// `[fr] [Ţéxţ ~~]`: accented and lengthened.
        case pseudo
    }

    /// The mode.
    public let mode: Mode

    /// Creates a stub in `mode`.
    public init(mode: Mode = .prefix) { self.mode = mode }

    /// Builds the stub from the stage option `stub-mode`.
    public init(setup: TranslationProviderSetup) throws {
        let raw = setup.options["stub-mode"]?.stringValue ?? "prefix"
        guard let mode = Mode(rawValue: raw) else {
            throw StageOptionError(option: "stub-mode", "'\(raw)' is not one of: prefix, pseudo")
        }
        self.mode = mode
    }

    /// `stub`.
    public var name: String { "stub" }
    /// `stub:<mode>`.
    public var cacheIdentity: String { "stub:\(mode.rawValue)" }
    /// Large: the stub costs nothing.
    public var maxBatchSize: Int { 1024 }

    /// Marks each text as described above.
    public func translate(_ batch: [TranslationRequest]) async throws -> [String] {
        try Task.checkCancellation()
        return batch.map { request in
            switch mode {
            case .prefix: return "[\(request.target)] " + request.text
            case .pseudo: return "[\(request.target)] [" + Self.pseudo(request.text) + "]"
            }
        }
    }

    private static let accents: [Unicode.Scalar] = Array("áƀçđéƒğĥíĵķļɱñöþǫŕšţüṽŵẋýžÁƁÇĐÉƑĞĤÍĴĶĻṀÑÖÞǪŔŠŢÜṼŴẊÝŽ".unicodeScalars)

    /// Accents ASCII letters and pads with `~` (40% of the length, at least one).
    static func pseudo(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            switch scalar.value {
            case 0x61...0x7A: out.append(accents[Int(scalar.value - 0x61)])
            case 0x41...0x5A: out.append(accents[26 + Int(scalar.value - 0x41)])
            default: out.append(scalar)
            }
        }
        let padding = max(1, (count * 2 + 4) / 5)
        return String(out) + " " + String(repeating: "~", count: padding)
    }
}
