import Foundation
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
    private let client: HTTPClient
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
        self.client = HTTPClient(timeout: timeout, maxBodyBytes: Self.maxResponseBytes)
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
        if let reason = HTTPClient.unavailableReason() {
            throw StageOptionError(option: "provider", "provider 'libretranslate' needs libcurl to send HTTP requests: \(reason) (Debian/Ubuntu: apt-get install libcurl4)")
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
        let url = baseURL.appendingPathComponent(endpoint)
        var headers = ["Accept: application/json"]
        var payload: Data?
        if let body {
            payload = try JSONSerialization.data(withJSONObject: body)
            headers.append("Content-Type: application/json")
        }
        let label = "\(method) /\(endpoint)"
        var attempt = 0
        while true {
            try Task.checkCancellation()
            let failure: String
            var retryAfter: Double?
            do {
                let response = try await client.send(method, url: url, headers: headers, body: payload)
                let status = response.status
                if status == 200 { return response.body }
                let message = Self.serverMessage(response.body).map { ": \($0)" } ?? ""
                guard status == 429 || status >= 500 else {
                    throw TranslationError("libretranslate: HTTP \(status) from \(label)\(message)")
                }
                failure = "HTTP \(status)\(message)"
                if let header = response.retryAfter, let seconds = Double(header) {
                    retryAfter = seconds
                }
            } catch let error as HTTPClient.Failure {
                switch error {
                case .tooLarge:
                    throw TranslationError("libretranslate: the response to \(label) is larger than \(Self.maxResponseBytes >> 20) MiB; refused")
                case .unavailable(let reason):
                    throw TranslationError("libretranslate: cannot send HTTP requests: \(reason)")
                case .timedOut: failure = "timed out after \(Self.seconds(timeout))"
                case .cannotConnect: failure = "network error (cannot connect to host)"
                case .cannotResolve: failure = "network error (cannot find host)"
                case .network(let message): failure = "network error (\(message))"
                }
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

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
