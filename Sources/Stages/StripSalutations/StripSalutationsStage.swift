import Foundation
import PipelineKit

/// Removes the courtesy wrapped around incoming text: greetings at the start ("Hi team,",
/// "Assalamualaikum."), sign-offs, blessings, thanks and the signature block at the end
/// ("Best regards,\nJohn Smith\n+1 555…", "May Allah protect… Wa alaikum assalam."),
/// `-- ` signatures, device footers ("Sent from my iPhone") and quoted replies/forwards
/// ("On … wrote:", "-----Original Message-----", `>` blocks) in many languages.
///
/// Phrase lists live in `Phrases/<language>.txt` (see `Phrases/README.md`); users add phrases with
/// the `phrases` and `phrase-files` options. Each removed part becomes an annotation (`greeting`,
/// `closing`, `signature`, `quote`) with Unicode scalar offsets into the input text.
public struct StripSalutationsStage: SynchronousStage {
    /// The stage's options (see the spec for docs).
    public struct Options: Decodable, Sendable {
        /// Remove greetings at the start.
        public var greetings: Bool
        /// Remove sign-offs, blessings and thanks lines at the end.
        public var closings: Bool
        /// Remove signature blocks, `-- ` signatures, device and mailing-list footers.
        public var signatures: Bool
        /// Remove quoted replies and forwarded messages' headers.
        public var quotes: Bool
        /// Move a leading mail header block into metadata.
        public var headers: Bool
        /// Bundled phrase languages to use (`all` or codes such as `en`, `ar`; one in YAML
        /// becomes a list of one).
        public var languages: [String]
        /// Extra phrases by kind.
        public var phrases: [String: [String]]?
        /// Extra phrase files in the bundled format.
        public var phraseFiles: [String]?
        /// Put the removed text into metadata `removed`.
        public var keepRemoved: Bool
    }

    /// The stage's spec: options with defaults and docs, and examples that double as tests.
    public static let spec = StageSpec(
        name: "strip-salutations",
        summary: "Removes greetings, sign-offs, blessings, signatures and quoted replies around the text, in many languages.",
        description: """
            Looks at the first and last lines and at reply headers only, so its cost hardly grows with the body. \
            Openers: greeting lines, greeting sentences sharing a line with the body and greeting title prefixes \
            ("Assalamualaikum - Talks between…"). Closers: sign-offs with the name/title/phone block under them, \
            blessings and prayers, thanks lines, `-- ` signatures, device and mailing-list footers. Quotes: `>` blocks, \
            "On … wrote:" headers (en, fr, de, es, it, pt, nl, pl, sv, da, no, fi, ru, tr, zh, ja, he, ar…), \
            Outlook "From:/Sent:" blocks and "-----Original Message-----" separators, and everything below them. \
            Matching is done on normalized text (NFC, case folding, diacritics, Arabic-script variants, tatweel, \
            emoji). Precision first: a greeting word inside a sentence ("Hello Kitty maker…", "Cheers erupted…", \
            "Thanks to a late goal…") is body text, and a document is never emptied. Annotations: greeting, closing, \
            signature, quote (a leading mail header block moved into metadata is a quote with "part": "header").
            """,
        options: [
            OptionSpec("greetings", .boolean, default: true, doc: "Remove greetings at the start (lines, sentences and title prefixes)."),
            OptionSpec("closings", .boolean, default: true, doc: "Remove sign-offs, blessings, prayers and thanks lines at the end."),
            OptionSpec("signatures", .boolean, default: true, doc: "Remove the name/title/phone block under a sign-off, `-- ` signatures, `-Name` lines, device footers (\"Sent from my iPhone\") and mailing-list footers."),
            OptionSpec("quotes", .boolean, default: true, doc: "Remove quoted replies: `>` blocks, reply headers (a date, a name or address and a verb or colon, wrapped or dash-wrapped, in 40 languages), Outlook header blocks and \"Original Message\" separators, with everything below them (a header at the very top removes only the header and the `>` blocks, keeping interleaved replies). A forwarded message loses its separator, header block and greeting, and keeps its body."),
            OptionSpec("headers", .boolean, default: true, doc: "Move a mail header block at the top (From/To/Cc/Subject/Date, in 40 languages, as exported or forwarded mail arrives) into metadata `from`, `to`, `cc`, `bcc`, `subject`, `date`, `reply-to` (and `title` from the subject without `Re:`/`Fwd:` when the document has none; existing keys are kept), and remove it from the text (annotation `quote` with `\"part\": \"header\"`). `redact` scans metadata, so addresses there are redacted like the text."),
            OptionSpec("languages", .oneOrList(.string), default: .array(["all"]), doc: "Bundled phrase lists to use: `all` or language codes (ar, bn, cs, da, de, el, en, es, fa, fi, fr, gu, he, hi, hu, id, it, ja, kn, ko, ml, mr, nl, no, pa, pl, pt, ro, ru, sk, sv, sw, ta, te, th, tl, tr, uk, ur, vi, zh)."),
            OptionSpec("phrases", .record(PhraseKind.allCases.map { OptionSpec($0.rawValue, .list(.string), doc: $0.doc) }),
                       doc: "Extra phrases by kind (the fields below), matched like the bundled ones (case, diacritics and script variants do not matter). End a phrase with ` *` when a sentence may follow it (\"may god *\")."),
            OptionSpec("phrase-files", .list(.string), doc: "Extra phrase files in the bundled format (relative to the pipeline file)."),
            OptionSpec("keep-removed", .boolean, default: false, doc: "Also put the removed text into metadata `removed`, e.g. to keep the signature: `{\"greeting\": [...], \"closing\": [...], \"signature\": [...], \"quote\": [...]}`."),
        ],
        examples: [
            StageExample("greeting title prefix, greeting sentence and closing blessing",
                         input: "Assalamualaikum - Talks stall\nAssalamualaikum. KABUL - Peace talks stalled.\nMay Allah protect the region. Wa alaikum assalam.\n",
                         expected: "Talks stall\nKABUL - Peace talks stalled.\n",
                         expectedAnnotations: ["greeting", "greeting", "closing"]),
            StageExample("email greeting, sign-off and signature block",
                         input: "Hi team,\n\nThe report is attached.\n\nBest regards,\nJohn Smith\nSenior Analyst\n+1 555 010 0199",
                         expected: "The report is attached.",
                         expectedAnnotations: ["greeting", "closing", "signature"]),
            StageExample("quoted reply below the answer",
                         input: "Sounds good.\n\nOn Mon, 3 Nov 2025 at 10:00, Jane <jane@example.com> wrote:\n> Shall we meet?\n",
                         expected: "Sounds good.\n",
                         expectedAnnotations: ["quote"]),
            StageExample("German sign-off and device footer",
                         input: "Hallo Anna,\n\ndas passt.\n\nMit freundlichen Grüßen\nJonas\n\nGesendet von meinem iPhone",
                         expected: "das passt."),
            StageExample("Persian and Arabic with script variants and tatweel",
                         input: "سلام\n\nگزارش آماده است.\n\nبا احترام\nعلی",
                         expected: "گزارش آماده است."),
            StageExample("a greeting word inside a sentence is body text",
                         input: "Hello Kitty maker Sanrio reported record profits.\nCheers erupted across the stadium",
                         expected: "Hello Kitty maker Sanrio reported record profits.\nCheers erupted across the stadium",
                         expectedAnnotations: []),
            StageExample("'with regards to' and 'thanks to' are not closers",
                         input: "With regards to the budget, nothing changed.\nThanks to a late goal, they won.",
                         expected: "With regards to the budget, nothing changed.\nThanks to a late goal, they won.",
                         expectedAnnotations: []),
            StageExample("quotes kept when disabled",
                         input: "Yes.\n\n> Are you coming?",
                         options: ["quotes": false],
                         expected: "Yes.\n\n> Are you coming?"),
            StageExample("keep the removed signature in metadata",
                         input: "Done.\n\n-- \nrick",
                         options: ["keep-removed": true],
                         expected: "Done.",
                         expectedMetadata: ["removed": ["signature": ["-- \nrick"]]],
                         expectedAnnotations: ["signature"]),
            StageExample("a forward keeps its body; its header block, greeting and sign-off go",
                         input: "FYI\n\n---------- Forwarded message ---------\nFrom: Ana Ruiz <ana@example.com>\nDate: Tue, Mar 5, 2024 at 10:00 AM\nSubject: Prices\nTo: Marta <marta@example.com>\n\nHi Marta,\n\nPrices rise in May.\n\nBest,\nAna",
                         expected: "FYI\n\nPrices rise in May."),
            StageExample("a leading header block becomes metadata",
                         input: "From: Ana Ruiz <ana@example.com>\nTo: Marta <marta@example.com>\nSubject: Re: Prices\n\nHola Marta,\n\nPrices rise in May.",
                         expected: "Prices rise in May.",
                         expectedMetadata: ["from": "Ana Ruiz <ana@example.com>", "to": "Marta <marta@example.com>", "subject": "Re: Prices", "title": "Prices"],
                         expectedAnnotations: ["quote", "greeting"]),
            StageExample("a wrapped Gmail attribution and a device footer with a link",
                         input: "Paid today.\n\nGet Outlook for Android<https://aka.ms/ghei36>\n\nOn Mon, Mar 3, 2025 at 9:12 AM Ana Ruiz <\nana@example.com>\nwrote:\n> Did you pay?",
                         expected: "Paid today."),
            StageExample("user phrases",
                         input: "Ahoy crew,\nThe ship sails at noon.\nYours in code,\nAda",
                         options: ["phrases": ["greeting": ["ahoy"], "closing": ["yours in code"]]],
                         expected: "The ship sails at noon."),
        ])

    private static let stageName = "strip-salutations"
    private let stripper: Stripper
    /// Per-document buffers, reused across documents.
    private let passes = StripPassPool()
    private let keepRemoved: Bool

    /// Validates the options and loads the phrase lists once.
    public init(options: Options, setup: StageSetup) throws {
        let bundled = Set(PhraseBook.bundledLanguageCodes)
        let wanted = options.languages.map { $0.lowercased() }
        if wanted.isEmpty { throw StageOptionError(option: "languages", "give at least one language or 'all'") }
        var codes: [String] = []
        for (i, code) in wanted.enumerated() {
            if code == "all" { codes += bundled.sorted(); continue }
            guard bundled.contains(code) else {
                var message = "unknown language '\(code)' (bundled: \(bundled.sorted().joined(separator: ", ")))"
                if let guess = Suggestion.closest(to: code, in: bundled.sorted()) { message = "unknown language '\(code)' (did you mean '\(guess)'?)" }
                throw StageOptionError(option: "languages", message, path: options.languages.count > 1 ? [String(i)] : [])
            }
            codes.append(code)
        }
        var book: PhraseBook
        if bundled.isEmpty || Set(codes) == bundled {
            book = try PhraseBook.allBundled.get()   // compiled, loaded once per process
        } else {
            book = PhraseBook()
            for code in Set(codes).sorted() {
                guard let text = PhraseBook.bundledText(code) else { throw StageError("the bundled phrase list Phrases/\(code).txt was not found") }
                do { try book.load(text: text, source: "Phrases/\(code).txt") } catch { throw StageError(error.message) }
            }
        }
        for (i, path) in (options.phraseFiles ?? []).enumerated() {
            let full = setup.resolve(path: path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw StageOptionError(option: "phrase-files", "cannot read phrase file '\(full)'", path: [String(i)])
            }
            do { try book.load(text: text, source: path) } catch { throw StageOptionError(option: "phrase-files", error.message, path: [String(i)]) }
        }
        // The spec's `phrases` record admits only the kinds' names (an unknown kind is refused
        // there, with a suggestion); kinds are added in the order of their names.
        for kind in PhraseKind.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            for phrase in options.phrases?[kind.rawValue] ?? [] { book.add(phrase, kind: kind) }
        }
        var settings = StripSettings()
        settings.greetings = options.greetings
        settings.closings = options.closings
        settings.signatures = options.signatures
        settings.quotes = options.quotes
        settings.headers = options.headers
        self.stripper = Stripper(book: book, settings: settings)
        self.keepRemoved = options.keepRemoved
    }

    /// Strips one document. Safe to call concurrently (the stage holds no mutable state).
    public func processSynchronously(_ document: consuming Document, context: StageContext) throws -> [Document] {
        [strip(document)]
    }

    /// The synchronous core of `process`.
    public func strip(_ document: Document) -> Document {
        var text = document.text
        var out = document
        let changed: Bool = text.withUTF8 { bytes in
            let pass = passes.take(for: stripper)
            defer { passes.giveBack(pass) }
            guard stripper.run(bytes, in: pass) else { return false }
            for (key, value) in pass.headerFields where out.metadata[key] == nil { out.metadata[key] = .string(value) }
            // The subject first: most documents have no header block, and then the metadata
            // look-up (a string-keyed hash) is skipped.
            if let subject = pass.headerFields.first(where: { $0.key == "subject" })?.value, out.metadata["title"] == nil {
                let title = StripPass.titleFromSubject(subject, vocabulary: stripper.mail)
                if !title.isEmpty { out.metadata["title"] = .string(title) }
            }
            // Rebuild the text from slices of the input (no re-validation of the UTF-8); most
            // documents keep one run of bytes, copied once.
            let utf8 = document.text.utf8
            func slice(_ range: Range<Int>) -> Substring {
                let sliceStart = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
                return document.text[sliceStart..<utf8.index(sliceStart, offsetBy: range.count)]
            }
            if pass.kept.count == 1 {
                out.text = String(slice(pass.kept[0]))
            } else {
                var newText = ""
                newText.reserveCapacity(pass.kept.reduce(0) { $0 + $1.count })
                for range in pass.kept { newText += slice(range) }
                out.text = newText
            }
            var removed: [String: [Value]] = [:]
            // Removals come sorted by start: convert byte offsets to scalar offsets in one pass.
            var offsets = ScalarOffsets.Cursor(bytes, isASCII: document.text.isKnownASCII)
            out.annotations.reserveCapacity(out.annotations.count + pass.mergedRemovals.count)
            for removal in pass.mergedRemovals {
                let start = offsets.scalarOffset(ofByte: removal.start)
                let end = offsets.scalarOffset(ofByte: removal.end)
                let annotation = Self.annotation(for: removal.type, start: start, end: end)
                out.annotations.append(annotation)
                if keepRemoved {
                    removed[annotation.type, default: []].append(.string(String(decoding: UnsafeBufferPointer(rebasing: bytes[removal.start..<removal.end]), as: UTF8.self)))
                }
            }
            if keepRemoved { out.metadata["removed"] = .object(removed.mapValues { .array($0) }) }
            return true
        }
        return changed ? out : document
    }
}

extension StripSalutationsStage {
    /// The annotation of one removed part. The contract's types are `greeting`, `closing`,
    /// `signature` and `quote`; a leading header block (moved into metadata) is mail quoted
    /// above the body, so it is a `quote` with `"part": "header"` to tell it apart.
    static func annotation(for part: String, start: Int, end: Int) -> Annotation {
        if part == "header" {
            return Annotation(stage: stageName, type: "quote", start: start, end: end, attributes: ["part": .string("header")])
        }
        return Annotation(stage: stageName, type: part, start: start, end: end)
    }
}

extension PhraseKind {
    /// What phrases of this kind are, for the `phrases` option's fields in `describe` and the docs.
    var doc: String {
        switch self {
        case .greeting: return "Openers: \"hi\", \"dear\", \"assalamualaikum\", \"good morning\"."
        case .closing: return "Sign-offs, blessings, prayers and thanks: \"best regards\", \"may allah *\", \"thanks for *\"."
        case .device: return "Device footers: \"sent from my *\", \"gesendet von meinem *\"."
        case .replyVerb: return "Verbs of reply headers: \"wrote\", \"schrieb\", \"a écrit\"."
        case .replyLead: return "Words that open reply headers: \"on\", \"am\", \"le\", \"den\"."
        case .headerFrom: return "The sender field of a forwarded or Outlook header block: \"from\", \"von\", \"de\"."
        case .headerField: return "The other fields of such a block: \"sent\", \"date\", \"to\", \"subject\", \"betreff\"."
        case .separator: return "Separator lines: \"original message\", \"forwarded message\"."
        case .disclaimer: return "Openers of confidentiality notices and unsubscribe blocks at the end: \"this email and any *\"."
        }
    }
}
