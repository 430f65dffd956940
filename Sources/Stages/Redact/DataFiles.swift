import Foundation
import PipelineKit

/// The redact stage's converted data files (`Data/`, see its README), found beside the
/// executable or in the source tree.
enum DataFiles {
    /// The `Data` folder, looked for once (the look-up probes several places on disk).
    private static let folder = StageResources.directory(bundle: "pipeline_Redact", folder: "Data",
                                                         sourceDirectory: StageResources.sourceFolder(of: #filePath))

    /// The URL of `Data/NAME`, or `nil` when the folder cannot be found.
    static func url(_ name: String) -> URL? { folder?.appendingPathComponent(name) }

    /// The text of `Data/NAME`, or `nil` when the folder or file cannot be found.
    static func text(_ name: String) -> String? {
        url(name).flatMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    /// The bytes of `Data/NAME`, or `nil` when the folder or file cannot be found.
    static func data(_ name: String) -> Data? {
        url(name).flatMap { try? Data(contentsOf: $0) }
    }
}
