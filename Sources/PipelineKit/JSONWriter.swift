/// Writes `Value`s as compact JSON, quickly and deterministically (object keys sorted).
///
/// Used for JSON lines output, reports and `--format json`. It writes UTF-8 bytes and copies
/// runs of characters that need no escaping in bulk, so the JSON-lines output path costs a
/// small fraction of what the stages do.
public enum JSONWriter {
    /// The JSON text of `value`.
    public static func string(_ value: Value, pretty: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of `value` to `out`.
    public static func write(_ value: Value, into out: inout String, pretty: Bool = false, indent: Int = 0) {
        var bytes: [UInt8] = []
        write(value, into: &bytes, pretty: pretty, indent: indent)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends an object whose members keep the given order.
    public static func writeObject(_ members: [(key: String, value: Value)], into out: inout String, pretty: Bool = false, indent: Int = 0) {
        var bytes: [UInt8] = []
        writeObject(members, into: &bytes, pretty: pretty, indent: indent)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the JSON text of `value` as UTF-8 bytes.
    public static func write(_ value: Value, into out: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        switch value {
        case .null: appendLiteral("null", to: &out)
        case .bool(let boolean): appendLiteral(boolean ? "true" : "false", to: &out)
        case .int(let integer): appendInteger(integer, to: &out)
        case .double(let number): JSONByteCursor.append(to: &out, atMost: JSONByteCursor.maxDoubleBytes) { $0.double(number) }
        case .string(let string): writeString(string, into: &out)
        case .array(let elements):
            if elements.isEmpty { appendLiteral("[]", to: &out); return }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 1) }
                write(element, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            writeObject(fields, into: &out, pretty: pretty, indent: indent)
        }
    }

    /// Appends an object with its keys sorted (a small object's members sorted on the stack: `SortedMembers`).
    public static func writeObject(_ object: [String: Value], into out: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        if object.count <= 1, let member = object.first {
            // One member (a document's `source` alone) needs no sorting at all.
            let single = CollectionOfOne((key: member.key, value: member.value))
            if pretty || !writeScalarMembers(single, into: &out) { writeObject(single, into: &out, pretty: pretty, indent: indent) }
        } else {
            SortedMembers.with(object) { sorted in
                if pretty || !writeScalarMembers(sorted, into: &out) { writeObject(sorted, into: &out, pretty: pretty, indent: indent) }
            }
        }
    }

    /// Writes an object (not pretty) whose members, in the order given, all hold scalars, in
    /// one claim of room (`JSONByteCursor`): a document's metadata (`source`, `summary`), which
    /// the member-by-member writer wrote in ~10 appends of ~100 instructions each. Returns
    /// `false`, writing nothing, when a member holds a list or an object.
    static func writeScalarMembers<Members: Collection>(_ members: Members, into out: inout [UInt8]) -> Bool
    where Members.Element == (key: String, value: Value) {
        // Braces, and per member its quotes, colon and comma, the key and the value at worst.
        var room = 2
        for member in members {
            guard let memberRoom = JSONByteCursor.memberRoom(key: member.key, value: member.value) else { return false }
            room &+= memberRoom
        }
        JSONByteCursor.append(to: &out, atMost: room) { cursor in
            cursor.byte(UInt8(ascii: "{"))
            for member in members {
                if cursor.written > 1 { cursor.byte(UInt8(ascii: ",")) }
                cursor.quoted(member.key)
                cursor.byte(UInt8(ascii: ":"))
                cursor.scalar(member.value)
            }
            cursor.byte(UInt8(ascii: "}"))
        }
        return true
    }

    /// Appends an object whose members keep the given order, as UTF-8 bytes.
    public static func writeObject(_ members: [(key: String, value: Value)], into out: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        writeObject(members[...], into: &out, pretty: pretty, indent: indent)
    }

    /// Appends an object whose members keep the given order, from any collection of members.
    static func writeObject<Members: Collection>(_ members: Members, into out: inout [UInt8], pretty: Bool, indent: Int)
    where Members.Element == (key: String, value: Value) {
        if members.isEmpty { appendLiteral("{}", to: &out); return }
        out.append(UInt8(ascii: "{"))
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if pretty { newline(&out, indent + 1) }
            writeString(member.key, into: &out)
            appendLiteral(pretty ? ": " : ":", to: &out)
            write(member.value, into: &out, pretty: pretty, indent: indent + 1)
        }
        if pretty { newline(&out, indent) }
        out.append(UInt8(ascii: "}"))
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a literal's UTF-8 bytes in one copy (`out += "...".utf8` goes through the
    /// generic, element-by-element `append(contentsOf:)` of a `String.UTF8View`).
    @inline(__always)
    public static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal, without making a `String`.
    public static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + value))
            return
        }
        JSONByteCursor.append(to: &out, atMost: 20) { $0.integer(value) }
    }

    /// Appends `s` as a JSON string literal (UTF-8), escaping quotes, backslashes and control characters.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        appendEscaped(s, into: &out)
        out.append(0x22)
    }

    /// Appends `s`'s UTF-8 escaped, without quotes.
    static func appendEscaped(_ s: String, into out: inout [UInt8]) {
        withUTF8Bytes(of: s) { appendEscaped($0, into: &out) }
    }

    /// Calls `body` with `s`'s UTF-8 bytes, copying only a string not stored as contiguous UTF-8
    /// (a bridged one).
    @inline(__always)
    static func withUTF8Bytes<Result>(of s: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = s.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = s
        return copy.withUTF8(body)
    }

    /// Appends `bytes` with the bytes JSON strings must escape escaped, written through a
    /// pointer into room claimed once (`Array.append(contentsOf:)` costs ~100 instructions a
    /// call, and a news item's text made three calls per escape). The room is the worst case
    /// (six bytes per input byte) when the array already has it, which the runner's batch
    /// buffers usually do, so nothing grows; otherwise the exact escaped length, counted first,
    /// so the array grows no more than appending piece by piece would make it.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        if bytes.isEmpty { return }
        let worstCase = bytes.count &* 6
        let room = out.capacity - out.count >= worstCase ? worstCase : escapedCount(bytes)
        JSONByteCursor.append(to: &out, atMost: room) { $0.escaped(bytes) }
    }

    /// How many bytes escaping `bytes` writes.
    static func escapedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = bytes.count
        var at = 0
        var seen: UInt64 = 0
        while true {
            at = JSONByteScan.firstSpecial(in: bytes, from: at, seen: &seen)
            if at == bytes.count { return count }
            count += shortEscape(bytes[at]) != nil ? 1 : 5
            at += 1
        }
    }

    /// The letter of `byte`'s two-byte escape (`\"`, `\\`, `\n`, `\r`, `\t`), or `nil` for a
    /// control byte written as `\u00XX`.
    @inline(__always)
    static func shortEscape(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x22: return 0x22
        case 0x5C: return 0x5C
        case 0x0A: return UInt8(ascii: "n")
        case 0x0D: return UInt8(ascii: "r")
        case 0x09: return UInt8(ascii: "t")
        default: return nil
        }
    }
}
