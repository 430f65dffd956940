import Foundation
import PipelineKit

/// Turns raw input into documents, with clear errors that never quote the input.
enum DocumentReader {
    struct Failure: Error {
        let message: String
    }

    /// Decodes file bytes as UTF-8 text: strips a byte-order mark and turns CRLF into LF.
    /// Empty input and invalid UTF-8 are errors naming the line and column of the bad byte.
    static func text(from bytes: [UInt8]) throws(Failure) -> String {
        if bytes.isEmpty { throw Failure(message: "empty input: there is no text to process") }
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        guard var text = String(validating: slice, as: UTF8.self) else {
            // Columns count characters after the BOM; the byte offset counts from the file's start.
            let (_, line, column) = firstInvalidUTF8(slice)
            let offset = (UTF8Validation.firstInvalidIndex(in: slice) ?? slice.endIndex) - bytes.startIndex
            throw Failure(message: "not valid UTF-8: bad byte at line \(line), column \(column) (byte offset \(offset)); convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)")
        }
        // Searched in the bytes (`memchr`): through the string's UTF-8 view, element by element,
        // it took 8% of a run over 10,000 small files (round 25).
        let hasCarriageReturn = slice.withUnsafeBytes { $0.baseAddress.map { memchr($0, 0x0D, slice.count) != nil } ?? false }
        if hasCarriageReturn { text = text.replacingEvery("\r\n", with: "\n") }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw Failure(message: "input holds only white space: there is no text to process")
        }
        return text
    }

    /// Where the first invalid UTF-8 sequence starts: byte offset, line and column (in scalars).
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int) {
        var line = 1
        var column = 1
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (i - bytes.startIndex, line, column)
            }
            if i + length > bytes.endIndex { return (i - bytes.startIndex, line, column) }
            if length > 1, String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil {
                return (i - bytes.startIndex, line, column)
            }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return (bytes.count, line, column)
    }

    /// Reads a whole file: a regular file, or a FIFO / process substitution (`<(...)`), read
    /// to its end. Errors say what the system said (`permission denied`, `is a directory`).
    static func readFile(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            throw Failure(message: code == ENOENT ? "no such file" : "cannot open the file: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        var expected = 0
        if fstat(fd, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw Failure(message: "is a directory") }
            if (info.st_mode & S_IFMT) == S_IFREG { expected = Int(info.st_size) }
        }
        do {
            return try readAll(fd, expected: expected)
        } catch {
            throw Failure(message: "cannot read the file: \(String(cString: strerror(error.code)))")
        }
    }

    /// Reads all of standard input.
    static func readStandardInput() -> [UInt8] {
        (try? readAll(0)) ?? []
    }

    /// A failed `read`, with its errno.
    struct ReadError: Error {
        let code: Int32
    }

    /// Reads `fd` to its end; retries on EINTR, throws the errno of a failed read.
    ///
    /// The bytes are read straight into the array, which has room for `expected` bytes (a
    /// regular file's size) and one more: a file is one read and the read that finds its end.
    /// Past that room (a pipe, a file that grew) they go on 64 KiB at a time. (A zeroed 64 KiB
    /// buffer per call, copied from, cost ~10% of a run over 10,000 small files; round 25.)
    static func readAll(_ fd: Int32, expected: Int = 0) throws(ReadError) -> [UInt8] {
        var failure: Int32?
        var atEnd = false
        /// Reads into `buffer` until it is full, the input ends or a read fails; returns the bytes read.
        func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
            var filled = 0
            while filled < buffer.count {
                let bytesRead = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if bytesRead < 0 && errno == EINTR { continue }
                if bytesRead < 0 { failure = errno; break }
                if bytesRead == 0 { atEnd = true; break }
                filled += bytesRead
            }
            return filled
        }
        var all = [UInt8](unsafeUninitializedCapacity: max(expected + 1, 1 << 12)) { buffer, initialized in
            initialized = fill(buffer)
        }
        if failure == nil && !atEnd {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 << 16) { chunk in
                while failure == nil && !atEnd { all.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<fill(chunk)])) }
            }
        }
        if let failure { throw ReadError(code: failure) }
        return all
    }

    /// Parses one JSON line into a document (the line's bytes, without its terminator).
    /// `defaultID` names a line without an `id` (asked only then); `source` becomes metadata
    /// `source` unless the line sets one. `columnOffset` is added to byte columns in errors (3
    /// on a first line that followed a BOM).
    static func document(jsonLine bytes: UnsafeBufferPointer<UInt8>, defaultID: () -> String, source: SourceMetadata,
                         columnOffset: Int = 0) throws(Failure) -> Document {
        var canonicalText: Range<Int>?
        return try document(jsonLine: bytes, defaultID: defaultID, source: source, columnOffset: columnOffset, canonicalText: &canonicalText)
    }

    /// `document(jsonLine:defaultID:source:columnOffset:)`, also saying where the text's JSON
    /// lies in `bytes` when writing the text back gives exactly those bytes (else `nil`).
    static func document(jsonLine bytes: UnsafeBufferPointer<UInt8>, defaultID: () -> String, source: SourceMetadata,
                         columnOffset: Int, canonicalText: inout Range<Int>?) throws(Failure) -> Document {
        var fields = Document.JSONLineFields()
        let other: Value?
        do {
            other = try JSONReader.parseTopLevel(bytes) { key, value, canonical in fields.take(key, value, canonicalJSON: canonical) }
        } catch {
            throw Failure(message: "invalid JSON: \(error.message) (column \(error.offset + 1 + columnOffset))")
        }
        do {
            if let other { throw StageError("expected a JSON object, found \(other.kindName)") }
            var document = try Document(jsonLine: fields, defaultID: defaultID)
            if document.metadata.isEmpty {
                document.metadata = source.metadata
            } else if document.metadata["source"] == nil {
                document.metadata["source"] = .string(source.path)
            }
            // Annotations on an input line were made by an earlier run's stages, on the text as
            // they received it (possibly longer than this text).
            try document.validateAnnotationOffsets(madeEarlier: { _ in true })
            canonicalText = fields.canonicalText
            return document
        } catch let error as StageError {
            throw Failure(message: "not a document: \(error.message); expected {\"id\"?: string, \"text\": string, \"metadata\"?: object}")
        } catch {
            throw Failure(message: "not a document")
        }
    }

    /// Parses one JSON line held in an array (tests, `InputDecoding`).
    static func document(jsonLine bytes: [UInt8], defaultID: String, source: String, columnOffset: Int = 0) throws(Failure) -> Document {
        let metadata = SourceMetadata(source)
        return try bytes.withUnsafeBufferPointer { buffer throws(Failure) in
            try document(jsonLine: buffer, defaultID: { defaultID }, source: metadata, columnOffset: columnOffset)
        }
    }

    /// Metadata `source` for the documents of one input, made once: a line without metadata
    /// shares the dictionary (no dictionary built per document).
    struct SourceMetadata: Sendable {
        /// The input path (`-` for stdin).
        let path: String
        /// `["source": path]`.
        let metadata: [String: Value]

        init(_ path: String) {
            self.path = path
            metadata = ["source": .string(path)]
        }
    }
}
