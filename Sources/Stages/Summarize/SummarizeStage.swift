import PipelineKit

/// PLACEHOLDER while the real stage is written in its own branch: passes documents through.
public struct SummarizeStage: Stage {
    public struct Options: Decodable, Sendable {}
    public static let spec = StageSpec(name: "summarize", summary: "(being written)")
    public init(options: Options, setup: StageSetup) throws {}
    public func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}
