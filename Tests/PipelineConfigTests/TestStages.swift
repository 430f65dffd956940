import PipelineKit

/// Small stages with typed options, so config tests do not depend on the built-in stages.
struct CountStage: Stage {
    struct Options: Decodable, Sendable {
        var sentences: Int
        var method: String
        var labels: [String]?
    }
    static let spec = StageSpec(
        name: "count", summary: "Test stage.",
        options: [
            OptionSpec("sentences", .integer, default: 3, doc: "How many."),
            OptionSpec("method", .oneOf(["lead", "auto"]), default: "auto", doc: "Which."),
            OptionSpec("labels", .list(.string), doc: "Labels."),
        ])
    let options: Options
    init(options: Options, setup: StageSetup) throws {
        guard options.sentences > 0 else { throw StageOptionError(option: "sentences", "must be at least 1") }
        self.options = options
    }
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

struct EchoStage: Stage {
    struct Options: Decodable, Sendable {}
    static let spec = StageSpec(name: "echo", summary: "Test stage.")
    init(options: Options, setup: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

let testRegistry = StageRegistry([CountStage.self, EchoStage.self])
