import CHTTPClient
import Foundation
import PipelineKit

/// One HTTP request at a time over libcurl, which is loaded (`dlopen`) the first time a request is
/// made: a `pipeline` process that translates with another provider neither links libcurl nor
/// loads its ~25 shared libraries (TLS, Kerberos, LDAP, ...) at start-up, as FoundationNetworking's
/// `URLSession` did.
///
/// A request runs on its own thread (libcurl's easy interface blocks); the calling task waits
/// without blocking a cooperative thread. It ends when the response is complete, after `timeout`
/// seconds in all, when its body passes `maxBodyBytes`, or at once when the calling task is
/// cancelled (the transfer itself stops at libcurl's next progress callback, within a second).
/// Redirects are followed (as `URLSession` does); only `http` and `https` URLs are allowed;
/// libcurl reads the usual proxy variables (`https_proxy`, `no_proxy`).
struct HTTPClient: Sendable {
    /// A complete response.
    struct Response: Sendable {
        /// The HTTP status of the final response.
        var status: Int
        /// The body.
        var body: Data
        /// The `Retry-After` header, when there was one.
        var retryAfter: String?
    }

    /// Why a request has no response.
    enum Failure: Error, Equatable {
        /// The request took longer than its timeout.
        case timedOut
        /// The body announced or reached more than the limit.
        case tooLarge
        /// No connection to the host.
        case cannotConnect
        /// The host name did not resolve.
        case cannotResolve
        /// Any other transfer failure, with libcurl's message.
        case network(String)
        /// libcurl could not be loaded, with the reason.
        case unavailable(String)
    }

    /// The whole request's time limit, in seconds.
    var timeout: Double
    /// The largest body accepted.
    var maxBodyBytes: Int

    /// `nil` when libcurl can be loaded, else why not (e.g. `libcurl.so.4` is not installed).
    static func unavailableReason() -> String? {
        var why = [CChar](repeating: 0, count: 256)
        if pipeline_http_load(&why, why.count) != 0 { return nil }
        return String(decoding: why.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends one request; throws `Failure` or `CancellationError`.
    func send(_ method: String, url: URL, headers: [String], body: Data?) async throws -> Response {
        let exchange = Exchange()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
                guard exchange.start(continuation) else { return }
                let timeoutMilliseconds = max(1, Int((timeout * 1000).rounded(.up)))
                let limit = maxBodyBytes
                let thread = Thread {
                    let result = Self.perform(method, url: url.absoluteString, headers: headers, body: body,
                                              timeoutMilliseconds: timeoutMilliseconds, limit: limit, cancel: exchange.flag)
                    exchange.finish(result)
                }
                thread.name = "pipeline-http"
                thread.start()
            }
        } onCancel: {
            exchange.cancel()
        }
    }

    /// Runs libcurl on the calling thread.
    private static func perform(_ method: String, url: String, headers: [String], body: Data?, timeoutMilliseconds: Int,
                                limit: Int, cancel: OpaquePointer?) -> Result<Response, any Error> {
        var response = pipeline_http_response()
        let lines = headers.map { strdup($0) }
        defer { lines.forEach { free($0) } }
        // A body is passed with a NUL after it, so its pointer is never NULL (NULL means "no body").
        let payload = body.map { Array($0) + [0] }
        lines.map { UnsafePointer($0) }.withUnsafeBufferPointer { lineBuffer in
            if let payload {
                payload.withUnsafeBytes { bytes in
                    pipeline_http_perform(method, url, lineBuffer.baseAddress, lines.count, bytes.baseAddress, payload.count - 1,
                                          timeoutMilliseconds, limit, cancel, &response)
                }
            } else {
                pipeline_http_perform(method, url, lineBuffer.baseAddress, lines.count, nil, 0,
                                      timeoutMilliseconds, limit, cancel, &response)
            }
        }
        defer { pipeline_http_response_free(&response) }
        let message = withUnsafeBytes(of: response.error) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch response.outcome {
        case PIPELINE_HTTP_OK:
            let data = response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
            return .success(Response(status: response.status, body: data, retryAfter: response.retry_after.map { String(cString: $0) }))
        case PIPELINE_HTTP_TIMED_OUT: return .failure(Failure.timedOut)
        case PIPELINE_HTTP_TOO_LARGE: return .failure(Failure.tooLarge)
        case PIPELINE_HTTP_CANCELLED: return .failure(CancellationError())
        case PIPELINE_HTTP_CANNOT_CONNECT: return .failure(Failure.cannotConnect)
        case PIPELINE_HTTP_CANNOT_RESOLVE: return .failure(Failure.cannotResolve)
        case PIPELINE_HTTP_UNAVAILABLE: return .failure(Failure.unavailable(message))
        default: return .failure(Failure.network(message))
        }
    }
}

/// One request's hand-over between the calling task and the libcurl thread: the continuation is
/// resumed exactly once, by whichever comes first (the response, or the caller's cancellation).
private final class Exchange: Sendable {
    private enum State {
        case waiting
        case running(CheckedContinuation<HTTPClient.Response, any Error>)
        case done
    }

    private let state = LockedValue(State.waiting)
    /// The address of the flag libcurl's progress callback reads: an atomic int in C memory, set
    /// and read atomically from any thread by the C side, so its address may cross threads.
    private let flagAddress = UInt(bitPattern: pipeline_http_cancel_create())
    /// The flag, for the C calls.
    var flag: OpaquePointer? { OpaquePointer(bitPattern: flagAddress) }

    /// Registers the continuation; `false` (and the continuation resumed) when already cancelled.
    func start(_ continuation: CheckedContinuation<HTTPClient.Response, any Error>) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            if case .done = state { return true }
            state = .running(continuation)
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    /// The thread's outcome.
    func finish(_ result: Result<HTTPClient.Response, any Error>) {
        take()?.resume(with: result)
    }

    /// The caller was cancelled: stop the transfer and give up on it now.
    func cancel() {
        pipeline_http_cancel_set(flag)
        take()?.resume(throwing: CancellationError())
    }

    private func take() -> CheckedContinuation<HTTPClient.Response, any Error>? {
        state.withLock { state in
            defer { state = .done }
            if case .running(let continuation) = state { return continuation }
            return nil
        }
    }

    deinit { pipeline_http_cancel_free(flag) }
}
