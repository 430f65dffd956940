/// The shortest decimal that reads back as a given `Double`, for the common case where it has
/// at most 15 significant digits and is written without an exponent: what `Double.description`
/// writes, found without it (`description` costs ~560 instructions and a `String`; a summary
/// sentence's `score` such as `0.6352` is found here in a few dozen).
///
/// Why it is the same decimal: for `x` in `[0.001, 1e15)`, two decimals of at most 15
/// significant digits are further apart than the gap between neighbouring doubles there, so at
/// most one of them reads back as `x` at any number of fraction digits `k`, and the shortest one
/// has the fewest `k`. At a given `k` it can only be `m = round(x · 10^k)`, and whether it reads
/// back is tested exactly: `Double(m) / 10^k` is one correctly rounded division of two exact
/// doubles, which is what parsing the decimal `m · 10^-k` gives (a decimal of at most 15
/// digits is never the midpoint between two doubles, so the rounding mode's ties never arise).
/// `Double.description` writes that shortest decimal in positional form in this range.
/// Anything else (more digits, an integer, outside the range) is left to the caller: `nil`.
struct ShortDecimal: Equatable {
    /// The digits, as an integer (`6352` for `0.6352`).
    let digits: UInt64
    /// How many of the digits come after the decimal point (`4` for `0.6352`; at least 1).
    let fractionDigits: Int

    /// The most significant digits a decimal found here has.
    static let maxSignificantDigits = 15

    /// The shortest decimal with at most 15 significant digits and at least one fraction digit
    /// that reads back as `magnitude` (positive, not an integer, in `[0.001, 1e15)`), else `nil`.
    init?(magnitude: Double) {
        guard magnitude >= 0.001, magnitude < 1e15, magnitude.rounded(.towardZero) != magnitude else { return nil }
        // Digits before the point: the fraction may have the rest of the 15.
        var integerDigits = 0
        var integerPart = UInt64(magnitude)
        while integerPart > 0 {
            integerDigits += 1
            integerPart /= 10
        }
        if integerDigits >= Self.maxSignificantDigits { return nil }
        // 10^k, exact (every power of ten up to 10^22 is a double).
        var power = 1.0
        for k in 1...(Self.maxSignificantDigits - integerDigits) {
            power *= 10
            // The nearest integer to x · 10^k (below 10^15, so exact as a double and an
            // integer; truncating after adding a half needs no call to `round`).
            let scaled = Double(UInt64(magnitude * power + 0.5))
            if scaled / power == magnitude {
                digits = UInt64(scaled)
                fractionDigits = k
                return
            }
        }
        return nil
    }

    /// At most the bytes `write` writes: 15 digits, a point, a leading `0` and up to two more
    /// zeros after the point (below 0.01), and a sign.
    static let maxBytes = 20

    /// Writes the decimal in positional form (`0.6352`, `12.5`, `0.001`), `-` first when
    /// `negative`, through `byte`.
    func write(negative: Bool, _ byte: (UInt8) -> Void) {
        if negative { byte(UInt8(ascii: "-")) }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { raw in
            // The digits from the last one back, at least `fractionDigits + 1` of them (zeros
            // before the point and after it, below 1).
            var count = 0
            var rest = digits
            while rest > 0 || count <= fractionDigits {
                raw[count] = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
                rest /= 10
                count += 1
            }
            var index = count
            while index > 0 {
                index -= 1
                byte(raw[index])
                if index == fractionDigits { byte(UInt8(ascii: ".")) }
            }
        }
    }
}
