import Foundation
import Testing
@testable import Redact

/// The committed `Data/secret_rules.bin` is what `Data/secret_rules.json` compiles to, decodes
/// to the same catalogue, and damaged copies are refused. Run with `PIPELINE_WRITE_TABLES=1` to
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
        var forged = SecretCatalogueFile.magic
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { forged.append(contentsOf: $0) }
        withUnsafeBytes(of: payload.withUnsafeBytes { SecretCatalogueFile.fnv1a($0) }.littleEndian) { forged.append(contentsOf: $0) }
        #expect(Self.decode(forged + payload) == nil)
    }
}
