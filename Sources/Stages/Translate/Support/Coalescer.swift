/// Gathers the paragraphs of documents translated at the same time into shared provider calls
/// (option `batch-window`): requests with the same languages and format wait up to `window`
/// seconds, or until `batchSize` paragraphs are queued, then go out as one batch. Each document
/// gets its own slice of the answer back, or the batch's error (labelled with its own target).
actor Coalescer {
    private struct Key: Hashable {
        var source: String?
        var target: String
        var format: TranslationFormat
    }

    private struct Waiting {
        var requests: [TranslationRequest]
        var continuation: CheckedContinuation<[String], any Error>
    }

    private let provider: any TranslationProvider
    private let window: Double
    private let batchSize: Int
    private var queues: [Key: [Waiting]] = [:]
    private var generation: [Key: Int] = [:]

    init(provider: any TranslationProvider, window: Double, batchSize: Int) {
        self.provider = provider
        self.window = window
        self.batchSize = max(1, batchSize)
    }

    /// Translates `requests` (all with the same languages and format) together with whatever
    /// other documents submit within the window.
    func translate(_ requests: [TranslationRequest]) async throws -> [String] {
        guard let first = requests.first else { return [] }
        let key = Key(source: first.source, target: first.target, format: first.format)
        return try await withCheckedThrowingContinuation { continuation in
            queues[key, default: []].append(Waiting(requests: requests, continuation: continuation))
            let queued = queues[key]!.reduce(0) { $0 + $1.requests.count }
            if queued >= batchSize {
                flush(key)
            } else if queues[key]!.count == 1 {
                let current = generation[key, default: 0]
                let window = self.window
                Task {
                    try? await Task.sleep(nanoseconds: UInt64(window * 1e9))
                    self.flush(key, ifGeneration: current)
                }
            }
        }
    }

    private func flush(_ key: Key, ifGeneration expected: Int) {
        if generation[key, default: 0] == expected { flush(key) }
    }

    private func flush(_ key: Key) {
        guard let waiting = queues.removeValue(forKey: key), !waiting.isEmpty else { return }
        generation[key, default: 0] += 1
        let provider = self.provider
        let size = max(1, provider.maxBatchSize)
        Task {
            let all = waiting.flatMap(\.requests)
            do {
                var results: [String] = []
                results.reserveCapacity(all.count)
                for start in stride(from: 0, to: all.count, by: size) {
                    let chunk = Array(all[start ..< min(all.count, start + size)])
                    let translated = try await provider.translate(chunk)
                    guard translated.count == chunk.count else {
                        throw TranslationError("returned \(translated.count) translations for \(chunk.count) texts")
                    }
                    results.append(contentsOf: translated)
                }
                var offset = 0
                for waiter in waiting {
                    waiter.continuation.resume(returning: Array(results[offset ..< offset + waiter.requests.count]))
                    offset += waiter.requests.count
                }
            } catch {
                for waiter in waiting { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
