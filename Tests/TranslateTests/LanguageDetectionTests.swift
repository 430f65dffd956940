import Foundation
import PipelineKit
import TextKit
import XCTest

@testable import Translate

final class LanguageDetectionTests: XCTestCase {
    /// Accuracy on Fixtures/language-detection.tsv: 10 sentences in each of the 16 languages.
    func testAccuracyOnLabelledSet() throws {
        let lines = try String(contentsOfFile: fixture("language-detection.tsv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }
        let detector = LanguageDetector()
        var correct = 0
        var perLanguage: [String: (right: Int, total: Int)] = [:]
        var confusions: [String] = []
        for line in lines {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let guess = detector.detect(parts[1])?.code ?? "und"
            var entry = perLanguage[parts[0]] ?? (0, 0)
            entry.total += 1
            if guess == parts[0] { correct += 1; entry.right += 1 } else { confusions.append("\(parts[0])->\(guess): \(parts[1])") }
            perLanguage[parts[0]] = entry
        }
        let total = perLanguage.values.reduce(0) { $0 + $1.total }
        let accuracy = Double(correct) / Double(total)
        let table = perLanguage.keys.sorted().map { "\($0) \(perLanguage[$0]!.right)/\(perLanguage[$0]!.total)" }.joined(separator: ", ")
        print("language detection accuracy: \(correct)/\(total) = \(String(format: "%.1f", accuracy * 100))% [\(table)]")
        for c in confusions { print("  miss \(c)") }
        XCTAssertEqual(total, 160)
        XCTAssertEqual(Set(perLanguage.keys), Set(LanguageDetector.languages))
        XCTAssertGreaterThanOrEqual(accuracy, 0.9)
    }

    func testTooLittleTextIsUnknown() {
        XCTAssertNil(LanguageDetector().detect("42 — 17"))
        XCTAssertLessThan(LanguageDetector().detect("Hello world")?.confidence ?? 0, TranslateStage.minimumConfidence)
    }

    func testAutoWritesLanguageAndUnknownSourceStillTranslates() async throws {
        let doc = try await translate("Спасибо, что так быстро прислали документы.", ["to": "en"])
        XCTAssertEqual(doc.metadata["language"], "ru")
        let unsure = try await translate("OK 42", ["to": "en"])
        XCTAssertNil(unsure.metadata["language"])
        XCTAssertEqual(unsure.metadata["translations"]?["en"], "[en] OK 42")
    }
}
