import Foundation

/// A value that several tasks or threads share, reachable only while holding its lock, like
/// swift-nio's `NIOLockedValueBox`. The one place in the project where shared mutable state is
/// declared `@unchecked Sendable`: everything else that needs a lock holds one of these.
///
/// ```swift
/// let counts = LockedValue([String: Int]())
/// counts.withLock { $0["email", default: 0] += 1 }
/// let email = counts.withLock { $0["email"] ?? 0 }
/// ```
///
/// Keep the closures short and never `await` inside them (they cannot: they are synchronous).
public final class LockedValue<Value> {
    @usableFromInline let lock = NSLock()
    @usableFromInline var value: Value

    /// Creates a box holding `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the lock held and the value open for change; returns what `body` returns.
    /// Inlinable, so callers in other modules get it specialized (no generic call per use).
    @inlinable
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value, read under the lock.
    public var current: Value { withLock { $0 } }
}

// The value is only reached under the lock, so the box may cross tasks when the value may.
extension LockedValue: @unchecked Sendable where Value: Sendable {}
