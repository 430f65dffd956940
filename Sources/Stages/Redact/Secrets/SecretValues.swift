import Foundation

/// Judgements on a candidate secret's bytes: entropy, placeholders, checksums. Nothing here
/// looks at the surrounding text.
enum SecretValue {
    /// Shannon entropy in bits per character of `p[start..<end]`.
    static func entropy(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double {
        if end <= start { return 0 }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { counts in
            // Only the counts of bytes that occur are written and read: `seen` marks them, and
            // they are summed in byte order (the order fixes the floating-point result).
            var seen: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &seen) { words in
                let seenWords = words.bindMemory(to: UInt64.self)
                for index in start..<end {
                    let byte = Int(text[index])
                    let bit: UInt64 = 1 << UInt64(byte & 63)
                    if seenWords[byte >> 6] & bit == 0 {
                        seenWords[byte >> 6] |= bit
                        counts[byte] = 1
                    } else {
                        counts[byte] += 1
                    }
                }
            }
            let total = Double(end - start)
            var sum = 0.0
            withUnsafeBytes(of: seen) { words in
                for word in 0..<4 {
                    var bits = words.load(fromByteOffset: word * 8, as: UInt64.self)
                    while bits != 0 {
                        let byte = word << 6 | bits.trailingZeroBitCount
                        bits &= bits &- 1
                        let share = Double(counts[byte]) / total
                        sum -= share * log2(share)
                    }
                }
            }
            return sum
        }
    }

    static func entropy(_ text: String) -> Double {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { entropy(UnsafeBufferPointer($0), 0, $0.count) }
    }

    /// Words that mark a value as a stand-in for a real secret.
    static let placeholderWords: [[UInt8]] = ["example", "placeholder", "redacted", "your_", "your-", "yourtoken", "yourkey",
                                              "yourapi", "yoursecret", "yourpass", "dummy", "changeme", "change_me", "fake",
                                              "insert", "replace", "sample", "-snapshot", "lorem", "notreal", "not-a-real",
                                              "not_a_real", "xxxx", "****", "...", "<", ">", "{{", "${", "0000000",
                                              "1234567890", "abcdefghij", "0123456789"].map { Array($0.utf8) }

    /// `true` for stand-ins: runs of `x`/`X`/`0`/`*`/`.` or one repeated character, `<your-token>`,
    /// `EXAMPLE`, template variables, counting sequences. `from` skips a token's literal prefix.
    static func isPlaceholder(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, from: Int? = nil) -> Bool {
        let bodyStart = from ?? start
        if end <= bodyStart { return true }
        // One character repeated, or mostly one of x X 0 *.
        var run = 1, longest = 1, fillerRun = 0, longestFiller = 0
        var filler = 0
        for k in bodyStart..<end {
            if k > bodyStart && text[k] == text[k - 1] { run += 1; longest = max(longest, run) } else { run = 1 }
            let byte = text[k]
            if byte == 0x78 || byte == 0x58 || byte == ASCII.star || byte == 0x30 || byte == ASCII.dot {
                filler += 1
                fillerRun += 1
                longestFiller = max(longestFiller, fillerRun)
            } else {
                fillerRun = 0
            }
        }
        let len = end - bodyStart
        // Runs of other characters are part of some formats (Dropbox's `AAAAAAAAAAA`).
        if longestFiller >= 6 || longest * 2 >= len || filler * 2 >= len { return true }
        return placeholderIndex.occurs(in: text, start, end)
    }

    /// `placeholderWords` by first byte.
    static let placeholderIndex = WordsByFirstByte(placeholderWords)

    static func isPlaceholder(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { isPlaceholder(UnsafeBufferPointer($0), 0, $0.count) }
    }

    // MARK: checksums

    /// The CRC32 (IEEE) table.
    static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static let base62: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// GitHub's and npm's token checksum: the last six characters are the base62 CRC32 of the
    /// random characters between the `_` after the prefix and them.
    static func githubChecksumValid(_ token: [UInt8]) -> Bool {
        guard let underscore = token.lastIndex(of: ASCII.underscore), token.count - underscore - 1 >= 12 else { return false }
        let body = token[(underscore + 1)..<(token.count - 6)]
        var remainder = crc32(body)
        var digits = [UInt8](repeating: base62[0], count: 6)
        var k = 5
        while remainder > 0 && k >= 0 {
            digits[k] = base62[Int(remainder % 62)]
            remainder /= 62
            k -= 1
        }
        return Array(token.suffix(6)) == digits
    }

    /// A valid checksum vouches for a token whatever its entropy.
    static func checksumValid(_ kind: SecretRule.Checksum, _ token: [UInt8]) -> Bool {
        switch kind {
        case .githubCRC32: return githubChecksumValid(token)
        case .pypiMacaroon: return token.starts(with: Array("pypi-AgEIcHlwaS5vcmc".utf8)) && token.count >= 70
        }
    }
}
