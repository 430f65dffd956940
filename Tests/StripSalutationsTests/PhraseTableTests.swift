import Foundation
import PipelineKit
import XCTest
@testable import StripSalutations

/// The committed `Phrases/phrases.bin` is what the bundled lists compile to, decodes to the same
/// book as parsing them, and damaged bytes are refused. `PIPELINE_WRITE_TABLES=1` rewrites it
/// (`scripts/build_compiled_tables.sh`).
final class PhraseTableTests: XCTestCase {
    static let phrasesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Stages/StripSalutations/Phrases")
    static var mailFolder: URL { phrasesFolder.deletingLastPathComponent().appendingPathComponent("Mail") }

    func testCommittedTableIsCurrent() throws {
        let built = try XCTUnwrap(try PhraseTable.build(directory: Self.phrasesFolder, mail: Self.mailFolder))
        let path = Self.phrasesFolder.appendingPathComponent(PhraseTable.fileName).path
        if ProcessInfo.processInfo.environment["PIPELINE_WRITE_TABLES"] == "1" {
            try Data(built).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        let committed = try XCTUnwrap(FileManager.default.contents(atPath: path), "\(path) is missing")
        XCTAssertTrue(Array(committed) == built,
                      "Phrases/phrases.bin is stale: run scripts/build_compiled_tables.sh after changing a phrase list")
    }

    func testDecodedTableEqualsParsedLists() throws {
        var parsed = PhraseBook()
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.phrasesFolder.path).filter { $0.hasSuffix(".txt") }.sorted()
        for f in files {
            try parsed.load(text: String(contentsOf: Self.phrasesFolder.appendingPathComponent(f), encoding: .utf8), source: f)
        }
        let built = try XCTUnwrap(try PhraseTable.build(directory: Self.phrasesFolder, mail: Self.mailFolder))
        let decoded = try XCTUnwrap(PhraseTable.decode(TableBytes(copying: built)))
        XCTAssertEqual(decoded.languages, files.map { String($0.dropLast(4)) })
        XCTAssertEqual(decoded.book, parsed)
        XCTAssertEqual(try PhraseBook.allBundled.get(), parsed, "the stage loads the compiled table")
        let mail = MailVocabulary.parse(folder: Self.mailFolder)
        XCTAssertEqual(decoded.mail, mail)
        XCTAssertEqual(MailVocabulary.bundled, mail)
        XCTAssertFalse(mail.fieldKeys.isEmpty)
        XCTAssertGreaterThan(mail.monthWords.phraseCount, 100)
        XCTAssertGreaterThan(parsed.trie(.greeting).phraseCount, 100)
    }

    func testDamagedTablesAreRefused() throws {
        let built = try XCTUnwrap(try PhraseTable.build(directory: Self.phrasesFolder, mail: Self.mailFolder))
        XCTAssertNil(PhraseTable.decode(TableBytes(copying: [])))
        XCTAssertNil(PhraseTable.decode(TableBytes(copying: Array(built.dropLast(1)))), "truncated")
        XCTAssertNil(PhraseTable.decode(TableBytes(copying: built + [0])), "trailing bytes")
        var badMagic = built
        badMagic[3] ^= 0xFF
        XCTAssertNil(PhraseTable.decode(TableBytes(copying: badMagic)))
    }

    /// A frozen layout whose children or root entries point outside the trie is refused, so a
    /// damaged file can never make a walk read outside the table.
    func testFrozenLayoutsPointingOutsideAreRefused() throws {
        var trie = Trie()
        for phrase in ["hi", "hello", "hey there", "dear"] { trie.insert(Normalizer.normalize(phrase), prefix: false) }
        let frozen = FrozenTrie(trie)
        let layout = Array(frozen.layout)
        let count = frozen.nodeCount
        XCTAssertEqual(FrozenTrie(table: TableBytes(copying: layout), at: 0, nodeCount: count, phraseCount: frozen.phraseCount), frozen)
        func patched(_ offset: Int, _ value: Int32) -> [UInt8] {
            var bytes = layout
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + 4, with: $0) }
            return bytes
        }
        let rootOffset = 4 * (count + 1) + 4 * count
        for bad in [patched(0, 0), patched(4, Int32(count + 1)), patched(4 * count, Int32(count - 1)), patched(4, -5),
                    patched(rootOffset + 4 * Int("h".unicodeScalars.first!.value), Int32(count)), patched(rootOffset, 0)] {
            XCTAssertNil(FrozenTrie(table: TableBytes(copying: bad), at: 0, nodeCount: count, phraseCount: 4))
        }
        XCTAssertNil(FrozenTrie(table: TableBytes(copying: Array(layout.dropLast())), at: 0, nodeCount: count, phraseCount: 4), "short")
        XCTAssertNil(FrozenTrie(table: TableBytes(copying: [0, 0] + layout), at: 2, nodeCount: count, phraseCount: 4), "unaligned")
    }

    /// Phrases added to the compiled book (`phrase-files`, `phrases`) give the tries that adding
    /// them to the parsed lists gives; freezing is canonical and unfreezing loses nothing.
    func testAddingToTheCompiledBookEqualsAddingToTheParsedLists() throws {
        var parsed = PhraseBook()
        for f in try FileManager.default.contentsOfDirectory(atPath: Self.phrasesFolder.path).filter({ $0.hasSuffix(".txt") }).sorted() {
            try parsed.load(text: String(contentsOf: Self.phrasesFolder.appendingPathComponent(f), encoding: .utf8), source: f)
        }
        var compiled = try PhraseBook.allBundled.get()
        for kind in PhraseKind.allCases {
            XCTAssertEqual(FrozenTrie(Trie(unfreezing: compiled.frozenTrie(kind))), compiled.frozenTrie(kind), "\(kind)")
        }
        let additions: [(String, PhraseKind)] = [("howdy partner", .greeting), ("cheers mate *", .closing), ("hi", .greeting), ("sent via carrier pigeon *", .device)]
        for (phrase, kind) in additions {
            parsed.add(phrase, kind: kind)
            compiled.add(phrase, kind: kind)
        }
        XCTAssertEqual(compiled, parsed)
        XCTAssertEqual(compiled.frozenTrie(.greeting), FrozenTrie(parsed.trie(.greeting)))
        XCTAssertEqual(compiled.trie(.closing).phraseCount, parsed.trie(.closing).phraseCount)
        XCTAssertNotEqual(compiled, try PhraseBook.allBundled.get(), "the added phrases count")
    }

    func testTrieInsertAndLookup() {
        var trie = Trie()
        trie.insert(Array("hi".unicodeScalars.map(\.value)), prefix: false)
        trie.insert(Array("hi there".unicodeScalars.map(\.value)), prefix: true)
        trie.insert(Array("hé".unicodeScalars.map(\.value)), prefix: false)
        let s = Array("hi there friend".unicodeScalars.map(\.value))
        let found = Array(trie.matches(s, from: 0, to: s.count))
        XCTAssertEqual(found.map(\.end), [8, 2], "longest first")
        XCTAssertEqual(found.first?.flag, Trie.prefix)
        XCTAssertEqual(trie.phraseCount, 3)
        XCTAssertNotNil(trie.longest(Array("hé".unicodeScalars.map(\.value)), from: 0, to: 2))
        XCTAssertFalse(trie.couldMatch(Array("xyz".unicodeScalars.map(\.value)), from: 0))
    }

    /// More phrase ends on one walk than `TrieMatches` keeps inline: all come back, longest first.
    func testTrieMatchesBeyondEightSpill() {
        var trie = Trie()
        let words = (1...11).map { n in (1...n).map { "w\($0)" }.joined(separator: " ") }
        for (k, phrase) in words.enumerated() { trie.insert(Array(phrase.unicodeScalars.map(\.value)), prefix: k % 2 == 0) }
        let s = Array((words.last! + " tail").unicodeScalars.map(\.value))
        var found = trie.matches(s, from: 0, to: s.count)
        XCTAssertEqual(found.count, 11)
        XCTAssertFalse(found.isEmpty)
        let all = Array(IteratorSequence(found))
        XCTAssertEqual(all.map(\.end), words.reversed().map(\.unicodeScalars.count))
        XCTAssertEqual(all.map(\.flag), (0..<11).reversed().map { $0 % 2 == 0 ? Trie.prefix : Trie.exact })
        while found.next() != nil {}
        XCTAssertTrue(found.isEmpty)
    }
}
