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

    /// Writes `string` as a JSON string literal: quotes around its escaped UTF-8 (at most six
    /// bytes per UTF-8 byte, and two).
    mutating func quoted(_ string: String) {
        byte(0x22)
        JSONWriter.withUTF8Bytes(of: string) { escaped($0) }
        byte(0x22)
    }

    @inline(__always)
    private mutating func advance(_ count: Int) {
        next += count
        written &+= count
    }
}
