import Foundation
import PipelineKit

/// One rule of the secret catalogue (`Data/secret_rules.json`, converted from gitleaks' default
/// configuration by `scripts/build_secret_rules.py`). A class: the detectors pass rules around
/// by reference instead of copying (and retaining) every field.
final class SecretRule: Sendable {
    /// How the detector finds the rule's candidates.
    enum Shape: String, Sendable {
        /// The token starts with a literal prefix: found with no cue word.
        case prefix
        /// A value assigned to a name containing one of the rule's identifiers.
        case assignment
        /// Implemented in code (generic keys, private keys, `curl -u`, JWTs); kept for allow-lists.
        case special
    }

    /// A token format's own integrity check.
    enum Checksum: String, Sendable {
        /// GitHub and npm: the last six base62 characters are the CRC32 of the random part.
        case githubCRC32 = "github-crc32"
        /// PyPI: a macaroon whose location is `pypi.org` (fixed in the prefix).
        case pypiMacaroon = "pypi-macaroon"
    }

    let id: String
    let shape: Shape
    /// The token (prefix rules, anchored at the candidate) or the value (assignment rules).
    let regex: CatalogueRegex
    /// The capture group holding the secret (0: the first group that matched, else the match).
    let secretGroup: Int
    /// Minimum Shannon entropy of the secret, in bits per character.
    let entropy: Double
    /// Assignment rules: the identifiers a name must contain (case-insensitive regex).
    let identifiers: CatalogueRegex?
    /// Assignment rules: the identifiers' lowercase keywords, a cheap filter before `identifiers`.
    let keywords: [[UInt8]]
    let allow: [SecretAllowList]
    let checksum: Checksum?
    /// The regex can match across blanks or lines (`(?s:.)`, `\s`, `[ \t]`): it gets the full window.
    let multiline: Bool

    init(id: String, shape: Shape, regex: CatalogueRegex, secretGroup: Int, entropy: Double, identifiers: CatalogueRegex?,
         keywords: [[UInt8]], allow: [SecretAllowList], checksum: Checksum?, multiline: Bool) {
        self.id = id
        self.shape = shape
        self.regex = regex
        self.secretGroup = secretGroup
        self.entropy = entropy
        self.identifiers = identifiers
        self.keywords = keywords
        self.allow = allow
        self.checksum = checksum
        self.multiline = multiline
    }
}

/// Values a rule never reports: regexes over the secret, the whole match or the line, and
/// stop words the secret contains.
struct SecretAllowList: Sendable {
    enum Target: String, Sendable { case secret, match, line }
    let target: Target
    let regexes: [CatalogueRegex]
    let stopwords: [String]
    /// The stop words by first byte, for ASCII secrets: built the first time a secret is checked
    /// against them (generic-api-key's list holds ~1,400 words; a run usually checks none).
    private let stopwordIndex: LockedValue<WordsByFirstByte?>
    /// For each regex anchored at the start by one literal punctuation byte (`^\$…`, `^%…`,
    /// `^/Users/…`), that byte: a text starting otherwise is not run through the regex.
    let firstBytes: [UInt8?]

    init(target: Target, regexes: [CatalogueRegex], stopwords: [String]) {
        self.target = target
        self.regexes = regexes
        self.stopwords = stopwords
        self.stopwordIndex = LockedValue(nil)
        self.firstBytes = regexes.map { Self.anchoredFirstByte($0.pattern) }
    }

    /// The punctuation byte a pattern must start its match with (`^` then that byte, no
    /// alternative at the top level), or nil when the pattern does not say.
    static func anchoredFirstByte(_ pattern: String) -> UInt8? {
        let patternBytes = Array(pattern.utf8)
        guard patternBytes.count >= 2, patternBytes[0] == 0x5E else { return nil } // ^
        // An alternative at the top level ("^true|false") is not anchored as a whole.
        var depth = 0, k = 0, inClass = false
        while k < patternBytes.count {
            let byte = patternBytes[k]
            if byte == 0x5C { k += 2; continue }                 // \x
            if inClass { if byte == 0x5D { inClass = false }; k += 1; continue }
            if byte == 0x5B { inClass = true } else if byte == 0x28 { depth += 1 } else if byte == 0x29 { depth -= 1 }
            else if byte == 0x7C && depth == 0 { return nil }    // |
            k += 1
        }
        var first = patternBytes[1]
        if first == 0x5C, patternBytes.count >= 3 { first = patternBytes[2] }       // ^\$
        else if "([.*+?{|^$)".utf8.contains(first) { return nil }
        // Punctuation only: letters and digits may be matched case-insensitively or by a class.
        guard first > 0x20, first < 0x7F, !(first >= 0x30 && first <= 0x39), !((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A) else { return nil }
        return first
    }

    /// `true` when the list allows the secret `p[secret]` (found in `p[match]`, on `p[line]`).
    func allows(_ p: UnsafeBufferPointer<UInt8>, secret: (start: Int, end: Int), match: (start: Int, end: Int),
                line: (start: Int, end: Int), stopwords checkStopwords: Bool = true) -> Bool {
        let text: (start: Int, end: Int)
        switch target {
        case .secret: text = secret
        case .match: text = match
        case .line: text = line
        }
        let head: UInt8? = text.end > text.start ? p[text.start] : nil
        for (r, first) in zip(regexes, firstBytes) where first == nil || first == head {
            if r.firstMatch(p, text.start, text.end) != nil { return true }
        }
        if checkStopwords && !stopwords.isEmpty { return containsStopword(p, secret.start, secret.end) }
        return false
    }

    /// `true` when `p[start..<end]`, lowercased, contains a stop word.
    func containsStopword(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard CatalogueRegex.isASCII(p, start, end) else {
            let lowered = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self).lowercased()
            return stopwords.contains { lowered.contains($0) }
        }
        let index = stopwordIndex.withLock { built in
            if let built { return built }
            let made = WordsByFirstByte(stopwords.map { Array($0.utf8) })
            built = made
            return made
        }
        return index.occurs(in: p, start, end)
    }
}

/// A catalogue pattern, compiled on first use: by the byte engine (`ByteRegex`) when the pattern
/// is in its subset, run on ASCII text; by ICU otherwise (a pattern outside the subset, or text
/// with a non-ASCII byte, where ICU's Unicode classes decide). ICU takes tens of milliseconds to
/// compile the catalogue's few hundred patterns and a run usually needs a handful (a rule's regex
/// runs only when its prefix or keyword is seen), so start-up compiles none. Every pattern
/// compiling is checked by the tests (`SecretCatalogue.uncompilable()`); one that does not
/// anyway matches nothing.
final class CatalogueRegex: Sendable {
    let pattern: String
    let caseInsensitive: Bool
    /// The compiled forms, each made on first use, under one lock (the catalogue makes a few
    /// hundred of these values at start-up: a lock each, not two): the byte program (`nil`
    /// until tried, then `.some(nil)` when the pattern is outside the subset) and the ICU
    /// expression.
    private let compiled = LockedValue<(bytes: ByteRegex??, icu: NSRegularExpression?)>((nil, nil))

    init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
    }

    /// The byte program, or nil when the pattern is outside the byte engine's subset.
    var bytes: ByteRegex? {
        compiled.withLock { stored in
            if let made = stored.bytes { return made }
            let made = ByteRegex(pattern, caseInsensitive: caseInsensitive)
            stored.bytes = .some(made)
            return made
        }
    }

    /// The ICU expression (compiled once, thread-safely).
    var icu: NSRegularExpression {
        compiled.withLock { stored in
            if let made = stored.icu { return made }
            let made = (try? compileICU()) ?? CatalogueRegex.never
            stored.icu = made
            return made
        }
    }

    /// `true` when ICU compiles the pattern.
    var compiles: Bool { (try? compileICU()) != nil }

    private func compileICU() throws -> NSRegularExpression {
        try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    private static let never = try! NSRegularExpression(pattern: "(?!)")

    /// `true` when `p[start..<end]` is all ASCII.
    static func isASCII(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start
        var any: UInt8 = 0
        while k < end { any |= p[k]; k += 1 }
        return any < 0x80
    }

    /// The first match in `p[start..<end]`, seen as a whole text, as capture slots with byte offsets
    /// (see `ByteRegex.firstMatch`); `anchored`: a match starting at `start` only.
    func firstMatch(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, anchored: Bool = false) -> [Int]? {
        firstMatch(p, start, end, anchored: anchored, program: bytes)
    }

    /// `firstMatch` with the byte program already fetched (`bytes`, which takes a lock), for a
    /// caller that runs the pattern more than once.
    func firstMatch(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, anchored: Bool, program: ByteRegex?) -> [Int]? {
        if let program, Self.isASCII(p, start, end) {
            return program.firstMatch(p, start, end, anchored: anchored)
        }
        return icuMatch(p, start, end, anchored: anchored)
    }

    /// ICU's first match, its UTF-16 ranges mapped back to byte offsets.
    func icuMatch(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, anchored: Bool) -> [Int]? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        let whole = NSRange(location: 0, length: (text as NSString).length)
        guard let match = icu.firstMatch(in: text, options: anchored ? [.anchored] : [], range: whole) else { return nil }
        var slots = [Int](repeating: -1, count: 2 * match.numberOfRanges)
        for g in 0..<match.numberOfRanges {
            let nsRange = match.range(at: g)
            guard nsRange.location != NSNotFound, let range = Range(nsRange, in: text) else { continue }
            let matchStart = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            slots[2 * g] = start + matchStart
            slots[2 * g + 1] = start + matchStart + text.utf8.distance(from: range.lowerBound, to: range.upperBound)
        }
        return slots
    }

    /// The secret of a match: `group` when given, else the first group that matched, else the
    /// match; nil when that is empty.
    static func secret(_ slots: [Int], group: Int) -> (start: Int, end: Int)? {
        func range(_ g: Int) -> (start: Int, end: Int)? {
            let start = slots[2 * g], end = slots[2 * g + 1]
            return start >= 0 && end > start ? (start, end) : nil
        }
        let groups = slots.count / 2 - 1
        if group > 0 && group <= groups { return range(group) }
        if groups >= 1 {
            for g in 1...groups { if let groupRange = range(g) { return groupRange } }
        }
        return range(0)
    }
}

/// The loaded catalogue with its prefix table: the rules found by their first bytes, indexed by
/// the first two bytes (ASCII-lowercased) of the prefix. The tables come with the compiled file
/// (`SecretCatalogueIndex`): loading it builds none.
final class SecretCatalogue: Sendable {
    /// A literal a prefix rule's token starts with (see `SecretCatalogueIndex.Prefix`).
    typealias Prefix = SecretCatalogueIndex.Prefix

    let rules: [SecretRule]
    /// Ids of rules the file holds with an unknown kind (the tests require none).
    let rejected: [String]
    /// Bit `SecretCatalogue.keywordStart(a, b, c)` is set when a prefix starts (after its lead
    /// bytes) with the lowercased bytes `a b c` (a two-byte prefix `a b` sets the bit for every `c`):
    /// a word starting "sec" or "sha" is looked up, one starting "see" or "she" is not.
    let prefixStarts: [UInt64]
    /// The prefixes' two-byte keys (the lowercased bytes `a b` after the lead, as `a << 8 | b`),
    /// sorted, and the prefixes of each key in the same order (a binary search on a few hundred
    /// keys instead of hashing one per candidate word).
    let prefixKeys: [UInt16]
    let prefixLists: [[Prefix]]
    /// Indices of the assignment rules.
    let assignmentRules: [Int]
    /// The assignment rules' keywords by first byte (256 lists): (keyword, rule index).
    let keywordIndex: [[([UInt8], Int)]]
    /// Bit `SecretCatalogue.keywordStart(a, b, c)` is set when a keyword of `keywordIndex` starts
    /// with the bytes `a b c` (a two-byte keyword `a b` sets the bit for every `c`).
    let keywordStarts: [UInt64]
    /// Allow-lists for every rule (gitleaks' global allow-list).
    let globalAllow: SecretAllowList
    /// Vendors' documented example keys, as bytes (a handful: compared without building a string).
    let documentedBytes: [[UInt8]]
    /// Special rules by id (`generic-api-key`, `curl-auth-user`, `private-key`, `jwt`).
    let special: [String: Int]

    /// The catalogue in the module's resources, from its compiled form (`Data/secret_rules.bin`);
    /// empty when the file is missing or damaged (the stage then refuses `secret`, see `RedactStage`).
    static let shared: SecretCatalogue = {
        guard let data = DataFiles.data(SecretCatalogueFile.compiledName),
              let decoded = data.withUnsafeBytes({ SecretCatalogueFile.decode(compiled: $0) }) else {
            return SecretCatalogue.empty
        }
        return SecretCatalogue(file: decoded.file, index: decoded.index)
    }()

    static let empty = SecretCatalogue()

    private convenience init() {
        self.init(file: SecretCatalogueFile(allow: .init(regexes: [], stopwords: []), rules: []), index: SecretCatalogueIndex())
    }

    /// The catalogue from its converted JSON (`Data/secret_rules.json`).
    convenience init(json: Data) throws {
        self.init(file: try SecretCatalogueFile(json: json))
    }

    /// A decoded catalogue file with the index computed from it.
    convenience init(file: SecretCatalogueFile) {
        self.init(file: file, index: SecretCatalogueIndex(file: file))
    }

    /// A decoded catalogue file with its index (the one the compiled form stores, or the one
    /// computed from the file: `index.fits(ruleCount:)` holds for the file's known rules).
    init(file: SecretCatalogueFile, index: SecretCatalogueIndex) {
        func compile(_ pattern: String, caseInsensitive: Bool = false) -> CatalogueRegex {
            CatalogueRegex(pattern, caseInsensitive: caseInsensitive)
        }
        func allowList(_ a: SecretCatalogueFile.Allow) -> SecretAllowList {
            SecretAllowList(target: SecretAllowList.Target(rawValue: a.target ?? "secret") ?? .secret,
                            regexes: (a.regexes ?? []).map { compile($0) },
                            stopwords: (a.stopwords ?? []).map(Self.lowercased))
        }
        var rules: [SecretRule] = []
        var assignment: [Int] = []
        var special: [String: Int] = [:]
        // The index's positions are those of the known rules: the same list, in the same order.
        for (position, (r, shape)) in SecretCatalogueIndex.knownRules(file).enumerated() {
            rules.append(SecretRule(
                id: r.id, shape: shape, regex: compile(r.regex), secretGroup: r.secretGroup ?? 0, entropy: r.entropy ?? 0,
                identifiers: r.identifiers.map { compile($0, caseInsensitive: true) },
                keywords: index.keywords[position], allow: (r.allow ?? []).map(allowList),
                checksum: r.checksum.flatMap(SecretRule.Checksum.init(rawValue:)), multiline: index.multiline[position]))
            switch shape {
            case .assignment: assignment.append(position)
            case .special: special[r.id] = position
            case .prefix: break
            }
        }
        self.rules = rules
        self.rejected = file.rules.filter { SecretRule.Shape(rawValue: $0.kind) == nil }.map(\.id)
        self.prefixStarts = index.prefixStarts
        self.prefixKeys = index.prefixKeys
        self.prefixLists = index.prefixLists
        self.assignmentRules = assignment
        self.keywordIndex = index.keywordIndex
        self.keywordStarts = index.keywordStarts
        self.special = special
        self.globalAllow = SecretAllowList(target: .secret, regexes: file.allow.regexes.map { compile($0) },
                                           stopwords: file.allow.stopwords.map(Self.lowercased))
        self.documentedBytes = (file.allow.documented ?? []).map { Array($0.utf8) }
    }

    /// `text` lowercased; a text with no uppercase or non-ASCII byte (nearly every stop word) as it is.
    private static func lowercased(_ text: String) -> String {
        text.utf8.contains { ASCII.isUppercase($0) || $0 >= 0x80 } ? text.lowercased() : text
    }

    /// gitleaks' boundary suffixes: they allow a trailing blank, which is not part of the token.
    static let boundarySuffixes: [[UInt8]] = [#"(?:[\x60'"\s;]|\\[nr]|$)"#, #"(?:$|[\\'"\x60\s<),])"#].map { Array($0.utf8) }
    /// Pieces of a pattern that let it match a blank or a line break.
    static let blankMarkers: [[UInt8]] = ["(?s", "\\s", "[ ", "\\n", "\\r", " "].map { Array($0.utf8) }

    /// `true` when a regex may match blanks or line breaks inside a token: it holds a blank
    /// marker once every boundary suffix is taken out (compared as bytes: Foundation's string
    /// search on each of the catalogue's patterns was most of the catalogue's load time).
    static func spansBlanks(_ regex: String) -> Bool {
        var body = Array(regex.utf8)
        for suffix in boundarySuffixes where body.indices.contains(where: { occurs(suffix, in: body, at: $0) }) {
            body = removingEvery(suffix, from: body)
        }
        // Only positions holding the first byte of some marker are compared with the markers.
        for i in 0..<body.count where markerStarts[Int(body[i])] {
            for marker in blankMarkers where marker[0] == body[i] && occurs(marker, in: body, at: i) { return true }
        }
        return false
    }

    /// `markerStarts[b]` is `true` when some blank marker starts with byte `b`.
    private static let markerStarts: [Bool] = (0..<256).map { byte in blankMarkers.contains { $0[0] == UInt8(byte) } }

    /// `true` when `text` holds `piece` at `i`.
    private static func occurs(_ piece: [UInt8], in text: [UInt8], at i: Int) -> Bool {
        guard i + piece.count <= text.count else { return false }
        var k = 0
        while k < piece.count && text[i + k] == piece[k] { k += 1 }
        return k == piece.count
    }

    /// `text` without the occurrences of `piece`, found left to right without overlapping.
    private static func removingEvery(_ piece: [UInt8], from text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if occurs(piece, in: text, at: i) {
                i += piece.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// The bit of `keywordStarts` for three lowercase bytes (a hash: other triples share it).
    @inline(__always) static func keywordStart(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        (Int(first) &* 961 &+ Int(second) &* 31 &+ Int(third)) & 0xFFFF
    }

    /// `true` when `p[start..<end]` is a vendor's documented example key.
    func isDocumented(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        documentedBytes.contains { key in
            key.count == end - start && key.withUnsafeBufferPointer { k in (0..<k.count).allSatisfy { k[$0] == p[start + $0] } }
        }
    }

    /// `false` when no prefix starts with these three bytes (ASCII case folded; `c` is 0 past
    /// the end of the text); `true` when one may.
    @inline(__always) func mayStart(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Bool {
        let key = Self.keywordStart(ASCII.lowercased(first), ASCII.lowercased(second), ASCII.lowercased(third))
        return prefixStarts[key >> 6] & (1 << UInt64(key & 63)) != 0
    }

    /// The ids of rules with a pattern that does not compile (`global` for the global allow-list);
    /// the tests require none. Compiles every pattern: for tests, not for runs.
    func uncompilable() -> [String] {
        var out: [String] = []
        if globalAllow.regexes.contains(where: { !$0.compiles }) { out.append("global") }
        for rule in rules {
            let patterns = [rule.regex] + (rule.identifiers.map { [$0] } ?? []) + rule.allow.flatMap(\.regexes)
            if patterns.contains(where: { !$0.compiles }) { out.append(rule.id) }
        }
        return out
    }

    /// The rule with this id, when the catalogue has it.
    func special(_ id: String) -> SecretRule? { special[id].map { rules[$0] } }
}
