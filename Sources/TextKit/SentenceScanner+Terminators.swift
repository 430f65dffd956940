// Sentence terminators: periods, ellipses, `!`/`?` and non-Latin terminators.
extension SentenceScanner {
    mutating func terminator(_ i: Int) -> Action {
        var j = i
        var dots = 0
        var strong = false
        while j < n {
            let byte = b[j]
            if byte == 0x2E { dots += 1 } else if byte == 0x21 || byte == 0x3F { strong = true } else { break }
            j += 1
        }
        if strong { return afterStrong(j) }
        if dots >= 2 { return ellipsis(i, runEnd: j) }
        // A single period; maybe followed by a spaced ellipsis ". . .".
        var spaced = 0
        var k = j
        while k + 1 < n && b[k] == 0x20 && b[k + 1] == 0x2E {
            spaced += 1
            k += 2
        }
        if spaced >= 2 {
            let attached = i > start && !UTF8Scan.spaceBefore(b, i)
            if attached && spaced >= 3 {
                // "word. . . . Next": the period ends the sentence, the ellipsis opens the next.
                let after = closers(k)
                let nextStart = UTF8Scan.skipSpace(b, after, n)
                if nextStart > after && nextStart < n && !nextIsLower(nextStart) { return .split(end: i + 1, next: i + 1) }
                return .none(resume: after)
            }
            if !attached && spaced >= 3 { return afterStrong(k) }
            return .none(resume: k)  // ". . ." marks an omission inside a sentence
        }
        return period(i)
    }

    /// After `!`, `?` or a sentence-ending ellipsis: split when whitespace and a
    /// non-lowercase start follow (closing quotes and brackets stay with the sentence).
    func afterStrong(_ j: Int) -> Action {
        let k = closers(j)
        if k >= n { return .split(end: n, next: n) }
        if UTF8Scan.spaceLength(b, k) == 0 { return .none(resume: k) }
        let nextStart = UTF8Scan.skipSpace(b, k, n)
        if nextStart >= n { return .split(end: n, next: n) }
        if nextIsLower(nextStart) { return .none(resume: nextStart) }
        return .split(end: k, next: nextStart)
    }

    func ellipsis(_ i: Int, runEnd: Int) -> Action {
        if i > 0 && (b[i - 1] == 0x5B || b[i - 1] == 0x28) { return .none(resume: runEnd) }  // [...] (...)
        return afterStrong(runEnd)
    }

    func strongNonLatin(_ i: Int) -> Action {
        var j = i
        while j < n {
            let byte = b[j]
            if byte == 0x2E || byte == 0x21 || byte == 0x3F { j += 1; continue }
            if byte < 0x80 { break }
            let (v, l) = UTF8Scan.decode(b, j)
            if Self.isStrongTerminator(v) || v == 0x2026 { j += l } else { break }
        }
        let k = closers(j)
        return .split(end: k, next: k)
    }

    /// A single period at `i`.
    mutating func period(_ i: Int) -> Action {
        let ts = tokenStart(before: i)
        if let action = listMarker(tokenStart: ts, end: i, after: i + 1) { return action }
        let k = closers(i + 1)
        if k >= n { return .split(end: n, next: n) }
        if UTF8Scan.spaceLength(b, k) == 0 { return .none(resume: k) }  // U.S.A, 100.00, a.b@c.d, Jr.'s
        let nextStart = UTF8Scan.skipSpace(b, k, n)
        if nextStart >= n { return .split(end: n, next: n) }
        var mm = nextStart
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        if UTF8Scan.isLower(v) { return .none(resume: nextStart) }
        let kind = abbreviation(ts, i)
        if v >= 0x30 && v <= 0x39 {
            return kind == .none ? .split(end: k, next: nextStart) : .none(resume: nextStart)
        }
        switch kind {
        case .none, .beforeNumber:
            return .split(end: k, next: nextStart)
        case .title:
            return .none(resume: nextStart)
        case .initial:
            // "you and I. Did" ends a sentence; "Albert I. Jones" and "E. Smith" do not.
            if i - ts == 1 && b[ts] == 0x49 && ts > start && !previousWordCapitalized(ts) {
                return .split(end: k, next: nextStart)
            }
            return .none(resume: nextStart)
        case .time:
            if isStarter(mm) || wordCount(start, ts) >= 3 { return .split(end: k, next: nextStart) }
            return .none(resume: nextStart)
        case .ambiguous:
            return isStarter(mm) ? .split(end: k, next: nextStart) : .none(resume: nextStart)
        }
    }
}
