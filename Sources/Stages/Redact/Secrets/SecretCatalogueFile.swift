import Foundation
import PipelineKit

/// The secret catalogue as its files hold it: the converted JSON (`Data/secret_rules.json`,
/// written by `scripts/build_secret_rules.py`, the reviewed source) and its compiled form
/// `Data/secret_rules.bin`, which a run loads (decoding the JSON was about a sixth of a `redact`
/// pipeline's start-up): the rules and, after them, their index (`SecretCatalogueIndex`), so a
/// run builds no lookup table. `scripts/build_compiled_tables.sh` rewrites the compiled file;
/// `SecretCatalogueTableTests` fails while it is stale.
///
/// ```
/// file    = magic "PIPELINE-SEC-v2\0" (16 bytes), u64 payloadLength, u64 FNV-1a-64(payload), payload
/// payload = strings(global regexes), strings(global stopwords), ?strings(documented), u32 ruleCount, rule*,
///           index (see SecretCatalogueIndex)
/// rule    = string id, string kind, string regex, ?i64 secretGroup, ?f64 entropy, ?string identifiers,
///           ?strings keywords, ?strings prefixes, ?bool caseInsensitive, ?(u32 count, allow*), ?string checksum
/// allow   = ?string target, ?strings regexes, ?strings stopwords
/// string  = u32 byteCount, UTF-8 bytes;  strings = u32 count, string*;  ?x = u8 0 (absent) | u8 1, x
/// ```
/// Integers are little-endian, `f64` is the IEEE bit pattern. The same JSON gives the same bytes.
struct SecretCatalogueFile: Codable, Equatable, Sendable {
    /// An allow-list: regexes over its target, stop words the secret may not contain.
    struct Allow: Codable, Equatable, Sendable {
        var target: String?
        var regexes: [String]?
        var stopwords: [String]?
    }

    /// One rule as converted from gitleaks.
    struct Rule: Codable, Equatable, Sendable {
        var id: String
        var kind: String
        var regex: String
        var secretGroup: Int?
        var entropy: Double?
        var identifiers: String?
        var keywords: [String]?
        var prefixes: [String]?
        var caseInsensitive: Bool?
        var allow: [Allow]?
        var checksum: String?
    }

    /// gitleaks' global allow-list and the vendors' documented example keys.
    struct Global: Codable, Equatable, Sendable {
        var regexes: [String]
        var stopwords: [String]
        var documented: [String]?
    }

    var allow: Global
    var rules: [Rule]

    /// The file name of the compiled form inside `Data/`.
    static let compiledName = "secret_rules.bin"
    /// The magic bytes that open the compiled form.
    static let magic = Array("PIPELINE-SEC-v2\u{0}".utf8)
    private static let headerSize = 32

    /// Decodes the converted JSON.
    init(json: Data) throws {
        self = try JSONDecoder().decode(SecretCatalogueFile.self, from: json)
    }

    /// Decodes the compiled form; `nil` when the bytes are not a well-formed, intact catalogue.
    init?(compiled bytes: UnsafeRawBufferPointer) {
        guard let decoded = Self.decode(compiled: bytes) else { return nil }
        self = decoded.file
    }

    /// Decodes the compiled form, the rules and their index; `nil` when the bytes are not a
    /// well-formed, intact catalogue or its index does not fit its rules.
    static func decode(compiled bytes: UnsafeRawBufferPointer) -> (file: SecretCatalogueFile, index: SecretCatalogueIndex)? {
        guard bytes.count >= Self.headerSize, bytes[0..<16].elementsEqual(Self.magic) else { return nil }
        let length = bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian
        let checksum = bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian
        guard length == UInt64(bytes.count - Self.headerSize) else { return nil }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize...])
        guard Self.fnv1a(payload) == checksum else { return nil }
        var reader = Reader(bytes: payload)
        guard let file = reader.file(), let index = SecretCatalogueIndex(from: &reader), reader.offset == payload.count,
              index.fits(ruleCount: SecretCatalogueIndex.knownRules(file).count) else { return nil }
        return (file, index)
    }

    init(allow: Global, rules: [Rule]) {
        self.allow = allow
        self.rules = rules
    }

    /// The compiled form's bytes.
    func compiled() -> [UInt8] {
        var writer = Writer()
        writer.strings(allow.regexes)
        writer.strings(allow.stopwords)
        writer.optional(allow.documented) { $0.strings($1) }
        writer.u32(rules.count)
        for rule in rules {
            writer.string(rule.id)
            writer.string(rule.kind)
            writer.string(rule.regex)
            writer.optional(rule.secretGroup) { $0.u64(UInt64(bitPattern: Int64($1))) }
            writer.optional(rule.entropy) { $0.u64($1.bitPattern) }
            writer.optional(rule.identifiers) { $0.string($1) }
            writer.optional(rule.keywords) { $0.strings($1) }
            writer.optional(rule.prefixes) { $0.strings($1) }
            writer.optional(rule.caseInsensitive) { $0.bytes.append($1 ? 1 : 0) }
            writer.optional(rule.allow) { writer, lists in
                writer.u32(lists.count)
                for list in lists {
                    writer.optional(list.target) { $0.string($1) }
                    writer.optional(list.regexes) { $0.strings($1) }
                    writer.optional(list.stopwords) { $0.strings($1) }
                }
            }
            writer.optional(rule.checksum) { $0.string($1) }
        }
        SecretCatalogueIndex(file: self).write(to: &writer)
        var out = Self.magic
        out.reserveCapacity(Self.headerSize + writer.bytes.count)
        Writer.append(&out, UInt64(writer.bytes.count))
        Writer.append(&out, EmbeddedResources.fnv1a(writer.bytes))
        out.append(contentsOf: writer.bytes)
        return out
    }

    /// FNV-1a, 64 bits (`EmbeddedResources.fnv1a`): damage to the payload (a flipped bit, a
    /// truncated copy) is refused.
    static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        EmbeddedResources.fnv1a(Array(bytes))
    }

    /// Appends the compiled form's fields.
    struct Writer {
        var bytes: [UInt8] = []

        static func append(_ out: inout [UInt8], _ value: UInt64) {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }

        mutating func u64(_ value: UInt64) { Self.append(&bytes, value) }

        mutating func u32(_ value: Int) {
            withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func string(_ text: String) {
            u32(text.utf8.count)
            bytes.append(contentsOf: text.utf8)
        }

        mutating func strings(_ texts: [String]) {
            u32(texts.count)
            for text in texts { string(text) }
        }

        mutating func byteString(_ bytes: [UInt8]) {
            u32(bytes.count)
            self.bytes.append(contentsOf: bytes)
        }

        mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            write(&self, value)
        }
    }

    /// Reads the compiled form's fields; every read is bounds-checked and answers `nil` past the end.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        /// The bytes not read yet.
        var remaining: Int { bytes.count - offset }

        mutating func u8() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u32() -> Int? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            return Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
        }

        mutating func u64() -> UInt64? {
            guard offset + 8 <= bytes.count else { return nil }
            defer { offset += 8 }
            return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
        }

        mutating func string() -> String? {
            guard let count = u32(), count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
        }

        mutating func byteString() -> [UInt8]? {
            guard let count = u32(), count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
        }

        mutating func strings() -> [String]? {
            guard let count = u32(), count <= bytes.count - offset else { return nil }
            var out: [String] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let text = string() else { return nil }
                out.append(text)
            }
            return out
        }

        /// An optional field: `.some(nil)` when absent, `nil` when the bytes are malformed.
        mutating func optional<T>(_ read: (inout Reader) -> T?) -> T?? {
            switch u8() {
            case 0: return .some(nil)
            case 1: return read(&self).map { .some($0) }
            default: return nil
            }
        }

        mutating func allow() -> Allow? {
            guard let target = optional({ $0.string() }), let regexes = optional({ $0.strings() }),
                  let stopwords = optional({ $0.strings() }) else { return nil }
            return Allow(target: target, regexes: regexes, stopwords: stopwords)
        }

        mutating func rule() -> Rule? {
            guard let id = string(), let kind = string(), let regex = string(),
                  let secretGroup = optional({ $0.u64().map { Int(Int64(bitPattern: $0)) } }),
                  let entropy = optional({ $0.u64().map(Double.init(bitPattern:)) }),
                  let identifiers = optional({ $0.string() }),
                  let keywords = optional({ $0.strings() }),
                  let prefixes = optional({ $0.strings() }),
                  let caseInsensitive = optional({ reader -> Bool? in
                      switch reader.u8() { case 0: return false; case 1: return true; default: return nil }
                  }),
                  let allow = optional({ reader -> [Allow]? in
                      guard let count = reader.u32(), count <= reader.bytes.count - reader.offset else { return nil }
                      var lists: [Allow] = []
                      for _ in 0..<count {
                          guard let list = reader.allow() else { return nil }
                          lists.append(list)
                      }
                      return lists
                  }),
                  let checksum = optional({ $0.string() }) else { return nil }
            return Rule(id: id, kind: kind, regex: regex, secretGroup: secretGroup, entropy: entropy, identifiers: identifiers,
                        keywords: keywords, prefixes: prefixes, caseInsensitive: caseInsensitive, allow: allow, checksum: checksum)
        }

        mutating func file() -> SecretCatalogueFile? {
            guard let regexes = strings(), let stopwords = strings(), let documented = optional({ $0.strings() }),
                  let count = u32(), count <= bytes.count - offset else { return nil }
            var rules: [Rule] = []
            rules.reserveCapacity(count)
            for _ in 0..<count {
                guard let rule = rule() else { return nil }
                rules.append(rule)
            }
            return SecretCatalogueFile(allow: Global(regexes: regexes, stopwords: stopwords, documented: documented), rules: rules)
        }
    }
}
