// Inline and line-based list markers (`1.)`, `2)`, `a.`, bullets).
extension SentenceScanner {
    /// An inline list marker (`2.`, `2)`, `2.)`, `b.`) ending at `end` (the `.` or `)`).
    /// At the start of a sentence it is remembered and never ends the sentence; inside one it
    /// starts a new sentence when it continues a numbering (the previous marker was one less,
    /// or the next one follows within a few hundred bytes). `nil`: not a list marker.
    mutating func listMarker(tokenStart ts: Int, end: Int, after: Int) -> Action? {
        let len = end - ts
        guard len >= 1 && len <= 2 else { return nil }
        var value = 0
        let letter: Bool
        if len == 1 && ASCII.isLowercase(b[ts]) {
            letter = true
            value = Int(b[ts]) - 0x60
        } else {
            letter = false
            for p in ts..<end {
                let c = b[p]
                guard ASCII.isDigit(c) else { return nil }
                value = value * 10 + Int(c) - 0x30
            }
        }
        guard ts == 0 || UTF8Scan.spaceBefore(b, ts) || Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, ts)).0) else { return nil }
        var a = after
        if a < n && b[end] == 0x2E && b[a] == 0x29 { a += 1 }  // "1.)"
        guard a < n, UTF8Scan.spaceLength(b, a) > 0 else { return nil }
        if onlyBulletsOrSpace(start, ts) {
            lastMarker = (letter, value, end)
            return .none(resume: a)
        }
        let m = UTF8Scan.skipSpace(b, a, n)
        guard m < n, !nextIsLower(m) else { return nil }
        var accepted = false
        if let last = lastMarker, last.letter == letter, last.value == value - 1, end - last.at < 2000 {
            accepted = true
        } else if findMarker(letter: letter, value: value + 1, from: a, window: 600) {
            accepted = true
        }
        guard accepted else { return nil }
        lastMarker = (letter, value, end)
        return .split(end: ts, next: ts)
    }

    func findMarker(letter: Bool, value: Int, from: Int, window: Int) -> Bool {
        let target: [UInt8] = letter ? [UInt8(0x60 + min(value, 26))] : Array(String(value).utf8)
        let end = min(n, from + window)
        var p = from
        while p + target.count + 1 < end {
            if b[p] == target[0] && (UTF8Scan.spaceBefore(b, p) || (p > 0 && b[p - 1] >= 0x80 && Self.isBullet(UTF8Scan.decode(b, UTF8Scan.previousStart(b, p)).0))) {
                var ok = true
                for (t, byte) in target.enumerated() where b[p + t] != byte { ok = false; break }
                let q = p + target.count
                if ok && (b[q] == 0x2E || b[q] == 0x29) {
                    var a = q + 1
                    if b[q] == 0x2E && a < n && b[a] == 0x29 { a += 1 }
                    if a < n && UTF8Scan.spaceLength(b, a) > 0 { return true }
                }
            }
            p += 1
        }
        return false
    }
}
