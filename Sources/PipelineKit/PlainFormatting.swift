import Foundation

/// Fixed-point numbers and literal text replacement for summary lines, reports and stage
/// options, written without Foundation's `String(format:)` and `NSString` paths.
///
/// Those paths ask the Swift runtime whether values conform to protocols it has not been asked
/// about yet in the process (`CVarArg` and its passing kinds for each argument, the string
/// bridging types), and a question the runtime's cache cannot answer walks every protocol
/// conformance record in the binary: 6,364 of them in the release build, ~150,000 instructions a
/// question. A `pipeline run` of the brief asked 60 such questions, 13 of them from the run's
/// summary line (`String(format:)`) and the export stage's page title
/// (`replacingOccurrences(of:with:)`): about a fifth of the process's start-up instructions were
/// spent walking conformance records (docs/performance-log.md, round 16).
///
/// ```swift
/// PlainFormatting.fixed(2.345, places: 1)          // "2.3", as String(format: "%.1f", 2.345)
/// PlainFormatting.fixed(0.125, places: 2)          // "0.12" (the exact tie goes to even)
/// "{date} report".replacingEvery("{date}", with: "2026-12-04")   // "2026-12-04 report"
/// ```
public enum PlainFormatting {
    /// `value` with `places` digits after the point (none, and no point, for 0), as C's
    /// `printf("%.<places>f")` writes it: the exact binary value rounded to nearest, ties to
    /// even; a minus sign for negative values, including those that round to zero and -0.0;
    /// `nan`, `inf` and `-inf` for values that are not finite.
    ///
    /// The scaled value `|value| · 10^places` is rounded with its exact remainder (a fused
    /// multiply-add), so a product that only looks like a tie after its own rounding goes the
    /// way the exact product lies. Values whose scaled magnitude reaches 2^52, and more than 15
    /// places, go to `String(format:)` itself.
    public static func fixed(_ value: Double, places: Int) -> String {
        precondition(places >= 0, "places must not be negative")
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        guard places <= 15 else { return slowFixed(value, places: places) }
        let magnitude = value.magnitude
        var power = 1.0
        var unit: UInt64 = 1
        for _ in 0..<places {
            power *= 10
            unit *= 10
        }
        let product = magnitude * power
        guard product < 4_503_599_627_370_496 else { return slowFixed(value, places: places) }
        // The product's rounding error, exactly: -product + magnitude · power in one rounding.
        let error = (-product).addingProduct(magnitude, power)
        var rounded = product.rounded(.toNearestOrEven)
        // Below 2^52 every half-integer is a double, so only a product that is exactly a tie
        // can lie on the other side of one from the exact product.
        if (product - rounded).magnitude == 0.5 && error != 0 {
            rounded = error > 0 ? product + 0.5 : product - 0.5
        }
        let scaled = UInt64(rounded)
        var text = value.sign == .minus ? "-" : ""
        text += String(scaled / unit)
        if places > 0 {
            let fraction = String(scaled % unit)
            text += "."
            text += String(repeating: "0", count: places - fraction.utf8.count)
            text += fraction
        }
        return text
    }

    /// The rare values `fixed` leaves to C's formatting.
    private static func slowFixed(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }

    /// `bytes` as lowercase hexadecimal digits, two per byte (`[0xAB, 0x01]` -> `ab01`), with
    /// the digits `JSONWriter` writes `\u00xx` escapes with.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(JSONWriter.hexDigits[Int(byte >> 4)])
            out.append(JSONWriter.hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The string with every occurrence of `target` replaced by `replacement`, found left to
    /// right without overlaps by comparing UTF-8 bytes (what `replacingOccurrences(of:with:)`
    /// does for the literal, ASCII targets it was used with here); the string itself when
    /// `target` is empty or absent.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty else { return self }
        var source = self
        return source.withUTF8 { bytes -> String in
            let count = bytes.count, width = needle.count
            var out: [UInt8] = []
            var copied = 0, index = 0
            while index + width <= count {
                guard bytes[index..<index + width].elementsEqual(needle) else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                out.append(contentsOf: replacement.utf8)
                index += width
                copied = index
            }
            if copied == 0 { return self }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<count]))
            return String(decoding: out, as: UTF8.self)
        }
    }
}
