#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment variables, read from the C environment's bytes.
///
/// `ProcessInfo.processInfo.environment` builds the whole dictionary on every call, finding
/// each `=` by `Character` (grapheme breaking over every variable): a `pipeline run` built it
/// three times, ~0.65 M instructions of its start-up (docs/performance-log.md, round 16). One
/// variable is one `getenv`; the whole environment splits each entry at its first `=` byte.
///
/// ```swift
/// ProcessVariables.value("GITHUB_ACTIONS") == "true"
/// let variables = ProcessVariables.all()   // for ${NAME} interpolation, a child's environment
/// ```
public enum ProcessVariables {
    /// The value of variable `name`, or `nil` when it is not set (as `getenv`).
    public static func value(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Every variable, name to value, as `ProcessInfo.processInfo.environment` gives them: each
    /// entry split at its first `=`, entries without one skipped, a later entry of a name
    /// replacing an earlier one.
    public static func all() -> [String: String] {
        var variables: [String: String] = [:]
        #if canImport(Darwin)
        guard var entry = _NSGetEnviron()?.pointee else { return variables }
        #else
        var entry = environ
        #endif
        while let pointer = entry.pointee {
            entry += 1
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<equals]), as: UTF8.self)
            variables[name] = String(decoding: UnsafeBufferPointer(rebasing: bytes[(equals + 1)...]), as: UTF8.self)
        }
        return variables
    }
}
