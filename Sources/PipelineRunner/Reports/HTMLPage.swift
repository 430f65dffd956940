import Foundation
import PipelineKit

/// The frame every report page shares: one self-contained HTML5 document with inline CSS
/// (no scripts, no web fonts, nothing fetched), readable without JavaScript and printable.
public enum HTMLPage {
    /// A whole page: `title` (escaped here), `body` (already HTML), page-specific `css`.
    public static func render(title: String, body: String, css: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="pipeline">
        <title>\(MarkupEscaping.html(title))</title>
        <style>
        \(baseCSS)\(css)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Layout, cards, tables, badges and charts, and a print style without backgrounds to waste.
    static let baseCSS = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --ok: #1a7f37; --fail: #cf222e; --skip: #9a6700; --accent: #0969da; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1100px; padding: 24px 28px 40px; color: var(--ink); background: #fff;
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { font-size: 1.2em; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1em; margin: 16px 0 6px; }
        p.meta, .muted { color: var(--muted); margin: 0; }
        code { font: 0.92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        .badge { display: inline-block; padding: 1px 10px; border-radius: 999px; font-size: 0.8em; font-weight: 600; color: #fff; vertical-align: middle; }
        .badge.ok { background: var(--ok); } .badge.failed { background: var(--fail); } .badge.skipped { background: var(--skip); }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(112px, 1fr)); gap: 10px; margin: 18px 0 8px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--panel); break-inside: avoid; }
        .card .value { font-size: 1.55em; font-weight: 700; line-height: 1.2; }
        .card .label { color: var(--muted); font-size: 0.85em; }
        .card.ok .value { color: var(--ok); } .card.failed .value { color: var(--fail); } .card.skipped .value { color: var(--skip); }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 28px; }
        figure { margin: 0 0 12px; break-inside: avoid; }
        figcaption { font-weight: 600; margin: 8px 0 4px; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
        svg.chart .value { fill: var(--muted); }
        table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 0.92em; }
        th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--panel); font-weight: 600; white-space: nowrap; }
        th.sorted::after { content: " \\25BE"; color: var(--accent); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.wrap { overflow-wrap: anywhere; }
        tbody tr:nth-child(even) { background: #fbfcfd; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 4px 0 10px; font-size: 0.88em; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        .empty { color: var(--muted); font-style: italic; }
        footer { margin-top: 32px; color: var(--muted); font-size: 0.85em; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          h2 { break-after: avoid; }
          table, figure, .card { break-inside: avoid; }
          tbody tr:nth-child(even) { background: none; }
        }

        """
}

/// Colours for annotation and finding types: fixed ones for the built-in types, so a type has
/// the same colour on every page, and a stable pick from a palette for the others.
public enum TypeColors {
    static let fixed: [String: String] = [
        "greeting": "#8250df", "closing": "#bf3989", "signature": "#0550ae", "quote": "#6e7781",
        "email": "#cf222e", "phone": "#bc4c00", "url": "#0969da", "ip": "#1b7c83", "credit-card": "#a40e26",
        "iban": "#7d4e00", "ssn": "#953800", "person": "#1a7f37", "date": "#4d2d00", "secret": "#82071e",
        "summary-sentence": "#9a6700",
    ]
    static let palette = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#bc4c00", "#1b7c83", "#9a6700", "#cf222e", "#6639ba", "#0550ae"]

    /// The colour (`#rrggbb`) of `type`.
    public static func color(for type: String) -> String {
        if let fixedColor = fixed[type] { return fixedColor }
        var hash: UInt32 = 2_166_136_261
        for byte in type.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return palette[Int(hash % UInt32(palette.count))]
    }
}
