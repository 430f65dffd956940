import Foundation
import PipelineKit
import Testing
@testable import Redact

/// Found values of one type, in order.
func values(_ text: String, _ type: String, _ entities: [String]? = nil) async throws -> [String] {
    let r = try await redact(text, entities.map { ["entities": .array($0.map { .string($0) })] } ?? [:])
    return r.found.filter { $0.0 == type }.map(\.1)
}

@Suite struct RedactPhoneTests {
    @Test func internationalNumbersByPlan() async throws {
        #expect(try await values("Call +8613812345678 now.", "phone") == ["+8613812345678"]) // 13 digits after +
        #expect(try await values("Call +44 20 7946 0958 now.", "phone") == ["+44 20 7946 0958"])
        #expect(try await values("Call +44 (0)20 7946 0958 now.", "phone") == ["+44 (0)20 7946 0958"])
        #expect(try await values("Call +7 912 345-67-89.", "phone") == ["+7 912 345-67-89"])
        // Impossible for the country's plan: +1 with 8 digits, unknown country code +999.
        #expect(try await values("Ref +1 2345678 and +999 123456789.", "phone").isEmpty)
    }

    @Test func nationalFormatsWithTrunkPrefixes() async throws {
        #expect(try await values("Звоните 8 (912) 345-67-89.", "phone") == ["8 (912) 345-67-89"])
        #expect(try await values("Hívjon: (06 1) 234 5678.", "phone") == ["(06 1) 234 5678"])
        #expect(try await values("Tel. (8-5) 212 3456.", "phone") == ["(8-5) 212 3456"])
        #expect(try await values("Call 2100 1234 today.", "phone") == ["2100 1234"]) // Malta
        #expect(try await values("Call 372 12 3456 today.", "phone") == ["372 12 3456"]) // Tajikistan
        #expect(try await values("Call 00 44 20 7946 0958.", "phone") == ["00 44 20 7946 0958"])
    }

    @Test func unicodeSeparatorsAndDigits() async throws {
        #expect(try await values("Call +44\u{00A0}20\u{00A0}7946\u{00A0}0958 now.", "phone") == ["+44\u{00A0}20\u{00A0}7946\u{00A0}0958"])
        #expect(try await values("Call +33\u{202F}1\u{202F}23\u{202F}45\u{202F}67\u{202F}89.", "phone").count == 1)
        #expect(try await values("電話 ＋８１ ３ １２３４ ５６７８ まで", "phone").count == 1)
        let zw = try await redact("Call +44 20\u{200B}7946 0958 now.", ["entities": ["phone"]])
        #expect(zw.text == "Call [PHONE] now.")
    }

    @Test func lookalikeNumeralsAreNotPhones() async throws {
        let texts = [
            "ISBN 978-3-16-148410-0 is the book.", "See 0-306-40615-2 for details.", "The book 978-0-306-40615-7 sold out.",
            "Upgrade to 10.0.19041.1288 now.", "Build 2.4.12.1045 failed.",
            "It cost 1 250 000 EUR in total.", "Budget: $ 12 500 000 for the year.", "Raised 3 400 000 руб last year.",
            "Parcel 9400 1000 0000 0012 arrived.", "Code 1234 5678 9012 on the box.",
            "Mail to CA 94105-1234 please.", "Grid TQ 30256 80868 is the spot.", "At NT 2570 7340 we camped.",
            "Born 2024 03 15 in Oslo.", "Due 15 03 2024 at noon.", "Due 03 15 2024 at noon.",
            "Part no. 300-1234-01 ships.", "SKU 455-2231-9087 in stock.",
            "Between 1990-2000 and 2019 2020 prices rose.",
        ]
        for t in texts {
            #expect(try await values(t, "phone", ["phone"]).isEmpty, "\(t)")
        }
    }
}

@Suite struct RedactInternetTests {
    @Test func emailsByTheStandards() async throws {
        #expect(try await values("Write to jörg@example.com today.", "email") == ["jörg@example.com"])
        #expect(try await values("Write to user@bücher.de today.", "email") == ["user@bücher.de"])
        #expect(try await values("Write to user@xn--bcher-kva.de today.", "email") == ["user@xn--bcher-kva.de"])
        #expect(try await values("Write to \"john doe\"@example.com today.", "email") == ["\"john doe\"@example.com"])
        #expect(try await values("Write to user@[192.0.2.1] today.", "email") == ["user@[192.0.2.1]"])
        #expect(try await values("Write to ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ today.", "email").count == 1)
        #expect(try await values("Write to jane.miller@\nexample.com today.", "email") == ["jane.miller@\nexample.com"])
        for bad in ["john..doe@example.com", "user@xn--zz.com", "user@example..com", "user@-example.com", "user@example-.com",
                    ".jane@example.com", "jane.@example.com", "user@example.c", "user@example.123"] {
            #expect(try await values("Write to \(bad) today.", "email", ["email"]).isEmpty, "\(bad)")
        }
    }

    @Test func urlsWithValidHosts() async throws {
        #expect(try await values("See https://例え.jp/パス/ページ now.", "url") == ["https://例え.jp/パス/ページ"])
        let nfd = "https://example.com/cafe\u{0301}/menu"
        #expect(try await values("See \(nfd) now.", "url") == [nfd])
        #expect(try await values("See http://localhost:8080/x and http://user:pw@example.com/ now.", "url").count == 2)
        for bad in ["http://300.1.1.1/", "http://1.1.1.1.1/", "http://-error-.invalid/", "http://a..b.com/", "http://example.com:99999/",
                    "http://3628126748/", "http://www.xn--zz.com/"] {
            #expect(try await values("See \(bad) now.", "url", ["url", "ip"]).isEmpty, "\(bad)")
        }
    }

    @Test func ipAddressesInEveryForm() async throws {
        for ip in ["::1", "::", "1::", "2001:db8::", "1:2:3:4:5:6:7::", "::ffff:192.0.2.128", "fe80::1%eth0", "2001:db8::/32",
                   "64:ff9b::192.0.2.33", "2001:db8:85a3:0:0:8a2e:370:7334", "10.0.0.0/8", "192.168.1.20"] {
            #expect(try await values("Host \(ip) answered.", "ip", ["ip"]) == [ip], "\(ip)")
        }
        for bad in ["256.1.1.1", "1.2.3.4.5", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "::g"] {
            #expect(try await values("Host \(bad) answered.", "ip", ["ip"]).isEmpty, "\(bad)")
        }
    }
}

@Suite struct RedactCardIbanTests {
    @Test func issuerRangesAndGroupings() async throws {
        #expect(try await values("JCB 180000000000002 ok.", "credit-card").count == 1)
        #expect(try await values("JCB 213100000000001 ok.", "credit-card").count == 1)
        #expect(try await values("JCB 3589 0000 0000 0003 ok.", "credit-card").count == 1)
        #expect(try await values("Card 4111.1111.1111.1111 ok.", "credit-card") == ["4111.1111.1111.1111"])
        // A Luhn-valid leading part of a longer run of groups is no card.
        #expect(try await values("Ref 4111 1111 1111 1111 2222 ok.", "credit-card").isEmpty)
    }

    @Test func ibanRegistryAndWrapping() async throws {
        #expect(try await values("IBAN HN88CABF00000000000250005469 ok.", "iban").count == 1)
        #expect(try await values("IBAN GB82 WEST 1234 5698\n7654 32 ok.", "iban") == ["GB82 WEST 1234 5698\n7654 32"])
        #expect(try await values("IBAN DE8937040044\n0532013000 ok.", "iban") == ["DE8937040044\n0532013000"])
        // Wrong BBAN format for the country (letters where GB has digits).
        #expect(try await values("IBAN GB82WEST12345698765X32 ok.", "iban").isEmpty)
    }
}

@Suite struct RedactMetadataTests {
    @Test func everyMetadataStringIsScanned() async throws {
        let meta: [String: Value] = ["from": "jane.miller@example.com", "token": "none",
                                     "headers": ["cc": ["bob@example.org", "plain"]], "source": "in/jane@example.com.txt"]
        let r = try await StageTester.run(RedactStage.self, options: ["fail-on": ["email"]], on: "Status update.", metadata: meta)
        let d = r.document
        #expect(d.metadata["from"] == "[EMAIL]")
        #expect(d.metadata["headers"] == ["cc": ["[EMAIL]", "plain"]])
        #expect(d.metadata["source"] == "in/jane@example.com.txt") // the input path is left alone by default
        let fields = d.annotations.compactMap { $0.attributes["field"]?.stringValue }.sorted()
        #expect(fields == ["metadata.from", "metadata.headers.cc.0"])
        let from = d.annotations.first { $0.attributes["field"] == "metadata.from" }!
        #expect(from.start == 0 && from.end == 23)
        let trips = r.events.compactMap { event -> FailOnTrip? in if case .failOn(let trip) = event { return trip } else { return nil } }
        #expect(trips.count == 1)
        #expect(trips.first?.findings.first?.field == "metadata.from")
    }

    @Test func fieldsNarrowTheScan() async throws {
        let meta: [String: Value] = ["subject": "Call +44 20 7946 0958", "from": "jane@example.com"]
        let r = try await StageTester.run(RedactStage.self, options: ["fields": ["metadata.subject"]],
                                          on: "jane@example.com", metadata: meta)
        #expect(r.document.text == "jane@example.com")
        #expect(r.document.metadata["subject"] == "Call [PHONE]")
        #expect(r.document.metadata["from"] == "jane@example.com")
        await #expect(throws: (any Error).self) {
            _ = try await StageTester.run(RedactStage.self, options: ["fields": ["subject"]], on: "x")
        }
    }
}

/// No detector has a super-linear path: growing an adversarial input grows the time in
/// proportion. The time is the CPU time of the calling thread spent in the stage's synchronous
/// `redact(_:)` (not wall-clock time, so other processes on a loaded machine do not count), the
/// fastest of five runs, with the two sizes alternated. For 8x the input the bound is 24x the
/// time: three times the linear figure as slack, and far below the 64x of a quadratic path
/// (checked once by hand: a detector made to rescan the text before each candidate fails it).
/// The tests run one after the other, so they do not load the machine for each other.
@Suite(.serialized) struct RedactLinearTimeTests {
    static let generators: [(String, @Sendable (Int) -> String)] = [
        ("colon-joined hex", { n in (0..<n).map { String(format: "%02x", $0 % 256) }.joined(separator: ":") }),
        ("single digits with spaces", { n in (0..<n).map { String($0 % 10) }.joined(separator: " ") }),
        ("dotted labels", { n in (0..<n).map { _ in "a" }.joined(separator: ".") }),
        ("digit groups with dashes", { n in (0..<n).map { _ in "12" }.joined(separator: "-") }),
        ("at signs", { n in (0..<n).map { _ in "a@b" }.joined(separator: "") }),
        ("double colons", { n in String(repeating: "1::", count: n) }),
        ("plus digits", { n in String(repeating: "+1 ", count: n) }),
    ]

    /// The size ratio of the large input to the small one.
    static let sizeRatio = 8
    /// The largest ratio of the times a linear path may show: 3x the size ratio (a quadratic
    /// path shows the square of the size ratio, 64x).
    static let timeBound = 3.0 * Double(sizeRatio)
    /// Below this, the large input's time is too short to judge a ratio by.
    static let minimumSeconds = 0.05

    /// A redact stage with `entities`, built directly so that its synchronous `redact(_:)` can
    /// be timed on one thread.
    static func stage(_ entities: [String]) throws -> RedactStage {
        let (options, _) = try RedactStage.decodeOptions(["entities": .array(entities.map { .string($0) })])
        return try RedactStage(options: options, setup: StageSetup(stageID: "redact"))
    }

    /// The CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The fastest of five runs of `redact(_:)` on `small` and on `large` (alternated, so a
    /// slow spell affects both), in thread CPU seconds.
    static func seconds(_ stage: RedactStage, small: String, large: String) -> (small: Double, large: Double) {
        var best = (small: Double.infinity, large: Double.infinity)
        for _ in 0..<5 {
            var start = threadCPUSeconds()
            _ = stage.redact(small)
            best.small = min(best.small, threadCPUSeconds() - start)
            start = threadCPUSeconds()
            _ = stage.redact(large)
            best.large = min(best.large, threadCPUSeconds() - start)
        }
        return best
    }

    /// Checks every generator: the large input's time is within `timeBound` of the small one's.
    static func expectLinear(_ stage: RedactStage, _ generators: [(String, @Sendable (Int) -> String)], smallCount: Int) {
        for (name, make) in generators {
            let small = make(smallCount), large = make(smallCount * sizeRatio)
            let time = seconds(stage, small: small, large: large)
            #expect(time.large <= max(timeBound * time.small, minimumSeconds),
                    "\(name): \(time.small)s for \(small.utf8.count) bytes, \(time.large)s for \(large.utf8.count) bytes")
        }
    }

    /// Inputs aimed at the secret detectors: private-key headers with no END line, token prefixes
    /// whose keyword search and regex run at every occurrence, assignment chains.
    static let secretGenerators: [(String, @Sendable (Int) -> String)] = [
        ("private-key headers without END", { n in String(repeating: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3\n", count: n / 8) }),
        ("URL prefixes", { n in String(repeating: "https://a ", count: n) }),
        ("AWS key prefixes", { n in String(repeating: "AKIA ", count: n) }),
        ("JWT headers", { n in String(repeating: "eyJhbGciOiJIUzI1NiJ9.", count: n / 4) }),
        ("assignment chains", { n in String(repeating: "key=secret:", count: n / 2) }),
    ]

    @Test func secretDetectorsTimeGrowsLinearly() async throws {
        let stage = try Self.stage(["secret"])
        Self.expectLinear(stage, Self.secretGenerators, smallCount: 2_500)
    }

    @Test func timeGrowsLinearlyWithAdversarialInput() async throws {
        let stage = try Self.stage(["email", "phone", "url", "ip", "credit-card", "iban", "ssn", "date"])
        Self.expectLinear(stage, Self.generators, smallCount: 5_000)
    }
}
