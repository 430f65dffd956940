/// A word-level diff of two texts (Myers' O((N+M)·D) algorithm over tokens), for showing what
/// a stage changed. Tokens are runs of letters and digits, runs of white space, or single other
/// scalars, so a redacted address becomes one clean replacement instead of scattered letters.
/// Offsets are Unicode scalar offsets, the unit of annotations.
enum WordDiff {
    /// One difference: the scalars `oldStart..<oldEnd` of the old text became `new`
    /// (empty `new`: removed; empty old range: inserted).
    struct Change: Equatable {
        var oldStart: Int
        var oldEnd: Int
        var new: String
    }

    /// Edits beyond this many tokens are shown as one replacement of the differing middle
    /// (keeps time and memory bounded on unrelated texts).
    static let maxEdits = 1500

    /// The changes turning `old` into `new`, in order, none adjacent to another. Each of
    /// `atomic` (scalar ranges of `old`, e.g. the spans a stage annotated) is one token: it is
    /// kept or changed whole, so a removed sentence cannot lend its last full stop to the text.
    static func changes(from old: String, to new: String, atomic: [Range<Int>] = []) -> [Change] {
        if old == new { return [] }
        let oldTokens = tokens(old, atomic: atomic), newTokens = tokens(new)
        var ids: [Substring: Int] = [:]
        func id(_ token: Token) -> Int {
            if let known = ids[token.text] { return known }
            ids[token.text] = ids.count
            return ids.count - 1
        }
        let oldIDs = oldTokens.map(id), newIDs = newTokens.map(id)
        // Common prefix and suffix first: stages usually change little.
        var prefix = 0
        while prefix < oldIDs.count, prefix < newIDs.count, oldIDs[prefix] == newIDs[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < oldIDs.count - prefix, suffix < newIDs.count - prefix, oldIDs[oldIDs.count - 1 - suffix] == newIDs[newIDs.count - 1 - suffix] { suffix += 1 }
        let xm = Array(oldIDs[prefix..<(oldIDs.count - suffix)]), ym = Array(newIDs[prefix..<(newIDs.count - suffix)])
        let pairs = myers(xm, ym) ?? []   // matched (i, j) pairs within the middle
        // Walk the matches; each gap between matches is one change.
        var changes: [Change] = []
        var i = 0, j = 0
        func flush(_ iEnd: Int, _ jEnd: Int) {
            guard iEnd > i || jEnd > j else { return }
            let oldStart = iEnd > i ? oldTokens[prefix + i].start : (prefix + i < oldTokens.count ? oldTokens[prefix + i].start : oldTokens.last.map { $0.start + $0.length } ?? 0)
            let oldEnd = iEnd > i ? oldTokens[prefix + iEnd - 1].start + oldTokens[prefix + iEnd - 1].length : oldStart
            let inserted = newTokens[(prefix + j)..<(prefix + jEnd)].map(\.text).joined()
            changes.append(Change(oldStart: oldStart, oldEnd: oldEnd, new: inserted))
        }
        for (pi, pj) in pairs {
            flush(pi, pj)
            i = pi + 1
            j = pj + 1
        }
        flush(xm.count, ym.count)
        return changes
    }

    /// A token: its text and where it starts in the text, in scalars.
    struct Token {
        var text: Substring
        var start: Int
        var length: Int
    }

    static func tokens(_ text: String, atomic: [Range<Int>] = []) -> [Token] {
        var out: [Token] = []
        var index = text.unicodeScalars.startIndex
        var offset = 0
        let scalars = text.unicodeScalars
        var spans = atomic.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }[...]
        func kind(_ s: Unicode.Scalar) -> Int {
            if s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" { return 1 }
            if s.properties.isWhitespace { return 2 }
            return 0
        }
        while index < scalars.endIndex {
            while let span = spans.first, span.upperBound <= offset { spans.removeFirst() }
            if let span = spans.first, span.lowerBound == offset {
                let length = min(span.count, scalars.distance(from: index, to: scalars.endIndex))
                let end = scalars.index(index, offsetBy: length)
                out.append(Token(text: Substring(scalars[index..<end]), start: offset, length: length))
                offset += length
                index = end
                continue
            }
            let k = kind(scalars[index])
            var end = scalars.index(after: index)
            var length = 1
            let stop = spans.first.map { $0.lowerBound > offset ? $0.lowerBound : Int.max } ?? Int.max
            if k != 0 {
                while end < scalars.endIndex, offset + length < stop, kind(scalars[end]) == k { end = scalars.index(after: end); length += 1 }
            }
            out.append(Token(text: Substring(scalars[index..<end]), start: offset, length: length))
            offset += length
            index = end
        }
        return out
    }

    /// Matched index pairs of a shortest edit script, or `nil` when it needs more than `maxEdits`.
    static func myers(_ a: [Int], _ b: [Int]) -> [(Int, Int)]? {
        let oldCount = a.count, newCount = b.count
        if oldCount == 0 || newCount == 0 { return [] }
        let maxD = min(oldCount + newCount, maxEdits)
        let offset = maxD + 1
        var furthest = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        for d in 0...maxD {
            trace.append(furthest)
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1]) { x = furthest[offset + k + 1] } else { x = furthest[offset + k - 1] + 1 }
                var y = x - k
                while x < oldCount, y < newCount, a[x] == b[y] { x += 1; y += 1 }
                furthest[offset + k] = x
                if x >= oldCount && y >= newCount { return backtrack(trace, furthest, oldCount, newCount, d, offset, a, b) }
                k += 2
            }
        }
        return nil
    }

    private static func backtrack(_ trace: [[Int]], _ last: [Int], _ n: Int, _ m: Int, _ dEnd: Int, _ offset: Int, _ a: [Int], _ b: [Int]) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        var x = n, y = m
        for d in stride(from: dEnd, through: 1, by: -1) {
            let furthest = trace[d]
            let k = x - y
            let prevK = (k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1])) ? k + 1 : k - 1
            let prevX = furthest[offset + prevK], prevY = prevX - prevK
            while x > prevX, y > prevY { x -= 1; y -= 1; pairs.append((x, y)) }
            x = prevX
            y = prevY
        }
        while x > 0, y > 0 { x -= 1; y -= 1; pairs.append((x, y)) }
        return pairs.reversed()
    }
}
