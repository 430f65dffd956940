import Foundation
import PipelineKit
import Testing
@testable import Redact

/// The committed `Names/lexicon.bin` is what the lists and `Cues` compile to, and a lexicon
/// over it answers lookups. Run with `PIPELINE_WRITE_TABLES=1` to rewrite the file
/// (`scripts/build_compiled_tables.sh`).
@Suite struct LexiconTableTests {
    static let namesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Stages/Redact/Names")

    @Test func committedTableIsCurrent() throws {
        let built = try #require(LexiconTable.build(directory: Self.namesFolder), "the name lists are missing")
        let path = Self.namesFolder.appendingPathComponent(LexiconTable.fileName).path
        try expectCommittedTableIsCurrent(built, at: path,
            stale: "Names/lexicon.bin is stale: run scripts/build_compiled_tables.sh after changing the name lists or Cues")
    }

    @Test func buildingTwiceGivesTheSameBytes() throws {
        let a = try #require(LexiconTable.build(directory: Self.namesFolder))
        let b = try #require(LexiconTable.build(directory: Self.namesFolder))
        #expect(a == b)
    }

    @Test func lookupsThroughTheCompiledTable() throws {
        let bytes = try #require(LexiconTable.build(directory: Self.namesFolder))
        let lexicon = try #require(Lexicon(table: TableBytes(copying: bytes)))
        func flags(_ word: String) -> WordFlags { lexicon.flags(Lexicon.hash(word.unicodeScalars.map(\.value))) }
        #expect(flags("Mary").contains(.given))
        #expect(flags("smith").contains(.surname))
        #expect(flags("table").contains(.dictionary))
        #expect(flags("qzxqzxqzx").isEmpty)
        #expect(lexicon.cueFlags(Lexicon.hash("said".unicodeScalars.map(\.value))).contains(.contextAfter))
        #expect(lexicon.cueFlags(Lexicon.hash("mary".unicodeScalars.map(\.value))).isEmpty)
        // Cue words carry the same flags in both tables; legal forms are cue words too.
        for word in ["said", "mr", "president", "gmbh", "doo", "kft", "sons"] {
            #expect(lexicon.cueFlags(Lexicon.hash(word.unicodeScalars.map(\.value))) == flags(word), "\(word)")
        }
        #expect(lexicon.cueFlags(Lexicon.hash("gmbh".unicodeScalars.map(\.value))).contains(.legalForm))
        #expect(lexicon.cueFlags(Lexicon.hash("smith".unicodeScalars.map(\.value))).isEmpty)
        // The shared lexicon (mapped from the bundle) is the same table.
        let shared = try #require(Lexicon.shared)
        #expect(shared.flags(Lexicon.hash("mary".unicodeScalars.map(\.value))) == flags("mary"))
    }

    @Test func damagedTablesAreRefused() throws {
        let good = try #require(LexiconTable.build(directory: Self.namesFolder))
        #expect(Lexicon(table: TableBytes(copying: [])) == nil)
        #expect(Lexicon(table: TableBytes(copying: Array(good.dropLast(8)))) == nil, "truncated")
        var badMagic = good
        badMagic[0] ^= 0xFF
        #expect(Lexicon(table: TableBytes(copying: badMagic)) == nil)
        var badCount = good
        badCount[16] = 3  // not a power of two
        #expect(Lexicon(table: TableBytes(copying: badCount)) == nil)
    }
}
