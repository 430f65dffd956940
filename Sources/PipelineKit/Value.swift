/// A JSON-like value: the type of document metadata, stage options and annotation attributes.
///
/// `Value` is what YAML options decode into before a stage's typed `Options` are built from it,
/// and what metadata looks like in JSON lines. Integers and doubles are kept apart so that
/// `sentences: 3` stays an integer end to end.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    /// The string payload, or `nil` for any other case.
    public var stringValue: String? { if case .string(let string) = self { return string }; return nil }
    /// The integer payload (a double with no fraction counts), or `nil`.
    public var intValue: Int? {
        switch self {
        case .int(let integer): return integer
        case .double(let double) where double.rounded() == double && abs(double) < 9e15: return Int(double)
        default: return nil
        }
    }
    /// The numeric payload as a double, or `nil`.
    public var doubleValue: Double? {
        switch self {
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        default: return nil
        }
    }
    /// The boolean payload, or `nil`.
    public var boolValue: Bool? { if case .bool(let bool) = self { return bool }; return nil }
    /// The array payload, or `nil`.
    public var arrayValue: [Value]? { if case .array(let array) = self { return array }; return nil }
    /// The object payload, or `nil`.
    public var objectValue: [String: Value]? { if case .object(let object) = self { return object }; return nil }
    /// `true` for `.null`.
    public var isNull: Bool { self == .null }

    /// Looks up a key of an object value; `nil` for other cases or a missing key.
    public subscript(key: String) -> Value? {
        get { objectValue?[key] }
        set {
            guard case .object(var object) = self else { return }
            object[key] = newValue
            self = .object(object)
        }
    }

    /// A short name of the case, for error messages: "string", "integer", "list", ...
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "list"
        case .object: return "mapping"
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension Value: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let bool = try? container.decode(Bool.self) { self = .bool(bool); return }
        if let integer = try? container.decode(Int.self) { self = .int(integer); return }
        if let double = try? container.decode(Double.self) { self = .double(double); return }
        if let string = try? container.decode(String.self) { self = .string(string); return }
        if let array = try? container.decode([Value].self) { self = .array(array); return }
        if let object = try? container.decode([String: Value].self) { self = .object(object); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .int(let integer): try container.encode(integer)
        case .double(let double): try container.encode(double)
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array)
        case .object(let object): try container.encode(object)
        }
    }
}

extension Value: CustomStringConvertible {
    /// The value as compact JSON with sorted keys.
    public var description: String { JSONWriter.string(self) }
}
