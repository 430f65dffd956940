/// Splits text into the pieces a provider translates and the whitespace kept around them.
///
/// With `paragraphs`, text is cut at blank lines; each paragraph's leading and trailing
/// whitespace is kept out of the request, so layout survives engines that trim. Pieces with no
/// letters at all (only placeholders, digits, punctuation) are kept as they are.
enum Segmenter {
    /// One piece of the text.
    enum Piece: Sendable, Equatable {
        /// Kept verbatim.
        case keep(String)
        /// Sent to the provider.
        case translate(String)
    }

    static func split(_ text: String, paragraphs: Bool) -> [Piece] {
        let bytes = Array(text.utf8)
        var pieces: [Piece] = []
        var start = 0
        if paragraphs {
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\n") {
                    // A blank line: newline, optional spaces/tabs/CR, newline (and more of the same).
                    var j = i + 1
                    var newlines = 1
                    var end = i + 1
                    while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D || bytes[j] == 0x0A {
                        if bytes[j] == 0x0A { newlines += 1; end = j + 1 }
                        j += 1
                    }
                    if newlines >= 2 {
                        appendParagraph(bytes, start, i, into: &pieces)
                        pieces.append(.keep(String(decoding: bytes[i..<end], as: UTF8.self)))
                        start = end
                        i = end
                        continue
                    }
                }
                i += 1
            }
        }
        appendParagraph(bytes, start, bytes.count, into: &pieces)
        return pieces
    }

    private static func appendParagraph(_ bytes: [UInt8], _ start: Int, _ end: Int, into pieces: inout [Piece]) {
        guard start < end else { return }
        var s = start, e = end
        while s < e, isSpace(bytes[s]) { s += 1 }
        while e > s, isSpace(bytes[e - 1]) { e -= 1 }
        if s > start { pieces.append(.keep(String(decoding: bytes[start..<s], as: UTF8.self))) }
        if s < e {
            let core = String(decoding: bytes[s..<e], as: UTF8.self)
            pieces.append(hasLetter(core) ? .translate(core) : .keep(core))
        }
        if e < end, e >= s { pieces.append(.keep(String(decoding: bytes[e..<end], as: UTF8.self))) }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// `true` when `text` has a letter outside placeholders.
    static func hasLetter(_ text: String) -> Bool {
        for b in text.utf8 where (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) { return true }
        for s in text.unicodeScalars where s.value >= 0x80 && s.value != 0x27E6 && s.value != 0x27E7 {
            if s.properties.isAlphabetic { return true }
        }
        return false
    }
}
