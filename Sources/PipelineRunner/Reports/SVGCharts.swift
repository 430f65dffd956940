import Foundation
import PipelineKit

/// Inline SVG charts for the report pages: plain shapes and text, sized by a `viewBox` so they
/// scale with the page, with a `<title>` for screen readers. No scripts.
public enum SVGChart {
    /// One bar: its label, its value, the text shown after it, and its colour.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var valueText: String
        public var color: String
        /// Creates a bar.
        public init(label: String, value: Double, valueText: String, color: String = "#0969da") {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.color = color
        }
    }

    /// A horizontal bar chart: a label column, bars scaled to the largest value, and each value
    /// printed after its bar. `title` describes the chart for assistive technology.
    public static func horizontalBars(_ bars: [Bar], title: String, width: Int = 520) -> String {
        let rowHeight = 26, top = 6
        let labelWidth = min(200, max(70, (bars.map { $0.label.count }.max() ?? 0) * 7 + 14))
        let valueWidth = min(150, max(60, (bars.map { $0.valueText.count }.max() ?? 0) * 7 + 12))
        let barSpace = Double(width - labelWidth - valueWidth)
        let maxValue = bars.map(\.value).max() ?? 0
        let height = top * 2 + rowHeight * max(bars.count, 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(MarkupEscaping.html(title))\">"
        svg += "<title>\(MarkupEscaping.html(title))</title>"
        svg += "<line x1=\"\(labelWidth)\" y1=\"\(top - 2)\" x2=\"\(labelWidth)\" y2=\"\(height - top + 2)\" stroke=\"#d1d9e0\"/>"
        for (i, bar) in bars.enumerated() {
            let rowTop = top + i * rowHeight
            let length = maxValue > 0 ? max(bar.value > 0 ? 2 : 0, barSpace * bar.value / maxValue) : 0
            let label = truncated(bar.label, to: (labelWidth - 12) / 7)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(rowTop + 17)\" text-anchor=\"end\">\(MarkupEscaping.html(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(rowTop + 4)\" width=\"\(format(length))\" height=\"\(rowHeight - 8)\" rx=\"2\" fill=\"\(bar.color)\"/>"
            svg += "<text class=\"value\" x=\"\(format(Double(labelWidth) + length + 6))\" y=\"\(rowTop + 17)\">\(MarkupEscaping.html(bar.valueText))</text>"
        }
        return svg + "</svg>"
    }

    /// One part of a stacked bar.
    public struct Part: Sendable {
        public var label: String
        public var value: Double
        public var color: String
        /// Creates a part.
        public init(label: String, value: Double, color: String) {
            self.label = label
            self.value = value
            self.color = color
        }
    }

    /// A single 100% stacked bar (for example documents ok / failed / skipped).
    public static func stackedBar(_ parts: [Part], title: String, width: Int = 1000, height: Int = 18) -> String {
        let total = parts.reduce(0) { $0 + $1.value }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(MarkupEscaping.html(title))\">"
        svg += "<title>\(MarkupEscaping.html(title))</title>"
        guard total > 0 else { return svg + "<rect width=\"\(width)\" height=\"\(height)\" rx=\"4\" fill=\"#eaeef2\"/></svg>" }
        var partLeft = 0.0
        for part in parts where part.value > 0 {
            let partWidth = Double(width) * part.value / total
            svg += "<rect x=\"\(format(partLeft))\" width=\"\(format(partWidth))\" height=\"\(height)\" fill=\"\(part.color)\"/>"
            partLeft += partWidth
        }
        return svg + "</svg>"
    }

    static func format(_ value: Double) -> String { PlainFormatting.fixed(value, places: 1) }

    static func truncated(_ text: String, to count: Int) -> String {
        text.count <= count ? text : String(text.prefix(max(1, count - 1))) + "…"
    }
}
