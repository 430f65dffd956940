import PipelineKit

/// The mutable state of one run of an export stage, shared by concurrent `write` calls: one
/// `LockedValue` around a plain struct, so every change happens under the one lock.
final class ExportState: Sendable {
    private struct Run: Sendable {
        var claims: [String: String] = [:]
        var notedReserved = false
        var buffered: [(sequence: Int, arrival: Int, document: Document)] = []
        var combined: Result<String, any Error>?
        var stores: [String: any ExportStore] = [:]
        var touchedFolders: Set<String> = []
        /// The folders opened in this run, by path relative to the export folder ("" is the
        /// export folder itself): each is checked once per run (see `ExportFolder`).
        var folders: [String: ExportDirectory] = [:]
    }

    private let run = LockedValue(Run())

    /// Suffixes of temporary file names (a random prefix per stage, then a counter).
    let temporaryNames = TemporaryNames()

    /// At most this many folders stay open; past it the cache starts over (a path with a
    /// folder per document then checks each folder again instead of holding a descriptor each).
    static let openFolderLimit = 256

    /// The folder opened in this run at `relative` (relative to the export folder).
    func openFolder(_ relative: String) -> ExportDirectory? { run.withLock { $0.folders[relative] } }

    /// Keeps `directory` open for the rest of the run as the folder at `relative`; returns the
    /// one to use (the one kept first when two writers opened it at once).
    func keepOpen(_ directory: ExportDirectory, at relative: String) -> ExportDirectory {
        run.withLock { run in
            if let kept = run.folders[relative] { return kept }
            if run.folders.count >= Self.openFolderLimit {
                let root = run.folders[""]
                run.folders = [:]
                run.folders[""] = root
            }
            run.folders[relative] = directory
            return directory
        }
    }

    /// Remembers a folder a file was renamed into (flushed in `finish`).
    func touched(_ folder: String) { run.withLock { _ = $0.touchedFolders.insert(folder) } }

    /// Hands over the folders to flush.
    func takeTouchedFolders() -> [String] {
        run.withLock { run in
            defer { run.touchedFolders = [] }
            return run.touchedFolders.sorted()
        }
    }

    /// `true` the first time only.
    func firstReservedNote() -> Bool {
        run.withLock { run in
            defer { run.notedReserved = true }
            return !run.notedReserved
        }
    }

    /// Reserves `relative` for document `id`; throws when another document of this run has it.
    func claim(_ relative: String, by id: String, shown: String) throws {
        try run.withLock {
            if let other = $0.claims[relative] {
                throw StageError("'\(shown)' is also the path of document '\(other)' in this run; refusing to overwrite it (use {id} in the path to tell documents apart)")
            }
            $0.claims[relative] = id
        }
    }

    /// Gives up a claim after a failed write.
    func release(_ relative: String) { run.withLock { _ = $0.claims.removeValue(forKey: relative) } }

    /// The combined file's relative path, computed (and checked) once per run.
    /// (`compute` runs outside the lock, as it opens folders through this state; when two
    /// writers race, the first result kept is the one every writer gets.)
    func combinedTarget(_ compute: () throws -> String) throws -> String {
        if let known = run.withLock({ $0.combined }) { return try known.get() }
        let result = Result { try compute() }
        return try run.withLock {
            if $0.combined == nil { $0.combined = result }
            return try $0.combined!.get()
        }
    }

    /// The combined file's relative path when it was computed without error.
    var combinedRelative: String? { run.withLock { try? $0.combined?.get() } }

    /// Keeps a document for the combined file.
    func buffer(_ document: Document, sequence: Int) {
        run.withLock { $0.buffered.append((sequence, $0.buffered.count, document)) }
    }

    /// The buffered documents in input order.
    func bufferedInOrder() -> [Document] {
        run.withLock {
            $0.buffered.sorted { ($0.sequence, $0.arrival) < ($1.sequence, $1.arrival) }.map(\.document)
        }
    }

    /// The store already open for `relative`, if any.
    func openStore(_ relative: String) -> (any ExportStore)? { run.withLock { $0.stores[relative] } }

    /// The open store for `relative`, opened by `open` the first time.
    func store(_ relative: String, open: () throws -> any ExportStore) throws -> any ExportStore {
        try run.withLock {
            if let store = $0.stores[relative] { return store }
            let store = try open()
            $0.stores[relative] = store
            return store
        }
    }

    /// Hands over the open stores (to close them).
    func takeStores() -> [any ExportStore] {
        run.withLock { run in
            defer { run.stores = [:] }
            return Array(run.stores.values)
        }
    }

    /// Forgets the run: claims, buffer, combined target, notes, open folders (stores and
    /// touched folders were handed over by `finish` already).
    func reset() { run.withLock { $0 = Run() } }
}
