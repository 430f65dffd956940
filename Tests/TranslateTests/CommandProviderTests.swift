import Foundation
import PipelineKit
import XCTest

@testable import Translate

final class CommandProviderTests: XCTestCase {
    func testTrUpperCasesWithArgumentsAndNoShell() async throws {
        let doc = try await translate("Meet at [ADDRESS] on 3 June; see https://ex.org/a.\n\nBye.",
                                      ["to": "fr", "from": "en", "provider": "command", "command": ["tr", "a-z", "A-Z"], "replace": true])
        XCTAssertEqual(doc.text, "MEET AT [ADDRESS] ON 3 JUNE; SEE https://ex.org/a.\n\nBYE.")
        XCTAssertEqual(doc.metadata["translation-provider"], "command")
    }

    func testLanguagePlaceholdersInArguments() async throws {
        // `sh -c 'printf "%s>%s:" "$0" "$1"; cat' {from} {to}` — arguments are passed as they are, never through a shell line.
        let doc = try await translate("Hello there; it is a fine day.", [
            "to": "de", "from": "en", "provider": "command", "replace": true,
            "command": ["sh", "-c", "printf '%s>%s:' \"$0\" \"$1\"; cat", "{from}", "{to}"],
        ])
        XCTAssertEqual(doc.text, "en>de:Hello there; it is a fine day.")
    }

    func testNonZeroExitReportsStatusAndStderrTail() async throws {
        let text = await message {
            _ = try await translate("Private words.", ["to": "fr", "from": "en", "provider": "command", "command": ["sh", "fail.sh", "{to}"]])
        }
        XCTAssertEqual(text, "translation to 'fr' with provider 'command' failed: command 'sh' exited with status 3; stderr: warning: model not loaded | error: cannot translate into fr")
    }

    func testHangIsKilledAfterTimeout() async throws {
        let start = Date()
        let text = await message {
            _ = try await translate("Hello there.", ["to": "fr", "from": "en", "provider": "command", "command": ["sh", "hang.sh"], "timeout": 0.3])
        }
        XCTAssertEqual(text, "translation to 'fr' with provider 'command' failed: command 'sh' timed out after 0.3 s and was killed")
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
    }

    func testMissingProgramPath() async throws {
        let text = await message {
            _ = try await translate("Hello.", ["to": "fr", "provider": "command", "command": ["./no-such-tool"]])
        }
        // Worded as the command stage words it: both find programs through ProgramLocator.
        XCTAssertTrue(text?.contains("option 'command' of stage 'translate': program './no-such-tool' not found (no file ") == true, text ?? "")
    }

    func testCancellationKillsTheProgram() async throws {
        let provider = CommandProvider(program: "sh", arguments: [fixture("hang.sh")], timeout: 10)
        try await assertCancellationStops(provider, within: 3)
    }
}

final class CommandProviderStderrTests: XCTestCase {
    /// Replaces the one e-mail address the test uses, as the redact scrubber would.
    struct FakeScrubber: TextScrubber {
        func scrub(_ text: String) async -> String { text.replacingOccurrences(of: "ada@example.com", with: "[EMAIL]") }
    }

    func testStderrTailIsScrubbedAndCappedLikeTheCommandStages() async throws {
        // The program echoes its input to stderr (as a crashing script's traceback may), then fails.
        let options: [String: Value] = [
            "to": "fr", "from": "en", "provider": "command",
            "command": ["sh", "-c", "cat >&2; head -c 5000 /dev/zero | tr '\\\\0' 'x' >&2; echo >&2; echo 'end ada@example.com' >&2; exit 4"],
        ]
        let stage = try TranslateStage.build(options: options, setup: StageSetup(stageID: "translate", baseDirectory: fixturesDirectory))
        let context = StageContext(stageID: "translate", stageName: "translate", sequence: 0, events: CollectingEventSink(),
                                   scrubber: FakeScrubber())
        let text = await message {
            _ = try await stage.process(Document(id: "d", text: "Mail ada@example.com now."), context: context)
        } ?? ""
        XCTAssertTrue(text.hasPrefix("translation to 'fr' with provider 'command' failed: command 'sh' exited with status 4; stderr: "), text)
        XCTAssertFalse(text.contains("ada@example.com"), text)
        XCTAssertTrue(text.contains("[EMAIL]"), text)
        XCTAssertLessThan(text.count, 700, "the stderr tail is capped")
    }
}
