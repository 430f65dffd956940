import PropertyBased
import Testing
@testable import Redact

/// The trigger scan (`Detectors.scanTriggers`, for kinds among email, phone and url) must find
/// exactly the candidates of the general scanner: on seeded random texts built from pieces near
/// the triggers (addresses at the start and end, `a@b`, IPv4 hosts, `www.` at the start, dots
/// before non-TLDs, phones after `(` and `+`, digits glued to letters, non-ASCII around triggers)
/// and on random byte soup from the trigger-heavy alphabet, at every offset against the sixteen-byte
/// chunks, for every subset of the three kinds, with and without person. The general scanner
/// compared with also looks at every short number (`numberAt`'s pass over "20 to 30" when phone
/// is the only numeric kind is off), so that pass is checked too.
@Suite struct TriggerScanTests {
    static let pieces = [
        "the", "market", "said", "on", "a", "Monday", "x", "ab", "ok", "said.", "e.g.", "i.e.", "U.S.", "Mr.", "No.", "etc.",
        "jane@example.com", "a@b", "x.y@z.co", "@", "@@", "a@", "@b.com", "\"john doe\"@example.com", "jane.@example.com", "foo..bar@example.com",
        "bob@[192.0.2.1]", "root@[IPv6:2001:db8::1]", "user+tag@sub.example.org", "ünïcode@bücher.de", "me@xn--bcher-kva.de",
        "https://example.com/a", "http://10.0.0.1:8080/x", "http://300.1.1.1", "HTTP://Example.COM", "ftp://ftp.example.net/file.txt",
        "https://user:pw@host.example.com/p?q=1#f", "http://[2001:db8::1]/", "https:", "http:/", "mailto:", "http://", "(https://example.com/x)",
        "www.example.org", "www.", "WWW.Example.Org", "www.a.b", "example.com", "example.com/path", "example.co.uk", "example.Com",
        "example.notatld", "file.txt", "index.html", "v1.2", "3.14", "a.b", "foo.bar.baz", "go.dev", "x.com", "ex-ample.com", "-example.com",
        "10.0.0.1", "192.168.1.20", "1.2.3.4.5", "+44 20 7946 0958", "(555) 123-4567", "+1 (415) 555-0132", "555-0132", "+", "(", "()",
        "+1", "(0)", "020 7946 0958", "07946 095 8", "1-800-555-0199", "ext. 12", "x123", "a1b2c3", "abc123.com", "3com.com", "2019",
        "12,", "10:30", "12:30:45", "4111 1111 1111 1111", "0800 123 456", "tel:+442079460958", "Tel.:020 7946 0958", "++44 20",
        "\u{201C}quoted\u{201D}", "café", "naïve.com", "é@é.fr", "ü+44 20 7946 0958", "—", "\u{00A0}", "日本.jp", "例え@例え.jp",
        "＋４４ ２０ ７９４６ ０９５８", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "20\u{00A0}7946\u{00A0}0958", "a\u{200B}b@example.com", "_foo.com", "foo_.com",
        "'", "\"", "(", ")", "[", "]", ":", "::", ".", "..", "\n", "\r\n", "=", "/", "-", "_",
        "20 to 30", "1 2 3", "12 (415) 555-0132", "7 415 555 0132", "123 ", "999 x12", "12 ext. 7", "1 800 555 0199", "44 20",
        "in 2019 the", "2019 x12", "1999 ext. 7", "2099 Ext 12", "1899 votes", "2100 years", "2019 (415) 555-0132", "2019 2020", "tel 2019 a",
        "in 2019.", "2019.5", "2019.x", "2019.X1", "1999.(", "2019. 555", "2019.555.0132", "tel. 2019.",
    ]
    static let separators = [" ", " ", " ", "", ", ", ". ", "\n", ":", "(", ")", ".", "-", "/", "é", "\u{2014}", "@", "+", "'"]
    /// Bytes for the soup: triggers, what glues to them, letters that spell schemes and TLDs.
    static let soup = Array("abcehmoptwxz.:@+(0123456789 -_/é.com".unicodeScalars)

    static func matches(_ text: String, _ kinds: KindSet, triggers: Bool) -> [String] {
        var copy = text
        let detectors = Detectors(kinds: kinds, usesTriggers: triggers, skipsShortNumbers: triggers)
        return copy.withUTF8 { buffer in
            var out: [Match] = []
            detectors.scan(Bytes(buffer), into: &out)
            return out.map { "\($0.type) \($0.start)..<\($0.end)" }
        }
    }

    static func kinds(_ names: [String]) -> KindSet {
        var set = KindSet()
        for name in names { set.insert(Kind(name: name)!) }
        return set
    }

    static let kindSets: [[String]] = [
        ["email", "phone", "url"], ["email"], ["phone"], ["url"], ["email", "phone"], ["email", "url"], ["phone", "url"],
        ["email", "phone", "url", "person"],
    ]

    /// Compares the two scanners on `text` after 0 to 15 and 48 to 63 leading letters and a space
    /// (every offset against the 16-byte chunks of a 64-byte block, and across the first block's
    /// end), and with it glued to the start and the end of the text.
    static func compare(_ text: String, _ label: String) {
        var variants = (Array(0..<16) + Array(48..<64)).map { shift in (shift == 0 ? "" : String(repeating: "q", count: shift) + " ") + text }
        variants.append("x" + text + "y")
        for variant in variants {
            for names in kindSets {
                let kinds = Self.kinds(names)
                #expect(matches(variant, kinds, triggers: true) == matches(variant, kinds, triggers: false),
                        "\(label), kinds \(names): \(variant.debugDescription)")
            }
        }
    }

    @Test func findsWhatTheGeneralScannerFindsInPieces() {
        // A fixed seed, so a failure names a text that comes back.
        var generator = Xoshiro(seed: (21, 22, 23, 24))
        for round in 0..<150 {
            var text = ""
            for _ in 0..<Int.random(in: 1..<24, using: &generator) {
                text += Self.pieces.randomElement(using: &generator)! + Self.separators.randomElement(using: &generator)!
            }
            Self.compare(text, "pieces round \(round)")
        }
    }

    @Test func findsWhatTheGeneralScannerFindsInSoup() {
        var generator = Xoshiro(seed: (31, 32, 33, 34))
        for round in 0..<150 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1..<64, using: &generator) { scalars.append(Self.soup.randomElement(using: &generator)!) }
            Self.compare(String(scalars), "soup round \(round)")
        }
    }

    @Test func everyPieceAloneAndInPairs() {
        for piece in Self.pieces { Self.compare(piece, "alone") }
        for (a, b) in zip(Self.pieces, Self.pieces.dropFirst(7)) {
            for separator in ["", " ", "."] { Self.compare(a + separator + b, "pair") }
        }
    }

    @Test func kindsChooseTheTriggers() {
        #expect(TriggerBytes(kinds: Self.kinds(["email", "phone", "url"])) != nil)
        #expect(TriggerBytes(kinds: Self.kinds(["email", "phone", "url", "person"])) != nil)
        #expect(TriggerBytes(kinds: Self.kinds(["url"]))?.phone == false)
        #expect(TriggerBytes(kinds: Self.kinds(["person"])) == nil)
        #expect(TriggerBytes(kinds: KindSet()) == nil)
        for other in ["ip", "date", "secret", "iban", "ssn", "credit-card"] {
            #expect(TriggerBytes(kinds: Self.kinds(["email", "phone", "url", other])) == nil, "\(other) needs the general scanner")
        }
    }

    /// The triggers of each kind, spelled out (what `contains` must say).
    static func isTrigger(_ byte: UInt8, _ triggers: TriggerBytes) -> Bool {
        (triggers.phone && ((byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(")))
            || (triggers.email && byte == UInt8(ascii: "@")) || (triggers.url && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")))
    }

    @Test func containsTellsExactlyTheTriggerBytes() {
        for names in [["email", "phone", "url"], ["url"], ["phone"], ["email"], ["email", "url"], ["phone", "url"]] {
            let triggers = TriggerBytes(kinds: Self.kinds(names))!
            for byte in 0...255 {
                #expect(triggers.contains(UInt8(byte)) == Self.isTrigger(UInt8(byte), triggers), "byte \(byte), \(names)")
            }
        }
    }

    /// The bytes `candidateBits` marks: those from `(` to `@` but commas and hyphens.
    static func isCandidate(_ byte: Int) -> Bool { (0x28...0x40).contains(byte) && byte != 0x2C && byte != 0x2D }

    @Test func everyTriggerOfEveryKindSetIsACandidate() {
        for names in [["email"], ["phone"], ["url"], ["email", "phone"], ["email", "url"], ["phone", "url"], ["email", "phone", "url"]] {
            let triggers = TriggerBytes(kinds: Self.kinds(names))!
            for byte in 0...255 where triggers.contains(UInt8(byte)) {
                #expect(Self.isCandidate(byte), "byte \(byte), a trigger of \(names)")
            }
        }
    }

    @Test func candidateBitsMarkTheBytesFrom0x28To0x40ButCommasAndHyphens() {
        // The same candidates for every kind set: `contains` picks the triggers among them.
        let all = TriggerBytes(kinds: Self.kinds(["email", "phone", "url"]))!
        for byte in 0...255 {
            for lane in 0..<64 {
                // The byte in one lane among non-ASCII bytes, zeros and letters (no lane may leak
                // into another).
                for background: UInt8 in [0xFF, 0x80, 0x00, 0x61] {
                    var block = [UInt8](repeating: background, count: 64)
                    block[lane] = UInt8(byte)
                    let expected: UInt64 = Self.isCandidate(byte) ? 1 << UInt64(lane) : 0
                    let found = block.withUnsafeBytes { all.candidateBits(at: $0.baseAddress!) }
                    #expect(found == expected, "byte \(byte) in lane \(lane) among \(background)")
                }
            }
        }
    }

    @Test func candidateBitsOfABlockAndOfATextsTail() {
        let all = TriggerBytes(kinds: Self.kinds(["email", "phone", "url"]))!
        var generator = Xoshiro(seed: (51, 52, 53, 54))
        let alphabet = Array("a .:@+(09),-/é".utf8)
        for round in 0..<200 {
            let block = (0..<64).map { _ in alphabet.randomElement(using: &generator)! }
            var expected: UInt64 = 0
            for (lane, byte) in block.enumerated() where Self.isCandidate(Int(byte)) { expected |= 1 << UInt64(lane) }
            #expect(block.withUnsafeBytes { all.candidateBits(at: $0.baseAddress!) } == expected, "round \(round)")
            // The first `count` bytes as a text's tail: only their candidates.
            for count in 0..<64 {
                let tail = block.withUnsafeBytes { all.candidateBits(at: $0.baseAddress!, count: count) }
                #expect(tail == expected & (count == 0 ? 0 : ~0 >> UInt64(64 - count)), "round \(round), tail of \(count)")
            }
        }
    }

    @Test func laneBitsByMultiplyAgreesWithTheVectorMask() {
        // The portable gather (other architectures) against `laneBits` (here `pmovmskb`).
        var generator = Xoshiro(seed: (41, 42, 43, 44))
        for _ in 0..<2000 {
            let lanes = SIMD16<UInt8>((0..<16).map { _ in Bool.random(using: &generator) ? 0xFF : 0 })
            #expect(TriggerBytes.laneBitsByMultiply(lanes) == TriggerBytes.laneBits(lanes), "\(lanes)")
        }
    }
}
