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

/// A trie over normalized scalars. Each terminal is exact (the phrase must end the item) and/or
/// prefix (the phrase opens a sentence that may continue: written `phrase *` in the files).
struct Trie: Sendable {
    static let exact: UInt8 = 1
    static let prefix: UInt8 = 2
    /// A greeting that takes no name when the body follows on its line ("Salam Fayyad, the…" is body).
    static let bare: UInt8 = 4
    /// Nodes in flat arrays (no nested array is retained on a walk): each node's scalar, its first
    /// child and its next sibling (-1: none). Siblings are searched linearly (nodes have few children).
    private var label: [UInt32] = [0]
    private var firstChild: [Int32] = [-1]
    private var nextSibling: [Int32] = [-1]
    /// The root's children for ASCII scalars (-1: none): most walks end at the root.
    private var rootASCII = [Int32](repeating: -1, count: 128)
    private var flags: [UInt8] = [0]
    /// Number of phrases inserted.
    private(set) var phraseCount = 0

    @inline(__always)
    private func child(_ node: Int, _ c: UInt32) -> Int? {
        if node == 0 && c < 128 { let n = rootASCII[Int(c)]; return n < 0 ? nil : Int(n) }
        var e = firstChild[node]
        while e >= 0 {
            if label[Int(e)] == c { return Int(e) }
            e = nextSibling[Int(e)]
        }
        return nil
    }

    /// Adds a normalized phrase.
    mutating func insert(_ s: [UInt32], prefix: Bool, bare: Bool = false) {
        guard !s.isEmpty else { return }
        var node = 0
        for c in s {
            if let n = child(node, c) { node = n } else {
                let n = label.count
                label.append(c); flags.append(0); firstChild.append(-1)
                nextSibling.append(firstChild[node])
                firstChild[node] = Int32(n)
                if node == 0 && c < 128 { rootASCII[Int(c)] = Int32(n) }
                node = n
            }
        }
        if flags[node] == 0 { phraseCount += 1 }
        flags[node] |= prefix ? Trie.prefix : Trie.exact
        if bare { flags[node] |= Trie.bare }
    }

    /// Does a phrase end at `i` (after `last`) on a word boundary?
    @inline(__always)
    private static func endsOnBoundary(_ s: [UInt32], _ i: Int, _ to: Int) -> Bool {
        let last = s[i - 1]
        return i == to || !Fold.isWord(s[i]) || !Fold.isWord(last) || Fold.isUnspaced(last) || Fold.isUnspaced(s[i])
    }

    /// All phrases starting at `from` that end on a word boundary, longest first.
    func matches(_ s: [UInt32], from: Int, to: Int) -> [(end: Int, flag: UInt8)] {
        var out: [(end: Int, flag: UInt8)] = []
        var node = 0
        var i = from
        while i < to, let n = child(node, s[i]) {
            node = n
            i += 1
            if flags[node] != 0 && Trie.endsOnBoundary(s, i, to) { out.append((i, flags[node])) }
        }
        out.reverse()
        return out
    }

    /// `false` when no phrase can start at `from`: the walk fails before the end of `s`
    /// without a match (used to skip normalizing a long line that opens with ordinary words).
    func couldMatch(_ s: [UInt32], from: Int) -> Bool {
        var node = 0
        var i = from
        while i < s.count {
            guard let n = child(node, s[i]) else { return false }
            node = n
            i += 1
            if flags[node] != 0 { return true }
        }
        return true
    }

    /// A gate that spares normalizing: `false` when no phrase can start at byte `from`, as
    /// `couldMatch` would say on the normalization of bytes `from..<to` (the walk fails before any
    /// phrase ends); `true` when one may; `nil` when the normalizer must decide (a control character,
    /// a hyphen, which reads as a space between letters, or Arabic "و", which joins the next word).
    /// Scalars are folded as the normalizer folds them and a run of spaces is one space; a trailing
    /// space is dropped. `from` must be a scalar boundary.
    func couldMatchBytes(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool? {
        Fold.table.withUnsafeBufferPointer { table -> Bool? in
            var node = 0
            var pendingSpace = false, started = false
            /// Walks one folded scalar: nil to go on, else the answer.
            @inline(__always) func step(_ c: UInt32) -> Bool?? {
                if pendingSpace {
                    pendingSpace = false
                    guard let n = child(node, 0x20) else { return .some(false) }
                    node = n
                    if flags[node] != 0 { return .some(true) }
                }
                started = true
                guard let n = child(node, c) else { return .some(false) }
                node = n
                return flags[node] != 0 ? .some(true) : nil
            }
            var i = from
            while i < to {
                let b0 = b[i]
                var v: UInt32
                var len: Int
                if b0 < 0x80 {
                    if b0 == 0x20 { pendingSpace = started; i += 1; continue }
                    if b0 < 0x20 || b0 == 0x2D { return nil }
                    v = UInt32(b0); len = 1
                }
                else if b0 < 0xE0 { v = (UInt32(b0 & 0x1F) << 6) | UInt32(b[min(i + 1, to - 1)] & 0x3F); len = 2 }
                else if b0 < 0xF0 { v = (UInt32(b0 & 0x0F) << 12) | (UInt32(b[min(i + 1, to - 1)] & 0x3F) << 6) | UInt32(b[min(i + 2, to - 1)] & 0x3F); len = 3 }
                else { v = (UInt32(b0 & 0x07) << 18) | (UInt32(b[min(i + 1, to - 1)] & 0x3F) << 12) | (UInt32(b[min(i + 2, to - 1)] & 0x3F) << 6) | UInt32(b[min(i + 3, to - 1)] & 0x3F); len = 4 }
                i = min(i + len, to)
                var first: UInt32, second: UInt32 = 0
                if v < 0x2000 {
                    let f = table[Int(v)]
                    if f == 0 { continue }
                    first = UInt32(truncatingIfNeeded: f); second = UInt32(truncatingIfNeeded: f >> 32)
                } else if let h = Fold.high(v) {
                    first = h
                } else {
                    continue
                }
                if first == 0x20 || first == 0x0A { pendingSpace = started; continue }
                if first == 0x2D || first == 0x648 || second == 0x2D || second == 0x648 { return nil }
                if let answer = step(first) { return answer }
                if second != 0, let answer = step(second) { return answer }
            }
            return true
        }
    }

    /// The longest phrase starting at `from`, if any (the first of `matches`, without building the list).
    func longest(_ s: [UInt32], from: Int, to: Int) -> (end: Int, flag: UInt8)? {
        var best: (end: Int, flag: UInt8)? = nil
        var node = 0
        var i = from
        while i < to, let n = child(node, s[i]) {
            node = n
            i += 1
            if flags[node] != 0 && Trie.endsOnBoundary(s, i, to) { best = (i, flags[node]) }
        }
        return best
    }
}

/// Phrase lists by kind, loaded from the bundled `Phrases/<lang>.txt` files, extra files and options.
///
/// File format (UTF-8, line based): `# comment`, `[section]` (one of `PhraseKind`), and one phrase
/// per line. A phrase ending in ` *` opens a sentence that may go on ("may allah *"). Phrases are
/// normalized like the text, so case, diacritics and Arabic-script variants do not matter.
struct PhraseBook: Sendable {
    private var tries: [String: Trie] = [:]

    /// The trie for one kind.
    func trie(_ kind: PhraseKind) -> Trie { tries[kind.rawValue] ?? Trie() }

    /// Adds one phrase.
    mutating func add(_ phrase: String, kind: PhraseKind) {
        var p = phrase.trimmingCharacters(in: .whitespaces)
        var prefix = false, bare = false
        if p.hasSuffix(" *") { prefix = true; p = String(p.dropLast()).trimmingCharacters(in: .whitespaces) }
        if p.hasSuffix(" =") { bare = true; p = String(p.dropLast()).trimmingCharacters(in: .whitespaces) }
        let n = Normalizer.normalize(p)
        guard !n.isEmpty else { return }
        tries[kind.rawValue, default: Trie()].insert(n, prefix: prefix, bare: bare)
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

    /// Every bundled list, parsed once per process (the default `languages: all`).
    static let allBundled: Result<PhraseBook, StageError> = {
        var book = PhraseBook()
        if bundledLanguages.isEmpty {
            return .failure(StageError("the bundled phrase lists (Phrases/*.txt) were not found beside the pipeline executable; keep the pipeline_StripSalutations.resources folder next to it"))
        }
        for (code, text) in bundledLanguages.sorted(by: { $0.key < $1.key }) {
            do { try book.load(text: text, source: "Phrases/\(code).txt") } catch let e as PhraseFileError { return .failure(StageError(e.message)) } catch { return .failure(StageError("\(error)")) }
        }
        return .success(book)
    }()

    /// The languages bundled in `Phrases/`, by file stem.
    static let bundledLanguages: [String: String] = {
        var out: [String: String] = [:]
        guard let dir = StageResources.directory(bundle: "pipeline_StripSalutations", folder: "Phrases", sourceDirectory: StageResources.sourceFolder(of: #filePath)),
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return out }
        for f in files where f.hasSuffix(".txt") {
            if let text = try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8) {
                out[String(f.dropLast(4))] = text
            }
        }
        return out
    }()
}

/// A problem in a phrase file.
struct PhraseFileError: Error {
    var message: String
}
