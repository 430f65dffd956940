import Foundation
import PipelineKit
import XCTest

@testable import Translate

final class LibreTranslateTests: XCTestCase {
    private var server: FakeLibreTranslate { get throws { try FakeLibreTranslate.running() } }

    private func options(_ mode: String, _ extra: [String: Value] = [:]) throws -> [String: Value] {
        var o: [String: Value] = ["to": "fr", "from": "en", "provider": "libretranslate", "url": .string(try server.url(mode)),
                                  "timeout": 0.5, "retries": 2, "retry-delay": 0.01]
        for (k, v) in extra { o[k] = v }
        return o
    }

    func testTranslatesInBatchesWithPlaceholdersIntact() async throws {
        let text = "Write to [EMAIL] about https://example.org/x?a=1 before 12 May.\n\nSecond paragraph.\n\nThird one."
        let doc = try await translate(text, try options("ok-batch", ["batch-size": 2, "retries": 0]))
        XCTAssertEqual(doc.metadata["translations"]?["fr"],
                       "fr:WRITE TO [EMAIL] ABOUT https://example.org/x?a=1 BEFORE 12 MAY.\n\nfr:SECOND PARAGRAPH.\n\nfr:THIRD ONE.")
        XCTAssertEqual(doc.metadata["translation-provider"], "libretranslate")
        let stats = try server.stats()
        XCTAssertEqual(stats["/ok-batch/translate"], 2, "\(stats)")  // three paragraphs, two per request
    }

    func testRetriesAfter429ThenSucceeds() async throws {
        let doc = try await translate("Hello there, friends.", try options("flaky-a"))
        XCTAssertEqual(doc.metadata["translations"]?["fr"], "fr:HELLO THERE, FRIENDS.")
        XCTAssertEqual(try server.stats()["/flaky-a/translate"], 2)
    }

    func testGivesUpAfterLastRetryWithClearError() async throws {
        let text = await message { _ = try await translate("Secret words here.", try options("down")) }
        XCTAssertEqual(text, "translation to 'fr' with provider 'libretranslate' failed: libretranslate: POST /translate at \(try server.url("down")) failed after 3 attempts: HTTP 503: overloaded")
        XCTAssertFalse(text?.contains("Secret") ?? true)
        XCTAssertEqual(try server.stats()["/down/translate"], 3)
    }

    func testTimeout() async throws {
        let start = Date()
        let text = await message { _ = try await translate("Hello there.", try options("slow", ["timeout": 0.3, "retries": 1])) }
        XCTAssertEqual(text, "translation to 'fr' with provider 'libretranslate' failed: libretranslate: POST /translate at \(try server.url("slow")) failed after 2 attempts: timed out after 0.3 s")
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
    }

    func testAnEndlessOrHugeResponseBodyIsRefusedAtTheLimit() async throws {
        // The message names the size limit, not the timeout: the body was cut off at the limit.
        // (A generous timeout, so a loaded machine cannot turn this into a timing test.)
        for mode in ["endless", "huge"] {
            let text = await message { _ = try await translate("Hello there.", try options(mode, ["timeout": 300, "retries": 0])) }
            XCTAssertEqual(text, "translation to 'fr' with provider 'libretranslate' failed: libretranslate: the response to POST /translate is larger than 32 MiB; refused", mode)
        }
    }

    func testMalformedResponses() async throws {
        let malformed = await message { _ = try await translate("Hello there.", try options("malformed")) }
        XCTAssertEqual(malformed, "translation to 'fr' with provider 'libretranslate' failed: libretranslate: malformed response from POST /translate (not a JSON object)")
        let short = await message { _ = try await translate("One.\n\nTwo.", try options("short")) }
        XCTAssertEqual(short, "translation to 'fr' with provider 'libretranslate' failed: libretranslate: malformed response from POST /translate (1 translations for 2 texts)")
    }

    func testAPIKeyComesFromTheEnvironment() async throws {
        let denied = await message { _ = try await translate("Hello there.", try options("key")) }
        XCTAssertEqual(denied, "translation to 'fr' with provider 'libretranslate' failed: libretranslate: HTTP 403 from POST /translate: Invalid API key")
        let doc = try await translate("Hello there.", try options("key", ["api-key-env": "MY_LT_KEY"]), environment: ["MY_LT_KEY": "sesame"])
        XCTAssertEqual(doc.metadata["translations"]?["fr"], "fr:HELLO THERE.")
        // The URL may come from the environment too.
        var o = try options("key")
        o["url"] = nil
        let fromEnv = try await translate("Hello there.", o, environment: ["LIBRETRANSLATE_URL": try server.url("key"), "LIBRETRANSLATE_API_KEY": "sesame"])
        XCTAssertEqual(fromEnv.metadata["translations"]?["fr"], "fr:HELLO THERE.")
    }

    func testLanguagesAndDetectEndpoints() async throws {
        let unsupported = await message { _ = try await translate("Hello there.", try options("ok", ["to": "ja"])) }
        XCTAssertEqual(unsupported, "translation to 'ja' with provider 'libretranslate': the provider does not support 'ja' (it supports: de, en, es, fr)")
        // A source the server does not list (ur) is sent as 'auto'.
        let urdu = try await translate("Hello.", try options("ok", ["from": "ur"]))
        XCTAssertEqual(urdu.metadata["translations"]?["fr"], "fr:HELLO.")
        let doc = try await translate("Il a vu le chat dans la rue.", try options("ok", ["to": "en", "from": "auto", "detector": "provider"]))
        XCTAssertEqual(doc.metadata["language"], "fr")
        XCTAssertEqual(doc.metadata["translations"]?["en"], "en:IL A VU LE CHAT DANS LA RUE.")
        let provider = LibreTranslateProvider(baseURL: URL(string: try server.url("ok"))!)
        let languages = try await provider.supportedLanguages()
        XCTAssertEqual(languages?.map(\.code), ["en", "fr", "de", "es"])
    }

    func testCancellationStopsARequest() async throws {
        let provider = LibreTranslateProvider(baseURL: URL(string: try server.url("slow"))!, timeout: 10, retries: 0)
        try await assertCancellationStops(provider, within: 2.5)
    }

    func testBatchWindowCoalescesDocumentsIntoOneRequest() async throws {
        let stage = try TranslateStage.build(options: try options("ok-window", ["batch-window": 300, "batch-size": 16]), setup: StageSetup(stageID: "translate"))
        let texts = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<5 {
                group.addTask {
                    let out = try await StageTester.run(stage, on: Document(id: "d\(i)", text: "Short item \(i)."))
                    return out.document.metadata["translations"]?["fr"]?.stringValue ?? ""
                }
            }
            var all: [String] = []
            for try await t in group { all.append(t) }
            return all.sorted()
        }
        XCTAssertEqual(texts, (0..<5).map { "fr:SHORT ITEM \($0)." })
        XCTAssertEqual(try server.stats()["/ok-window/translate"], 1)
    }
}
