import PipelineKit

/// The runner's input decoding as plain functions over bytes, exactly as `pipeline run` applies
/// it to files: for tests, fuzzing and tools that want the same rules (BOM, CRLF, UTF-8 errors
/// with line and column, one document per JSON line with annotation offsets checked).
public enum InputDecoding {
    /// One JSON line's outcome: a document, or the error message `pipeline run` would print.
    public struct Line: Sendable {
        /// 1-based line number in the input.
        public var number: Int
        /// The document, or the message (which never quotes the input).
        public var result: Result<Document, LineError>
    }

    /// Why a line is not a document.
    public struct LineError: Error, Sendable, Equatable {
        /// The message, as printed after `FILE:LINE: error: `.
        public var message: String
    }

    /// The documents of a JSON-lines input (blank lines skipped), with `source` as their
    /// metadata `source` and `ID-LINE` as the id of lines without one.
    public static func jsonLines(_ bytes: [UInt8], source: String = "-", id: String = "line",
                                 maxLineBytes: Int = 256 << 20) -> [Line] {
        let reader = LineReader(bytes: bytes, maxLineBytes: maxLineBytes)
        var lines: [Line] = []
        while let next = reader.next() {
            let number = reader.lineNumber
            switch next {
            case .line(let line):
                if WorkItems.isBlank(line[...]) { continue }
                do {
                    let document = try DocumentReader.document(
                        jsonLine: line, defaultID: "\(id)-\(number)", source: source, columnOffset: number == 1 ? reader.bomLength : 0)
                    lines.append(Line(number: number, result: .success(document)))
                } catch {
                    lines.append(Line(number: number, result: .failure(LineError(message: error.message))))
                }
            case .tooLong(let length):
                lines.append(Line(number: number, result: .failure(LineError(
                    message: "line of \(length) bytes is longer than the \(maxLineBytes)-byte limit"))))
            case .wouldBlock:
                continue
            }
        }
        return lines
    }

    /// A text input's text (BOM dropped, CRLF made LF), or the error `pipeline run` would print.
    public static func text(_ bytes: [UInt8]) -> Result<String, LineError> {
        do {
            return .success(try DocumentReader.text(from: bytes))
        } catch {
            return .failure(LineError(message: error.message))
        }
    }
}
