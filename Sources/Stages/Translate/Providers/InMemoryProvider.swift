import Foundation
import PipelineKit

/// A provider for tests, like swift-log's in-memory handler: it translates with a closure
/// (by default `<target>:` + the text) and records every batch it received.
///
/// ```swift
/// let memory = InMemoryTranslationProvider()
/// let environment = PipelineEnvironment().adding(provider: "memory") { _ in memory }
/// // ... run the stage with provider: memory ...
/// XCTAssertEqual(memory.requests.map(\.target), ["fr"])
/// ```
public final class InMemoryTranslationProvider: TranslationProvider, Sendable {
    /// Translates one request.
    public typealias Translator = @Sendable (TranslationRequest) throws -> String

    private let batches = LockedValue<[[TranslationRequest]]>([])
    private let translator: Translator
    private let batchSize: Int
    /// The name reported in metadata.
    public let name: String

    /// Creates a provider named `name` that translates with `translator`.
    public init(name: String = "memory", maxBatchSize: Int = 16, translator: @escaping Translator = { "\($0.target):" + $0.text }) {
        self.name = name
        self.batchSize = maxBatchSize
        self.translator = translator
    }

    /// The batch size given at creation.
    public var maxBatchSize: Int { batchSize }

    /// Records the batch and translates each request with the closure.
    public func translate(_ batch: [TranslationRequest]) async throws -> [String] {
        batches.withLock { $0.append(batch) }
        return try batch.map(translator)
    }

    /// Every batch received, in order.
    public var receivedBatches: [[TranslationRequest]] {
        batches.current
    }

    /// Every request received, in order.
    public var requests: [TranslationRequest] { receivedBatches.flatMap { $0 } }
}
