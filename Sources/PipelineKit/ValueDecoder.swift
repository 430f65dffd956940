/// Decodes a `Decodable` type from a `Value` tree: how typed stage options are built.
///
/// Keys are looked up as the Swift property is named and in kebab-case, so a property
/// `maxWords` reads the YAML key `max-words`. Errors keep the coding path, which the config
/// layer maps back to a line and column.
public struct ValueDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `type` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        try T(from: ValueDecoding(value: value, codingPath: []))
    }

    /// The kebab-case form of a camelCase key: `maxWords` -> `max-words`.
    public static func kebabCase(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase {
                if !out.isEmpty { out.append("-") }
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

private struct ValueDecoding: Decoder {
    let value: Value
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let object = value.objectValue else {
            throw DecodingError.typeMismatch([String: Value].self, .init(codingPath: codingPath, debugDescription: "expected a mapping, found \(value.kindName)"))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let array = value.arrayValue else {
            throw DecodingError.typeMismatch([Value].self, .init(codingPath: codingPath, debugDescription: "expected a list, found \(value.kindName)"))
        }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(value: value, codingPath: codingPath) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: Value]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    private func lookup(_ key: Key) -> (String, Value)? {
        if let value = object[key.stringValue] { return (key.stringValue, value) }
        let kebab = ValueDecoder.kebabCase(key.stringValue)
        if let value = object[kebab] { return (kebab, value) }
        return nil
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { lookup(key)?.1.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let (name, value) = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key '\(ValueDecoder.kebabCase(key.stringValue))'"))
        }
        return try T(from: ValueDecoding(value: value, codingPath: codingPath + [AnyKey(stringValue: name)]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        guard let (name, value) = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key"))
        }
        return try ValueDecoding(value: value, codingPath: codingPath + [AnyKey(stringValue: name)]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        guard let (name, value) = lookup(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key"))
        }
        return try ValueDecoding(value: value, codingPath: codingPath + [AnyKey(stringValue: name)]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValueDecoding(value: .object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoding(value: lookup(key)?.1 ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let array: [Value]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    init(array: [Value], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    private mutating func next() throws -> (Int, Value) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Value.self, .init(codingPath: codingPath, debugDescription: "list ended"))
        }
        defer { currentIndex += 1 }
        return (currentIndex, array[currentIndex])
    }

    mutating func decodeNil() throws -> Bool {
        if !isAtEnd, array[currentIndex].isNull { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (index, element) = try next()
        return try T(from: ValueDecoding(value: element, codingPath: codingPath + [AnyKey(intValue: index)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (index, element) = try next()
        return try ValueDecoding(value: element, codingPath: codingPath + [AnyKey(intValue: index)]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (index, element) = try next()
        return try ValueDecoding(value: element, codingPath: codingPath + [AnyKey(intValue: index)]).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (index, element) = try next()
        return ValueDecoding(value: element, codingPath: codingPath + [AnyKey(intValue: index)])
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: Value
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }

    private func mismatch<T>(_ type: T.Type, _ expected: String) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kindName)"))
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let bool = value.boolValue else { throw mismatch(type, "a boolean") }
        return bool
    }
    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let string): return string
        case .int(let integer): return String(integer)
        case .double(let double): return String(double)
        default: throw mismatch(type, "a string")
        }
    }
    func decode(_ type: Double.Type) throws -> Double {
        guard let double = value.doubleValue else { throw mismatch(type, "a number") }
        return double
    }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int {
        guard let integer = value.intValue else { throw mismatch(type, "an integer") }
        return integer
    }
    func decode<T: BinaryInteger & Decodable>(integer type: T.Type) throws -> T {
        guard let integer = value.intValue, let converted = T(exactly: integer) else { throw mismatch(type, "an integer in range") }
        return converted
    }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(integer: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(integer: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(integer: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(integer: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(integer: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(integer: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(integer: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(integer: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(integer: type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Value.self { return value as! T }
        return try T(from: ValueDecoding(value: value, codingPath: codingPath))
    }
}

extension DecodingError {
    /// The coding path of the error as strings (keys and list indices) and a readable message.
    public var pathAndMessage: (path: [String], message: String) {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return (context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }, context.debugDescription)
        case .keyNotFound(let key, let context):
            return (context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue },
                    "missing key '\(ValueDecoder.kebabCase(key.stringValue))'")
        @unknown default:
            return ([], String(describing: self))
        }
    }
}
