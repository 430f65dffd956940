#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// Inline and line-based list markers (`1.)`, `2)`, `a.`, bullets).
extension SentenceScanner {
    /// An inline list marker (`2.`, `2)`, `2.)`, `b.`) ending at `end` (the `.` or `)`).
    /// At the start of a sentence it is remembered and never ends the sentence; inside one it
    /// starts a new sentence when it continues a numbering (the previous marker was one less,
    /// or the next one follows within a few hundred bytes). `nil`: not a list marker.
    ///
    /// The length test is inlined into the callers (`period`, `scan`): most tokens before a
    /// period are longer than a marker, and the call cost more than the test.
    @inline(__always)
    mutating func listMarker(tokenStart ts: Int, end: Int, after: Int) -> Action? {
        let len = end - ts
        guard len >= 1 && len <= 2 else { return nil }
        return shortListMarker(tokenStart: ts, end: end, after: after)
    }

    /// ``listMarker(tokenStart:end:after:)`` for a token of one or two bytes.
    @inline(never)
    mutating func shortListMarker(tokenStart ts: Int, end: Int, after: Int) -> Action? {
        let len = end - ts
        var value = 0
        let letter: Bool
        if len == 1 && ASCII.isLowercase(b[ts]) {
            letter = true
            value = Int(b[ts]) - 0x60
        } else {
            letter = false
            for p in ts..<end {
                let byte = b[p]
                guard ASCII.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte) - 0x30
            }
        }
        guard ts == 0 || UTF8Scan.spaceBefore(b, ts) || Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, ts)).0) else { return nil }
        var markerEnd = after
        if markerEnd < n && b[end] == 0x2E && b[markerEnd] == 0x29 { markerEnd += 1 }  // "1.)"
        guard markerEnd < n, UTF8Scan.spaceLength(b, markerEnd) > 0 else { return nil }
        if onlyBulletsOrSpace(start, ts) {
            lastMarker = (letter, value, end)
            return .none(resume: markerEnd)
        }
        let nextStart = UTF8Scan.skipSpace(b, markerEnd, n)
        guard nextStart < n, !nextIsLower(nextStart) else { return nil }
        var accepted = false
        if let last = lastMarker, last.letter == letter, last.value == value - 1, end - last.at < 2000 {
            accepted = true
        } else if findMarker(letter: letter, value: value + 1, from: markerEnd, window: 600) {
            accepted = true
        }
        guard accepted else { return nil }
        lastMarker = (letter, value, end)
        return .split(end: ts, next: ts)
    }

    func findMarker(letter: Bool, value: Int, from: Int, window: Int) -> Bool {
        let target: [UInt8] = letter ? [UInt8(0x60 + min(value, 26))] : Array(String(value).utf8)
        let end = min(n, from + window)
        guard let base = b.baseAddress else { return false }
        // A marker starts before `last`. Its possible starts, the bytes equal to its first byte,
        // are found with `memchr` (many bytes at a time), not by stepping through the window.
        let last = end - target.count - 1
        var position = from
        while position < last, let found = memchr(base + position, Int32(target[0]), last - position) {
            position = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            if UTF8Scan.spaceBefore(b, position) || (position > 0 && b[position - 1] >= 0x80 && Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, position)).0)) {
                var ok = true
                for (t, byte) in target.enumerated() where b[position + t] != byte { ok = false; break }
                let numberEnd = position + target.count
                if ok && (b[numberEnd] == 0x2E || b[numberEnd] == 0x29) {
                    var markerEnd = numberEnd + 1
                    if b[numberEnd] == 0x2E && markerEnd < n && b[markerEnd] == 0x29 { markerEnd += 1 }
                    if markerEnd < n && UTF8Scan.spaceLength(b, markerEnd) > 0 { return true }
                }
            }
            position += 1
        }
        return false
    }
}
