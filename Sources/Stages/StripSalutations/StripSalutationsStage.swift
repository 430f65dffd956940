import PipelineKit

/// PLACEHOLDER while the real stage is written in its own branch: passes documents through.
public struct StripSalutationsStage: Stage {
    public struct Options: Decodable, Sendable {}
    public static let spec = StageSpec(name: "strip-salutations", summary: "(being written)")
    public init(options: Options, setup: StageSetup) throws {}
    public func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}
