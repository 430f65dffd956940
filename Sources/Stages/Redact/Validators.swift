/// Check-digit and range validators used by the built-in detectors and offered to user
/// patterns (`validator: luhn | iban | ssn | ip`). Each takes the matched text's characters
/// and ignores separators (spaces, dashes, dots) where the format allows them.
public enum Validators {
    /// The validator names user patterns may use.
    public static let names = ["luhn", "iban", "ssn", "ip", "credit-card"]

    /// Runs the validator `name` on `value`; unknown names accept everything.
    public static func check(_ name: String, _ value: String) -> Bool {
        let bytes = Array(value.utf8)
        switch name {
        case "luhn": return luhn(digitsOf(bytes))
        case "credit-card":
            let digits = digitsOf(bytes)
            return digits.count >= 12 && digits.count <= 19 && luhn(digits) && cardIssuer(digits)
        case "iban": return iban(bytes.filter { ASCII.isAlphanumeric($0) })
        case "ssn":
            let digits = digitsOf(bytes)
            return digits.count == 9 && ssn(area: digits[0] * 100 + digits[1] * 10 + digits[2], group: digits[3] * 10 + digits[4],
                                       serial: digits[5] * 1000 + digits[6] * 100 + digits[7] * 10 + digits[8])
        case "ip":
            return bytes.withUnsafeBufferPointer { buffer -> Bool in
                let valueBytes = Bytes(buffer)
                return Detectors.ipv4(valueBytes, 0)?.end == buffer.count || Detectors.ipv6(valueBytes, 0)?.end == buffer.count
            }
        default: return true
        }
    }

    static func digitsOf(_ bytes: [UInt8]) -> [Int] { bytes.filter { ASCII.isDigit($0) }.map { Int($0 - 48) } }

    /// The Luhn (mod 10) check over digit values.
    static func luhn(_ digits: [Int]) -> Bool {
        if digits.isEmpty { return false }
        var sum = 0
        var double = false
        for digit in digits.reversed() {
            var value = digit
            if double { value *= 2; if value > 9 { value -= 9 } }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// `true` when the number's prefix and length belong to a card issuer: Visa, Mastercard
    /// (51-55 and the 2221-2720 series), American Express, Discover, Diners Club, JCB (3528-3589,
    /// and the old 15-digit 1800 and 2131), Maestro, UnionPay, Mir, RuPay, Troy, UATP, BORICA,
    /// China T-Union, Uzcard, Humo and GPN.
    static func cardIssuer(_ digits: [Int]) -> Bool {
        let len = digits.count
        func prefix(_ k: Int) -> Int { digits.prefix(k).reduce(0) { $0 * 10 + $1 } }
        let p1 = digits[0], p2 = prefix(2), p3 = prefix(3), p4 = prefix(4), p6 = prefix(6)
        switch p1 {
        case 4: return len == 13 || len == 16 || len == 19                              // Visa
        case 5:
            if (51...55).contains(p2) { return len == 16 }                                 // Mastercard
            if p2 == 50 || (56...59).contains(p2) { return len >= 12 && len <= 19 }        // Maestro
            return false
        case 2:
            if (2221...2720).contains(p4) { return len == 16 }                             // Mastercard 2-series
            if (2200...2204).contains(p4) { return len >= 16 && len <= 19 }                // Mir
            if p4 == 2205 { return len == 16 }                                             // BORICA
            if p4 == 2131 { return len == 15 }                                             // JCB (old 15-digit)
            return false
        case 3:
            if p2 == 34 || p2 == 37 { return len == 15 }                                   // Amex
            if (3528...3589).contains(p4) { return len >= 16 && len <= 19 }                // JCB
            if p2 == 31 { return len == 19 }                                               // China T-Union
            if (300...305).contains(p3) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39 {
                return len >= 14 && len <= 19                                              // Diners
            }
            return false
        case 6:
            if p4 == 6011 || (644...649).contains(p3) || p2 == 65 || (622126...622925).contains(p6) {
                return len >= 16 && len <= 19                                              // Discover
            }
            return len >= 12 && len <= 19                                                  // Maestro 6x, UnionPay 62, RuPay 60
        case 8: return ((p2 == 81 || p2 == 82) || p4 == 8600) && len == 16                 // RuPay, Uzcard
        case 9: return (p4 == 9792 || p4 == 9860) && len == 16                             // Troy, Humo
        case 1:
            if p4 == 1946 { return len == 16 || len == 18 || len == 19 }                   // GPN
            return len == 15                                                               // UATP; JCB 1800 (15 digits)
        default: return false
        }
    }

    /// US SSN ranges: area 001-899 except 666, group 01-99, serial 0001-9999.
    static func ssn(area: Int, group: Int, serial: Int) -> Bool {
        area > 0 && area != 666 && area < 900 && group > 0 && serial > 0
    }

    /// The expected IBAN length for a country code (either case), or `nil`: the SWIFT
    /// registry's countries (`IbanRegistry`, from `Data/iban_registry.txt`).
    @inline(__always) static func ibanLength(_ first: UInt8, _ second: UInt8) -> Int? {
        IbanRegistry.shared?.length(first, second)
    }

    /// Country length, the registry's BBAN character classes and the ISO 7064 mod-97 check
    /// over alphanumeric characters.
    static func iban(_ chars: [UInt8]) -> Bool {
        guard chars.count >= 15, chars.count <= 34, let len = ibanLength(chars[0], chars[1]), len == chars.count,
              ASCII.isDigit(chars[2]), ASCII.isDigit(chars[3]), IbanRegistry.shared?.bbanMatches(chars) ?? false else { return false }
        var rem = 0
        for k in 0..<chars.count {
            let byte = chars[(k + 4) % chars.count]
            if ASCII.isDigit(byte) {
                rem = (rem * 10 + Int(byte - 48)) % 97
            } else if ASCII.isLetter(byte) {
                rem = (rem * 100 + Int(ASCII.lowercased(byte) - 97 + 10)) % 97
            } else {
                return false
            }
        }
        return rem == 1
    }
}
