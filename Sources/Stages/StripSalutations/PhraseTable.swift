import Foundation
import PipelineKit

/// The compiled form of the bundled phrase lists, `Phrases/phrases.bin`: the tries of
/// `languages: all` ready to use, so a run copies a few arrays instead of parsing and
/// normalizing 41 files. Built by `build(directory:)` (via `scripts/build_compiled_tables.sh`);
/// a test checks the committed file is what the lists compile to.
///
/// ```
/// file     = magic "PIPELINE-PHR-v1\0" (16 bytes), u32 languageCount, string*,
///            u32 trieCount, trie*
/// string   = u32 byteCount, UTF-8 bytes
/// trie     = string kind, u32 nodeCount, u32 phraseCount,
///            i32 firstChild[nodeCount], i32 nextSibling[nodeCount], u32 keys[nodeCount],
///            u8 flags[nodeCount], i32 rootASCII[128]
/// ```
/// Integers are little-endian (the format is read on little-endian machines only).
enum PhraseTable {
    /// The file name inside `Phrases/`.
    static let fileName = "phrases.bin"
    /// The magic bytes that open the file.
    static let magic = Array("PIPELINE-PHR-v1\u{0}".utf8)

    /// What the file holds: the bundled language codes (sorted) and the book of all of them.
    struct Contents: Sendable, Equatable {
        var languages: [String]
        var book: PhraseBook
    }

    /// Parses every `*.txt` list in `directory` (sorted by language code, as a run with
    /// `languages: all` used to) and encodes the result; `nil` when there are none.
    static func build(directory: URL) throws -> [UInt8]? {
        let files = (try FileManager.default.contentsOfDirectory(atPath: directory.path)).filter { $0.hasSuffix(".txt") }.sorted()
        guard !files.isEmpty else { return nil }
        var book = PhraseBook()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try book.load(text: text, source: "Phrases/\(file)")
        }
        return encode(Contents(languages: files.map { String($0.dropLast(4)) }, book: book))
    }

    /// The file's bytes for `contents`.
    static func encode(_ contents: Contents) -> [UInt8] {
        var out = magic
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func string(_ s: String) { u32(s.utf8.count); out.append(contentsOf: s.utf8) }
        func ints<T: FixedWidthInteger>(_ a: [T]) { for v in a { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } } }
        u32(contents.languages.count)
        contents.languages.forEach(string)
        let tries = contents.book.triesByKind.sorted { $0.key < $1.key }
        u32(tries.count)
        for (kind, trie) in tries {
            string(kind)
            u32(trie.keys.count)
            u32(trie.phraseCount)
            ints(trie.firstChild); ints(trie.nextSibling); ints(trie.keys); ints(trie.flags); ints(trie.rootASCII)
        }
        return out
    }

    /// Reads a file's bytes; `nil` when they are not a well-formed phrase table.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Contents? {
        var reader = Reader(bytes: bytes)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        reader.offset = magic.count
        guard let languageCount = reader.u32() else { return nil }
        var languages: [String] = []
        for _ in 0..<languageCount {
            guard let s = reader.string() else { return nil }
            languages.append(s)
        }
        guard let trieCount = reader.u32() else { return nil }
        var tries: [String: Trie] = [:]
        for _ in 0..<trieCount {
            guard let kind = reader.string(), PhraseKind(rawValue: kind) != nil,
                  let n = reader.u32(), let phrases = reader.u32(),
                  let firstChild: [Int32] = reader.ints(n), let nextSibling: [Int32] = reader.ints(n),
                  let keys: [UInt32] = reader.ints(n), let flags: [UInt8] = reader.ints(n),
                  let rootASCII: [Int32] = reader.ints(128),
                  let trie = Trie(firstChild: firstChild, nextSibling: nextSibling, keys: keys, flags: flags,
                                  rootASCII: rootASCII, phraseCount: phrases)
            else { return nil }
            tries[kind] = trie
        }
        guard reader.offset == bytes.count else { return nil }
        return Contents(languages: languages, book: PhraseBook(tries: tries))
    }

    /// A bounds-checked little-endian reader.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func u32() -> Int? {
            guard bytes.count - offset >= 4 else { return nil }
            defer { offset += 4 }
            return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        }

        mutating func string() -> String? {
            guard let n = u32(), bytes.count - offset >= n else { return nil }
            defer { offset += n }
            return String(validating: bytes[offset..<offset + n], as: UTF8.self)
        }

        /// `count` integers, copied out in one go.
        mutating func ints<T: FixedWidthInteger>(_ count: Int) -> [T]? {
            let size = count * MemoryLayout<T>.size
            guard bytes.count - offset >= size else { return nil }
            let start = offset
            offset += size
            let copy = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[start..<start + size]))
                initialized = count
            }
            #if _endian(little)
            return copy
            #else
            return copy.map { T(littleEndian: $0) }
            #endif
        }
    }
}
