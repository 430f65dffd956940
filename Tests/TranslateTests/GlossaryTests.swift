import Foundation
import PipelineKit
import XCTest

@testable import Translate

final class GlossaryTests: XCTestCase {
    func testMultiWordMixedCaseLongestMatchWholeWords() async throws {
        let text = "The MINISTRY OF HEALTH of Saudi Arabia met the ministry of  health, the Ministry and the United Nations "
            + "for peace talks; the Ministry's healthy talks-ready staff (health) waited."
        let doc = try await translate(text, ["to": "fr", "from": "en", "provider": "glossary", "glossary": "glossary.csv", "replace": true])
        XCTAssertEqual(doc.text,
            "The MINISTÈRE DE LA SANTÉ of Arabie saoudite met the ministère de la Santé, the Ministère and the Nations unies "
            + "for pourparlers de paix; the Ministère's healthy pourparlers-ready staff (santé) waited.")
        XCTAssertEqual(doc.metadata["translation-provider"], "glossary")
    }

    func testMissingTargetPhraseIsLeftAndUnknownSourceMatchesAnyColumn() async throws {
        let provider = try GlossaryProvider(glossary: Glossary.load(path: fixture("glossary.csv")))
        // 'talks' has no German entry: kept; 'peace talks' has one.
        XCTAssertEqual(provider.translate("Peace talks and talks", from: "en", to: "de"), "Friedensgespräche and talks")
        // Unknown source: French phrases match too.
        XCTAssertEqual(provider.translate("Le ministère de la Santé", from: nil, to: "en"), "Le Ministry of Health")
        XCTAssertEqual(provider.translate("Le Ministère de la santé", from: "fr", to: "de"), "Le Gesundheitsministerium")
    }

    func testJSONAndYAMLFormats() throws {
        let json = Data(#"{"terms": [{"en": "Foreign Office", "fr": "Quai d'Orsay"}, {"en": "EU", "fr": "UE"}]}"#.utf8)
        let fromJSON = try Glossary.parseJSON(json)
        XCTAssertEqual(fromJSON.languages, ["en", "fr"])
        XCTAssertEqual(GlossaryProvider(glossary: fromJSON).translate("The Foreign Office and the EU.", from: "en", to: "fr"),
                       "The Quai d'Orsay and the UE.")

        let yaml = """
            # Ministries
            terms:
              - en: Ministry of Health
                fr: "ministère de la Santé"   # quoted
                ar: وزارة الصحة
              - en: 'King''s Speech'
                fr: discours du Trône
            """
        let fromYAML = try Glossary.parseYAML(yaml)
        XCTAssertEqual(fromYAML.entries.count, 2)
        XCTAssertEqual(fromYAML.entries[1]["en"], "King's Speech")
        XCTAssertEqual(GlossaryProvider(glossary: fromYAML).translate("The ministry of health.", from: "en", to: "ar"), "The وزارة الصحة.")

        XCTAssertThrowsError(try Glossary.parseYAML("- en: [a, b]\n  fr: c", file: "g.yaml")) {
            XCTAssertEqual(($0 as? TranslationError)?.message, "g.yaml:1: only plain or quoted phrases are supported in glossary YAML")
        }
        XCTAssertThrowsError(try Glossary.parseDelimited("en,fr\na,b,c\n", separator: ",", file: "g.csv")) {
            XCTAssertEqual(($0 as? TranslationError)?.message, "g.csv:2: 3 columns, but the header names 2")
        }
    }

    func testShippedPipelineGlossaryLoads() throws {
        // pipelines/glossaries/news.csv is used by pipelines/translate-glossary.yaml.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("pipelines/glossaries/news.csv").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("not run from a checkout") }
        let glossary = try Glossary.load(path: path)
        XCTAssertTrue(glossary.languages.contains("fr"))
        XCTAssertGreaterThan(glossary.entries.count, 10)
    }
}
