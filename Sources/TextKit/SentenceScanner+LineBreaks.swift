// Line breaks: blank lines, hard-wrapped text, list items, forced splits of overlong sentences.
extension SentenceScanner {
    mutating func newline(_ i: Int, length: Int = 1) -> Action {
        let lineLength = i - lineStart
        lineStart = i + length
        var j = i + length
        while j < n && (b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D) { j += 1 }
        if j >= n { return .none(resume: j) }
        if b[j] == 0x0A { return hasContent(start, i) ? .split(end: i, next: j) : .none(resume: j) }
        guard hasContent(start, i) else { return .none(resume: j) }
        if startsListItem(j) { return .split(end: i, next: j) }
        var mm = j
        var (v, l) = UTF8Scan.decode(b, mm)
        while Self.isOpener(v) && mm + l < n {
            mm += l
            (v, l) = UTF8Scan.decode(b, mm)
        }
        if UTF8Scan.isLower(v) { return .none(resume: j) }
        if !linesAnalyzed { analyzeLines() }
        if hardWrapped && lineLength * 10 >= wrapWidth * 6 { return .none(resume: j) }
        return .split(end: i, next: j)
    }

    func startsListItem(_ j: Int) -> Bool {
        let byte = b[j]
        if (byte == 0x2D || byte == 0x2A || byte == 0x2B) && j + 1 < n && b[j + 1] == 0x20 { return true }  // "- " "* " "+ "
        if byte >= 0x80 { return Self.isBullet(UTF8Scan.decode(b, j).0) }
        var digitEnd = j
        while digitEnd < n && digitEnd - j < 3 && ASCII.isDigit(b[digitEnd]) { digitEnd += 1 }
        if digitEnd > j && digitEnd + 1 < n && (b[digitEnd] == 0x2E || b[digitEnd] == 0x29) && UTF8Scan.spaceLength(b, digitEnd + 1) > 0 { return true }
        return false
    }

    func forcedSplit(_ i: Int) -> Action {
        var position = i
        let floor = start + maxBytes / 2
        while position > floor {
            if UTF8Scan.spaceLength(b, position) > 0 && b[position] < 0x80 { return .split(end: position, next: position + 1) }
            position -= 1
        }
        return .split(end: i, next: i)
    }
}
