import PipelineKit
import PropertyBased
import Testing
@testable import Redact

/// Generators of valid identifiers, built the way issuers and banks build them.
enum Valid {
    static let cardPrefixes: [(String, Int)] = [
        ("4", 16), ("4", 13), ("4", 19), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15), ("37", 15),
        ("6011", 16), ("65", 16), ("3528", 16), ("36", 14), ("50", 12), ("6759", 19), ("62", 17), ("2200", 16),
    ]

    /// A Luhn-valid number with `prefix`, `length` digits, the body taken from `seed`.
    static func card(prefix: String, length: Int, body: [Int]) -> String {
        var digits = prefix.map { Int(String($0))! }
        var k = 0
        while digits.count < length - 1 { digits.append(body[k % body.count]); k += 1 }
        // Check digit.
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = d
            if i % 2 == 0 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        digits.append((10 - sum % 10) % 10)
        return digits.map(String.init).joined()
    }

    static let ibanCountries: [(String, Int)] = [("PT", 25), ("DE", 22), ("FR", 27), ("SI", 19), ("ES", 24), ("HR", 21), ("NO", 15),
                                                 ("BE", 16), ("CH", 21), ("PL", 28), ("SE", 24), ("AT", 20)]

    /// A numeric-BBAN IBAN with correct check digits.
    static func iban(country: String, length: Int, body: [Int]) -> String {
        var bban = ""
        var k = 0
        while bban.count < length - 4 { bban += String(body[k % body.count]); k += 1 }
        let rearranged = bban + country.unicodeScalars.map { String(Int($0.value) - 55) }.joined() + "00"
        var rem = 0
        for c in rearranged { rem = (rem * 10 + Int(String(c))!) % 97 }
        let check = 98 - rem
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }

    static func grouped(_ s: String, by n: Int, _ sep: String) -> String {
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && i % n == 0 { out += sep }
            out.append(c)
        }
        return out
    }
}

let digitBody = Gen.int(in: 0...9).array(of: 8...20)

@Suite struct RedactPropertyTests {
    @Test func everyValidCardIsFound() async {
        await propertyCheck(count: 300, input: Gen.element(of: Valid.cardPrefixes).map { $0! }, digitBody, Gen.element(of: ["", " ", "-"]).map { $0! }) { issuer, body, sep in
            let number = Valid.card(prefix: issuer.0, length: issuer.1, body: body)
            let written = sep.isEmpty ? number : Valid.grouped(number, by: 4, sep)
            let r = try await redact("My card is \(written), thanks.", ["entities": ["credit-card", "phone", "date"]])
            #expect(r.found.map(\.0) == ["credit-card"], "\(written)")
            #expect(r.found.first?.1 == written)
        }
    }

    @Test func everyValidIBANIsFound() async {
        await propertyCheck(count: 200, input: Gen.element(of: Valid.ibanCountries).map { $0! }, digitBody, Gen.bool) { country, body, spaced in
            let iban = Valid.iban(country: country.0, length: country.1, body: body)
            let written = spaced ? Valid.grouped(iban, by: 4, " ") : iban
            let r = try await redact("Pay to \(written) please.")
            #expect(r.found.map(\.0) == ["iban"], "\(written)")
            #expect(r.found.first?.1 == written)
        }
    }

    @Test func everyValidEmailIsFound() async {
        let local = Gen.letterOrNumber.string(of: 1...12)
        let domain = Gen.lowercaseLetter.string(of: 2...12)
        await propertyCheck(count: 300, input: local, local, domain, Gen.element(of: ["com", "de", "co.uk", "io", "example"]).map { $0! }) { a, b, d, tld in
            let email = "\(a).\(b)@\(d).\(tld)"
            let r = try await redact("Write to \(email) today.")
            #expect(r.found.map(\.1) == [email], "\(email)")
            #expect(r.text == "Write to [EMAIL] today.")
        }
    }

    static let pieces = [
        "the", "talks", "stalled", "Kabul", "said", "on", "Monday", "Abdul Hameed Jalili", "bob@example.com", "+1 415 555 0132",
        "4556601938071755", "GB82WEST12345698765432", "308-63-0237", "10.0.0.1", "https://example.com/x", "Oct. 19", "Mr. Smith",
        "AKIAIOSFODNN7EXAMPLE", "[EMAIL]", "PERSON_1", ",", ".", "\n", "(", ")", "2021", "Mary", "key:", "ünïcødé", "😀",
    ]

    @Test func redactingTwiceChangesNothingMore() async {
        await propertyCheck(count: 300, input: Gen.element(of: Self.pieces).map { $0! }.array(of: 0...30),
                            Gen.element(of: ["tag", "mask", "pseudonym", "remove"]).map { $0! }) { words, op in
            let text = words.joined(separator: " ")
            let once = try await redact(text, ["replace-with": .string(op)])
            let twice = try await redact(once.text, ["replace-with": .string(op)])
            // (`remove` also deletes the context of what is left, so only tags must be a fixed point.)
            if op == "tag" {
                #expect(twice.text == once.text, "\(text.debugDescription) -> \(once.text.debugDescription) -> \(twice.text.debugDescription)")
            }
            // Whatever the operator, nothing found the first time survives.
            for (type, value) in once.found where value.count >= 6 && type != "person" && type != "date" {
                #expect(!once.text.contains(value), "\(text.debugDescription) -> \(once.text.debugDescription)")
            }
        }
    }

    @Test func noInputCrashesOrLoops() async {
        let scalar = Gen.element(of: Array("aZ09@.:-+()/_ \n\t'’x#=%é😀€$".unicodeScalars)).map { $0! }
        await propertyCheck(count: 500, input: scalar.array(of: 0...200)) { scalars in
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars)
            let text = String(s)
            let r = try await StageTester.run(RedactStage.self, on: text)
            let n = text.unicodeScalars.count
            var last = 0
            for a in r.document.annotations {
                #expect(a.start >= last && a.end > a.start && a.end <= n)
                last = a.end
            }
        }
    }

    @Test func adversarialInputs() async throws {
        let inputs = [
            String(repeating: "@", count: 5000), String(repeating: "1", count: 5000), String(repeating: "1 ", count: 5000),
            String(repeating: ":", count: 5000), String(repeating: "a.", count: 5000), "-----BEGIN RSA PRIVATE KEY-----",
            "-----BEGIN ", "http://", "www.", "x@", "@x.c", "(", "+", "::", "ghp_", String(repeating: "Abdul ", count: 3000),
            String(repeating: "Mr. ", count: 2000), "\u{0}\u{1}", "1.2.3.4.5.6.7.8", String(repeating: "1-", count: 3000),
        ]
        for text in inputs {
            let r = try await StageTester.run(RedactStage.self, on: text)
            #expect(r.documents.count == 1)
        }
    }
}
