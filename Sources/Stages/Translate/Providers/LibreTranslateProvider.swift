import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PipelineKit

/// An adapter to a LibreTranslate server (https://libretranslate.com, or one you run yourself:
/// `docker run -p 5000:5000 libretranslate/libretranslate`).
///
/// - `POST /translate` with `q` (a string, or a list for a batch), `source` (`auto` when the
///   source language is unknown), `target`, `format` and `api_key`.
/// - `POST /detect` for the stage's `detector: provider`, `GET /languages` to check language pairs.
///
/// The URL comes from the option `url`, else the environment variable `LIBRETRANSLATE_URL`.
/// The API key only ever comes from the environment: the variable named by `api-key-env`
/// (default `LIBRETRANSLATE_API_KEY`). Each request has a timeout (`timeout`); 429 and 5xx
/// answers and network failures are retried `retries` times with exponential backoff from
/// `retry-delay` (honouring `Retry-After`), then the document fails with one clear error.
public struct LibreTranslateProvider: TranslationProvider {
    /// The server's base URL, e.g. `http://127.0.0.1:5000`.
    public let baseURL: URL
    private let apiKey: String?
    private let timeout: Double
    private let retries: Int
    private let retryDelay: Double
    private let batchSize: Int
    private let session: URLSession
    /// Collects response bodies up to `maxResponseBytes`.
    private let collector: BoundedBodyCollector
    /// The largest response body accepted (32 MiB): a server streaming an endless body is cut
    /// off instead of filling memory.
    public static let maxResponseBytes = 32 << 20

    /// Creates an adapter.
    public init(baseURL: URL, apiKey: String? = nil, timeout: Double = 30, retries: Int = 3, retryDelay: Double = 0.5, batchSize: Int = 16) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.retries = max(0, retries)
        self.retryDelay = max(0, retryDelay)
        self.batchSize = max(1, batchSize)
        let configuration = URLSessionConfiguration.ephemeral
        // Our own timer enforces `timeout` (Foundation on Linux rounds sub-second timeouts
        // down to zero); the session's timeouts are only a backstop.
        configuration.timeoutIntervalForRequest = Self.backstop(timeout)
        configuration.timeoutIntervalForResource = Self.backstop(timeout)
        configuration.httpMaximumConnectionsPerHost = 8
        self.collector = BoundedBodyCollector(limit: Self.maxResponseBytes)
        self.session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
    }

    /// Builds the adapter from the stage options `url`, `api-key-env`, `timeout`, `retries`,
    /// `retry-delay` and `batch-size`, and the environment.
    public init(setup: TranslationProviderSetup) throws {
        let env = setup.stage.environment
        var raw = setup.options["url"]?.stringValue ?? ""
        var option = "url"
        if raw.isEmpty {
            raw = env["LIBRETRANSLATE_URL"] ?? ""
            option = "provider"
        }
        guard !raw.isEmpty else {
            throw StageOptionError(option: "provider", "provider 'libretranslate' needs a server: set option 'url' or the environment variable LIBRETRANSLATE_URL")
        }
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw StageOptionError(option: option, "'\(raw)' is not an http(s) URL")
        }
        let keyVariable = setup.options["api-key-env"]?.stringValue ?? "LIBRETRANSLATE_API_KEY"
        let key = env[keyVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.init(baseURL: url, apiKey: key, timeout: setup.timeout, retries: setup.retries, retryDelay: setup.retryDelay, batchSize: setup.batchSize)
    }

    /// `libretranslate`.
    public var name: String { "libretranslate" }
    /// `libretranslate:` + the base URL (the key is not part of it).
    public var cacheIdentity: String { "libretranslate:" + baseURL.absoluteString }
    /// The option `batch-size`.
    public var maxBatchSize: Int { batchSize }

    /// Translates a batch: one `POST /translate` per group of requests sharing languages and format.
    public func translate(_ batch: [TranslationRequest]) async throws -> [String] {
        var results = [String?](repeating: nil, count: batch.count)
        var groups: [[Int]] = []
        var groupOf: [String: Int] = [:]
        for (i, request) in batch.enumerated() {
            let key = "\(request.source ?? "auto")|\(request.target)|\(request.format.rawValue)"
            if let group = groupOf[key] { groups[group].append(i) } else { groupOf[key] = groups.count; groups.append([i]) }
        }
        for group in groups {
            for chunkStart in stride(from: 0, to: group.count, by: batchSize) {
                let chunk = Array(group[chunkStart ..< min(group.count, chunkStart + batchSize)])
                let first = batch[chunk[0]]
                var body: [String: Any] = [
                    "source": first.source ?? "auto",
                    "target": first.target,
                    "format": first.format.rawValue,
                ]
                body["q"] = chunk.count == 1 ? batch[chunk[0]].text as Any : chunk.map { batch[$0].text } as Any
                if let apiKey { body["api_key"] = apiKey }
                let data = try await send("POST", "translate", body: body)
                let texts = try Self.parseTranslations(data, expected: chunk.count)
                for (k, index) in chunk.enumerated() { results[index] = texts[k] }
            }
        }
        return results.map { $0 ?? "" }
    }

    /// Asks `POST /detect`; the best guess, with LibreTranslate's 0–100 confidence scaled to 0–1.
    public func detectLanguage(of text: String) async throws -> DetectedLanguage? {
        var body: [String: Any] = ["q": text]
        if let apiKey { body["api_key"] = apiKey }
        let data = try await send("POST", "detect", body: body)
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TranslationError("libretranslate: malformed response from POST /detect (expected a list of {language, confidence})")
        }
        let best = list.compactMap { item -> DetectedLanguage? in
            guard let code = item["language"] as? String else { return nil }
            let confidence = (item["confidence"] as? NSNumber)?.doubleValue ?? 0
            return DetectedLanguage(code: code, confidence: confidence > 1 ? confidence / 100 : confidence)
        }.max { $0.confidence < $1.confidence }
        return best
    }

    /// `GET /languages`.
    public func supportedLanguages() async throws -> [SupportedLanguage]? {
        let data = try await send("GET", "languages", body: nil)
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TranslationError("libretranslate: malformed response from GET /languages (expected a list of {code, name, targets})")
        }
        return list.compactMap { item in
            guard let code = item["code"] as? String else { return nil }
            return SupportedLanguage(code: code, name: item["name"] as? String ?? code, targets: item["targets"] as? [String] ?? [])
        }
    }

    /// Reads `translatedText` (a string, or a list of them for a batch).
    static func parseTranslations(_ data: Data, expected: Int) throws -> [String] {
        let object = try? JSONSerialization.jsonObject(with: data)
        guard let dict = object as? [String: Any] else {
            throw TranslationError("libretranslate: malformed response from POST /translate (not a JSON object)")
        }
        if let text = dict["translatedText"] as? String, expected == 1 { return [text] }
        if let list = dict["translatedText"] as? [Any] {
            let texts = list.compactMap { $0 as? String }
            if texts.count == expected && list.count == expected { return texts }
            throw TranslationError("libretranslate: malformed response from POST /translate (\(list.count) translations for \(expected) texts)")
        }
        if let error = dict["error"] as? String {
            throw TranslationError("libretranslate: server error: \(Self.clip(error))")
        }
        throw TranslationError("libretranslate: malformed response from POST /translate (no 'translatedText')")
    }

    // MARK: HTTP with timeout, retries and backoff

    private func send(_ method: String, _ endpoint: String, body: [String: Any]?) async throws -> Data {
        var request = URLRequest(url: baseURL.appendingPathComponent(endpoint), timeoutInterval: Self.backstop(timeout))
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let label = "\(method) /\(endpoint)"
        var attempt = 0
        while true {
            try Task.checkCancellation()
            let failure: String
            var retryAfter: Double?
            do {
                let (data, response) = try await Self.perform(request, on: session, collector: collector, timeout: timeout)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if status == 200 { return data }
                let message = Self.serverMessage(data).map { ": \($0)" } ?? ""
                guard status == 429 || status >= 500 else {
                    throw TranslationError("libretranslate: HTTP \(status) from \(label)\(message)")
                }
                failure = "HTTP \(status)\(message)"
                if let header = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After"), let seconds = Double(header) {
                    retryAfter = seconds
                }
            } catch is BoundedBodyCollector.TooLarge {
                throw TranslationError("libretranslate: the response to \(label) is larger than \(Self.maxResponseBytes >> 20) MiB; refused")
            } catch let error as URLError {
                if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
                failure = error.code == .timedOut ? "timed out after \(Self.seconds(timeout))" : "network error (\(Self.describe(error)))"
            }
            if attempt >= retries {
                let attempts = attempt + 1
                throw TranslationError("libretranslate: \(label) at \(baseURL.absoluteString) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(failure)")
            }
            var delay = retryDelay * pow(2, Double(attempt)) * Double.random(in: 0.8...1.2)
            if let retryAfter { delay = max(delay, min(retryAfter, 60)) }
            try await Task.sleep(nanoseconds: UInt64(min(delay, 60) * 1e9))
            attempt += 1
        }
    }

    /// Foundation's own timeouts, set well above ours: on Linux they misfire at small values.
    private static func backstop(_ timeout: Double) -> Double { max(120, (timeout * 4).rounded(.up)) }

    /// One request, cancelled with the calling task or after `timeout` seconds; its body is
    /// collected by `collector`, which cancels it past the size limit.
    private static func perform(_ request: URLRequest, on session: URLSession, collector: BoundedBodyCollector,
                                timeout: Double) async throws -> (Data, URLResponse) {
        let task = session.dataTask(with: request)
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            collector.cancel(task, timedOut: true)
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                collector.start(task, continuation: continuation)
                // Cancelled before the request was registered: the handler below found nothing.
                if Task.isCancelled { collector.cancel(task, timedOut: false) }
            }
        } onCancel: {
            collector.cancel(task, timedOut: false)
        }
    }

    private static func serverMessage(_ data: Data) -> String? {
        if let dict = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let error = dict["error"] as? String {
            return clip(error)
        }
        return nil
    }

    private static func clip(_ body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 160 ? String(line.prefix(160)) + "..." : line
    }

    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: return "cannot connect to host"
        case .cannotFindHost: return "cannot find host"
        case .networkConnectionLost: return "connection lost"
        case .notConnectedToInternet: return "not connected"
        case .badServerResponse: return "bad server response"
        default: return "URLError \(error.code.rawValue)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// The session delegate that gathers response bodies, at most `limit` bytes each: a body that
/// announces or reaches more fails its request with `TooLarge` at once (the transfer is
/// cancelled and whatever still arrives is dropped, so memory stays bounded).
///
/// Every request ends through `finish`, exactly once: the body completed, it passed the limit,
/// it timed out or the caller was cancelled, whichever comes first.
final class BoundedBodyCollector: NSObject, URLSessionDataDelegate, Sendable {
    /// The body passed the limit.
    struct TooLarge: Error {}

    private struct Pending {
        var continuation: CheckedContinuation<(Data, URLResponse), any Error>
        var data = Data()
    }

    private let pending = LockedValue<[Int: Pending]>([:])
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Starts `task`; its outcome resumes `continuation` exactly once.
    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<(Data, URLResponse), any Error>) {
        pending.withLock { $0[task.taskIdentifier] = Pending(continuation: continuation) }
        task.resume()
    }

    /// Ends `task` now: a timeout (`URLError.timedOut`) or a cancelled caller (`.cancelled`).
    func cancel(_ task: URLSessionDataTask, timedOut: Bool) {
        finish(task, with: .failure(URLError(timedOut ? .timedOut : .cancelled)))
    }

    /// Resumes the request's caller (once) and cancels the transfer when it is not done.
    private func finish(_ task: URLSessionTask, with result: Result<(Data, URLResponse), any Error>, cancel: Bool = true) {
        let entry = pending.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        guard let entry else { return }
        entry.continuation.resume(with: result)
        if cancel {
            // Not from inside a delegate callback: FoundationNetworking may not act on it there.
            DispatchQueue.global().async { task.cancel() }
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if response.expectedContentLength > Int64(limit) {
            finish(dataTask, with: .failure(TooLarge()))
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let limit = self.limit
        let over = pending.withLock { pending -> Bool in
            guard let count = pending[dataTask.taskIdentifier]?.data.count else { return false }
            if count + data.count > limit { return true }
            pending[dataTask.taskIdentifier]!.data.append(data)  // in place: no copy of the body
            return false
        }
        if over { finish(dataTask, with: .failure(TooLarge())) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let data = pending.withLock { $0[task.taskIdentifier]?.data ?? Data() }
        if let error {
            finish(task, with: .failure((error as? URLError) ?? URLError(.unknown)), cancel: false)
        } else if let response = task.response {
            finish(task, with: .success((data, response)), cancel: false)
        } else {
            finish(task, with: .failure(URLError(.badServerResponse)), cancel: false)
        }
    }
}
