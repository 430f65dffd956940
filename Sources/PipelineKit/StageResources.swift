import Foundation

/// Finds a stage's bundled data folder (phrase lists, name lists, templates) without the
/// crash of SwiftPM's generated `Bundle.module` when the binary was copied away from its
/// build folder.
///
/// Looks, in order: beside the running executable, beside the executable the running one
/// links to (an installed symlink), beside the test bundle, inside the executable itself (a
/// release binary, see `EmbeddedResources`), and in the source tree the module was compiled from. Returns `nil` when none exists, so the stage can throw a clear option
/// error instead of trapping.
public enum StageResources {
    /// The folder `folder` of the resource bundle `bundle` (e.g. `pipeline_Export`), or `nil`.
    /// `sourceDirectory` is the module's source folder (pass `#filePath`'s folder) for the last fallback.
    public static func directory(bundle: String, folder: String, sourceDirectory: String) -> URL? {
        for base in executableFolders {
            let url = base.appendingPathComponent(bundle + ".resources").appendingPathComponent(folder)
            if isDirectory(url) { return url }
            // Apple platforms name bundles NAME.bundle with a Resources folder.
            let apple = base.appendingPathComponent(bundle + ".bundle/Contents/Resources").appendingPathComponent(folder)
            if isDirectory(apple) { return apple }
        }
        // A release binary carries its bundles inside (see `EmbeddedResources`).
        if let embedded = EmbeddedResources.unpackedRoot() {
            let url = embedded.appendingPathComponent(bundle + ".resources").appendingPathComponent(folder)
            if isDirectory(url) { return url }
        }
        let source = URL(fileURLWithPath: sourceDirectory).appendingPathComponent(folder)
        return isDirectory(source) ? source : nil
    }

    /// The folders a bundle may sit in: the running executable's, the one it links to (an
    /// installed symlink), and /proc/self/exe's. Worked out once per process (every stage with
    /// data asks).
    private static let executableFolders: [URL] = {
        // Not `Bundle.main`: creating it lists the executable's whole folder (`/usr/bin`,
        // thousands of entries, for an installed binary) to look for an Info.plist.
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").standardizedFileURL
        var folders = [executable.deletingLastPathComponent(), executable.resolvingSymlinksInPath().deletingLastPathComponent()]
        if let procPath = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: procPath).deletingLastPathComponent())
        }
        var seen = Set<String>()
        return folders.filter { seen.insert($0.path).inserted }
    }()

    /// The folder a source file lives in: `StageResources.sourceFolder(of: #filePath)`.
    public static func sourceFolder(of filePath: String) -> String {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().path
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
