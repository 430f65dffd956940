import Foundation
import PipelineKit

/// The redact stage's converted data files (`Data/`, see its README), found beside the
/// executable or in the source tree.
enum DataFiles {
    /// The text of `Data/NAME`, or `nil` when the folder or file cannot be found.
    static func text(_ name: String) -> String? {
        guard let dir = StageResources.directory(bundle: "pipeline_Redact", folder: "Data",
                                                 sourceDirectory: StageResources.sourceFolder(of: #filePath))
        else { return nil }
        return try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
}
