import Foundation
import Testing
@testable import Redact

/// The committed `Data/secret_rules.bin` is what `Data/secret_rules.json` compiles to, decodes
/// to the same catalogue with the index computed from its rules, and damaged copies (or an index
/// that does not fit its rules) are refused. Run with `PIPELINE_WRITE_TABLES=1` to
/// rewrite the file (`scripts/build_compiled_tables.sh`).
@Suite struct SecretCatalogueTableTests {
    static let dataFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Stages/Redact/Data")

    static func source() throws -> SecretCatalogueFile {
        let json = try #require(FileManager.default.contents(atPath: dataFolder.appendingPathComponent("secret_rules.json").path))
        return try SecretCatalogueFile(json: json)
    }

    static func decode(_ bytes: [UInt8]) -> SecretCatalogueFile? {
        bytes.withUnsafeBytes { SecretCatalogueFile(compiled: $0) }
    }

    @Test func committedTableIsCurrent() throws {
        let built = try Self.source().compiled()
        let path = Self.dataFolder.appendingPathComponent(SecretCatalogueFile.compiledName).path
        try expectCommittedTableIsCurrent(built, at: path,
            stale: "Data/secret_rules.bin is stale: run scripts/build_compiled_tables.sh after changing secret_rules.json")
    }

    @Test func compiledFormDecodesToTheSameCatalogue() throws {
        let source = try Self.source()
        let decoded = try #require(Self.decode(source.compiled()))
        #expect(decoded == source)
        #expect(source.rules.count > 200)
        // Every kind of optional field is present in some rule and absent in another.
        #expect(source.rules.contains { $0.allow != nil } && source.rules.contains { $0.allow == nil })
        #expect(source.rules.contains { $0.checksum != nil } && source.rules.contains { $0.identifiers != nil })
        // The catalogue the stage loads is the JSON's, rule by rule.
        let shared = SecretCatalogue.shared
        #expect(shared.rules.map(\.id) == source.rules.map(\.id))
        #expect(shared.rules.map(\.regex.pattern) == source.rules.map(\.regex))
        #expect(shared.globalAllow.stopwords == source.allow.stopwords.map { $0.lowercased() })
    }

    /// A compiled file around `payload`, its header consistent with it.
    static func framed(_ payload: [UInt8]) -> [UInt8] {
        var out = SecretCatalogueFile.magic
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: payload.withUnsafeBytes { SecretCatalogueFile.fnv1a($0) }.littleEndian) { out.append(contentsOf: $0) }
        return out + payload
    }

    static func bytes(of index: SecretCatalogueIndex) -> [UInt8] {
        var writer = SecretCatalogueFile.Writer()
        index.write(to: &writer)
        return writer.bytes
    }

    /// The run reads the index the file stores; it must be the one the rules give, and the
    /// catalogue built on it the one built from the JSON.
    @Test func compiledIndexIsTheRulesIndex() throws {
        let source = try Self.source()
        let decoded = try #require(source.compiled().withUnsafeBytes { SecretCatalogueFile.decode(compiled: $0) })
        let computed = SecretCatalogueIndex(file: source)
        #expect(decoded.index == computed)
        #expect(computed.fits(ruleCount: SecretCatalogueIndex.knownRules(source).count))
        #expect(computed.multiline.contains(true) && computed.multiline.contains(false))
        #expect(computed.prefixLists.joined().count > 100 && computed.keywordIndex.joined().count > 100)
        #expect(computed.prefixLists.joined().contains { $0.holdsKeyword } && computed.prefixLists.joined().contains { $0.lead > 0 })
        let fromJSON = SecretCatalogue(file: source)
        let shared = SecretCatalogue.shared
        #expect(shared.prefixStarts == fromJSON.prefixStarts && shared.keywordStarts == fromJSON.keywordStarts)
        #expect(shared.prefixKeys == fromJSON.prefixKeys && shared.prefixLists == fromJSON.prefixLists)
        #expect(shared.keywordIndex.map { $0.map(\.0) } == fromJSON.keywordIndex.map { $0.map(\.0) })
        #expect(shared.keywordIndex.map { $0.map(\.1) } == fromJSON.keywordIndex.map { $0.map(\.1) })
        #expect(shared.rules.map(\.multiline) == fromJSON.rules.map(\.multiline))
        #expect(shared.rules.map(\.keywords) == fromJSON.rules.map(\.keywords))
        #expect(shared.assignmentRules == fromJSON.assignmentRules && shared.special == fromJSON.special)
    }

    /// An intact file whose index was made for other rules (one rule fewer) is refused, and so
    /// is an index naming a rule past the end or a prefix under another key.
    @Test func indexNotFittingItsRulesIsRefused() throws {
        let source = try Self.source()
        var fewer = source
        fewer.rules.removeLast()
        let fewerPayload = Array(fewer.compiled()[32...])
        let rulesPart = Array(fewerPayload.dropLast(Self.bytes(of: SecretCatalogueIndex(file: fewer)).count))
        #expect(Self.decode(Self.framed(rulesPart + Self.bytes(of: SecretCatalogueIndex(file: fewer)))) != nil)
        #expect(Self.decode(Self.framed(rulesPart + Self.bytes(of: SecretCatalogueIndex(file: source)))) == nil)
        let index = SecretCatalogueIndex(file: source)
        let count = index.multiline.count
        #expect(index.fits(ruleCount: count) && !index.fits(ruleCount: count - 1) && !index.fits(ruleCount: count + 1))
        var pastTheEnd = index
        let prefix = pastTheEnd.prefixLists[0][0]
        pastTheEnd.prefixLists[0][0] = .init(bytes: prefix.bytes, lead: prefix.lead, caseInsensitive: prefix.caseInsensitive,
                                             rule: count, holdsKeyword: prefix.holdsKeyword)
        #expect(!pastTheEnd.fits(ruleCount: count))
        var otherKey = index
        otherKey.prefixLists.swapAt(0, 1)
        #expect(!otherKey.fits(ruleCount: count))
        var misplacedKeyword = index
        let first = try #require(misplacedKeyword.keywordIndex.firstIndex { !$0.isEmpty })
        misplacedKeyword.keywordIndex[first + 1].append(misplacedKeyword.keywordIndex[first][0])
        #expect(!misplacedKeyword.fits(ruleCount: count))
    }

    @Test func compilingTwiceGivesTheSameBytes() throws {
        #expect(try Self.source().compiled() == Self.source().compiled())
    }

    @Test func damagedTablesAreRefused() throws {
        let good = try Self.source().compiled()
        #expect(Self.decode(good) != nil)
        #expect(Self.decode([]) == nil)
        #expect(Self.decode(Array(good.dropLast(1))) == nil, "truncated")
        #expect(Self.decode(good + [0]) == nil, "trailing byte")
        var badMagic = good
        badMagic[0] ^= 0xFF
        #expect(Self.decode(badMagic) == nil)
        for offset in [40, good.count / 2, good.count - 1] {
            var flipped = good
            flipped[offset] ^= 0x04
            #expect(Self.decode(flipped) == nil, "bit flipped at \(offset)")
        }
        // A consistent header over a malformed payload (a string count past the end) is refused too.
        var payload = Array(good[32...])
        payload[0] = 0xFF
        payload[1] = 0xFF
        #expect(Self.decode(Self.framed(payload)) == nil)
    }
}
