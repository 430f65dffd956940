/// One piece of text flowing through a pipeline: an incoming file, a JSON line, or stdin.
///
/// Stages receive a document and return zero or more documents (zero drops it, several split
/// it). `text` is what the next stage sees; `metadata` collects what stages learned (title,
/// language, summary, translations); `annotations` mark spans each stage found or changed.
public struct Document: Sendable, Hashable {
    /// A stable identifier: the input file's stem, the JSON line's `id`, or `stdin`.
    public var id: String
    /// The current text.
    public var text: String
    /// Metadata set by the runner (`source`) and by stages (`title`, `language`, `summary`, ...).
    public var metadata: [String: Value]
    /// Spans found by stages, in the order they were added.
    public var annotations: [Annotation]

    /// Creates a document.
    public init(id: String, text: String, metadata: [String: Value] = [:], annotations: [Annotation] = []) {
        self.id = id
        self.text = text
        self.metadata = metadata
        self.annotations = annotations
    }

    /// The document as the JSON-lines contract shapes it: `{"id","text","metadata","annotations"}`.
    public var jsonValue: [(key: String, value: Value)] {
        [
            ("id", .string(id)),
            ("text", .string(text)),
            ("metadata", .object(metadata)),
            ("annotations", .array(annotations.map(\.jsonValue))),
        ]
    }

    /// One line of JSON (no trailing newline) in the contract's key order.
    public func jsonLine() -> String {
        String(decoding: jsonLineBytes(), as: UTF8.self)
    }

    /// The JSON line as UTF-8 bytes (no trailing newline): the fast path for output.
    public func jsonLineBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 128)
        appendJSONLine(to: &out)
        return out
    }

    /// Appends the JSON line (no trailing newline) to `out`: the same bytes as writing
    /// `jsonValue`, without building it (no `Value` tree, no per-annotation dictionary).
    public func appendJSONLine(to out: inout [UInt8]) {
        appendJSONLine(to: &out, textJSON: nil)
    }

    /// `appendJSONLine(to:)` with the text given already escaped: `textJSON` holds exactly the
    /// bytes `JSONWriter.writeString(text)` writes between its quotes (a JSON line's text as
    /// read, when `JSONReader` found it canonical), copied as they are.
    public func appendJSONLine(to out: inout [UInt8], textJSON: UnsafeBufferPointer<UInt8>?) {
        // The head up to the text's opening quote in one claim of room: 17 bytes of literals and
        // quotes, and the id escaped at worst.
        JSONByteCursor.append(to: &out, atMost: 17 + 6 * id.utf8.count) { cursor in
            cursor.literal(#"{"id":"#)
            cursor.quoted(id)
            cursor.literal(#","text":""#)
        }
        if let textJSON {
            out.append(contentsOf: textJSON)
        } else {
            JSONWriter.appendEscaped(text, into: &out)
        }
        if metadata.isEmpty {
            JSONWriter.appendLiteral(#"","metadata":{},"annotations":["#, to: &out)
        } else {
            JSONWriter.appendLiteral(#"","metadata":"#, to: &out)
            JSONWriter.writeObject(metadata, into: &out)
            JSONWriter.appendLiteral(#","annotations":["#, to: &out)
        }
        // Each annotation written where it lies (iterating the array copied each one out: a
        // retain and a release of its three references).
        annotations.withUnsafeBufferPointer { list in
            for index in list.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                list[index].appendJSON(to: &out)
            }
        }
        JSONWriter.appendLiteral("]}", to: &out)
    }
}

/// A span of a document's text that a stage found or changed.
///
/// `start` and `end` are Unicode scalar offsets into the text **as the stage received it**
/// (not as it returned it). An annotation never carries the original text of a redacted span.
public struct Annotation: Sendable, Hashable {
    /// The name of the stage that made it, e.g. `redact`.
    public var stage: String
    /// What the span is, e.g. `email`, `greeting`, `summary-sentence`.
    public var type: String
    /// Unicode scalar offset of the first scalar of the span.
    public var start: Int
    /// Unicode scalar offset one past the last scalar of the span.
    public var end: Int
    /// Optional extra fields (for example `score`, `replacement`), flattened into the JSON object.
    public var attributes: [String: Value]

    /// Creates an annotation.
    public init(stage: String, type: String, start: Int, end: Int, attributes: [String: Value] = [:]) {
        self.stage = stage
        self.type = type
        self.start = start
        self.end = end
        self.attributes = attributes
    }

    /// The JSON object of the annotation: the four contract fields, then the attributes.
    public var jsonValue: Value {
        var object = attributes
        object["stage"] = .string(stage)
        object["type"] = .string(type)
        object["start"] = .int(start)
        object["end"] = .int(end)
        return .object(object)
    }

    /// Appends the JSON text of `jsonValue` to `out`, without building it: the four contract
    /// fields are written from a fixed layout, merged in key order with the attributes (sorted
    /// as `JSONWriter` sorts an object's keys, on the stack: `SortedMembers`), all in one claim
    /// of room, so a summary sentence's `rank` and `score` cost no dictionary copy, array,
    /// hashing or `String` per field. An attribute named like a contract field (which
    /// `jsonValue` overrides), or holding a list or an object, takes the generic writer.
    public func appendJSON(to out: inout [UInt8]) {
        if attributes.isEmpty { return appendContractJSON(to: &out) }
        // The fields go in as arguments, not as `self` captured by the closures below: each
        // capture was a copy of the annotation (three retains and three releases).
        if !Self.appendMerged(stage: stage, type: type, start: start, end: end, attributes: attributes, to: &out) {
            JSONWriter.write(jsonValue, into: &out)
        }
    }

    /// The object of an annotation without attributes (what redaction and most finding stages
    /// make), in one claim of room: `{"end":N,"stage":"S","start":N,"type":"T"}`, the fields in
    /// the order `JSONWriter` sorts keys.
    private func appendContractJSON(to out: inout [UInt8]) {
        JSONByteCursor.append(to: &out, atMost: Self.contractRoom(stage: stage, type: type)) { cursor in
            cursor.byte(UInt8(ascii: "{"))
            Self.contractField(0, stage: stage, type: type, start: start, end: end, &cursor)
            cursor.byte(UInt8(ascii: ","))
            Self.contractField(1, stage: stage, type: type, start: start, end: end, &cursor)
            cursor.byte(UInt8(ascii: ","))
            Self.contractField(2, stage: stage, type: type, start: start, end: end, &cursor)
            cursor.byte(UInt8(ascii: ","))
            Self.contractField(3, stage: stage, type: type, start: start, end: end, &cursor)
            cursor.byte(UInt8(ascii: "}"))
        }
    }

    /// The room the contract fields take at most: keys and punctuation, two integers, and the
    /// two strings escaped at worst.
    private static func contractRoom(stage: String, type: String) -> Int {
        64 &+ 2 &* 20 &+ 6 &* (stage.utf8.count &+ type.utf8.count)
    }

    /// The contract keys in the order `JSONWriter` sorts keys (`String`'s `<`).
    @inline(__always)
    private static func contractKey(_ field: Int) -> String {
        switch field {
        case 0: return "end"
        case 1: return "stage"
        case 2: return "start"
        default: return "type"
        }
    }

    /// Writes contract field `field` (0 `end`, 1 `stage`, 2 `start`, 3 `type`: key order) as
    /// `"key":value`; the caller writes the `{` or `,` before it.
    @inline(__always)
    private static func contractField(_ field: Int, stage: String, type: String, start: Int, end: Int, _ cursor: inout JSONByteCursor) {
        switch field {
        case 0:
            cursor.literal(#""end":"#)
            cursor.integer(end)
        case 1:
            cursor.literal(#""stage":"#)
            cursor.quoted(stage)
        case 2:
            cursor.literal(#""start":"#)
            cursor.integer(start)
        default:
            cursor.literal(#""type":"#)
            cursor.quoted(type)
        }
    }

    /// Writes the object in one claim of room: the contract fields merged by key with the
    /// attributes, sorted, each contract field before the first attribute whose key sorts
    /// after it. Returns `false`, having written nothing, when an attribute holds a list or an
    /// object, or is named like a contract field: the merge finds that with one `==` against the
    /// contract key it stopped at (a key equal to contract key *i* sorts after exactly *i* of them).
    private static func appendMerged(stage: String, type: String, start: Int, end: Int, attributes: [String: Value],
                                     to out: inout [UInt8]) -> Bool {
        SortedMembers.with(attributes) { sorted in
            // Keys, quotes, colons and commas of the attributes, and their values at worst.
            var room = contractRoom(stage: stage, type: type)
            for member in sorted {
                guard let memberRoom = JSONByteCursor.memberRoom(key: member.key, value: member.value) else { return false }
                room &+= memberRoom
            }
            var merged = true
            JSONByteCursor.append(to: &out, atMost: room) { cursor in
                var field = 0
                for member in sorted {
                    while field < 4 && contractKey(field) < member.key {
                        cursor.byte(cursor.written == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                        contractField(field, stage: stage, type: type, start: start, end: end, &cursor)
                        field &+= 1
                    }
                    if field < 4 && member.key == contractKey(field) {
                        merged = false
                        return cursor.discard()
                    }
                    cursor.byte(cursor.written == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                    cursor.quoted(member.key)
                    cursor.byte(UInt8(ascii: ":"))
                    cursor.scalar(member.value)
                }
                while field < 4 {
                    cursor.byte(cursor.written == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                    contractField(field, stage: stage, type: type, start: start, end: end, &cursor)
                    field &+= 1
                }
                cursor.byte(UInt8(ascii: "}"))
            }
            return merged
        }
    }

    /// Reads an annotation back from its JSON object; `nil` when a contract field is missing.
    public init?(jsonValue: Value) {
        guard let object = jsonValue.objectValue,
            let stage = object["stage"]?.stringValue, let type = object["type"]?.stringValue,
            let start = object["start"]?.intValue, let end = object["end"]?.intValue
        else { return nil }
        var attributes = object
        for key in ["stage", "type", "start", "end"] { attributes[key] = nil }
        self.init(stage: stage, type: type, start: start, end: end, attributes: attributes)
    }
}

extension Document {
    /// Builds a document from a JSON-lines object `{"id"?: string, "text": string, "metadata"?: object}`
    /// (`annotations`, when present, are kept). `defaultID` is used when `id` is missing.
    /// Throws `StageError` naming the field that is wrong.
    public init(jsonObject: Value, defaultID: String) throws {
        guard let object = jsonObject.objectValue else {
            throw StageError("expected a JSON object, found \(jsonObject.kindName)")
        }
        try self.init(id: object["id"], text: object["text"], metadata: object["metadata"], annotations: object["annotations"], defaultID: { defaultID })
    }

    /// The contract fields of a JSON-lines object as `JSONReader.parseTopLevel` hands them
    /// over, before they are checked: a repeated key's last value counts, other keys are ignored.
    public struct JSONLineFields: Sendable {
        public var id: Value?
        public var text: Value?
        public var metadata: Value?
        public var annotations: Value?
        /// Where the text's JSON lies in the line, when it is canonical (`JSONReader.parseTopLevel(_:member:)`
        /// with a range): `appendJSONLine(to:textJSON:)` may copy it.
        public var canonicalText: Range<Int>?

        /// No fields yet.
        public init() {}

        /// Keeps `value` if `key` is a contract field (and, for `text`, where its canonical JSON lies).
        public mutating func take(_ key: String, _ value: Value, canonicalJSON: Range<Int>? = nil) {
            switch key {
            case "text":
                text = value
                canonicalText = canonicalJSON
            case "id": id = value
            case "metadata": metadata = value
            case "annotations": annotations = value
            default: break
            }
        }
    }

    /// Builds a document from the fields of a JSON-lines object (the same document and errors
    /// as `init(jsonObject:defaultID:)`, without a dictionary). `defaultID` is asked only when
    /// the line has no `id`.
    public init(jsonLine fields: JSONLineFields, defaultID: () -> String) throws {
        try self.init(id: fields.id, text: fields.text, metadata: fields.metadata, annotations: fields.annotations, defaultID: defaultID)
    }

    /// Checks the contract fields of a JSON-lines object, in a fixed order (text, id, metadata).
    private init(id idValue: Value?, text textValue: Value?, metadata metadataValue: Value?, annotations annotationsValue: Value?,
                 defaultID: () -> String) throws {
        guard let text = textValue?.stringValue else {
            throw StageError(textValue == nil ? "missing field 'text'" : "field 'text' must be a string, found \(textValue!.kindName)")
        }
        let id: String
        switch idValue {
        case nil, .null?: id = defaultID()
        case .string(let string)?: id = string
        case .int(let integer)?: id = String(integer)
        case let other?: throw StageError("field 'id' must be a string, found \(other.kindName)")
        }
        var metadata: [String: Value] = [:]
        switch metadataValue {
        case nil, .null?: break
        case .object(let object)?: metadata = object
        case let other?: throw StageError("field 'metadata' must be an object, found \(other.kindName)")
        }
        let annotations = annotationsValue?.arrayValue?.compactMap(Annotation.init(jsonValue:)) ?? []
        self.init(id: id, text: text, metadata: metadata, annotations: annotations)
    }
}
