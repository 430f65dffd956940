import Foundation
import PipelineKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the program a stage option names, the same way for every stage that runs programs
/// (the command stage's `run`, translate's `command` provider), so `pipeline validate` reports a
/// misspelled or missing program identically for both.
public enum ProgramLocator {
    /// The absolute path of `program`: looked up on `searchPath` when it has no slash, else
    /// resolved against the pipeline's folder. Throws `StageOptionError` on `option[0]`, with
    /// a "did you mean" for a near miss on the path.
    public static func locate(program: String, searchPath: String, setup: StageSetup, option: String) throws -> String {
        if program.isEmpty {
            throw StageOptionError(option: option, "the program name is empty", path: ["0"])
        }
        if program.contains("/") {
            let path = absolute(setup.resolve(path: program))
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StageOptionError(option: option, "program '\(program)' not found (no file \(path))", path: ["0"])
            }
            guard !isDirectory.boolValue, access(path, X_OK) == 0 else {
                throw StageOptionError(
                    option: option,
                    "program '\(program)' is not executable (chmod +x it, or run it through its interpreter, e.g. [python3, \(program)])",
                    path: ["0"])
            }
            return path
        }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let folder = directory.isEmpty ? "." : String(directory)
            let candidate = absolute(folder.hasSuffix("/") ? folder + program : folder + "/" + program)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                access(candidate, X_OK) == 0
            {
                return candidate
            }
        }
        var message = "program '\(program)' not found on PATH"
        if FileManager.default.fileExists(atPath: absolute(setup.resolve(path: program))) {
            message += " (for the file in the pipeline's folder, write './\(program)')"
        } else if let guess = closestProgram(to: program, searchPath: searchPath) {
            message += " (did you mean '\(guess)'?)"
        }
        throw StageOptionError(option: option, message, path: ["0"])
    }

    /// The `PATH` a stage's programs are looked up on: the stage's own override, else the
    /// pipeline's environment, else the process's, else a default.
    public static func searchPath(override: String? = nil, setup: StageSetup) -> String {
        override ?? setup.environment["PATH"] ?? ProcessVariables.value("PATH") ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// The program on `searchPath` whose name is closest to `program`, if one is close enough
    /// to be a typo (`pyhton3` -> `python3`). Only runs when the program was not found.
    static func closestProgram(to program: String, searchPath: String) -> String? {
        var names = Set<String>()
        for directory in searchPath.split(separator: ":") {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: String(directory)) else { continue }
            for name in entries where abs(name.count - program.count) <= 2 { names.insert(name) }
        }
        return Suggestion.closest(to: program, in: names.sorted())
    }

    /// `path` made absolute against the current directory, with `.` and `..` removed.
    public static func absolute(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let joined = path.hasPrefix("/") ? path : (path.isEmpty ? cwd : cwd + "/" + path)
        return URL(fileURLWithPath: joined).standardized.path
    }
}
