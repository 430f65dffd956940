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
        var coreStart = start, coreEnd = end
        while coreStart < coreEnd, isSpace(bytes[coreStart]) { coreStart += 1 }
        while coreEnd > coreStart, isSpace(bytes[coreEnd - 1]) { coreEnd -= 1 }
        if coreStart > start { pieces.append(.keep(String(decoding: bytes[start..<coreStart], as: UTF8.self))) }
        if coreStart < coreEnd {
            let core = String(decoding: bytes[coreStart..<coreEnd], as: UTF8.self)
            pieces.append(hasLetter(core) ? .translate(core) : .keep(core))
        }
        if coreEnd < end, coreEnd >= coreStart { pieces.append(.keep(String(decoding: bytes[coreEnd..<end], as: UTF8.self))) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// `true` when `text` has a letter outside placeholders.
    static func hasLetter(_ text: String) -> Bool {
        for byte in text.utf8 where (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) { return true }
        for scalar in text.unicodeScalars where scalar.value >= 0x80 && scalar.value != 0x27E6 && scalar.value != 0x27E7 {
            if scalar.properties.isAlphabetic { return true }
        }
        return false
    }
}
