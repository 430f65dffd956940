import Foundation
import XCTest
@testable import Export
import PipelineKit

/// Golden files for every format on the sample, written through the file destination.
final class FormatTests: XCTestCase {
    private func export(_ options: [String: Value], file: String, documents: [Document] = [Support.sampleDocument]) async throws -> String {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        var options = options
        options["path"] = .string(file)
        let (errors, _) = try await Support.run(Support.stage(options, base: base), documents)
        XCTAssertEqual(errors.compactMap { $0 }, [])
        return try XCTUnwrap(Support.read(base + "/" + file))
    }

    func testStageExamples() async {
        let failures = await StageTester.checkExamples(of: ExportStage.self)
        XCTAssertEqual(failures, [])
    }

    func testMarkdownGolden() async throws {
        Support.assertGolden(try await export(["format": "markdown"], file: "talks-stall.md"), "talks-stall.md")
    }

    func testMarkdownWithFrontMatterGolden() async throws {
        Support.assertGolden(try await export(["format": "markdown", "front-matter": true], file: "talks-stall.md"), "talks-stall.front-matter.md")
    }

    func testHTMLGolden() async throws {
        Support.assertGolden(try await export(["format": "html"], file: "talks-stall.html"), "talks-stall.html")
    }

    func testTextGolden() async throws {
        Support.assertGolden(try await export(["format": "text"], file: "talks-stall.txt"), "talks-stall.txt")
    }

    func testJSONGolden() async throws {
        let json = try await export(["format": "json"], file: "talks-stall.json")
        Support.assertGolden(json, "talks-stall.json")
        // It is the document, as JSON.
        let value = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
        XCTAssertEqual(try Document(jsonObject: value, defaultID: "?"), Support.sampleDocument)
    }

    func testJSONLinesGolden() async throws {
        let jsonl = try await export(["format": "jsonl"], file: "talks-stall.jsonl")
        Support.assertGolden(jsonl, "talks-stall.jsonl")
        XCTAssertEqual(jsonl.filter { $0 == "\n" }.count, 1)
        XCTAssertEqual(jsonl, Support.sampleDocument.jsonLine() + "\n")
    }

    func testCSVGolden() async throws {
        let csv = try await export(["format": "csv", "columns": ["id", "title", "summary", "translations.fr", "source"]], file: "talks-stall.csv")
        Support.assertGolden(csv, "talks-stall.csv")
        let rows = CSV.parse(csv)
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0], ["id", "title", "summary", "translations.fr", "source"])
        XCTAssertEqual(rows[1][0], "talks-stall")
        XCTAssertEqual(rows[1][3], Support.sampleDocument.metadata["translations"]?["fr"]?.stringValue)
    }

    func testDefaultPathPlaceholdersAndMissingFolders() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["format": "markdown", "path": "briefs/{date}/{stage-id}/{name}-{id}.md"], base: base)
        var doc = Support.sampleDocument
        doc.id = "doc-7"
        try await Support.run(stage, [doc])
        XCTAssertEqual(Support.files(base), ["briefs/2026-11-29/export/talks-stall-doc-7.md"])
    }

    func testNameIsTheSourceStemElseTheId() {
        func name(_ source: Value?) -> String {
            ExportStage.name(of: Document(id: "the-id", text: "", metadata: source.map { ["source": $0] } ?? [:]))
        }
        XCTAssertEqual(name("/in/2026/report.final.txt"), "report.final")
        XCTAssertEqual(name("C:\\in\\mail.eml"), "mail")
        XCTAssertEqual(name(".profile"), ".profile")
        XCTAssertEqual(name("<stdin>"), "the-id")
        XCTAssertEqual(name("-"), "the-id")
        XCTAssertEqual(name(nil), "the-id")
        XCTAssertEqual(name(3), "the-id")
    }

    func testCombinedDigestKeepsInputOrder() async throws {
        let docs = (1...3).map { i in
            Document(id: "doc-\(i)", text: "Paragraph \(i), one.\nParagraph \(i), two.", metadata: ["title": .string("Item \(i)")])
        }
        for (format, ext) in [("markdown", "md"), ("html", "html"), ("text", "txt"), ("jsonl", "jsonl"), ("csv", "csv"), ("json", "json")] {
            let base = Support.makeFolder()
            defer { try? FileManager.default.removeItem(atPath: base) }
            let stage = try Support.stage(["format": .string(format), "path": .string("digest/{date}.\(ext)"), "combine": true], base: base)
            // Processed out of order (as concurrent tasks may), written in input order.
            let (errors, _) = try await Support.run(stage, docs, order: [2, 0, 1])
            XCTAssertEqual(errors.compactMap { $0 }, [])
            XCTAssertEqual(Support.files(base), ["digest/2026-11-29.\(ext)"])
            let out = try XCTUnwrap(Support.read(base + "/digest/2026-11-29.\(ext)"))
            Support.assertGolden(out, "digest.\(ext)")
            let positions = docs.map { out.range(of: format == "csv" || format.hasPrefix("json") ? "\"\($0.id)\"" : $0.metadata["title"]!.stringValue!)?.lowerBound }
            if format == "csv" {
                XCTAssertEqual(CSV.parse(out).map { $0[0] }, ["id", "doc-1", "doc-2", "doc-3"])
            } else {
                XCTAssertTrue(positions.allSatisfy { $0 != nil } && positions == positions.sorted { $0! < $1! }, "\(format): \(out)")
            }
        }
    }

    func testCSVQuotesCommasAndNewlines() async throws {
        let tricky = [
            Document(id: "a,b", text: "line one\nline two", metadata: ["title": "He said \"hi\", then left"]),
            Document(id: "crlf", text: "windows\r\nline", metadata: ["title": "  padded  ", "count": 3, "tags": ["x", "y"]]),
            Document(id: "plain", text: "no specials", metadata: [:]),
        ]
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let stage = try Support.stage(["format": "csv", "path": "all.csv", "combine": true, "columns": ["id", "title", "text", "count", "tags"]], base: base)
        try await Support.run(stage, tricky)
        let csv = try XCTUnwrap(Support.read(base + "/all.csv"))
        XCTAssertEqual(csv, """
            id,title,text,count,tags\r
            "a,b","He said ""hi"", then left","line one
            line two",,\r
            crlf,"  padded  ","windows\r
            line",3,"[""x"",""y""]"\r
            plain,,no specials,,\r

            """)
        XCTAssertEqual(CSV.parse(csv), [
            ["id", "title", "text", "count", "tags"],
            ["a,b", "He said \"hi\", then left", "line one\nline two", "", ""],
            ["crlf", "  padded  ", "windows\r\nline", "3", "[\"x\",\"y\"]"],
            ["plain", "", "no specials", "", ""],
        ])
    }

    func testCombinedToStdoutIsOneOutputFromFinish() async throws {
        let docs = [Document(id: "1", text: "a"), Document(id: "2", text: "b")]
        let (_, events) = try await Support.run(try Support.stage(["format": "json", "combine": true]), docs, order: [1, 0])
        XCTAssertEqual(events.count, 1)
        guard case .stdout(let sequence, let text)? = events.first else { return XCTFail("\(events)") }
        XCTAssertEqual(sequence, -1)
        let value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        XCTAssertEqual(value.arrayValue?.compactMap { $0["id"]?.stringValue }, ["1", "2"])
    }

    func testCSVHeaderOnceOnStdout() async throws {
        let docs = [Document(id: "1", text: "a"), Document(id: "2", text: "b")]
        let (_, events) = try await Support.run(try Support.stage(["format": "csv", "columns": ["id", "text"]]), docs, order: [1, 0])
        XCTAssertEqual(Support.stdout(events), "id,text\r\n1,a\r\n2,b\r\n")
    }

    func testHTMLEscapesScriptEverywhere() async throws {
        let evil = "<script>alert('x')</script>"
        let doc = Document(id: "evil", text: "Before \(evil) after & more\n\u{0}\u{7}control \"quoted\"", metadata: [
            "title": .string("Title \(evil)"),
            "summary": .string("Summary \(evil)"),
            "translations": ["fr\" onload=\"x": .string("Trad \(evil)")],
            "language": "en\"><script>",
        ])
        let (_, events) = try await Support.run(try Support.stage(["format": "html"]), [doc])
        let html = Support.stdout(events)
        Support.assertGolden(html, "escaping.html")
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertFalse(html.contains("onload=\""), html)
        XCTAssertTrue(html.contains("Before &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; after &amp; more"), html)
        XCTAssertTrue(html.contains("<title>Title &lt;script&gt;"), html)
        XCTAssertFalse(html.contains("\u{0}") || html.contains("\u{7}"), "forbidden code points are replaced")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html>"), "an invalid language tag is left out")
    }

    func testMarkdownEscapesSyntax() {
        let cases: [(String, String)] = [
            ("# not a heading", "\\# not a heading"),
            ("1. not a list", "1\\. not a list"),
            ("2021. A year", "2021\\. A year"),
            ("- dash", "\\- dash"),
            ("> quote", "\\> quote"),
            ("a *b* _c_ `d` [e](f) <g> ~h~", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g> \\~h\\~"),
            ("snake_case and https://x.org/a_b", "snake_case and https://x.org/a_b"),
            ("AT&T &amp; &#65;", "AT&T \\&amp; \\&#65;"),
            ("back\\slash", "back\\\\slash"),
            ("line\n# two\n===", "line\n\\# two\n\\==="),
            ("Plain sentence, nothing to do.", "Plain sentence, nothing to do."),
        ]
        for (input, expected) in cases { XCTAssertEqual(Escape.markdown(input), expected, input) }
    }

    func testHTMLEscapeForbiddenCodePoints() {
        XCTAssertEqual(MarkupEscaping.html("plain ’curly’ é 日本"), "plain ’curly’ é 日本")
        let forbidden = [0x85, 0xFDD0, 0xFFFE, 0x1FFFF, 0x7F, 0x1].map { String(Character(Unicode.Scalar(UInt32($0))!)) }
        XCTAssertEqual(MarkupEscaping.html("a\(forbidden[0])b\(forbidden[1])c\(forbidden[2])d\(forbidden[3])e\(forbidden[4])f\(forbidden[5])g\th\ni"),
                       "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\th\ni")
        XCTAssertEqual(MarkupEscaping.html("\u{A0}\u{FDCF}\u{FFFD}\u{1F600}"), "\u{A0}\u{FDCF}\u{FFFD}\u{1F600}")
        XCTAssertEqual(MarkupEscaping.html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    func testParagraphs() {
        // One paragraph per line when the text has no blank line (news feeds)...
        XCTAssertEqual(BriefText.paragraphs("First line.\nSecond line.\n"), ["First line.", "Second line."])
        // ...blocks between blank lines otherwise (hard-wrapped mail), lines trimmed (no code blocks).
        XCTAssertEqual(BriefText.paragraphs("a\n    b\n \u{A0}\nc\td\n"), ["a\nb", "c\td"])
        XCTAssertEqual(BriefText.paragraphs("One.\r\n  Two.  \n\nThree"), ["One.\nTwo.", "Three"])
        XCTAssertEqual(BriefText.paragraphs(""), [])
        XCTAssertEqual(BriefText.paragraphs("\n\n"), [])
    }

    func testUserTemplate() async throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "<h1>{{title}}</h1>{{#translations}}<p lang=\"{{lang}}\">{{text}}{{#stub}} (stub){{/stub}}</p>{{/translations}}{{{id}}}\n"
            .write(toFile: base + "/page.mustache", atomically: true, encoding: .utf8)
        let stage = try Support.stage(["format": "html", "template": "page.mustache"], base: base)
        let doc = Document(id: "x<y", text: "t", metadata: ["title": "A & B", "translations": ["fr": "Bonjour"], "translation-provider": "stub"])
        let (_, events) = try await Support.run(stage, [doc])
        XCTAssertEqual(Support.stdout(events), "<h1>A &amp; B</h1><p lang=\"fr\">Bonjour (stub)</p>x<y\n")

        try "# {{title}}\n\n{{text}}\n".write(toFile: base + "/brief.mustache", atomically: true, encoding: .utf8)
        let md = try Support.stage(["format": "markdown", "template": "brief.mustache"], base: base)
        let (_, mdEvents) = try await Support.run(md, [Document(id: "d", text: "*not emphasis*", metadata: ["title": "T"])])
        XCTAssertEqual(Support.stdout(mdEvents), "# T\n\n\\*not emphasis\\*\n")
    }

    func testTemplateErrorsPointAtTheTemplate() throws {
        let base = Support.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try "line one\n{{#open}}never closed\n".write(toFile: base + "/bad.mustache", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Support.stage(["format": "html", "template": "bad.mustache"], base: base)) { error in
            let e = error as? StageOptionError
            XCTAssertEqual(e?.path, ["template"])
            XCTAssertTrue(e?.message.contains("bad.mustache") == true, "\(error)")
        }
        XCTAssertThrowsError(try Support.stage(["format": "html", "template": "missing.mustache"], base: base)) { error in
            XCTAssertTrue("\(error)".contains("cannot read template 'missing.mustache'"), "\(error)")
        }
        XCTAssertThrowsError(try Support.stage(["format": "json", "template": "bad.mustache"], base: base))
    }
}

/// A small RFC 4180 reader, to check that what the exporter writes reads back.
enum CSV {
    static func parse(_ s: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(s.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r" && scalars.first == "\n" {
                scalars.removeFirst()
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
