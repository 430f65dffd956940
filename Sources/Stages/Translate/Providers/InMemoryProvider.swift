import Foundation

/// A provider for tests, like swift-log's in-memory handler: it translates with a closure
/// (by default `<target>:` + the text) and records every batch it received.
///
/// ```swift
/// let memory = InMemoryTranslationProvider()
/// TranslationProviders.register("memory") { _ in memory }
/// // ... run the stage with provider: memory ...
/// XCTAssertEqual(memory.requests.map(\.target), ["fr"])
/// ```
public final class InMemoryTranslationProvider: TranslationProvider, @unchecked Sendable {
    /// Translates one request.
    public typealias Translator = @Sendable (TranslationRequest) throws -> String

    private let lock = NSLock()
    private var batches: [[TranslationRequest]] = []
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
        lock.withLock { batches.append(batch) }
        return try batch.map(translator)
    }

    /// Every batch received, in order.
    public var receivedBatches: [[TranslationRequest]] {
        lock.withLock { batches }
    }

    /// Every request received, in order.
    public var requests: [TranslationRequest] { receivedBatches.flatMap { $0 } }
}
