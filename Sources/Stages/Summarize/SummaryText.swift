import PipelineKit

/// The summary text: the chosen sentences joined by a space, except after a CJK full stop (no
/// spaces there; see ``SummarizeStage/isCJKTerminator(_:)``).
enum SummaryText {
    /// Joins `ranges` of the valid UTF-8 `bytes`. When every range starts and ends on a scalar
    /// boundary (the sentence scanner's do), the bytes are copied once into the string (one
    /// allocation, not one per sentence and the list of them); otherwise it is ``joinedByParts(_:_:)``.
    ///
    /// `ranges` is any collection (the stage passes the chosen sentences' ranges as a lazy map
    /// of its indices, with no array made); it is read front to back.
    static func joined<Ranges: Collection<Range<Int>>>(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: Ranges) -> String {
        guard let base = bytes.baseAddress, !ranges.isEmpty,
              ranges.allSatisfy({ isBoundary(bytes, $0.lowerBound) && isBoundary(bytes, $0.upperBound) }) else {
            return joinedByParts(bytes, ranges)
        }
        let capacity = ranges.reduce(ranges.count) { $0 + $1.count }
        // Gathered on the stack (most summaries), then copied into the string with no second
        // check: whole scalars of valid UTF-8 and ASCII spaces are valid UTF-8.
        // (`String(unsafeUninitializedCapacity:)` validated every byte again, ~3 per byte.)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            let target = out.baseAddress.unsafelyUnwrapped
            var length = 0
            var previous = 0..<0
            for range in ranges {
                if !previous.isEmpty && !endsWithCJKTerminator(bytes, previous) {
                    target[length] = 0x20
                    length += 1
                }
                (target + length).update(from: base + range.lowerBound, count: range.count)
                length += range.count
                previous = range
            }
            return UTF8Validation.string(validUTF8: UnsafeBufferPointer(start: target, count: length), isASCII: false)
        }
    }

    /// Joins `ranges` by decoding each on its own (a scalar cut by a range's bound becomes
    /// U+FFFD in that sentence) and adding a space after each non-empty one that does not end
    /// with a CJK full stop: the reference ``joined(_:_:)`` answers as.
    static func joinedByParts<Ranges: Collection<Range<Int>>>(_ bytes: UnsafeBufferPointer<UInt8>, _ ranges: Ranges) -> String {
        let parts = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        var joined = ""
        joined.reserveCapacity(parts.reduce(parts.count) { $0 + $1.utf8.count })
        for (k, part) in parts.enumerated() {
            if k > 0, let last = parts[k - 1].unicodeScalars.last, !SummarizeStage.isCJKTerminator(last.value) { joined += " " }
            joined += part
        }
        return joined
    }

    /// Whether byte offset `i` starts a scalar (or is the end of `bytes`).
    private static func isBoundary(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        i >= bytes.count || bytes[i] & 0xC0 != 0x80
    }

    /// Whether the non-empty, scalar-aligned `range` of valid UTF-8 ends with a CJK full stop.
    /// Those are three-byte scalars; in valid UTF-8 a lead byte E0-EF three bytes before the
    /// end starts exactly the last scalar.
    private static func endsWithCJKTerminator(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 3 else { return false }
        let end = range.upperBound
        let lead = UInt32(bytes[end - 3])
        guard lead & 0xF0 == 0xE0 else { return false }
        let value = (lead & 0x0F) << 12 | UInt32(bytes[end - 2] & 0x3F) << 6 | UInt32(bytes[end - 1] & 0x3F)
        return SummarizeStage.isCJKTerminator(value)
    }
}
