import Foundation
import Mustache
import XCTest
@testable import Export
import PipelineKit

/// The built-in layouts written in Swift (`BuiltInBrief`) against their Mustache twins
/// (`Templates/brief.*.mustache` rendered by swift-mustache, as every version before them did):
/// the same bytes, before and after tidying, over hand-picked and generated documents.
final class BuiltInBriefTests: XCTestCase {
    /// Each brief format's Swift layout, its Mustache twin and its tidying, as the format declares them.
    private static let kinds: [(BuiltInBrief.Kind, template: String, collapse: Bool)] = ([TextFormat.self, MarkdownFormat.self, HTMLFormat.self] as [any BriefFormat.Type])
        .map { format -> (BuiltInBrief.Kind, template: String, collapse: Bool) in
            (format.builtInKind, format.builtInTemplate, format.collapsesBlankLines)
        }

    /// Renders `documents` both ways in every layout, single and combined, with and without
    /// front matter (Markdown), and reports the first difference.
    private func assertSame(_ documents: [Document], _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for (kind, name, collapse) in Self.kinds {
            let template = try BriefLayout.builtInTemplate(named: name)
            var pages = [ExportPage(combined: true, title: "Digest 2026-11-29", date: "2026-11-29", stageID: "brief", startsOutput: true)]
            if documents.count == 1 {
                pages.append(ExportPage(combined: false, title: documents[0].id, date: "2026-11-29", stageID: "brief", startsOutput: true))
            }
            for page in pages {
                for frontMatter in kind == .markdown ? [false, true] : [false] {
                    let expected = template.render(BriefView.context(documents, page: page, frontMatter: frontMatter))
                    let bytes = BuiltInBrief.render(kind, documents, page: page, frontMatter: frontMatter)
                    let actual = String(decoding: bytes, as: UTF8.self)
                    let what = "\(label): \(kind), combined \(page.combined), front matter \(frontMatter)"
                    if actual != expected {
                        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
                        let at = zip(a, e).enumerated().first { $1.0 != $1.1 }?.offset ?? min(a.count, e.count)
                        XCTFail("""
                            \(what): differs at line \(at + 1)
                              mustache: \(at < e.count ? e[at].debugDescription : "<end>")
                              swift:    \(at < a.count ? a[at].debugDescription : "<end>")
                            """, file: file, line: line)
                        return
                    }
                    var tidied = bytes
                    BriefLayout.tidy(&tidied, collapseBlankLines: collapse)
                    XCTAssertEqual(String(decoding: tidied, as: UTF8.self), BriefLayout.tidy(expected, collapseBlankLines: collapse), what,
                                   file: file, line: line)
                }
            }
        }
    }

    /// Noncharacters (U+FDD0, U+FFFE, U+10FFFF), which a string literal cannot spell.
    private static let noncharacters = String(String.UnicodeScalarView(
        [Unicode.Scalar(0xFDD0)!, " ", Unicode.Scalar(0xFFFE)!, " ", Unicode.Scalar(0x10FFFF)!]))

    func testHandPickedDocuments() throws {
        let awkward: [Document] = [
            Support.sampleDocument,
            Document(id: "bare", text: "Just the text."),
            Document(id: "empty", text: ""),
            Document(id: "blank  ", text: " \n\t\n "),
            Document(id: "ids <b>&amp; \"quotes\" 'x'", text: "# not a heading\n> not a quote\n- not a list\n1. not ordered\n2) either\n+ plus\n= setext\n***\n`code` *em* _em_ snake_case [link](x) <b> ~strike~ \\ &amp; &#123; a&b"),
            Document(id: "wrapped", text: "  First paragraph, hard-wrapped\n   over two lines.  \n\n\n\tSecond\u{A0}paragraph.\r\n\r\nThird\r\n", metadata: [
                "title": "  Multi\nline\ttitle \r\n with CRLF  ",
                "summary": "\n\nFirst summary paragraph.\n\nSecond one, <em>html</em> & *markdown*.\n\n",
                "language": "pt-BR",
            ]),
            Document(id: "controls", text: "bell \u{07} nul-ish \u{1F} del \u{7F} c1 \u{85} nonchar \(Self.noncharacters) emoji 👩🏽‍💻 rtl עברית العربية", metadata: [
                "title": "😀 emoji title é",
                "summary": "   ",
                "language": "not a tag!",
                "translations": ["fr": "[fr] Bonjour <script>alert(1)</script>", "ar": "مرحبا\n\nثانية", "zz-Latn-x": "odd code",
                                 "x\"><script>": "attribute injection", "nul": .null, "num": 42, "obj": ["a": 1, "b": [true, .null]],
                                 "a\n\n\nb": "newlines in a code", "": "empty code", "de": "   "],
                "translation-provider": ["fr": "stub", "ar": "libretranslate", "de": "stub"],
            ]),
            Document(id: "provider-string", text: "Text.\nMore text.", metadata: [
                "translations": ["es": "Hola.", "en-GB": "Hello."], "translation-provider": "stub", "source": "in/provider.txt",
                "title": "", "summary": .array([.string("not a string")]), "language": .int(5),
            ]),
            Document(id: "other-provider", text: "x", metadata: ["translations": ["es": "Hola."], "translation-provider": "libretranslate",
                                                                 "front": ["nested": ["deep": "value"], "list": [1, "two", ["k": "v"]]],
                                                                 "yes": "yes", "weird key: x": "v", "number": 3.5]),
            Document(id: "empty-translations", text: "x", metadata: ["translations": .object([:]), "title": "\t"]),
            Document(id: "only-null-translations", text: "x", metadata: ["translations": ["fr": .null]]),
            Document(id: "trailing spaces ", text: "line with trailing spaces   \nnext", metadata: ["title": "title with trailing tab\t"]),
        ]
        for document in awkward { try assertSame([document], document.id) }
        try assertSame(awkward, "all of them combined")
        try assertSame(Array(awkward.prefix(2)), "two combined")
    }

    /// Documents assembled from awkward pieces by a seeded generator.
    func testGeneratedDocuments() throws {
        var random = SplitMix64(seed: 0x5EED_B41E)
        let pieces = [
            "Plain words.", "  indented", "\t tabbed ", "", " ", "\u{A0}nbsp\u{A0}", "# hash", "> quote", "- dash", "+ plus", "= eq",
            "12. twelve", "3) three", "1.5 not a list", "snake_case_word", "_edge_", "*star*", "[bracket]", "<angle>", "`tick`",
            "~tilde~", "back\\slash", "&amp;", "&#x41;", "& alone", "a&b;", "\"double\" 'single'", "é ü 中文 😀", "\r", "CR\rinside",
            "emoji 👨‍👩‍👧 family", "\u{1B}[31m escape", "https://example.com/a_b_c?q=1&r=2", "---", "***", "    code-like",
        ]
        func text(_ lines: Int) -> String {
            (0..<lines).map { _ in
                let count = random.next(below: 4)
                return (0..<count).map { _ in pieces[random.next(below: pieces.count)] }.joined(separator: random.next(below: 3) == 0 ? "" : " ")
            }.joined(separator: random.next(below: 4) == 0 ? "\r\n" : "\n")
        }
        var documents: [Document] = []
        for i in 0..<120 {
            var metadata: [String: Value] = [:]
            if random.next(below: 3) > 0 { metadata["title"] = .string(text(random.next(below: 3))) }
            if random.next(below: 2) == 0 { metadata["summary"] = .string(text(random.next(below: 5))) }
            if random.next(below: 3) == 0 { metadata["language"] = .string(["en", "fr-CA", "x", "zh-Hant", "e n", "toolongtag"][random.next(below: 6)]) }
            if random.next(below: 2) == 0 {
                var translations: [String: Value] = [:]
                for _ in 0..<random.next(below: 4) {
                    translations[["fr", "de", "ja", "pt-BR", "xx", "q\"", "sr-Latn"][random.next(below: 7)]] =
                        random.next(below: 6) == 0 ? .null : .string(text(random.next(below: 4)))
                }
                metadata["translations"] = .object(translations)
                switch random.next(below: 3) {
                case 0: metadata["translation-provider"] = "stub"
                case 1: metadata["translation-provider"] = .object(["fr": "stub", "de": "other"])
                default: break
                }
            }
            let id = random.next(below: 8) == 0 ? text(1) : "doc-\(i)"
            let document = Document(id: id, text: text(random.next(below: 8)), metadata: metadata)
            try assertSame([document], "generated \(i)")
            documents.append(document)
        }
        for start in stride(from: 0, to: 120, by: 30) {
            try assertSame(Array(documents[start..<(start + 1 + random.next(below: 29))]), "generated combined from \(start)")
        }
    }
}
