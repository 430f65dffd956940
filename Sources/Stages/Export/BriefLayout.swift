import Foundation
import Mustache
import PipelineKit

/// A format laid out by the brief layout: text, markdown and html differ only in their
/// built-in layout, the content type `{{x}}` escapes for in a user's template, and Markdown's
/// tidying.
protocol BriefFormat: RenderedExportFormat {
    /// The built-in layout (written in Swift by `BuiltInBrief`; its Mustache twin is the
    /// resource `Templates/<builtInTemplate>`).
    static var builtInKind: BuiltInBrief.Kind { get }
    /// The built-in layout's Mustache resource name inside `Templates/` (not read at run time:
    /// `BuiltInBriefTests` checks `builtInKind` against it).
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
            settings: settings, format: Self.name, builtIn: Self.builtInKind, contentType: Self.contentType,
            collapseBlankLines: Self.collapsesBlankLines, frontMatter: Self.features.contains(.frontMatter) && settings.frontMatter))
    }

    func render(_ documents: [Document], page: ExportPage) -> String { layout.render(documents, page: page) }
}

/// The brief layout that the text, markdown and html formats share: the built-in one of the
/// format (rendered in Swift by `BuiltInBrief`, then tidied: blank-line runs, final newline)
/// or the user's Mustache `template`.
struct BriefLayout: Sendable {
    enum Source: Sendable {
        case builtIn(BuiltInBrief.Kind)
        case template(MustacheTemplate)
    }

    let source: Source
    /// Markdown: runs of blank lines collapse into one.
    let collapseBlankLines: Bool
    /// Markdown: YAML front matter first.
    let frontMatter: Bool

    /// Loads the layout; throws `StageOptionError` on `template` for a missing or invalid file.
    init(settings: ExportFormatSettings, format: String, builtIn: BuiltInBrief.Kind, contentType: String,
         collapseBlankLines: Bool, frontMatter: Bool) throws {
        if let userPath = settings.template?.path {
            source = .template(try Self.loadTemplate(contentType: contentType, path: userPath, shown: settings.template?.shown ?? userPath))
        } else {
            source = .builtIn(builtIn)
        }
        self.collapseBlankLines = collapseBlankLines
        self.frontMatter = frontMatter
    }

    /// Renders `documents` onto `page`.
    func render(_ documents: [Document], page: ExportPage) -> String {
        switch source {
        case .builtIn(let kind):
            var bytes = BuiltInBrief.render(kind, documents, page: page, frontMatter: frontMatter)
            Self.tidy(&bytes, collapseBlankLines: collapseBlankLines)
            return String(decoding: bytes, as: UTF8.self)
        case .template(let template):
            return template.render(BriefView.context(documents, page: page, frontMatter: frontMatter))
        }
    }

    /// Removes trailing whitespace at the end (leaving one newline) and, for Markdown,
    /// collapses runs of blank lines into one. Applied to built-in layouts only.
    static func tidy(_ text: String, collapseBlankLines: Bool) -> String {
        var bytes = Array(text.utf8)
        tidy(&bytes, collapseBlankLines: collapseBlankLines)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `tidy` on UTF-8 bytes, in place.
    static func tidy(_ bytes: inout [UInt8], collapseBlankLines: Bool) {
        if collapseBlankLines {
            let kept = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
                var count = 0
                var newlines = 0
                for i in 0..<buffer.count {
                    let byte = buffer[i]
                    if byte == 0x0A {
                        newlines += 1
                        // Drop spaces left at the end of a line by template indentation.
                        while count > 0, buffer[count - 1] == 0x20 || buffer[count - 1] == 0x09 { count -= 1 }
                        if newlines > 2 { continue }
                    } else {
                        newlines = 0
                    }
                    buffer[count] = byte
                    count += 1
                }
                return count
            }
            bytes.removeSubrange(kept...)
        }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        var start = 0
        while start < end, bytes[start] == 0x0A { start += 1 }
        if end < bytes.count { bytes.removeSubrange(end...) }
        if start > 0 { bytes.removeSubrange(..<start) }
        bytes.append(0x0A)
    }

    /// Loads and parses the user's template at `path` (`shown` in messages). Throws
    /// `StageOptionError` on the `template` option for a missing or invalid file.
    static func loadTemplate(contentType: String, path: String, shown: String) throws -> MustacheTemplate {
        _ = ContentTypes.registered
        let pragma = "{{%CONTENT_TYPE: \(contentType)}}"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StageOptionError(option: "template", "cannot read template '\(shown)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StageOptionError(option: "template", "template '\(shown)' is not UTF-8 text")
        }
        do {
            return try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = line == 1 ? error.context.columnNumber - pragma.count : error.context.columnNumber
            throw StageOptionError(option: "template", "template '\(shown)' line \(line), column \(max(1, column)): \(error.error)")
        } catch {
            throw StageOptionError(option: "template", "template '\(shown)': \(error)")
        }
    }

    /// The built-in layout's Mustache twin (`Templates/<name>`, shipped as a resource), parsed:
    /// what `BuiltInBrief` is checked against, and a starting point for a user's template.
    static func builtInTemplate(named name: String) throws -> MustacheTemplate {
        _ = ContentTypes.registered
        guard let url = StageResources.directory(bundle: "pipeline_Export", folder: "Templates", sourceDirectory: StageResources.sourceFolder(of: #filePath))?
                .appendingPathComponent(name),
            let data = FileManager.default.contents(atPath: url.path),
            let text = String(data: data, encoding: .utf8)
        else {
            throw StageOptionError("the built-in layout \(name) was not found: keep the pipeline_Export.resources folder next to the pipeline executable")
        }
        return try MustacheTemplate(string: text)
    }
}
