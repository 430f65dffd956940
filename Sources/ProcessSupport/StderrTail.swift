import Foundation
import PipelineKit

/// The last bytes a program wrote to stderr, for error messages: at most `capacity` bytes
/// (2 KiB) and, when shown, the last `maxLines` (20) non-blank lines joined with ` | `.
///
/// The tail may echo document text: whoever puts it into a message passes it through
/// `StageContext.scrubbed(_:)` first (the redact detectors, then a cap), as `ProgramFailure`
/// does. Safe to use from several tasks.
public final class StderrTail: Sendable {
    private struct State {
        var ring: [UInt8] = []
        var total = 0
    }

    private let state = LockedValue(State())
    private let capacity: Int
    private let maxLines: Int

    /// Creates an empty tail.
    public init(capacity: Int = 2048, maxLines: Int = 20) {
        self.capacity = capacity
        self.maxLines = maxLines
    }

    /// Appends bytes the program wrote.
    public func append<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let capacity = self.capacity
        state.withLock { state in
            state.total += bytes.count
            if bytes.count >= capacity {
                state.ring = Array(bytes.suffix(capacity))
            } else {
                state.ring.append(contentsOf: bytes)
                if state.ring.count > capacity { state.ring.removeFirst(state.ring.count - capacity) }
            }
        }
    }

    /// How many bytes were written so far: pass it to `text(since:)` to see only what came after.
    public var mark: Int { state.withLock { $0.total } }

    /// The tail as one line, only counting bytes written after `mark` (empty when none).
    public func text(since mark: Int = 0) -> String {
        let (bytes, cut) = state.withLock { state -> ([UInt8], Bool) in
            let fresh = min(state.total - mark, state.ring.count)
            return (fresh > 0 ? Array(state.ring.suffix(fresh)) : [], state.total - mark > state.ring.count)
        }
        return Self.format(bytes, cutAtStart: cut, maxLines: maxLines)
    }

    /// Splits into lines, drops a partial first line when the start was cut, keeps the last
    /// `maxLines` non-blank lines (trimmed, control characters removed) joined with ` | `.
    public static func format(_ bytes: [UInt8], cutAtStart: Bool, maxLines: Int) -> String {
        if bytes.isEmpty { return "" }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if cutAtStart && lines.count > 1 { lines.removeFirst() }
        var kept: [String] = []
        for line in lines.reversed() {
            let text = String(decoding: line, as: UTF8.self)
            let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
                $0.value < 0x20 || $0.value == 0x7F ? " " : $0
            })).trimmingCharacters(in: .whitespaces)
            if cleaned.isEmpty { continue }
            kept.append(cleaned)
            if kept.count == maxLines { break }
        }
        let joined = kept.reversed().joined(separator: " | ")
        return cutAtStart && !kept.isEmpty ? "... " + joined : joined
    }
}
