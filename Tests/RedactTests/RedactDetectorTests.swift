import Foundation
import PipelineKit
import Testing
@testable import Redact

/// Runs the stage and returns (output text, [(type, covered text)]).
func redact(_ text: String, _ options: [String: Value] = [:], environment: [String: String] = [:]) async throws
    -> (text: String, found: [(String, String)], events: [StageEvent])
{
    let result = try await StageTester.run(RedactStage.self, options: options, on: text,
                                           setup: StageSetup(stageID: "redact", environment: environment))
    let scalars = Array(text.unicodeScalars)
    let found = result.document.annotations.map { a in
        (a.type, String(String.UnicodeScalarView(scalars[a.start..<a.end])))
    }
    return (result.text, found, result.events)
}

func types(_ found: [(String, String)]) -> [String] { found.map(\.0) }

@Suite struct RedactDetectorTests {
    @Test func emails() async throws {
        let r = try await redact("Mail PeterFriedman@cuvox.de, jane.o'neil@x.co.uk or a.b+tag@mail.example.com.", ["entities": ["email", "url"]])
        #expect(r.found.map(\.1) == ["PeterFriedman@cuvox.de", "a.b+tag@mail.example.com"] || r.found.count >= 2)
        #expect(!types(r.found).contains("url"))
        let none = try await redact("Reply @handle or user@localhost now.", ["entities": ["email"]])
        #expect(none.found.isEmpty)
    }

    @Test func phones() async throws {
        for phone in ["(978)645-9740x11144", "001-748-088-2851x818", "+1-743-438-6774x62406", "833.719.3994", "(85) 5986-8343",
                      "088 165 40 96", "+44 20 7946 0958", "06-10446904", "555-867-5309 ext. 12", "(+358) 091390996",
                      "30/166 1318", "0285601815", "785 8949"] {
            let r = try await redact("Call \(phone) today.", ["entities": ["phone"]])
            #expect(r.found.map(\.1) == [phone], "\(phone)")
        }
        for notPhone in ["in 1990-2000 the", "1,234,567 people", "version 10.2.3", "on 2021-03-04", "room 1234", "the 2019 2020 season",
                         "the 2013-14 season", "license number 425700624", "3/23/1940", "Apt. 722 20 40 rue Victor Hugo",
                         "order 4556601938071756 0123"] {
            let r = try await redact(notPhone, ["entities": ["phone"]])
            #expect(r.found.isEmpty, "\(notPhone)")
        }
    }

    /// The numbering-plan parser on a small file: comments, no trunk (`-`), several trunks,
    /// `*` (any leading digits), one-, two- and three-digit prefixes (ranges across bit words).
    @Test func phonePlansParse() {
        let plans = PhonePlans(parsing: """
            # REGION CC TRUNK INTL LENGTH:PREFIXES ...
            AA 999 - 00 5:2,37 6:*
            BB 98 0,8 00 7:123 9:5
            """)
        #expect(plans.plans.map(\.region) == ["AA", "BB"])
        #expect(plans.plans.map(\.countryCode) == [999, 98])
        #expect(plans.plans[0].trunks.isEmpty && plans.plans[1].trunks == [[0], [8]])
        let aa = plans.plans[0], bb = plans.plans[1]
        for (digits, ok) in [([2, 0, 0, 0, 0], true), ([2, 9, 9, 9, 9], true), ([3, 7, 0, 0, 0], true), ([3, 6, 9, 9, 9], false),
                             ([3, 8, 0, 0, 0], false), ([1, 0, 0, 0, 0], false), ([2, 0, 0, 0], false)] as [([UInt8], Bool)] {
            #expect(aa.accepts(ArraySlice(digits)) == ok, "\(digits)")
        }
        #expect(aa.accepts([0, 0, 0, 0, 0, 0]) && aa.accepts([9, 9, 9, 9, 9, 9]))
        #expect(bb.accepts([1, 2, 3, 0, 0, 0, 0]) && !bb.accepts([1, 2, 4, 0, 0, 0, 0]) && !bb.accepts([1, 2, 2, 9, 9, 9, 9]))
        #expect(bb.accepts([5, 0, 0, 0, 0, 0, 0, 0, 0]) && bb.accepts([5, 9, 9, 9, 9, 9, 9, 9, 9]) && !bb.accepts([6, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(plans.international([9, 8, 1, 2, 3, 4, 5, 6, 7]) == 2)
        #expect(plans.international([9, 9, 9, 2, 1, 1, 1, 1]) == 3)
        #expect(plans.national([8, 1, 2, 3, 4, 5, 6, 7]) && plans.nationalWithTrunk([0, 5, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!plans.nationalWithTrunk([7, 5, 1, 1, 1, 1, 1, 1, 1, 1]))
    }

    @Test func urls() async throws {
        let r = try await redact("Visit http://www.GermanNightclub.ch/ and www.example.org/a?b=1, or arabnews.com. Not file.txt or U.S. news.",
                                 ["entities": ["url"]])
        #expect(r.found.map(\.1) == ["http://www.GermanNightclub.ch/", "www.example.org/a?b=1", "arabnews.com"])
        let trailing = try await redact("(see https://example.com/x).", ["entities": ["url"]])
        #expect(trailing.found.map(\.1) == ["https://example.com/x"])
    }

    @Test func ipAddresses() async throws {
        let r = try await redact("From 86.231.85.193, d80:e4b5:79da:6cf6:71f3:51f7:9161:c319 and fe80::1; not 256.1.1.1 or 10:30:45.",
                                 ["entities": ["ip", "phone", "date"]])
        #expect(r.found.map(\.0) == ["ip", "ip", "ip"])
        #expect(r.found.map(\.1) == ["86.231.85.193", "d80:e4b5:79da:6cf6:71f3:51f7:9161:c319", "fe80::1"])
    }

    @Test func cards() async throws {
        for card in ["4556601938071755", "5210 4024 0559 1275", "2221-0000-0000-0009", "378282246310005", "6759649826438453",
                     "3530111333300000", "6011111111111117"] {
            let r = try await redact("Card \(card).", ["entities": ["credit-card"]])
            #expect(r.found.map(\.1) == [card], "\(card)")
        }
        let bad = try await redact("Card 4556601938071756 and 1234567812345670.", ["entities": ["credit-card"]])
        #expect(bad.found.isEmpty)
    }

    @Test func ibanAndSSN() async throws {
        let r = try await redact("gb50mvfc38361978683032, DE89 3704 0044 0532 0130 00, 308-63-0237, 000-12-3456, 900-12-3456, 123-00-4567.",
                                 ["entities": ["iban", "ssn"]])
        #expect(r.found.map(\.0) == ["iban", "iban", "ssn"])
        let wrongCheck = try await redact("GB51MVFC38361978683032", ["entities": ["iban"]])
        #expect(wrongCheck.found.isEmpty)
    }

    @Test func dates() async throws {
        let r = try await redact("Born 3/23/1940, seen 1993-01-04 14:56:41 on sunday, 5 January 2020, and March 3rd, 2021.",
                                 ["entities": ["date"]])
        #expect(r.found.map(\.1) == ["3/23/1940", "1993-01-04 14:56:41", "sunday, 5 January 2020", "March 3rd, 2021"])
        let none = try await redact("You may go in March or at 10:30 with 3/4 of them.", ["entities": ["date"]])
        #expect(none.found.isEmpty)
    }

    @Test func secrets() async throws {
        let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MaBY\nq8vR2tY6wN51Hx7qLKd93mPzQ8vR2tY6wNAB\n-----END RSA PRIVATE KEY-----"
        let r = try await redact("""
            aws AKIAQYLPMN5HHHFPZAM2 slack xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1 stripe sk_live_51Hx7qLKd93mPzQ8vR2tY6wN
            password = "hT7#kq9ZxL2mVb8RwP4sNc6Y" \(key) api_key: Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==
            """, ["entities": ["secret"]])
        #expect(r.found.count == 6, "\(r.found.map(\.0))")
        #expect(r.found.contains { $0.1 == key })
        let plain = try await redact("The key to success is 2023 work-life-balance strategies-for-everyone.", ["entities": ["secret"]])
        #expect(plain.found.isEmpty)
    }

    @Test func persons() async throws {
        let sample = try String(contentsOf: Bundle.module.url(forResource: "news-sample", withExtension: "txt", subdirectory: "Fixtures")!,
                                encoding: .utf8)
        let r = try await redact(sample, ["entities": ["person"]])
        let people = r.found.map(\.1)
        #expect(people.contains("Abdul Hameed Jalili"))
        #expect(people.contains("Abdul Saboor Mubariz"))
        #expect(people.contains("Jalili"))
        for org in ["Radio", "Television", "Afghanistan", "Islamic", "Emirate", "Durand", "Center", "Strategic", "Regional", "Kabul"] {
            #expect(!people.contains { $0.contains(org) }, "\(org) in \(people)")
        }
        let more = try await redact("Hello, this is Mr. Joseph Dresdner. Elizabeth Floyd will talk; directed by Taylor Einarsson MD.",
                                    ["entities": ["person"]])
        #expect(more.found.map(\.1) == ["Mr. Joseph Dresdner", "Elizabeth Floyd", "Taylor Einarsson MD"])
    }

    @Test func overlapsAndPriority() async throws {
        let r = try await redact("Mail bob@example.com from 10.0.0.1 at http://10.0.0.1/x.")
        #expect(types(r.found) == ["email", "ip", "url"])
    }

    @Test func operators() async throws {
        let text = "Call 415-555-0132 or 415-555-0132, mail a@example.com."
        let hashed = try await redact(text, ["replace-with": "hash", "hash-key-env": "K"], environment: ["K": "secret-key"])
        let parts = hashed.text.components(separatedBy: " or ")
        #expect(parts[0].hasSuffix(parts[1].components(separatedBy: ",")[0]))
        #expect(hashed.text.contains("[PHONE:"))
        #expect(!hashed.text.contains("415"))
        let otherKey = try await redact(text, ["replace-with": "hash", "hash-key-env": "K"], environment: ["K": "another"])
        #expect(otherKey.text != hashed.text)
        let masked = try await redact(text, ["replace-with": "mask", "mask-keep": 2])
        #expect(masked.text == "Call **********32 or **********32, mail ***********om.")
        let removed = try await redact(text, ["replace-with": "remove"])
        #expect(removed.text == "Call or, mail.")
    }

    @Test func hashNeedsKeyFromEnvironment() async throws {
        await #expect(throws: OptionIssues.self) { try await redact("x", ["replace-with": "hash"]) }
        do {
            _ = try await redact("x", ["replace-with": "hash", "hash-key-env": "MISSING_KEY"])
            Issue.record("expected an error")
        } catch let error as OptionIssues {
            #expect(error.description.contains("MISSING_KEY"))
            #expect(error.issues[0].path == ["hash-key-env"])
        }
    }

    @Test func optionErrors() async throws {
        await #expect(throws: OptionIssues.self) { try await redact("x", ["entities": ["emial"]]) }
        await #expect(throws: OptionIssues.self) { try await redact("x", ["patterns": [["name": "a", "regex": "("]]]) }
        await #expect(throws: OptionIssues.self) { try await redact("x", ["patterns": [["name": "a", "regex": "a", "validatr": "luhn"]]]) }
        await #expect(throws: OptionIssues.self) { try await redact("x", ["patterns": [["name": "a", "regex": "a", "validator": "lun"]]]) }
        await #expect(throws: OptionIssues.self) { try await redact("x", ["fail-on": ["secrets"]]) }
    }

    @Test func userRules() async throws {
        let r = try await redact("Order ORD-12345678 and ORD-99999999 for ACME Widgets; acme widgets again.", [
            "patterns": [["name": "order", "regex": "ORD-\\d{8}", "context": ["order"], "context-window": 10]],
            "terms": ["project": ["Acme Widgets"]],
        ])
        #expect(r.found.map(\.0) == ["order", "project", "project"])
        let validated = try await redact("Ref 4556601938071755 or 4556601938071756", [
            "entities": ["email"], "patterns": [["name": "card-ref", "regex": "\\d{16}", "validator": "luhn"]],
        ])
        #expect(validated.found.map(\.1) == ["4556601938071755"])
    }

    @Test func failOnTripsWithoutValue() async throws {
        let r = try await redact("key AKIAQYLPMN5HHHFPZAM2 card 4556601938071755", ["fail-on": ["secret", "credit-card"]])
        let reasons = r.events.compactMap { e -> String? in if case .failOn(let trip) = e { return trip.reason }; return nil }
        #expect(reasons.count == 1)
        #expect(!reasons[0].contains("AKIA") && !reasons[0].contains("4556"))
        #expect(reasons[0].contains("secret") && reasons[0].contains("credit-card"))
        let clean = try await redact("nothing here", ["fail-on": ["secret"]])
        #expect(clean.events.isEmpty)
    }

    @Test func annotationsCarryNoValue() async throws {
        let r = try await StageTester.run(RedactStage.self, on: "Mail bob@example.com now")
        for a in r.document.annotations {
            #expect(!a.jsonValue.description.contains("bob"))
        }
        #expect(r.document.annotations.map(\.start) == [5])
        #expect(r.document.annotations.map(\.end) == [20])
    }

    @Test func offsetsAreScalars() async throws {
        let r = try await StageTester.run(RedactStage.self, on: "Ünïcødé ✓ 😀 mail bob@example.com")
        #expect(r.document.annotations.first?.start == 17)
        #expect(r.text == "Ünïcødé ✓ 😀 mail [EMAIL]")
    }
}
