import Foundation
import XCTest

@testable import Translate

/// The libcurl client the LibreTranslate provider sends through (its behaviour against a fake
/// server is covered by `LibreTranslateTests`).
final class HTTPClientTests: XCTestCase {
    private let client = HTTPClient(timeout: 5, maxBodyBytes: 1 << 20)

    private func skipWithoutLibcurl() throws {
        if let reason = HTTPClient.unavailableReason() { throw XCTSkip(reason) }
    }

    func testARefusedConnectionIsCannotConnect() async throws {
        try skipWithoutLibcurl()
        // A port nobody listens on: bind one, note it, close it.
        let port = try Self.closedPort()
        do {
            _ = try await client.send("GET", url: URL(string: "http://127.0.0.1:\(port)/languages")!, headers: [], body: nil)
            XCTFail("expected a failure")
        } catch let failure as HTTPClient.Failure {
            XCTAssertEqual(failure, .cannotConnect)
        }
    }

    func testOnlyHTTPAndHTTPSAreSent() async throws {
        try skipWithoutLibcurl()
        do {
            _ = try await client.send("GET", url: URL(string: "file:///etc/passwd")!, headers: [], body: nil)
            XCTFail("a file: URL must not be read")
        } catch let failure as HTTPClient.Failure {
            guard case .network = failure else { return XCTFail("\(failure)") }
        }
    }

    func testAnAlreadyCancelledTaskSendsNothing() async throws {
        try skipWithoutLibcurl()
        let client = self.client
        let port = try Self.closedPort()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send("GET", url: URL(string: "http://127.0.0.1:\(port)/")!, headers: [], body: nil)
        }
        let result = await task.result
        XCTAssertThrowsError(try result.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
    }

    private static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw XCTSkip("no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw XCTSkip("cannot bind a local port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
