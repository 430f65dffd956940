import Foundation

/// The secret catalogue's lookup tables: which rules a word start or an assignment's name can
/// belong to, and what each rule's regex needs to know before it runs. They are computed from the
/// rules when `Data/secret_rules.bin` is compiled and stored after them (see `SecretCatalogueFile`),
/// so a run reads them instead of building them; a catalogue made from the JSON (the tests)
/// computes them here. The same rules always give the same index, so the table test that compares
/// the committed file with the JSON's compiled form also fails when this code changes what it
/// computes.
///
/// ```
/// index   = u32 ruleCount, (u8 multiline, u32 count, bytes*)[ruleCount]   (the lowercased keywords)
///           u64 prefixStarts[1024], u32 keyCount, (u32 key, u32 count, prefix*)[keyCount],
///           u64 keywordStarts[1024], (u32 count, (bytes keyword, u32 rule)*)[256]
/// prefix  = bytes, u32 lead, u8 caseInsensitive, u32 rule, u8 holdsKeyword
/// bytes   = u32 byteCount, the bytes
/// ```
struct SecretCatalogueIndex: Equatable, Sendable {
    /// A literal a prefix rule's token starts with. `lead` bytes of it (quotes, `<`, `_`) come
    /// before the word where the scanner stands.
    struct Prefix: Equatable, Sendable {
        let bytes: [UInt8]
        let lead: Int
        let caseInsensitive: Bool
        /// The rule's index in the catalogue's `rules` (rules of unknown kinds left out).
        let rule: Int
        /// One of the rule's keywords is inside the prefix: the keyword check is passed.
        let holdsKeyword: Bool
    }

    /// For each rule (in `rules` order): its regex can match across blanks or lines.
    var multiline: [Bool]
    /// For each rule: its keywords, lowercased, as bytes.
    var keywords: [[[UInt8]]]
    /// See `SecretCatalogue.prefixStarts` (1024 words).
    var prefixStarts: [UInt64]
    /// The prefixes' two-byte keys, sorted, and the prefixes of each key.
    var prefixKeys: [UInt16]
    var prefixLists: [[Prefix]]
    /// The assignment rules' keywords by first byte (256 lists): (keyword, rule index).
    var keywordIndex: [[([UInt8], Int)]]
    /// See `SecretCatalogue.keywordStarts` (1024 words).
    var keywordStarts: [UInt64]

    /// The words of a start bit table (`SecretCatalogue.keywordStart` is a 16-bit hash).
    static let startWords = 1024

    /// The rules of `file` the catalogue keeps: those of a known kind, in file order.
    static func knownRules(_ file: SecretCatalogueFile) -> [(rule: SecretCatalogueFile.Rule, shape: SecretRule.Shape)] {
        file.rules.compactMap { rule in SecretRule.Shape(rawValue: rule.kind).map { (rule, $0) } }
    }

    /// Indexes the rules of `file`.
    init(file: SecretCatalogueFile) {
        let known = Self.knownRules(file)
        multiline = known.map { SecretCatalogue.spansBlanks($0.rule.regex) }
        keywords = known.map { ($0.rule.keywords ?? []).map { Array($0.lowercased().utf8) } }
        var bits = [UInt64](repeating: 0, count: Self.startWords)
        var table: [UInt16: [Prefix]] = [:]
        for (index, (rule, shape)) in known.enumerated() where shape == .prefix {
            for text in rule.prefixes ?? [] {
                let bytes = Array(text.utf8)
                let lead = bytes.prefix { !ASCII.isAlphanumeric($0) }.count
                guard bytes.count - lead >= 2 else { continue }
                let lowered = bytes.map { ASCII.lowercased($0) }
                Self.setStart(&bits, lowered[lead...])
                let holdsKeyword = keywords[index].contains { kw in !kw.isEmpty && lowered.firstRange(of: kw) != nil }
                table[Self.prefixKey(bytes, lead), default: []].append(
                    Prefix(bytes: bytes, lead: lead, caseInsensitive: rule.caseInsensitive ?? false, rule: index, holdsKeyword: holdsKeyword))
            }
        }
        prefixStarts = bits
        prefixKeys = table.keys.sorted()
        prefixLists = prefixKeys.map { table[$0] ?? [] }
        var keywordIndex = [[([UInt8], Int)]](repeating: [], count: 256)
        var starts = [UInt64](repeating: 0, count: Self.startWords)
        for (index, (_, shape)) in known.enumerated() where shape == .assignment {
            for kw in keywords[index] where kw.count >= 2 {
                keywordIndex[Int(kw[0])].append((kw, index))
                Self.setStart(&starts, kw[...])
            }
        }
        self.keywordIndex = keywordIndex
        keywordStarts = starts
    }

    /// The two-byte key of a prefix: its first two bytes after `lead`, ASCII-lowercased.
    static func prefixKey(_ bytes: [UInt8], _ lead: Int) -> UInt16 {
        UInt16(ASCII.lowercased(bytes[lead])) << 8 | UInt16(ASCII.lowercased(bytes[lead + 1]))
    }

    /// Sets the start bit of `word` (lowercase, two bytes or more) in `bits`: the bit of its first
    /// three bytes, or of its two bytes followed by any third.
    private static func setStart(_ bits: inout [UInt64], _ word: ArraySlice<UInt8>) {
        let first = word[word.startIndex], second = word[word.startIndex + 1]
        for third in word.count >= 3 ? [word[word.startIndex + 2]] : Array(0...255) {
            let start = SecretCatalogue.keywordStart(first, second, third)
            bits[start >> 6] |= 1 << UInt64(start & 63)
        }
    }

    /// An empty index (a catalogue without rules).
    init() {
        multiline = []
        keywords = []
        prefixStarts = [UInt64](repeating: 0, count: Self.startWords)
        prefixKeys = []
        prefixLists = []
        keywordIndex = Array(repeating: [], count: 256)
        keywordStarts = [UInt64](repeating: 0, count: Self.startWords)
    }

    private init(multiline: [Bool], keywords: [[[UInt8]]], prefixStarts: [UInt64], prefixKeys: [UInt16],
                 prefixLists: [[Prefix]], keywordIndex: [[([UInt8], Int)]], keywordStarts: [UInt64]) {
        self.multiline = multiline
        self.keywords = keywords
        self.prefixStarts = prefixStarts
        self.prefixKeys = prefixKeys
        self.prefixLists = prefixLists
        self.keywordIndex = keywordIndex
        self.keywordStarts = keywordStarts
    }

    static func == (lhs: SecretCatalogueIndex, rhs: SecretCatalogueIndex) -> Bool {
        lhs.multiline == rhs.multiline && lhs.keywords == rhs.keywords && lhs.prefixStarts == rhs.prefixStarts
            && lhs.prefixKeys == rhs.prefixKeys && lhs.prefixLists == rhs.prefixLists && lhs.keywordStarts == rhs.keywordStarts
            && lhs.keywordIndex.count == rhs.keywordIndex.count
            && zip(lhs.keywordIndex, rhs.keywordIndex).allSatisfy { a, b in
                a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            }
    }

    /// `true` when the index describes `ruleCount` rules and every rule it names is one of them,
    /// every prefix key is in order and matches its prefixes, and every keyword sits under its
    /// first byte: a compiled file whose index disagrees with its rules is refused.
    func fits(ruleCount: Int) -> Bool {
        guard multiline.count == ruleCount, keywords.count == ruleCount, prefixKeys.count == prefixLists.count,
              prefixStarts.count == Self.startWords, keywordStarts.count == Self.startWords, keywordIndex.count == 256,
              zip(prefixKeys, prefixKeys.dropFirst()).allSatisfy({ $0 < $1 }) else { return false }
        for (key, list) in zip(prefixKeys, prefixLists) {
            for prefix in list {
                guard prefix.rule >= 0, prefix.rule < ruleCount, prefix.lead >= 0, prefix.bytes.count - prefix.lead >= 2,
                      Self.prefixKey(prefix.bytes, prefix.lead) == key else { return false }
            }
        }
        for (first, list) in keywordIndex.enumerated() {
            for (kw, rule) in list {
                guard rule >= 0, rule < ruleCount, kw.count >= 2, Int(kw[0]) == first else { return false }
            }
        }
        return true
    }

    /// Appends the index's fields.
    func write(to writer: inout SecretCatalogueFile.Writer) {
        writer.u32(multiline.count)
        for (flag, words) in zip(multiline, keywords) {
            writer.bytes.append(flag ? 1 : 0)
            writer.u32(words.count)
            words.forEach { writer.byteString($0) }
        }
        prefixStarts.forEach { writer.u64($0) }
        writer.u32(prefixKeys.count)
        for (key, list) in zip(prefixKeys, prefixLists) {
            writer.u32(Int(key))
            writer.u32(list.count)
            for prefix in list {
                writer.byteString(prefix.bytes)
                writer.u32(prefix.lead)
                writer.bytes.append(prefix.caseInsensitive ? 1 : 0)
                writer.u32(prefix.rule)
                writer.bytes.append(prefix.holdsKeyword ? 1 : 0)
            }
        }
        keywordStarts.forEach { writer.u64($0) }
        for list in keywordIndex {
            writer.u32(list.count)
            for (kw, rule) in list {
                writer.byteString(kw)
                writer.u32(rule)
            }
        }
    }

    /// Reads the index's fields; `nil` when they are malformed (see also `fits(ruleCount:)`).
    init?(from reader: inout SecretCatalogueFile.Reader) {
        func flag() -> Bool? {
            switch reader.u8() { case 0: return false; case 1: return true; default: return nil }
        }
        func startTable() -> [UInt64]? {
            guard reader.bytes.count - reader.offset >= 8 * Self.startWords else { return nil }
            var words = [UInt64]()
            words.reserveCapacity(Self.startWords)
            for _ in 0..<Self.startWords { words.append(reader.u64()!) }
            return words
        }
        guard let ruleCount = reader.u32(), ruleCount <= reader.remaining else { return nil }
        var multiline: [Bool] = [], keywords: [[[UInt8]]] = []
        multiline.reserveCapacity(ruleCount)
        keywords.reserveCapacity(ruleCount)
        for _ in 0..<ruleCount {
            guard let spans = flag(), let count = reader.u32(), count <= reader.remaining else { return nil }
            var words: [[UInt8]] = []
            for _ in 0..<count {
                guard let word = reader.byteString() else { return nil }
                words.append(word)
            }
            multiline.append(spans)
            keywords.append(words)
        }
        guard let prefixStarts = startTable(), let keyCount = reader.u32(), keyCount <= reader.remaining else { return nil }
        var prefixKeys: [UInt16] = [], prefixLists: [[Prefix]] = []
        for _ in 0..<keyCount {
            guard let key = reader.u32(), key <= Int(UInt16.max), let count = reader.u32(), count <= reader.remaining else { return nil }
            var list: [Prefix] = []
            for _ in 0..<count {
                guard let bytes = reader.byteString(), let lead = reader.u32(), let caseInsensitive = flag(),
                      let rule = reader.u32(), let holdsKeyword = flag() else { return nil }
                list.append(Prefix(bytes: bytes, lead: lead, caseInsensitive: caseInsensitive, rule: rule, holdsKeyword: holdsKeyword))
            }
            prefixKeys.append(UInt16(key))
            prefixLists.append(list)
        }
        guard let keywordStarts = startTable() else { return nil }
        var keywordIndex: [[([UInt8], Int)]] = []
        for _ in 0..<256 {
            guard let count = reader.u32(), count <= reader.remaining else { return nil }
            var list: [([UInt8], Int)] = []
            for _ in 0..<count {
                guard let kw = reader.byteString(), let rule = reader.u32() else { return nil }
                list.append((kw, rule))
            }
            keywordIndex.append(list)
        }
        self.init(multiline: multiline, keywords: keywords, prefixStarts: prefixStarts, prefixKeys: prefixKeys,
                  prefixLists: prefixLists, keywordIndex: keywordIndex, keywordStarts: keywordStarts)
    }
}
