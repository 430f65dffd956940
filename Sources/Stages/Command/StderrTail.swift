import Foundation

/// The last bytes a program wrote to stderr, for error messages: at most `capacity` bytes
/// (2 KiB) and, when shown, the last `maxLines` (20) non-blank lines joined with ` | `.
/// Safe to use from several tasks.
final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var ring: [UInt8] = []
    private var total = 0
    private let capacity: Int
    private let maxLines: Int

    /// Creates an empty tail.
    init(capacity: Int = 2048, maxLines: Int = 20) {
        self.capacity = capacity
        self.maxLines = maxLines
    }

    /// Appends bytes the program wrote.
    func append(_ bytes: UnsafeRawBufferPointer) {
        lock.lock()
        defer { lock.unlock() }
        total += bytes.count
        if bytes.count >= capacity {
            ring = Array(bytes.suffix(capacity))
        } else {
            ring.append(contentsOf: bytes)
            if ring.count > capacity { ring.removeFirst(ring.count - capacity) }
        }
    }

    /// How many bytes were written so far: pass it to `text(since:)` to see only what came after.
    var mark: Int {
        lock.lock()
        defer { lock.unlock() }
        return total
    }

    /// The tail as one line, only counting bytes written after `mark` (empty when none).
    func text(since mark: Int = 0) -> String {
        lock.lock()
        let fresh = min(total - mark, ring.count)
        let bytes = fresh > 0 ? Array(ring.suffix(fresh)) : []
        let cut = total - mark > ring.count
        lock.unlock()
        return Self.format(bytes, cutAtStart: cut, maxLines: maxLines)
    }

    /// Splits into lines, drops a partial first line when the start was cut, keeps the last
    /// `maxLines` non-blank lines (trimmed, control characters removed) joined with ` | `.
    static func format(_ bytes: [UInt8], cutAtStart: Bool, maxLines: Int) -> String {
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
