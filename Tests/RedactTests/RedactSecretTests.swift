import Foundation
import PipelineKit
import Testing
@testable import Redact

/// The secret detector: the catalogue, prefix tokens with no cue word, generic assignments in
/// every naming style, URL and curl credentials, JWTs, private keys, and the values that are
/// not secrets.
@Suite struct RedactSecretTests {
    func secrets(_ text: String) async throws -> [String] {
        try await redact(text, ["entities": ["secret"]]).found.filter { $0.0 == "secret" }.map(\.1)
    }

    @Test func catalogueLoadsEveryRule() throws {
        let c = SecretCatalogue.shared
        #expect(c.rules.count > 200)
        #expect(c.rejected.isEmpty, "rules of an unknown kind: \(c.rejected)")
        #expect(c.uncompilable().isEmpty, "rules whose patterns do not compile (they are compiled on first use): \(c.uncompilable())")
        #expect(c.special("generic-api-key") != nil && c.special("curl-auth-user") != nil)
        #expect(c.prefixLists.joined().contains { String(decoding: $0.bytes, as: UTF8.self) == "sk_live_" })
    }

    /// The byte-level `spansBlanks` gives, on every catalogue pattern, what the string version
    /// it replaced gave (Foundation's search: suffixes removed, then any blank marker).
    @Test func spansBlanksAgreesWithTheStringVersion() {
        func stringVersion(_ regex: String) -> Bool {
            var body = regex
            for suffix in [#"(?:[\x60'"\s;]|\\[nr]|$)"#, #"(?:$|[\\'"\x60\s<),])"#] {
                body = body.replacingOccurrences(of: suffix, with: "")
            }
            return ["(?s", "\\s", "[ ", "\\n", "\\r", "[\\s", " "].contains { body.contains($0) }
        }
        let rules = SecretCatalogue.shared.rules
        #expect(rules.count > 200)
        #expect(rules.contains { $0.multiline } && rules.contains { !$0.multiline })
        for rule in rules {
            #expect(SecretCatalogue.spansBlanks(rule.regex.pattern) == stringVersion(rule.regex.pattern), "\(rule.id)")
            #expect(rule.multiline == stringVersion(rule.regex.pattern), "\(rule.id)")
        }
        for text in ["a\\s+b", "x(?:$|[\\\\'\"\\x60\\s<),])", "[ ]", "(?s:.)", "abc", "(?:[\\x60'\"\\s;]|\\\\[nr]|$)"] {
            #expect(SecretCatalogue.spansBlanks(text) == stringVersion(text), "\(text)")
        }
    }

    /// Issue 14 item 3: two-letter prefixes (`sk_`, `rk_`, `sk-`) with no cue word.
    @Test func stripeAndOpenAIWithoutCue() async throws {
        let openai = "sk-proj-" + String(repeating: "R7dkP2mQ9xLw4TzB8vNc3Yh", count: 4).prefix(74) + "T3BlbkFJ"
            + String(repeating: "Lw4TzB8vNc3YhR7dkP2mQ9x", count: 4).prefix(74)
        for token in ["sk_live_51Hx7qLKd93mPzQ8vR2tY6wN", "sk_test_51Hx7qLKd93mPzQ8vR2tY6wN", "rk_live_51Hx7qLKd93mPzQ8vR2tY6wN",
                      "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", openai] {
            #expect(try await secrets("Rotate \(token) now.") == [token], "\(token)")
            #expect(try await secrets("weatherApiToken=\"\(token)\"") == [token], "\(token)")
        }
    }

    @Test func vendorTokensByPrefix() async throws {
        for token in ["ghp_R7dkP2mQ9xLw4TzB8vNc3YhJ6sKf1GaE5uWo", "glpat-Ab3dEf6hIj9kLm2nOp5q", "glrt-Ab3dEf6hIj9kLm2nOp5q",
                      "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", "AGE-SECRET-KEY-1QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHCE",
                      "xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1", "ACCAQYLPMN5HHHFPZAM2",
                      "npm_R7dkP2mQ9xLw4TzB8vNc3YhJ6sKf1GaE5uWo"] {
            #expect(try await secrets("value \(token) end") == [token], "\(token)")
        }
        let hook = "https://hooks.slack.com/services/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"
        #expect(try await secrets("post to \(hook) today").count == 1)
    }

    @Test func genericAssignmentsInEveryStyle() async throws {
        let v = "Zk8QmR2vX7pLw4TnB9cY3hJ6sKf1GaE5"
        for text in ["weatherApiToken=\"\(v)\"", "weather-api-token: \(v)", "weather.api.token=\(v)", "export WEATHER_API_TOKEN=\(v)",
                     "weather_api_token: '\(v)'", "{\"weatherApiToken\": \"\(v)\"}", "apiToken = \(v)", "<service apiToken=\"\(v)\" />",
                     "<apiToken>\(v)</apiToken>", "Authorization: Bearer \(v)", "X-Api-Key: \(v)", "System.setProperty(\"API_TOKEN\", \"\(v)\")",
                     "  \"secretKey\" => \"\(v)\"", "API_TOKEN ?= \"\(v)\"", "var apiToken string = \"\(v)\""] {
            #expect(try await secrets(text) == [v], "\(text)")
        }
    }

    /// Issue 14 item 11: punctuation in passwords after a cue word.
    @Test func passwordsWithPunctuation() async throws {
        for pw in ["Tr0ub4dor&3!", "p@ss:w0rd;x", "hunter2,Zq!", "s3cr#t.Value?"] {
            #expect(try await secrets("password: \"\(pw)\"") == [pw], "\(pw)")
            #expect(try await secrets("DB_PASSWORD='\(pw)'") == [pw], "\(pw)")
        }
        #expect(try await secrets("password = Tr0ub4dor&3!") == ["Tr0ub4dor&3!"])
    }

    @Test func credentialsInURLsAndCurl() async throws {
        #expect(try await secrets("db at postgres://admin:Xk9vQ2mLp7@db.internal:5432/app") == ["Xk9vQ2mLp7"])
        #expect(try await secrets("see https://deploy:Xk9vQ2mLp7@example.org/repo.git") == ["Xk9vQ2mLp7"])
        #expect(try await secrets("curl -u admin:Xk9vQ2mLp7 https://api.example.com") == ["admin:Xk9vQ2mLp7"])
        #expect(try await secrets("curl -s --user 'ci:Xk9vQ2mLp7!' https://api.example.com") == ["ci:Xk9vQ2mLp7!"])
        #expect(try await secrets("curl -u user:password https://example.com and https://user:pass@example.com/").isEmpty)
    }

    /// JWTs, also wrapped across a line break (issue 14 item 11) and base64-wrapped.
    @Test func jsonWebTokens() async throws {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        #expect(try await secrets("token \(jwt) ok") == [jwt])
        let cut = jwt.index(jwt.startIndex, offsetBy: 60)
        let wrapped = "token: \(jwt[..<cut])\n  \(jwt[cut...])\nNext line."
        let found = try await secrets(wrapped)
        #expect(found.count == 1 && found[0].hasPrefix(String(jwt.prefix(20))) && found[0].hasSuffix("adQssw5c"), "\(found)")
        let b64 = Data(jwt.utf8).base64EncodedString()
        #expect(try await secrets("auth = \(b64)") == [b64])
    }

    @Test func privateKeysOnlyWithKeyMaterial() async throws {
        let body = String(repeating: "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MaBY\n", count: 3)
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\n\(body)-----END OPENSSH PRIVATE KEY-----"
        #expect(try await secrets("key:\n\(key)\n") == [key])
        #expect(try await secrets("-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----").isEmpty)
        #expect(try await secrets("-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----").isEmpty)
    }

    @Test func notSecrets() async throws {
        for text in ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "Stripe.api_key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'",
                     "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "stripe_key = sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
                     "api_key = \"<your-api-key>\"", "token: \"${GITHUB_TOKEN}\"", "password: ********", "password = \"password\"",
                     "secret = os.environ['APP_SECRET']", "<version>1.4.2-SNAPSHOT</version>",
                     "COMMUNICATION_API_VERSION=rc0.13.0_20230412_0712-SNAPSHOT",
                     "credential_id = 3f2c8a4e-1b7d-4c2e-9a6f-0d5e8b7c1a23", "this.ultraPictureBox1.Name = \"ultraPictureBox1\";",
                     "The key to success is 2023 work-life-balance strategies-for-everyone.", "Access: opens at 08:30.",
                     "\"accessor\":\"rA1wk0Y45YCufyfq\",", "keyFile: /etc/ssl/private/server.key"] {
            #expect(try await secrets(text).isEmpty, "\(text)")
        }
    }

    @Test func checksums() {
        // A token whose last six characters are the base62 CRC32 of its random part.
        let random = Array("R7dkP2mQ9xLw4TzB8vNc3YhJ6sKf1G".utf8)
        var v = SecretValue.crc32(random)
        var tail = [UInt8](repeating: 0x30, count: 6)
        for k in stride(from: 5, through: 0, by: -1) { tail[k] = SecretValue.base62[Int(v % 62)]; v /= 62 }
        #expect(SecretValue.githubChecksumValid(Array("ghp_".utf8) + random + tail))
        #expect(!SecretValue.githubChecksumValid(Array("ghp_".utf8) + random + Array("AAAAAA".utf8)))
    }

    /// Private-key headers without END lines and base64 blobs with many `ey` lines are each
    /// scanned once (doubling the input at most ~2.2x the time is checked by the benchmarks;
    /// here: the detectors finish and find nothing).
    @Test func adversarialBlocksAreScannedOnce() async throws {
        let headers = String(repeating: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJ\n", count: 5_000)
        #expect(try await secrets(headers).allSatisfy { !$0.contains("BEGIN") }) // no block: too little key material
        let blob = String(repeating: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9abc\n", count: 5_000)
        #expect(try await secrets(blob).isEmpty)
    }

    /// Colon- and equals-joined runs cost linear time (no rescans from each operator).
    @Test func assignmentScanIsBounded() async throws {
        let text = String(repeating: "a1:b2=", count: 40_000)
        let found = try await secrets(text)
        #expect(found.isEmpty)
    }
}
