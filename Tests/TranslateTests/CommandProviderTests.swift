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
        XCTAssertTrue(text?.contains("is not an executable file") == true, text ?? "")
    }

    func testCancellationKillsTheProgram() async throws {
        let provider = CommandProvider(program: "sh", arguments: [fixture("hang.sh")], timeout: 10)
        try await assertCancellationStops(provider, within: 3)
    }
}
