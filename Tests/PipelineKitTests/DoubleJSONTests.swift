import XCTest

@testable import PipelineKit

/// Doubles are written as the JSON writer always wrote them (`N.0` for an integer below 1e15,
/// `Double.description` otherwise, `null` when not finite); `ShortDecimal` finds the common
/// decimals without `description` and must agree with it wherever it answers.
final class DoubleJSONTests: XCTestCase {
    /// The writer's formula before `ShortDecimal`: the reference.
    private func reference(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number.rounded() == number && abs(number) < 1e15 { return String(Int(number)) + ".0" }
        return String(number)
    }

    private func written(_ number: Double) -> String {
        var out: [UInt8] = Array("[".utf8)
        JSONWriter.write(.double(number), into: &out)
        return String(decoding: out.dropFirst(), as: UTF8.self)
    }

    /// `ShortDecimal`'s text when it answers, else `nil`.
    private func shortDecimal(_ number: Double) -> String? {
        guard let decimal = ShortDecimal(magnitude: abs(number)) else { return nil }
        var bytes: [UInt8] = []
        decimal.write(negative: number < 0) { bytes.append($0) }
        XCTAssertLessThanOrEqual(bytes.count, ShortDecimal.maxBytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func assertSame(_ number: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(written(number), reference(number), "\(number.bitPattern)", file: file, line: line)
        if let text = shortDecimal(number) {
            XCTAssertEqual(text, number.description, "\(number.bitPattern)", file: file, line: line)
        }
    }

    func testScoresAsSummarizeRoundsThem() {
        XCTAssertEqual(shortDecimal(0.6352), "0.6352")
        XCTAssertEqual(shortDecimal(1.5309), "1.5309")
        XCTAssertEqual(shortDecimal(-12.5), "-12.5")
        XCTAssertEqual(shortDecimal(0.001), "0.001")
        XCTAssertEqual(written(0.8364), "0.8364")
        for thousandths in 1..<100_000 {
            assertSame(Double(thousandths) / 10_000)
            assertSame((Double(thousandths) / 10_000 * 10_000).rounded() / 10_000)
        }
    }

    func testEdgesOfTheRangeAndSpecialValues() {
        let numbers: [Double] = [
            0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.001, 0.00099999, 0.0009999999999999998, 0.0011,
            1e-4, 1.5e-4, 1e-5, 123.456, 999_999_999_999_999.9, 1e15, 1e15 - 0.5, 1e15 + 0.5, 1e14 + 0.5, 1e14 + 0.25, 1e16, 2e15,
            9_007_199_254_740_993, 123_456_789_012_345.6, 12_345_678_901_234.56, 0.123456789012345, 0.1234567890123456,
            Double.pi, -Double.pi, Double.ulpOfOne, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
            Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 5e-324, 1.7976931348623157e308,
        ]
        for number in numbers {
            assertSame(number)
            assertSame(number.nextUp)
            assertSame(number.nextDown)
        }
    }

    /// Decimals of every length from 1 to 17 significant digits at many scales, and their
    /// neighbouring doubles (which need 16 or 17 digits: `ShortDecimal` must decline them).
    func testDecimalsOfEveryLengthAndScale() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var mantissa: UInt64 = 0
            for _ in 0..<digits { mantissa = mantissa * 10 + UInt64.random(in: 0...9, using: &generator) }
            let exponent = Int.random(in: -22...16, using: &generator)
            guard let number = Double("\(mantissa)e\(exponent)") else { continue }
            assertSame(number)
            assertSame(-number)
            assertSame(number.nextUp)
            assertSame(number.nextDown)
        }
    }

    /// Arbitrary doubles (random bit patterns in the range, most needing 17 digits).
    func testRandomBitPatterns() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let number = Double.random(in: 0.0005...2e15, using: &generator)
            assertSame(number)
            let magnitude = Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &generator))
            assertSame(magnitude)
        }
    }

    /// A double inside an object and a list is written the same way.
    func testDoublesInsideContainers() {
        let value = Value.object(["b": .array([.double(0.25), .double(3)]), "a": .double(-0.0001)])
        XCTAssertEqual(JSONWriter.string(value), #"{"a":-0.0001,"b":[0.25,3.0]}"#)
    }
}
