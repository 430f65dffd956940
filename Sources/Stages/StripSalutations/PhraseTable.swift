import Foundation
import PipelineKit

/// The compiled form of the bundled phrase lists, `Phrases/phrases.bin`: the tries of
/// `languages: all` and of the mail vocabulary (`Mail/`), frozen (`FrozenTrie`), and the mail
/// vocabulary's word sets. A run maps the file and walks the tries where they lie in it (no
/// parsing, no copy, no re-layout); only the small word sets are copied out. Built by `build(directory:mail:)` (via
/// `scripts/build_compiled_tables.sh`); a test checks the committed file is what the lists compile to.
///
/// ```
/// file     = magic "PIPELINE-PHR-v3\0" (16 bytes), u32 languageCount, string*,
///            u32 trieCount, (string kind, frozen)*, mail
/// string   = u32 byteCount, UTF-8 bytes
/// frozen   = u32 nodeCount, u32 phraseCount, zero bytes up to a multiple of 4, FrozenTrie layout
/// mail     = frozen dateWords, frozen monthWords, frozen fieldNames, frozen forwardSeparators,
///            words forwardSubjectPrefixes, words replySubjectPrefixes,
///            words replyConnectors, words replyPronouns, u32 keyCount, (word, string)* fieldKeys
/// words    = u32 count, word* (sorted)          word = u32 scalarCount, u32 scalars[scalarCount]
/// ```
/// Integers are little-endian (the format is read on little-endian machines only).
enum PhraseTable {
    /// The file name inside `Phrases/`.
    static let fileName = "phrases.bin"
    /// The magic bytes that open the file.
    static let magic = Array("PIPELINE-PHR-v3\u{0}".utf8)

    /// What the file holds: the bundled language codes (sorted) and the book of all of them.
    struct Contents: Sendable, Equatable {
        var languages: [String]
        var book: PhraseBook
        var mail: MailVocabulary
    }

    /// Parses every `*.txt` list in `directory` (sorted by language code, as a run with
    /// `languages: all` used to) and the mail lists in `mail`, and encodes the result; `nil` when
    /// there are no phrase lists.
    static func build(directory: URL, mail: URL) throws -> [UInt8]? {
        let files = (try FileManager.default.contentsOfDirectory(atPath: directory.path)).filter { $0.hasSuffix(".txt") }.sorted()
        guard !files.isEmpty else { return nil }
        var book = PhraseBook()
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try book.load(text: text, source: "Phrases/\(file)")
        }
        return encode(Contents(languages: files.map { String($0.dropLast(4)) }, book: book, mail: MailVocabulary.parse(folder: mail)))
    }

    /// The file's bytes for `contents`.
    static func encode(_ contents: Contents) -> [UInt8] {
        var out = magic
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
        func string(_ text: String) { u32(text.utf8.count); out.append(contentsOf: text.utf8) }
        func ints<T: FixedWidthInteger>(_ values: [T]) { for element in values { withUnsafeBytes(of: element.littleEndian) { out.append(contentsOf: $0) } } }
        u32(contents.languages.count)
        contents.languages.forEach(string)
        func frozen(_ trie: FrozenTrie) {
            u32(trie.nodeCount)
            u32(trie.phraseCount)
            while out.count % 4 != 0 { out.append(0) }
            out.append(contentsOf: trie.layout)
        }
        func word(_ scalars: [UInt32]) { u32(scalars.count); ints(scalars) }
        func words(_ set: Set<[UInt32]>) {
            u32(set.count)
            for entry in set.sorted(by: { $0.lexicographicallyPrecedes($1) }) { word(entry) }
        }
        let kinds = contents.book.kinds
        u32(kinds.count)
        for kind in kinds {
            string(kind.rawValue)
            frozen(contents.book.frozenTrie(kind))
        }
        let mail = contents.mail
        [mail.dateWords, mail.monthWords, mail.fieldNames, mail.forwardSeparators].forEach(frozen)
        [mail.forwardSubjectPrefixes, mail.replySubjectPrefixes, mail.replyConnectors, mail.replyPronouns].forEach(words)
        u32(mail.fieldKeys.count)
        for (name, key) in mail.fieldKeys.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            word(name)
            string(key)
        }
        return out
    }

    /// Reads a table (a mapped file); `nil` when it is not a well-formed phrase table. The
    /// phrase tries of the result use the table's bytes in place.
    static func decode(_ table: TableBytes) -> Contents? {
        let bytes = table.bytes
        var reader = Reader(bytes: bytes)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        reader.offset = magic.count
        guard let languageCount = reader.u32() else { return nil }
        var languages: [String] = []
        for _ in 0..<languageCount {
            guard let language = reader.string() else { return nil }
            languages.append(language)
        }
        guard let trieCount = reader.u32() else { return nil }
        var tries: [PhraseKind: FrozenTrie] = [:]
        for _ in 0..<trieCount {
            guard let name = reader.string(), let kind = PhraseKind(rawValue: name), tries[kind] == nil,
                  let frozen = reader.frozen(in: table) else { return nil }
            tries[kind] = frozen
        }
        guard let dateWords = reader.frozen(in: table), let monthWords = reader.frozen(in: table),
              let fieldNames = reader.frozen(in: table), let forwardSeparators = reader.frozen(in: table),
              let forwardSubject = reader.words(), let replySubject = reader.words(),
              let connectors = reader.words(), let pronouns = reader.words(),
              let keyCount = reader.u32() else { return nil }
        var mail = MailVocabulary(dateWords: dateWords, monthWords: monthWords, fieldNames: fieldNames,
                                  forwardSeparators: forwardSeparators)
        (mail.forwardSubjectPrefixes, mail.replySubjectPrefixes) = (forwardSubject, replySubject)
        (mail.replyConnectors, mail.replyPronouns) = (connectors, pronouns)
        for _ in 0..<keyCount {
            guard let name = reader.word(), let key = reader.string() else { return nil }
            mail.fieldKeys[name] = key
        }
        guard reader.offset == bytes.count else { return nil }
        return Contents(languages: languages, book: PhraseBook(frozen: tries), mail: mail)
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
            guard let length = u32(), bytes.count - offset >= length else { return nil }
            defer { offset += length }
            return String(validating: bytes[offset..<offset + length], as: UTF8.self)
        }

        /// A frozen trie (`u32 nodeCount, u32 phraseCount`, padding to a multiple of 4, its
        /// layout), used in place in `table`; `nil` when the layout is not well-formed.
        mutating func frozen(in table: TableBytes) -> FrozenTrie? {
            guard let nodeCount = u32(), let phraseCount = u32() else { return nil }
            while offset % 4 != 0 { offset += 1 }
            guard let trie = FrozenTrie(table: table, at: offset, nodeCount: nodeCount, phraseCount: phraseCount) else { return nil }
            offset += FrozenTrie.layoutSize(nodeCount: nodeCount)
            return trie
        }

        mutating func word() -> [UInt32]? {
            guard let length = u32() else { return nil }
            return ints(length)
        }

        mutating func words() -> Set<[UInt32]>? {
            guard let wordCount = u32() else { return nil }
            var out: Set<[UInt32]> = []
            for _ in 0..<wordCount {
                guard let entry = word() else { return nil }
                out.insert(entry)
            }
            return out
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
