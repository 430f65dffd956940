/// Finding where UTF-8 goes wrong, for errors that point at the byte instead of quoting it.
public enum UTF8Validation {
    /// The index of the first byte that starts an invalid or truncated UTF-8 sequence in
    /// `bytes`, or `nil` when all of it is valid. Linear; rejects overlongs and surrogates as
    /// `String(validating:)` does.
    public static func firstInvalidIndex<Bytes: Collection>(in bytes: Bytes) -> Bytes.Index? where Bytes.Element == UInt8 {
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let lead = bytes[i]
            if lead < 0x80 { bytes.formIndex(after: &i); continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            var j = bytes.index(after: i)
            for k in 1..<length {
                guard j != bytes.endIndex else { return i }
                let continuation = bytes[j]
                if k == 1 ? !(low...high).contains(continuation) : !(0x80...0xBF).contains(continuation) { return i }
                bytes.formIndex(after: &j)
            }
            i = j
        }
        return nil
    }
}
