// Byte and scalar classes: terminators, bullets, openers, closers.
extension SentenceScanner {
    static func isStrongTerminator(_ v: UInt32) -> Bool {
        switch v {
        case 0x061F, 0x06D4, 0x0964, 0x0965, 0x3002, 0xFF01, 0xFF1F, 0xFF61, 0x203C, 0x2047, 0x2048, 0x2049: return true
        default: return false
        }
    }

    static func isBullet(_ v: UInt32) -> Bool {
        switch v {
        case 0x2022, 0x2023, 0x2043, 0x25E6, 0x25AA, 0x25CF, 0x25A0, 0x25B8, 0x27A2: return true
        default: return false
        }
    }

    static func isOpener(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x28, 0x5B, 0x7B, 0x201C, 0x2018, 0x00AB, 0x2039, 0x201E, 0x00BF, 0x00A1,
             0x300C, 0x300E, 0xFF08, 0x3010, 0x3008, 0x300A: return true
        default: return false
        }
    }

    static func isCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x201D, 0x2019, 0x00BB, 0x203A,
             0x300D, 0x300F, 0xFF09, 0x3011, 0x3009, 0x300B: return true
        default: return false
        }
    }

    /// An ASCII byte that is not whitespace (part of a whitespace-delimited token).
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool { byte < 0x80 && !ASCII.isWhitespace(byte) }

    /// The ASCII openers of ``isOpener(_:)``: `"` `'` `(` `[` `{`.
    @inline(__always)
    static func isASCIIOpener(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x28 || byte == 0x5B || byte == 0x7B }

    /// The ASCII closers of ``isCloser(_:)``: `"` `'` `)` `]` `}`.
    @inline(__always)
    static func isASCIICloser(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D || byte == 0x7D }
}
