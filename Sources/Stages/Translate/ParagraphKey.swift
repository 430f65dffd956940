/// A paragraph as a dictionary key: hashed and compared as its UTF-8 bytes. A `String` key hashes
/// its Unicode-normalized form, which for a non-ASCII paragraph (curly quotes are enough) cost
/// ~4% of the bundled brief over news items (round 25 in docs/performance-log.md); paragraphs
/// that differ only in normalization form are simply not taken for the same one.
struct ParagraphKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        // `withUTF8` makes a string not stored as contiguous UTF-8 so (a copy): every key is
        // hashed the same way.
        var bytes = text
        bytes.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (left: ParagraphKey, right: ParagraphKey) -> Bool {
        left.text.utf8.elementsEqual(right.text.utf8)
    }
}
