import Foundation
import PipelineKit

/// The kinds of phrases a phrase file can list, one `[section]` each.
enum PhraseKind: String, CaseIterable, Sendable {
    /// Openers: "hi", "dear", "assalamualaikum", "good morning".
    case greeting
    /// Sign-offs, blessings, prayers and thanks: "best regards", "may allah *", "thanks for *".
    case closing
    /// Device footers: "sent from my *", "gesendet von meinem *".
    case device
    /// Verbs of reply headers: "wrote", "schrieb", "a écrit", "写道".
    case replyVerb = "reply-verb"
    /// Words that open reply headers: "on", "am", "le", "den", "在".
    case replyLead = "reply-lead"
    /// The sender field of a forwarded/Outlook header block: "from", "von", "de", "fra".
    case headerFrom = "header-from"
    /// The other fields of such a block: "sent", "date", "to", "subject", "betreff".
    case headerField = "header-field"
    /// Separator lines: "original message", "forwarded message", "begin forwarded message".
    case separator
    /// Openers of confidentiality notices and unsubscribe blocks at the end: "this email and any *".
    case disclaimer
}

/// Phrase lists by kind, loaded from the bundled `Phrases/<lang>.txt` files, extra files and options.
///
/// File format (UTF-8, line based): `# comment`, `[section]` (one of `PhraseKind`), and one phrase
/// per line. A phrase ending in ` *` opens a sentence that may go on ("may allah *"). Phrases are
/// normalized like the text, so case, diacritics and Arabic-script variants do not matter.
struct PhraseBook: Sendable, Equatable {
    /// Tries built by adding phrases (parsed lists, `phrase-files`, `phrases`), by kind.
    private var tries: [PhraseKind: Trie] = [:]
    /// Tries of the compiled table (`PhraseTable`), used in place until a phrase is added to
    /// their kind.
    private var frozen: [PhraseKind: FrozenTrie] = [:]

    /// The trie for one kind.
    func trie(_ kind: PhraseKind) -> Trie { tries[kind] ?? frozen[kind].map(Trie.init(unfreezing:)) ?? Trie() }

    /// The trie for one kind, frozen for walking: the compiled table's own when no phrase was
    /// added to the kind, else frozen now.
    func frozenTrie(_ kind: PhraseKind) -> FrozenTrie { frozen[kind] ?? FrozenTrie(trie(kind)) }

    /// The kinds with a trie, in the order of their names.
    var kinds: [PhraseKind] {
        Set(tries.keys).union(frozen.keys).sorted { $0.rawValue < $1.rawValue }
    }

    /// Two books are equal when they hold the same phrases with the same flags, however built.
    static func == (lhs: PhraseBook, rhs: PhraseBook) -> Bool {
        lhs.kinds == rhs.kinds && lhs.kinds.allSatisfy { lhs.frozenTrie($0) == rhs.frozenTrie($0) }
    }

    /// Adds one phrase.
    mutating func add(_ phrase: String, kind: PhraseKind) {
        var text = phrase.trimmingCharacters(in: .whitespaces)
        var prefix = false, bare = false
        if text.hasSuffix(" *") { prefix = true; text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        if text.hasSuffix(" =") { bare = true; text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        let normalized = Normalizer.normalize(text)
        guard !normalized.isEmpty else { return }
        if tries[kind] == nil, let compiled = frozen.removeValue(forKey: kind) { tries[kind] = Trie(unfreezing: compiled) }
        tries[kind, default: Trie()].insert(normalized, prefix: prefix, bare: bare)
    }

    /// Parses a phrase file. Returns an error message (with line number) for an unknown section.
    mutating func load(text: String, source: String) throws(PhraseFileError) {
        var kind: PhraseKind?
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                guard let k = PhraseKind(rawValue: name) else {
                    throw PhraseFileError(message: "\(source):\(lineNumber): unknown section '[\(name)]' (sections: \(PhraseKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                kind = k
                continue
            }
            guard let k = kind else {
                throw PhraseFileError(message: "\(source):\(lineNumber): phrase before any [section]")
            }
            add(line, kind: k)
        }
    }

    /// Every bundled list (the default `languages: all`), from the compiled `Phrases/phrases.bin`
    /// (see `PhraseTable`), mapped once per process: no phrase file is parsed and the tries are
    /// walked where they lie in the file.
    static let allBundled: Result<PhraseBook, StageError> = {
        guard let table = bundledTable else {
            return .failure(StageError("the compiled phrase table (Phrases/\(PhraseTable.fileName)) was not found beside the pipeline executable or is damaged; keep the pipeline_StripSalutations.resources folder next to it"))
        }
        return .success(table.book)
    }()

    /// The language codes of the bundled lists (from the compiled table; empty when it is missing).
    static var bundledLanguageCodes: [String] { bundledTable?.languages ?? [] }

    /// The text of one bundled list, `Phrases/<code>.txt` (parsed only for a `languages` subset).
    static func bundledText(_ code: String) -> String? {
        guard let dir = phrasesFolder else { return nil }
        return try? String(contentsOf: dir.appendingPathComponent(code + ".txt"), encoding: .utf8)
    }

    /// The bundled `Phrases/` folder.
    static let phrasesFolder: URL? = StageResources.directory(
        bundle: "pipeline_StripSalutations", folder: "Phrases", sourceDirectory: StageResources.sourceFolder(of: #filePath))

    static let bundledTable: PhraseTable.Contents? = {
        guard let dir = phrasesFolder, let table = TableBytes(mapping: dir.appendingPathComponent(PhraseTable.fileName).path)
        else { return nil }
        return PhraseTable.decode(table)
    }()

    /// A book of parsed tries.
    init(tries: [PhraseKind: Trie] = [:]) { self.tries = tries }

    /// A book of a compiled table's tries (from `PhraseTable`).
    init(frozen: [PhraseKind: FrozenTrie]) { self.frozen = frozen }
}

/// A problem in a phrase file.
struct PhraseFileError: Error {
    var message: String
}
