#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses JSON text into a `Value`: a strict RFC 8259 parser over UTF-8 bytes, used for JSON
/// lines input. Errors give the byte offset and never quote the input (it may hold PII).
public enum JSONReader {
    /// A parse failure at a UTF-8 byte offset.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// Offset of the offending byte.
        public var offset: Int
        /// What was expected.
        public var message: String
        public var description: String { "\(message) at byte \(offset + 1)" }
    }

    /// Parses one JSON value that must fill `text` (surrounding white space allowed).
    public static func parse(_ text: String) throws(ParseError) -> Value {
        var copy = text
        let result: Result<Value, ParseError> = copy.withUTF8 { buffer in
            do throws(ParseError) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON value that must fill `bytes` (surrounding white space allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) -> Value {
        var parser = Parser(bytes: bytes)
        defer { parser.releaseScratch() }
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.i < bytes.count { throw ParseError(offset: parser.i, message: "unexpected data after the JSON value") }
        return value
    }

    /// Parses one JSON value that must fill `bytes`, as `parse` does (same errors), handing a
    /// top-level object's members to `member` one at a time, in order (a repeated key comes
    /// twice): no dictionary or list is built for it, so a reader keeps the few fields it knows
    /// as they go by. Returns `nil` for an object, else the value.
    public static func parseTopLevel(_ bytes: UnsafeBufferPointer<UInt8>, member: (String, Value) -> Void) throws(ParseError) -> Value? {
        try parseTopLevel(bytes) { (key: String, value: Value, _: Range<Int>?) in member(key, value) }
    }

    /// `parseTopLevel(_:member:)`, also handing over, for a member whose value is a string,
    /// where its JSON text lies between the quotes (`bytes[range]`) when that text is exactly
    /// what `JSONWriter.writeString` writes for the string (its escapes are `\"`, `\\`, `\n`,
    /// `\r`, `\t` and lowercase `\u00xx` for other control characters), else `nil`: a writer
    /// may then copy those bytes instead of escaping the string again.
    public static func parseTopLevel(_ bytes: UnsafeBufferPointer<UInt8>,
                                     member: (String, Value, _ canonicalJSON: Range<Int>?) -> Void) throws(ParseError) -> Value? {
        var parser = Parser(bytes: bytes)
        defer { parser.releaseScratch() }
        parser.skipWhitespace()
        var result: Value?
        if parser.i < bytes.count, bytes[parser.i] == UInt8(ascii: "{") {
            try parser.members(depth: 0) { key, value, canonical in member(key, value, canonical) }
        } else {
            result = try parser.value(depth: 0)
        }
        parser.skipWhitespace()
        if parser.i < bytes.count { throw ParseError(offset: parser.i, message: "unexpected data after the JSON value") }
        return result
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        /// Where strings with escapes are decoded: allocated at the first one with room for the
        /// rest of the input, which bounds every later string's decoded length too, so one
        /// allocation serves the whole parse (freed by `releaseScratch`).
        var scratch: UnsafeMutablePointer<UInt8>?
        /// The bytes `scratch` has room for.
        var scratchCapacity = 0
        /// The JSON text between the quotes of the string read last, when writing the string
        /// back gives exactly those bytes (see `parseTopLevel(_:member:)`), else `nil`.
        var canonicalString: Range<Int>?

        /// Room for `count` decoded bytes. From `malloc`: `UnsafeMutablePointer.allocate` asks the
        /// runtime for "default" alignment, which it serves through `posix_memalign` (~450
        /// instructions a call against ~100).
        mutating func scratch(room count: Int) -> UnsafeMutablePointer<UInt8> {
            if let scratch, scratchCapacity >= count { return scratch }
            free(scratch)
            guard let bytes = malloc(max(count, 1)) else { fatalError("out of memory decoding a JSON string") }
            let room = bytes.assumingMemoryBound(to: UInt8.self)
            scratch = room
            scratchCapacity = count
            return room
        }

        /// Frees `scratch` (at the end of a parse).
        mutating func releaseScratch() {
            free(scratch)
            scratch = nil
            scratchCapacity = 0
        }

        mutating func skipWhitespace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0A, 0x0D: i += 1
                default: return
                }
            }
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

        mutating func value(depth: Int) throws(ParseError) -> Value {
            guard depth < 512 else { throw fail("JSON nested deeper than 512 levels") }
            guard i < bytes.count else { throw fail("unexpected end of JSON") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(ParseError) {
            let length = word.utf8CodeUnitCount
            guard i + length <= bytes.count else { throw fail("unexpected end of JSON") }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
            for k in 0..<length where bytes[i + k] != expected[k] { throw fail("invalid literal") }
            i += length
        }

        mutating func object(depth: Int) throws(ParseError) -> Value {
            var fields: [String: Value] = [:]
            try members(depth: depth) { key, value, _ in fields[key] = value }
            return .object(fields)
        }

        /// Reads the object at `i` member by member, in order (duplicates too), handing each to
        /// `body` with, for a string value, its canonical JSON text (`canonicalString`).
        mutating func members(depth: Int, _ body: (String, Value, Range<Int>?) -> Void) throws(ParseError) {
            i += 1
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try string()
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipWhitespace()
                let member = try value(depth: depth + 1)
                if case .string = member { body(key, member, canonicalString) } else { body(key, member, nil) }
                skipWhitespace()
                guard i < bytes.count else { throw fail("unexpected end of JSON") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> Value {
            i += 1
            var elements: [Value] = []
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                guard i < bytes.count else { throw fail("unexpected end of JSON") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func number() throws(ParseError) -> Value {
            let start = i
            var isInteger = true
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { throw fail("invalid number") }
            if bytes[i] == 0x30 { i += 1 } else { while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 } }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                isInteger = false
                i += 1
                guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { throw fail("invalid number") }
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                isInteger = false
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { throw fail("invalid number") }
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if isInteger, let integer = Int(text) { return .int(integer) }
            guard let real = Double(text) else { throw ParseError(offset: start, message: "invalid number") }
            // A literal past a double's range (`1e309`) would read as infinity and be written back
            // as `null` (JSON has no infinity): refused, as serde_json and Go's encoding/json do,
            // rather than changed on the way through. One that underflows reads as 0 or a subnormal.
            guard real.isFinite else { throw ParseError(offset: start, message: "number out of range (a double holds at most ±1.8e308)") }
            return .double(real)
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw fail("invalid \\u escape") }
            var result: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[i]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: throw fail("invalid \\u escape")
                }
                result = result << 4 | digit
                i += 1
            }
            return result
        }

        /// The error for a string with invalid UTF-8 that began at `start`: it points at the
        /// first bad byte (escapes are ASCII, so the raw bytes tell where).
        func invalidUTF8(from start: Int) -> ParseError {
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
            let bad = UTF8Validation.firstInvalidOffset(in: raw).map { start + $0 } ?? start
            return ParseError(offset: bad, message: "invalid UTF-8 in string")
        }

        /// Reads the string whose opening quote is at `i`. Runs of plain bytes are found sixteen
        /// at a time (`JSONByteScan`); a string without escapes becomes a `String` straight from
        /// the input, one with escapes is decoded into `scratch` run by run. UTF-8 is checked once,
        /// only when a byte is not ASCII, and only when the closing quote is reached (so an
        /// escape or control-byte error earlier in the string is the one reported).
        mutating func string() throws(ParseError) -> String {
            i += 1
            let start = i
            // Every raw byte's high bit: zero means ASCII, which needs no UTF-8 check.
            var seen: UInt64 = 0
            i = JSONByteScan.firstSpecial(in: bytes, from: i, seen: &seen)
            if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                let isASCII = seen & JSONByteScan.highs == 0
                if !isASCII, !UTF8Validation.isValid(slice) { throw invalidUTF8(from: start) }
                canonicalString = start..<i
                i += 1
                return UTF8Validation.string(validUTF8: slice, isASCII: isASCII)
            }
            return try decodeEscaped(from: start, seen: seen)
        }

        /// The rest of `string()` from the first backslash or control byte at `i` (or the end).
        /// The decoded bytes go into `scratch` through a pointer: each plain run is copied as it
        /// is scanned (`JSONByteScan.copyPlainRun`), each escape's byte stored in place.
        mutating func decodeEscaped(from start: Int, seen rawSeen: UInt64) throws(ParseError) -> String {
            var seen = rawSeen
            // Escapes that write a byte ≥ 0x80 (`\u00e9`) make the string non-ASCII but never
            // invalid: they are kept apart from the raw bytes' `seen`.
            var escapedNonASCII = false
            // Whether every escape is the one `JSONWriter` writes for its character.
            var canonical = true
            // The rest of the input bounds the decoded length, and `copyPlainRun`'s room: a
            // string decodes to no more bytes than it reads, so at `i` at most `i - start` are
            // written and the rest of the input's length is left.
            let out = scratch(room: bytes.count - start)
            out.initialize(from: bytes.baseAddress! + start, count: i - start)
            var written = i - start
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    let decoded = UnsafeBufferPointer(start: out, count: written)
                    let isASCII = seen & JSONByteScan.highs == 0
                    guard isASCII || UTF8Validation.isValid(decoded) else { throw invalidUTF8(from: start) }
                    canonicalString = canonical ? start..<i : nil
                    i += 1
                    return UTF8Validation.string(validUTF8: decoded, isASCII: isASCII && !escapedNonASCII)
                }
                if byte < 0x20 { throw fail("control character in string") }
                // A backslash.
                i += 1
                guard i < bytes.count else { break }
                let escaped = bytes[i]
                i += 1
                var single: UInt8 = 0
                switch escaped {
                case UInt8(ascii: "\""): single = 0x22
                case UInt8(ascii: "\\"): single = 0x5C
                case UInt8(ascii: "/"): single = 0x2F; canonical = false
                case UInt8(ascii: "b"): single = 0x08; canonical = false
                case UInt8(ascii: "f"): single = 0x0C; canonical = false
                case UInt8(ascii: "n"): single = 0x0A
                case UInt8(ascii: "r"): single = 0x0D
                case UInt8(ascii: "t"): single = 0x09
                case UInt8(ascii: "u"):
                    let unicodeScalar = try unicodeEscape(canonical: &canonical)
                    if unicodeScalar.value >= 0x80 { escapedNonASCII = true }
                    for unit in UTF8.encode(unicodeScalar)! {
                        out[written] = unit
                        written += 1
                    }
                default: throw fail("invalid escape")
                }
                if escaped != UInt8(ascii: "u") {
                    out[written] = single
                    written += 1
                }
                // The plain run up to the next quote, backslash or control byte, copied as it is found.
                let runStart = i
                i = JSONByteScan.copyPlainRun(from: bytes, at: i, to: out + written, seen: &seen)
                written += i - runStart
            }
            throw ParseError(offset: start - 1, message: "unterminated string")
        }

        /// The scalar of the `\u` escape (one, or a surrogate pair's two) whose hex digits start
        /// at `i`; `canonical` turns false unless it is the `\u00xx` `JSONWriter` writes.
        mutating func unicodeEscape(canonical: inout Bool) throws(ParseError) -> Unicode.Scalar {
            var scalar = try hex4()
            // `\u00xx` with lowercase digits, for a control character without a short escape.
            if !(scalar < 0x20 && scalar != 0x09 && scalar != 0x0A && scalar != 0x0D && bytes[i - 4] == 0x30 && bytes[i - 3] == 0x30
                && bytes[i - 2] == Self.hexDigits[Int(scalar >> 4)] && bytes[i - 1] == Self.hexDigits[Int(scalar & 0xF)]) {
                canonical = false
            }
            if (0xD800...0xDBFF).contains(scalar) {
                guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw fail("unpaired surrogate") }
                i += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw fail("unpaired surrogate")
            }
            guard let unicodeScalar = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
            return unicodeScalar
        }

        /// Lowercase hex digits, as `JSONWriter` writes `\u` escapes.
        static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    }
}
