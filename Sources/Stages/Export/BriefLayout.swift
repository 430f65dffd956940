import Foundation
import Mustache
import PipelineKit

/// A format laid out by the brief Mustache layout: text, markdown and html differ only in
/// their built-in template, the content type `{{x}}` escapes for, and Markdown's tidying.
protocol BriefFormat: RenderedExportFormat {
    /// The built-in layout's resource name inside `Templates/`.
    static var builtInTemplate: String { get }
    /// The swift-mustache content type `{{name}}` escapes for.
    static var contentType: String { get }
    /// Markdown: runs of blank lines in the built-in layout's output collapse into one.
    static var collapsesBlankLines: Bool { get }
    var layout: BriefLayout { get }
    init(layout: BriefLayout)
}

extension BriefFormat {
    static var collapsesBlankLines: Bool { false }

    /// Loads the layout (the user's `template` or the built-in one).
    init(settings: ExportFormatSettings) throws {
        self.init(layout: try BriefLayout(
            settings: settings, format: Self.name, builtInTemplate: Self.builtInTemplate, contentType: Self.contentType,
            collapseBlankLines: Self.collapsesBlankLines, frontMatter: Self.features.contains(.frontMatter) && settings.frontMatter))
    }

    func render(_ documents: [Document], page: ExportPage) -> String { layout.render(documents, page: page) }
}

/// The Mustache brief layout that the text, markdown and html formats share: the built-in
/// one of the format (tidied after rendering: blank-line runs, final newline) or the user's
/// `template`.
struct BriefLayout: Sendable {
    let template: MustacheTemplate
    /// `true` when `template` is the built-in one (its output is tidied).
    let builtIn: Bool
    /// Markdown: runs of blank lines collapse into one.
    let collapseBlankLines: Bool
    /// Markdown: YAML front matter first.
    let frontMatter: Bool

    /// Loads the layout; throws `StageOptionError` on `template` for a missing or invalid file.
    init(settings: ExportFormatSettings, format: String, builtInTemplate: String, contentType: String,
         collapseBlankLines: Bool, frontMatter: Bool) throws {
        (template, builtIn) = try Self.load(format: format, builtInTemplate: builtInTemplate, contentType: contentType,
                                            userPath: settings.template?.path, shownPath: settings.template?.shown)
        self.collapseBlankLines = collapseBlankLines
        self.frontMatter = frontMatter
    }

    /// Renders `documents` onto `page`.
    func render(_ documents: [Document], page: ExportPage) -> String {
        let out = template.render(BriefView.context(documents, page: page, frontMatter: frontMatter))
        return builtIn ? Self.tidy(out, collapseBlankLines: collapseBlankLines) : out
    }

    /// Removes trailing whitespace at the end (leaving one newline) and, for Markdown,
    /// collapses runs of blank lines into one. Applied to built-in layouts only.
    static func tidy(_ text: String, collapseBlankLines: Bool) -> String {
        var bytes = Array(text.utf8)
        if collapseBlankLines {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var newlines = 0
            for byte in bytes {
                if byte == 0x0A {
                    newlines += 1
                    // Drop spaces left at the end of a line by template indentation.
                    while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
                    if newlines > 2 { continue }
                } else {
                    newlines = 0
                }
                out.append(byte)
            }
            bytes = out
        }
        while let last = bytes.last, last == 0x0A || last == 0x20 || last == 0x09 || last == 0x0D { bytes.removeLast() }
        while let first = bytes.first, first == 0x0A { bytes.removeFirst() }
        bytes.append(0x0A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Loads and parses a template: the built-in one of `format`, or the user's file.
    /// Throws `StageOptionError` on the `template` option for a missing or invalid file.
    static func load(format: String, builtInTemplate: String, contentType: String, userPath: String?, shownPath: String?) throws -> (MustacheTemplate, Bool) {
        _ = ContentTypes.registered
        let pragma = "{{%CONTENT_TYPE: \(contentType)}}"
        if let userPath {
            let shown = shownPath ?? userPath
            guard let data = FileManager.default.contents(atPath: userPath) else {
                throw StageOptionError(option: "template", "cannot read template '\(shown)'")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw StageOptionError(option: "template", "template '\(shown)' is not UTF-8 text")
            }
            do {
                return (try MustacheTemplate(string: pragma + text), false)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber
                let column = line == 1 ? error.context.columnNumber - pragma.count : error.context.columnNumber
                throw StageOptionError(option: "template", "template '\(shown)' line \(line), column \(max(1, column)): \(error.error)")
            } catch {
                throw StageOptionError(option: "template", "template '\(shown)': \(error)")
            }
        }
        guard let url = StageResources.directory(bundle: "pipeline_Export", folder: "Templates", sourceDirectory: StageResources.sourceFolder(of: #filePath))?
                .appendingPathComponent(builtInTemplate),
            let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw StageOptionError("the built-in \(format) layout was not found: keep the pipeline_Export.resources folder next to the pipeline executable")
        }
        do {
            return (try MustacheTemplate(string: text), true)
        } catch {
            throw StageOptionError("the built-in \(format) layout does not parse: \(error)")
        }
    }
}
