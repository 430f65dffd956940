import Foundation
import PipelineKit
import XCTest

@testable import Translate

final class TranslateStageTests: XCTestCase {
    func testSpecExamplesPass() async {
        let failures = await StageTester.checkExamples(of: TranslateStage.self)
        XCTAssertEqual(failures, [], failures.joined(separator: "\n"))
    }

    func testStubExactOutput() async throws {
        let doc = try await translate("Talks stalled again on Monday.\n\nBoth sides blamed each other.", ["to": ["fr", "de"], "from": "en"])
        XCTAssertEqual(doc.metadata["translations"], [
            "fr": "[fr] Talks stalled again on Monday.\n\n[fr] Both sides blamed each other.",
            "de": "[de] Talks stalled again on Monday.\n\n[de] Both sides blamed each other.",
        ])
        XCTAssertEqual(doc.metadata["translation-provider"], "stub")
        XCTAssertEqual(doc.metadata["language"], "en")
        XCTAssertEqual(doc.text, "Talks stalled again on Monday.\n\nBoth sides blamed each other.")
    }

    func testStubReplaceAndPseudo() async throws {
        let replaced = try await translate("Hello there.", ["to": "fr", "from": "en", "replace": true])
        XCTAssertEqual(replaced.text, "[fr] Hello there.")
        XCTAssertEqual(replaced.metadata["translation-provider"], "stub")
        XCTAssertEqual(replaced.metadata["language"], "fr")
        XCTAssertNil(replaced.metadata["translations"])
        XCTAssertEqual(replaced.annotations.map(\.type), ["translation"])
        XCTAssertEqual(replaced.annotations.first?.end, 12)

        let pseudo = try await translate("Zebra QUIZ 42", ["to": "de", "from": "en", "stub-mode": "pseudo", "replace": true])
        XCTAssertEqual(pseudo.text, "[de] [Žéƀŕá ǪÜÍŽ 42 ~~~~~~]")
    }

    func testOptionErrors() async {
        let cases: [([String: Value], String)] = [
            (["to": "fr", "replace": true, "provider": "stubb"], "unknown provider 'stubb' (did you mean 'stub'?)"),
            (["to": ["fr", "de"], "replace": true], "replace: true needs a single target language"),
            (["to": "french!"], "'french!' is not a language code"),
            (["to": "fr", "from": "english"], "'english' is not a language code or 'auto'"),
            (["to": "fr", "url": "http://x"], "is only used by provider 'libretranslate'"),
            (["to": "fr", "provider": "libretranslate"], "needs a server: set option 'url' or the environment variable LIBRETRANSLATE_URL"),
            (["to": "fr", "provider": "libretranslate", "url": "ftp://x"], "is not an http(s) URL"),
            (["to": "fr", "provider": "glossary"], "needs option 'glossary'"),
            (["to": "fr", "provider": "glossary", "glossary": "missing.csv"], "cannot read glossary file"),
            (["to": "ar", "provider": "glossary", "glossary": "glossary.csv"], "the glossary has no column for 'ar' (it has: en, fr, de)"),
            (["to": "fr", "provider": "command"], "needs option 'command'"),
            (["to": "fr", "provider": "command", "command": ["no-such-program-xyz"]], "program 'no-such-program-xyz' not found on PATH"),
            (["to": "fr", "batch-size": 0], "must be at least 1"),
            (["to": "fr", "api-key": "secret"], "unknown option 'api-key'"),
            (["to": "fr", "protect": ["urls", "phones"]], "'phones' is not one of"),
        ]
        for (options, expected) in cases {
            let text = await message { _ = try await translate("Hello world, how are you?", options) }
            XCTAssertTrue(text?.contains(expected) == true, "\(options): expected '\(expected)' in \(text ?? "no error")")
        }
    }

    func testFieldMustExist() async {
        let text = await message { _ = try await translate("Hello", ["to": "fr", "field": "summary"]) }
        XCTAssertEqual(text, "metadata 'summary' is missing or not a string (option 'field')")
    }

    func testCustomProviderThroughRegistry() async throws {
        let memory = InMemoryTranslationProvider(name: "memory", maxBatchSize: 2) { "<\($0.target)>" + $0.text.lowercased() }
        let providers = TranslationProviderRegistry.builtIn.adding("memory-test") { _ in memory }
        XCTAssertTrue(providers.names.contains("memory-test"))
        XCTAssertFalse(TranslationProviderRegistry.builtIn.names.contains("memory-test"))
        let text = "ONE [EMAIL].\n\nTWO.\n\nTHREE 42.\n\n"
        let doc = try await translate(text, ["to": "fr", "from": "en", "provider": "memory-test", "replace": true], providers: providers)
        XCTAssertEqual(doc.text, "<fr>one [EMAIL].\n\n<fr>two.\n\n<fr>three 42.\n\n")
        XCTAssertEqual(doc.metadata["translation-provider"], "memory")
        // Three paragraphs, at most two per batch; the provider saw placeholders, never the tag.
        XCTAssertEqual(memory.receivedBatches.map(\.count), [2, 1])
        XCTAssertEqual(memory.requests.map(\.text), ["ONE ⟦0⟧.", "TWO.", "THREE ⟦1⟧."])
        XCTAssertEqual(memory.requests.map(\.source), ["en", "en", "en"])
    }

    func testProviderLosingAPlaceholderFailsTheDocumentWithoutLeakingIt() async throws {
        let providers = TranslationProviderRegistry.builtIn.adding("lossy-test") { _ in
            InMemoryTranslationProvider(name: "lossy") { $0.text.replacingOccurrences(of: "⟦1⟧", with: "") }
        }
        let text = await message {
            _ = try await translate("Mail alice@example.org or call 5550100.", ["to": "fr", "from": "en", "provider": "lossy-test"], providers: providers)
        }
        XCTAssertEqual(text, "translation to 'fr' with provider 'lossy' failed: provider 'lossy' lost 1 of 2 protected span(s) (placeholder ⟦1⟧)")
        XCTAssertFalse(text?.contains("alice") ?? true)
    }

    func testPassThroughAndDetectionMetadata() async throws {
        let memory = InMemoryTranslationProvider()
        let providers = TranslationProviderRegistry.builtIn.adding("memory-pass") { _ in memory }
        let doc = try await translate("Der Bericht wurde am Montag veröffentlicht und die Regierung hat nicht reagiert.",
                                      ["to": ["de", "en"], "provider": "memory-pass"], providers: providers)
        XCTAssertEqual(doc.metadata["language"], "de")
        XCTAssertEqual(doc.metadata["translations"]?["de"], .string(doc.text))
        XCTAssertEqual(memory.requests.map(\.target), ["en"])
        XCTAssertEqual(memory.requests.map(\.source), ["de"])
    }

    func testUserTermsAndCodeAreProtected() async throws {
        let memory = InMemoryTranslationProvider { $0.text.uppercased() }
        let providers = TranslationProviderRegistry.builtIn.adding("memory-terms") { _ in memory }
        let doc = try await translate("Ask Arab News about `make test` and\n```\nrun all\n```\nplease.",
                                      ["to": "fr", "from": "en", "provider": "memory-terms", "terms": ["Arab News"], "replace": true], providers: providers)
        XCTAssertEqual(doc.text, "ASK Arab News ABOUT `make test` AND\n```\nrun all\n```\nPLEASE.")
    }

    func testCacheAvoidsSecondCall() async throws {
        let directory = NSTemporaryDirectory() + "translate-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let memory = InMemoryTranslationProvider()
        let providers = TranslationProviderRegistry.builtIn.adding("memory-cache") { _ in memory }
        let options: [String: Value] = ["to": "fr", "from": "en", "provider": "memory-cache", "cache": .string(directory)]
        let first = try await translate("One paragraph.\n\nAnother one.", options, providers: providers)
        let second = try await translate("One paragraph.\n\nAnother one.", options, providers: providers)
        XCTAssertEqual(first.metadata["translations"], second.metadata["translations"])
        XCTAssertEqual(memory.requests.count, 2)  // two paragraphs, once
        let third = try await translate("One paragraph.\n\nA new one.", options, providers: providers)
        XCTAssertEqual(memory.requests.count, 3)  // only the new paragraph
        XCTAssertEqual(third.metadata["translations"]?["fr"], "fr:One paragraph.\n\nfr:A new one.")
        // Another target language is another key.
        _ = try await translate("One paragraph.", ["to": "de", "from": "en", "provider": "memory-cache", "cache": .string(directory)], providers: providers)
        XCTAssertEqual(memory.requests.count, 4)
    }

    func testProtectorSpans() {
        let protector = SpanProtector(kinds: Set(ProtectedKind.allCases), terms: ["UNICEF"])
        let text = "See https://ex.org/a_(b) (or www.ex.org), mail bob.smith@ex.co.uk, [PHONE_2], 1,234.5 km, 3rd, UNICEF's, A4 and ⟦9⟧."
        let p = protector.protect(text)
        XCTAssertEqual(p.originals, ["https://ex.org/a_(b)", "www.ex.org", "bob.smith@ex.co.uk", "[PHONE_2]", "1,234.5", "3rd", "UNICEF", "⟦", "⟧"])
        XCTAssertEqual(p.text, "See ⟦0⟧ (or ⟦1⟧), mail ⟦2⟧, ⟦3⟧, ⟦4⟧ km, ⟦5⟧, ⟦6⟧'s, A4 and ⟦7⟧9⟦8⟧.")
        XCTAssertEqual(try p.restore(p.text, provider: "x"), text)
        // Engines may add spaces or use other digits inside placeholders.
        XCTAssertEqual(try ProtectedText(text: "", originals: ["[EMAIL]"]).restore("à ⟦ ٠ ⟧ !", provider: "x"), "à [EMAIL] !")
    }

    func testConcurrentDocumentsThroughOneStage() async throws {
        let stage = try TranslateStage.build(options: ["to": ["fr", "de"], "from": "en"], setup: StageSetup(stageID: "translate"))
        let results = try await withThrowingTaskGroup(of: (Int, Document).self) { group in
            for i in 0..<64 {
                group.addTask {
                    let doc = Document(id: "d\(i)", text: "Item \(i) of the list.\n\nSee [EMAIL] now.")
                    let out = try await StageTester.run(stage, on: doc)
                    return (i, out.document)
                }
            }
            var all: [Int: Document] = [:]
            for try await (i, doc) in group { all[i] = doc }
            return all
        }
        XCTAssertEqual(results.count, 64)
        for (i, doc) in results {
            XCTAssertEqual(doc.metadata["translations"]?["de"], .string("[de] Item \(i) of the list.\n\n[de] See [EMAIL] now."))
        }
    }

    func testBatchWindowSharesRequestsAcrossDocuments() async throws {
        let memory = InMemoryTranslationProvider(maxBatchSize: 4)
        let providers = TranslationProviderRegistry.builtIn.adding("memory-window") { _ in memory }
        let stage = try TranslateStage.build(
            options: ["to": "fr", "from": "en", "provider": "memory-window", "batch-window": 200, "batch-size": 6],
            setup: StageSetup(stageID: "translate", pipelineEnvironment: pipelineEnvironment(providers: providers)))
        let texts = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<6 {
                group.addTask {
                    let out = try await StageTester.run(stage, on: Document(id: "d\(i)", text: "Headline number \(i)." + (i == 5 ? "" : " Item \(["a", "b", "c", "d", "e"][i]).")))
                    return (i, out.document.metadata["translations"]?["fr"]?.stringValue ?? "")
                }
            }
            var all: [Int: String] = [:]
            for try await (i, t) in group { all[i] = t }
            return all
        }
        for i in 0..<5 { XCTAssertEqual(texts[i], "fr:Headline number \(i). Item \(["a", "b", "c", "d", "e"][i]).") }
        XCTAssertEqual(texts[5], "fr:Headline number 5.")
        // Six one-paragraph documents, queued together (batch-size 6 flushes at once), then
        // split by the provider's own maximum of 4.
        XCTAssertEqual(memory.receivedBatches.map(\.count), [4, 2])
    }

    /// Identical paragraphs are sent once, and each repeat takes the translation of its own first
    /// occurrence, whichever paragraph came first and however many times it comes back.
    func testIdenticalParagraphsAreSentOnce() async throws {
        let cases: [(text: String, sent: [String])] = [
            ("Breaking news.\n\nSomething happened.\n\nBreaking news.", ["Breaking news.", "Something happened."]),
            ("B.\n\nA.\n\nB.\n\nC.\n\nA.\n\nA.\n\nC.", ["B.", "A.", "C."]),
        ]
        for (index, (text, sent)) in cases.enumerated() {
            let memory = InMemoryTranslationProvider(), name = "memory-dedupe-\(index)"
            let providers = TranslationProviderRegistry.builtIn.adding(name) { _ in memory }
            let doc = try await translate(text, ["to": "fr", "from": "en", "provider": .string(name), "replace": true], providers: providers)
            let expected = text.components(separatedBy: "\n\n").map { "fr:" + $0 }.joined(separator: "\n\n")
            XCTAssertEqual(doc.text, expected, text)
            XCTAssertEqual(memory.requests.map(\.text), sent, text)
        }
    }

    /// Paragraphs are the same when their bytes are: non-ASCII text too, and a paragraph in
    /// another normalization form is another paragraph (sent on its own, not merged).
    func testParagraphKeysCompareBytes() {
        let curly = "\u{201C}Quoted\u{201D} caf\u{E9}"
        let same = "\u{201C}Quoted\u{201D} " + String(["c", "a", "f", "\u{E9}"])  // the same bytes, built apart
        XCTAssertEqual(ParagraphKey(curly), ParagraphKey(same))
        XCTAssertEqual(ParagraphKey(curly).hashValue, ParagraphKey(same).hashValue)
        XCTAssertNotEqual(ParagraphKey("caf\u{E9}"), ParagraphKey("cafe\u{301}"))
        var firstOf: [ParagraphKey: Int] = [:]
        for (i, text) in [curly, "other", same].enumerated() where firstOf[ParagraphKey(text)] == nil {
            firstOf[ParagraphKey(text)] = i
        }
        XCTAssertEqual(firstOf.count, 2)
        XCTAssertEqual(firstOf[ParagraphKey(same)], 0)
    }

    func testSHA256OfTheCacheKeys() {
        XCTAssertEqual(Digest.sha256Hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Digest.sha256Hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Digest.sha256Hex(Array(String(repeating: "a", count: 1000).utf8)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // Cache keys are unchanged from the hand-written SHA-256 they replaced (files cached by
        // earlier versions stay valid); the values are Python hashlib's for the same bytes.
        let cache = TranslationCache(directory: "/unused")
        XCTAssertEqual(cache.key(provider: "stub", source: "en", target: "fr", text: "Hello, world."),
                       "69903a43a1d72807e8b24b4a66d2e56737316c4dc1c12c41eb0747b1623c86a6")
        XCTAssertEqual(cache.key(provider: "command:tr\u{1}a-z", source: nil, target: "de", text: "Grüße aus Köln — 東京"),
                       "50a95973671450d140f3334cea292eb28920c08c6b4b1e14eb7c68be42fd85c3")
    }
}

final class TranslationProviderRegistryTests: XCTestCase {
    func testUnknownProviderListsTheRegisteredOnesSorted() throws {
        let providers = TranslationProviderRegistry.builtIn.adding("alpha-test") { _ in InMemoryTranslationProvider() }
        let setup = TranslationProviderSetup(options: [:], stage: StageSetup(stageID: "translate"))
        XCTAssertThrowsError(try providers.makeProvider(named: "glosary", setup: setup)) { error in
            XCTAssertEqual((error as? StageOptionError)?.message,
                           "unknown provider 'glosary' (did you mean 'glossary'?); registered providers: alpha-test, command, glossary, libretranslate, stub")
        }
        XCTAssertEqual(providers.names, ["stub", "glossary", "libretranslate", "command", "alpha-test"])
    }
}
