import Foundation
import PipelineKit
import XCTest

@testable import Translate

/// Protected spans come back unchanged whatever the provider does to the text around them.
final class PlaceholderSurvivalTests: XCTestCase {
    static let protected = ["[EMAIL]", "[PERSON_2]", "https://example.org/report?id=42&lang=en", "www.un.org", "ops@example.com",
                            "2024-05-01", "10:30", "1,250.75", "`make test`", "Arab News"]
    static let text = """
        Dear team, write to [EMAIL] or ask [PERSON_2] about https://example.org/report?id=42&lang=en and www.un.org.
        Copy ops@example.com before 2024-05-01 at 10:30; the budget is 1,250.75 dollars.

        Run `make test` and tell Arab News the health ministry agreed.
        """

    func testEveryProviderKeepsProtectedSpans() async throws {
        let providers: [(String, [String: Value])] = [
            ("stub prefix", ["provider": "stub"]),
            ("stub pseudo", ["provider": "stub", "stub-mode": "pseudo"]),
            ("glossary", ["provider": "glossary", "glossary": "glossary.csv"]),
            ("libretranslate", ["provider": "libretranslate", "url": .string(try FakeLibreTranslate.running().url("ok")), "timeout": 2]),
            ("command tr", ["provider": "command", "command": ["tr", "a-z", "A-Z"]]),
            ("command sh vowels", ["provider": "command", "command": ["sh", "-c", "tr 'aeiou' 'AEIOU'"]]),
            ("in-memory", ["provider": "memory-survival"]),
        ]
        let registry = TranslationProviderRegistry.builtIn.adding("memory-survival") { _ in InMemoryTranslationProvider { "«" + $0.text.lowercased() + "»" } }
        for (label, provider) in providers {
            var options = provider
            options["to"] = "fr"
            options["from"] = "en"
            options["terms"] = ["Arab News"]
            options["replace"] = true
            let doc = try await translate(Self.text, options, providers: registry)
            for span in Self.protected {
                XCTAssertTrue(doc.text.contains(span), "\(label): lost \(span) in \(doc.text)")
            }
            XCTAssertFalse(doc.text.contains("⟦"), "\(label): a placeholder was left in \(doc.text)")
            XCTAssertNotEqual(doc.text, Self.text, "\(label) changed nothing")
        }
    }
}
