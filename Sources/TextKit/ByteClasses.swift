/// ASCII byte classes and the ASCII bytes scanners name, for code that reads UTF-8 text byte
/// by byte (the redact detectors, the sentence scanner, translate's protected spans).
///
/// Every test is a branch-free comparison on one byte and is `@inlinable`, so a scanner in
/// another module compiles it inline. The bytes of non-ASCII scalars (0x80 and up) are in no
/// class here except ``isWordByte(_:)``.
///
/// ```swift
/// if ASCII.isDigit(byte) { … } else if byte == ASCII.at { … }
/// let folded = ASCII.lowercased(byte)
/// ```
public enum ASCII {
    // MARK: Classes

    /// `0`-`9`.
    @inlinable @inline(__always) public static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    /// `A`-`Z` and `a`-`z`.
    @inlinable @inline(__always) public static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    /// `A`-`Z`.
    @inlinable @inline(__always) public static func isUppercase(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    /// `a`-`z`.
    @inlinable @inline(__always) public static func isLowercase(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
    /// An ASCII letter or digit.
    @inlinable @inline(__always) public static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    /// `0`-`9`, `A`-`F` and `a`-`f`.
    @inlinable @inline(__always) public static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }
    /// A byte that continues a word: an ASCII letter or digit, `_`, or any byte of a non-ASCII
    /// scalar (a letter in most scripts).
    @inlinable @inline(__always) public static func isWordByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte >= 0x80 || byte == underscore
    }
    /// ASCII whitespace as C's `isspace` has it: space, tab, line feed, vertical tab, form feed,
    /// carriage return.
    @inlinable @inline(__always) public static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte &- tab < 5 }

    // MARK: Conversions

    /// The byte with `A`-`Z` lowered to `a`-`z`; every other byte unchanged.
    @inlinable @inline(__always) public static func lowercased(_ byte: UInt8) -> UInt8 { isUppercase(byte) ? byte | 0x20 : byte }
    /// The value of a hexadecimal digit (the caller checks ``isHexDigit(_:)`` first).
    @inlinable @inline(__always) public static func hexValue(_ byte: UInt8) -> Int {
        isDigit(byte) ? Int(byte &- 0x30) : Int((byte | 0x20) &- 0x57)
    }

    // MARK: Bytes by name

    @inlinable public static var tab: UInt8 { 0x09 }
    @inlinable public static var newline: UInt8 { 0x0A }
    /// Carriage return.
    @inlinable public static var cr: UInt8 { 0x0D }
    @inlinable public static var space: UInt8 { 0x20 }
    /// `!`
    @inlinable public static var bang: UInt8 { 0x21 }
    /// `"`
    @inlinable public static var quote: UInt8 { 0x22 }
    /// `#`
    @inlinable public static var hash: UInt8 { 0x23 }
    /// `$`
    @inlinable public static var dollar: UInt8 { 0x24 }
    /// `%`
    @inlinable public static var percent: UInt8 { 0x25 }
    /// `&`
    @inlinable public static var amp: UInt8 { 0x26 }
    /// `'`
    @inlinable public static var apostrophe: UInt8 { 0x27 }
    /// `(`
    @inlinable public static var lparen: UInt8 { 0x28 }
    /// `)`
    @inlinable public static var rparen: UInt8 { 0x29 }
    /// `*`
    @inlinable public static var star: UInt8 { 0x2A }
    /// `+`
    @inlinable public static var plus: UInt8 { 0x2B }
    /// `,`
    @inlinable public static var comma: UInt8 { 0x2C }
    /// `-`
    @inlinable public static var minus: UInt8 { 0x2D }
    /// `.`
    @inlinable public static var dot: UInt8 { 0x2E }
    /// `/`
    @inlinable public static var slash: UInt8 { 0x2F }
    /// `:`
    @inlinable public static var colon: UInt8 { 0x3A }
    /// `;`
    @inlinable public static var semicolon: UInt8 { 0x3B }
    /// `<`
    @inlinable public static var lt: UInt8 { 0x3C }
    /// `=`
    @inlinable public static var equals: UInt8 { 0x3D }
    /// `>`
    @inlinable public static var gt: UInt8 { 0x3E }
    /// `?`
    @inlinable public static var question: UInt8 { 0x3F }
    /// `@`
    @inlinable public static var at: UInt8 { 0x40 }
    /// `[`
    @inlinable public static var lbracket: UInt8 { 0x5B }
    /// `\`
    @inlinable public static var backslash: UInt8 { 0x5C }
    /// `]`
    @inlinable public static var rbracket: UInt8 { 0x5D }
    /// `_`
    @inlinable public static var underscore: UInt8 { 0x5F }
    /// `` ` ``
    @inlinable public static var backtick: UInt8 { 0x60 }
    /// `x` (hexadecimal `0x`, phone extensions).
    @inlinable public static var x: UInt8 { 0x78 }
    /// `{`
    @inlinable public static var lbrace: UInt8 { 0x7B }
    /// `}`
    @inlinable public static var rbrace: UInt8 { 0x7D }
}

/// Eight bytes tested at once as one 64-bit word (SWAR), for scanners that look for a few byte
/// values in long runs of text: ``marks(_:_:)`` sets the high bit of every byte of a block that
/// equals a value, exactly (no borrow crosses bytes), and the first marked byte is found by
/// counting trailing zeros.
///
/// ```swift
/// var marks = ByteBlock.marks(block, 0x22) | ByteBlock.marks(block, 0x20)
/// while marks != 0 { let offset = marks.trailingZeroBitCount >> 3; …; marks &= marks - 1 }
/// ```
public enum ByteBlock {
    /// The eight bytes at `offset` of `base` (little-endian: byte `offset` is the lowest).
    @inlinable @inline(__always)
    public static func load(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `block` that equals `value`.
    @inlinable @inline(__always)
    public static func marks(_ block: UInt64, _ value: UInt8) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        let word = block ^ (0x0101_0101_0101_0101 &* UInt64(value))
        return ~(((word & lows) &+ lows) | word) & highs
    }

    /// `block` with every byte `A`-`Z` made lowercase (``ASCII/lowercased(_:)`` on each byte).
    @inlinable @inline(__always)
    public static func asciiLowercased(_ block: UInt64) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        let low7 = block & lows
        // The high bit of a byte's sum is set when its low seven bits are at least 0x41 (`A`),
        // and at least 0x5B (one past `Z`); no sum carries into the next byte.
        let fromA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F, pastZ = low7 &+ 0x2525_2525_2525_2525
        let upper = fromA & ~pastZ & ~block & highs
        return block | upper >> 2  // 0x80 >> 2 is the case bit 0x20
    }
}
