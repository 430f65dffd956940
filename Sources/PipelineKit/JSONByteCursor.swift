/// Writes pieces of JSON text through a pointer into room an array claimed beforehand, so a
/// run of small pieces (an annotation's keys, numbers and strings) costs one claim instead of
/// one `Array.append(contentsOf:)` each (~100 instructions a call, more than most pieces' bytes).
///
/// The caller claims at most what it will write (`append(to:atMost:_:)`); each method says
/// how many bytes it may write.
struct JSONByteCursor {
    /// Where the next byte goes.
    private var next: UnsafeMutablePointer<UInt8>
    /// How many bytes have been written.
    private(set) var written = 0

    private init(_ start: UnsafeMutablePointer<UInt8>) { next = start }

    /// Appends to `out` what `body` writes, which is at most `capacity` bytes (`capacity` > 0),
    /// claiming the room once (the array grows as appending would make it).
    @inline(__always)
    static func append(to out: inout [UInt8], atMost capacity: Int, _ body: (inout JSONByteCursor) -> Void) {
        out.append(addingCapacity: capacity) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                var cursor = JSONByteCursor(buffer.baseAddress! + initialized)
                body(&cursor)
                // A caller that claimed too little wrote past its room (debug builds: tests).
                assert(cursor.written <= capacity, "wrote \(cursor.written) bytes into \(capacity)")
                initialized += cursor.written
            }
        }
    }

    /// Writes one byte.
    @inline(__always)
    mutating func byte(_ value: UInt8) {
        next.initialize(to: value)
        advance(1)
    }

    /// Writes `bytes` as they are (`bytes.count` bytes).
    @inline(__always)
    mutating func bytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        next.initialize(from: source, count: bytes.count)
        advance(bytes.count)
    }

    /// Writes a literal's UTF-8 bytes (`utf8CodeUnitCount` bytes).
    @inline(__always)
    mutating func literal(_ literal: StaticString) {
        bytes(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Writes `value` in decimal (at most 20 bytes: 19 digits and a sign).
    mutating func integer(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        // The digits go in from the last one back.
        var at = next + digits
        advance(digits)
        repeat {
            at -= 1
            at.initialize(to: UInt8(truncatingIfNeeded: 0x30 + magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
    }

    /// Writes `bytes` with the bytes JSON strings must escape escaped (at most six bytes per
    /// byte, exactly `JSONWriter.escapedCount(bytes)`): the runs between them are found and
    /// copied sixteen bytes at a time (`JSONByteScan.copyPlainRun`, whose stores may run past
    /// the run: the room claimed for the escaped bytes covers them, since the escaped rest of
    /// `bytes` is never shorter than the rest itself).
    mutating func escaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var seen: UInt64 = 0
        while true {
            let at = JSONByteScan.copyPlainRun(from: bytes, at: runStart, to: next, seen: &seen)
            advance(at &- runStart)
            if at == bytes.count { return }
            runStart = at + 1
            let special = bytes[at]
            byte(0x5C)
            if let letter = JSONWriter.shortEscape(special) {
                byte(letter)
            } else {
                literal("u00")
                byte(JSONWriter.hexDigits[Int(special >> 4)])
                byte(JSONWriter.hexDigits[Int(special & 0xF)])
            }
        }
    }

    /// At most the bytes `double(_:)` writes (`Double.description` is at most 24, as in
    /// `-2.2250738585072014e-308`).
    static let maxDoubleBytes = 32

    /// Writes `number` as `JSONWriter` writes a double (at most `maxDoubleBytes` bytes): `null`
    /// when not finite, an integer below 1e15 as `N.0`, else what `Double.description` writes,
    /// found by `ShortDecimal` when it can (no `String` made).
    mutating func double(_ number: Double) {
        guard number.isFinite else { return literal("null") }
        if number.rounded() == number && abs(number) < 1e15 {
            integer(Int(number))
            literal(".0")
        } else if let decimal = ShortDecimal(magnitude: abs(number)) {
            decimal.write(negative: number < 0) { byte($0) }
        } else {
            var text = number.description
            text.withUTF8 { bytes($0) }
        }
    }

    /// The most bytes `scalar(value)` writes, or `nil` for a list or an object (which it does
    /// not write).
    static func scalarRoom(_ value: Value) -> Int? {
        switch value {
        case .null: return 4
        case .bool: return 5
        case .int: return 20
        case .double: return maxDoubleBytes
        case .string(let string): return 2 &+ 6 &* string.utf8.count
        case .array, .object: return nil
        }
    }

    /// The most bytes an object member `"key":value` with a scalar value takes, with the comma
    /// before it, or `nil` when the value is a list or an object.
    @inline(__always)
    static func memberRoom(key: String, value: Value) -> Int? {
        guard let valueRoom = scalarRoom(value) else { return nil }
        return 4 &+ 6 &* key.utf8.count &+ valueRoom
    }

    /// Writes a value that is not a list or an object, as `JSONWriter.write` writes it (at most
    /// `scalarRoom(value)` bytes).
    mutating func scalar(_ value: Value) {
        switch value {
        case .null: literal("null")
        case .bool(let boolean): if boolean { literal("true") } else { literal("false") }
        case .int(let integer): self.integer(integer)
        case .double(let number): double(number)
        case .string(let string): quoted(string)
        case .array, .object: assertionFailure("scalar(_:) was given a list or an object")
        }
    }

    /// Writes `string` as a JSON string literal: quotes around its escaped UTF-8 (at most six
    /// bytes per UTF-8 byte, and two).
    mutating func quoted(_ string: String) {
        byte(0x22)
        JSONWriter.withUTF8Bytes(of: string) { escaped($0) }
        byte(0x22)
    }

    /// Takes back everything written so far: the claim then adds nothing to the array.
    mutating func discard() {
        next -= written
        written = 0
    }

    @inline(__always)
    private mutating func advance(_ count: Int) {
        next += count
        written &+= count
    }
}
