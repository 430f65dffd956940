/// Writes pretty JSON member by member, in the order the caller gives, with the layout of
/// `JSONWriter.write(_:into:pretty:)` (two spaces per level, `"key": value`, `[]` and `{}` when
/// empty): for a large report whose structure is fixed, which building a `Value` tree first
/// (a dictionary per object, its keys sorted when written) made several times slower. The
/// caller writes an object's keys in sorted order for the output to be the writer's.
///
/// ```swift
/// var json = PrettyJSONStream()
/// json.openObject()
/// json.member("id"); json.string("d1")
/// json.member("tags"); json.openArray(); json.element(); json.int(1); json.close()
/// json.close()
/// // json.bytes is the UTF-8 of JSONWriter.string(["id": "d1", "tags": [1]], pretty: true)
/// ```
public struct PrettyJSONStream {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []
    /// Per open object or array: its closing byte, and whether nothing is in it yet.
    private var open: [(closer: UInt8, empty: Bool)] = []

    public init() {}

    /// Opens an object (as a value: after `member` or `element`, or at the top).
    public mutating func openObject() { start(0x7B, closer: 0x7D) }

    /// Opens an array (as a value: after `member` or `element`, or at the top).
    public mutating func openArray() { start(0x5B, closer: 0x5D) }

    /// Closes the innermost open object or array.
    public mutating func close() {
        let container = open.removeLast()
        if !container.empty { newline() }
        bytes.append(container.closer)
    }

    /// Starts a member of the open object: its key; its value is written next.
    public mutating func member(_ key: String) {
        separate()
        JSONWriter.writeString(key, into: &bytes)
        JSONWriter.appendLiteral(": ", to: &bytes)
    }

    /// Starts an element of the open array; its value is written next.
    public mutating func element() { separate() }

    /// A string value.
    public mutating func string(_ value: String) { JSONWriter.writeString(value, into: &bytes) }

    /// An integer value.
    public mutating func int(_ value: Int) { JSONWriter.appendInteger(value, to: &bytes) }

    /// A Boolean value.
    public mutating func bool(_ value: Bool) { JSONWriter.appendLiteral(value ? "true" : "false", to: &bytes) }

    /// Any value, written as `JSONWriter` writes it at this depth.
    public mutating func value(_ value: Value) { JSONWriter.write(value, into: &bytes, pretty: true, indent: open.count) }

    private mutating func start(_ opener: UInt8, closer: UInt8) {
        bytes.append(opener)
        open.append((closer, true))
    }

    /// The comma before every member or element but the first, and the new line and indent.
    private mutating func separate() {
        if !open[open.count - 1].empty { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].empty = false
        newline()
    }

    private mutating func newline() {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: open.count * 2))
    }
}
