import Foundation
import PipelineKit

/// Reads one input as `pipeline run` does (UTF-8 checked, BOM stripped, CRLF to LF, the id
/// from the file's name, `source` metadata set), for commands that look at a single document
/// (`pipeline explain`). The error is one line without document text.
public enum SingleDocumentInput {
    /// An input that cannot be read: `PATH: error: why`.
    public struct Failure: Error, CustomStringConvertible {
        /// One line.
        public var message: String
        public var description: String { message }
    }

    /// The document in the file at `path`, or on standard input for `-`.
    public static func read(_ path: String) throws(SingleDocumentInput.Failure) -> Document {
        do {
            if path == "-" {
                let text = try DocumentReader.text(from: DocumentReader.readStandardInput())
                return Document(id: "stdin", text: text, metadata: ["source": .string(PipelineRunner.standardInputSource)])
            }
            let text = try DocumentReader.text(from: try DocumentReader.readFile(path))
            let id = InputExpander.stripExtension((path as NSString).lastPathComponent)
            return Document(id: id, text: text, metadata: ["source": .string(path)])
        } catch {
            throw Failure(message: "\(path == "-" ? PipelineRunner.standardInputLabel : path): error: \(error.message)")
        }
    }
}
