import Foundation
import PipelineKit

/// Turns what a JSON-lines program wrote into documents, with errors that name the output
/// line and what was wrong but never echo its content.
enum Replies {
    /// A problem with the program's output; `message` holds no document text.
    struct Malformed: Error, Sendable {
        var message: String
    }

    /// One non-blank output line and its 1-based number in the program's output.
    struct Line: Sendable {
        var number: Int
        var bytes: ArraySlice<UInt8>
    }

    /// The non-blank lines of `output` (split on `\n`, a trailing `\r` dropped).
    static func lines(in output: [UInt8]) -> [Line] {
        var result: [Line] = []
        var number = 0
        for raw in output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = raw
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            result.append(Line(number: number, bytes: line))
        }
        return result
    }

    /// The documents the lines describe. Each line is a document object, a JSON array of
    /// document objects, or `{"drop": true}`. A document object must have `text`; `id`,
    /// `metadata` and `annotations` keep their input values when left out. Documents without
    /// an `id` get the input's id, or `ID-1`, `ID-2`, ... when there are several.
    static func documents(from lines: [Line], input: Document, stageID: String) throws -> [Document] {
        var objects: [(line: Int, object: [String: Value])] = []
        for line in lines {
            let value: Value
            do {
                value = try line.bytes.withUnsafeBufferPointer { try JSONReader.parse($0) }
            } catch {
                // The reader's message names a byte offset and never quotes the line.
                throw Malformed(message: "output line \(line.number) is not valid JSON: \(error)" + (Self.looksLikeJSON(line.bytes) ? "" : Self.reservedStdoutHint))
            }
            switch value {
            case .object(let object):
                if let drop = object["drop"] {
                    guard drop == .bool(true), object.count == 1 else {
                        throw Malformed(message: "output line \(line.number): a drop answer must be exactly {\"drop\": true}")
                    }
                    continue
                }
                objects.append((line.number, object))
            case .array(let elements):
                for (i, element) in elements.enumerated() {
                    guard let object = element.objectValue else {
                        throw Malformed(message: "output line \(line.number): element \(i + 1) of the array must be a document object, found \(element.kindName)")
                    }
                    objects.append((line.number, object))
                }
            default:
                throw Malformed(message: "output line \(line.number): expected a document object, a JSON array of them or {\"drop\": true}, found \(value.kindName)")
            }
        }
        let allowed = Set(input.jsonValue.map(\.key))
        let sentAnnotations = Set(input.annotations)
        var documents: [Document] = []
        documents.reserveCapacity(objects.count)
        for (index, entry) in objects.enumerated() {
            let object = entry.object
            if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                var message = "output line \(entry.line): unknown field '\(unknown)' (a document has \(input.jsonValue.map(\.key).joined(separator: ", ")))"
                if let guess = Suggestion.closest(to: unknown, in: Array(allowed)) { message += "; did you mean '\(guess)'?" }
                throw Malformed(message: message)
            }
            let defaultID = objects.count == 1 ? input.id : "\(input.id)-\(index + 1)"
            var document: Document
            do {
                document = try Document(jsonObject: .object(object), defaultID: defaultID)
            } catch let error as StageError {
                throw Malformed(message: "output line \(entry.line): \(error.message)")
            }
            if object["metadata"] == nil || object["metadata"] == .null { document.metadata = input.metadata }
            if let given = object["annotations"], given != .null {
                document.annotations = try annotations(given, line: entry.line, stageID: stageID)
            } else {
                document.annotations = input.annotations
            }
            do {
                // The annotations it was sent (echoed unchanged) point into earlier texts.
                try document.validateAnnotationOffsets(madeEarlier: { sentAnnotations.contains($0) })
            } catch let error as StageError {
                throw Malformed(message: "output line \(entry.line): \(error.message)")
            }
            documents.append(document)
        }
        return documents
    }

    /// Said when an output line is not even trying to be JSON: a stray `print` or log line.
    static let reservedStdoutHint =
        " (stdout is reserved for replies, one JSON document per line: write logs and debug output to stderr)"

    /// Whether a line starts like a JSON reply (`{` or `[`), so a parse error is a broken reply
    /// rather than a stray log line.
    static func looksLikeJSON(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// Reads an `annotations` array; an annotation without `stage` gets the stage's id.
    static func annotations(_ value: Value, line: Int, stageID: String) throws -> [Annotation] {
        guard let array = value.arrayValue else {
            throw Malformed(message: "output line \(line): field 'annotations' must be an array, found \(value.kindName)")
        }
        var result: [Annotation] = []
        result.reserveCapacity(array.count)
        for (i, element) in array.enumerated() {
            let label = "output line \(line): annotation \(i + 1)"
            guard var object = element.objectValue else {
                throw Malformed(message: "\(label) must be an object, found \(element.kindName)")
            }
            if object["stage"] == nil { object["stage"] = .string(stageID) }
            for key in ["stage", "type"] where object[key]?.stringValue == nil {
                throw Malformed(message: "\(label): field '\(key)' must be a string")
            }
            for key in ["start", "end"] where object[key]?.intValue == nil {
                throw Malformed(message: "\(label): field '\(key)' must be an integer (a Unicode scalar offset)")
            }
            let annotation = Annotation(jsonValue: .object(object))!
            guard annotation.start >= 0, annotation.end >= annotation.start else {
                throw Malformed(message: "\(label): needs 0 <= start <= end, found \(annotation.start)..<\(annotation.end)")
            }
            result.append(annotation)
        }
        return result
    }
}
