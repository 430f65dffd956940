import CSQLite
import Foundation
import PipelineKit

/// One SQLite database the export stage writes to: a table with one row per document,
/// upserted by `id`, with the chosen columns.
///
/// Rows are written in transactions of up to `batchSize` documents (or one second), and the
/// last transaction is committed in `close()` (the stage's `finish`). SQLite's journal makes
/// every commit all-or-nothing, so a crash leaves the database as it was after the last
/// commit, never half-written. A document id seen twice in one run is an error, so two inputs
/// with the same id cannot silently overwrite each other; across runs the row is updated.
///
/// An actor: concurrent documents write one at a time, without a hand-written lock.
actor SQLiteStore: ExportStore {
    /// Rows per transaction.
    static let batchSize = 512

    /// The database handle and the prepared upsert, closed when the store goes away.
    private let connection: Connection
    private var db: OpaquePointer? {
        get { connection.db }
        set { connection.db = newValue }
    }
    private var insert: OpaquePointer? {
        get { connection.insert }
        set { connection.insert = newValue }
    }

    /// Owns the SQLite handles; only the actor reaches it.
    private final class Connection {
        var db: OpaquePointer?
        var insert: OpaquePointer?
        init(db: OpaquePointer, insert: OpaquePointer?) {
            self.db = db
            self.insert = insert
        }
        deinit {
            // Not committed: roll back (a run that never finished must not leave half a batch).
            sqlite3_finalize(insert)
            sqlite3_close(db)
        }
    }

    private var pending = 0
    private var lastCommit = ContinuousClock.now
    private var seen: Set<String> = []
    /// Ids of the rows in the open transaction: lost together if its commit fails.
    private var batchIDs: [String] = []

    let shown: String
    let columns: [ExportColumn]

    /// Opens (creating when missing) the database at `path` and makes sure `table` exists with
    /// every column (adding missing ones to an existing table).
    init(path: String, shown: String, table: String, columns: [ExportColumn]) throws {
        self.shown = shown
        self.columns = columns
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw StageError("cannot open database '\(shown)': \(message)")
        }
        do {
            sqlite3_busy_timeout(handle, 10_000)
            let quotedTable = Self.quote(table)
            let defs = columns.map { $0.name == "id" ? "\"id\" TEXT PRIMARY KEY NOT NULL" : Self.quote($0.name) }
            try Self.exec(handle, "CREATE TABLE IF NOT EXISTS \(quotedTable) (\(defs.joined(separator: ", ")))", shown: shown)
            let existing = try Self.tableColumns(handle, table, shown: shown)
            for column in columns where !existing.contains(column.name) {
                try Self.exec(handle, "ALTER TABLE \(quotedTable) ADD COLUMN \(Self.quote(column.name))", shown: shown)
            }
            let names = columns.map { Self.quote($0.name) }
            let updates = columns.filter { $0.name != "id" }.map { "\(Self.quote($0.name)) = excluded.\(Self.quote($0.name))" }
            let sql = "INSERT INTO \(quotedTable) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", "))) "
                + "ON CONFLICT(\"id\") DO " + (updates.isEmpty ? "NOTHING" : "UPDATE SET " + updates.joined(separator: ", "))
            var stmt: OpaquePointer?
            guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK else {
                throw Self.failure(handle, "prepare the upsert", shown: shown)
            }
            connection = Connection(db: handle, insert: stmt)
        } catch {
            sqlite3_close(handle)
            throw error
        }
    }

    /// Inserts or updates the row of `document`.
    func write(_ document: Document) throws {
        guard db != nil, let insert else { throw StageError("database '\(shown)' is closed") }
        guard seen.insert(document.id).inserted else {
            throw StageError("document id '\(document.id)' was already exported to '\(shown)' in this run; refusing to overwrite its row")
        }
        if pending == 0 { try exec("BEGIN IMMEDIATE") }
        sqlite3_reset(insert)
        sqlite3_clear_bindings(insert)
        for (i, column) in columns.enumerated() {
            let index = Int32(i + 1)
            switch column.value(of: document) {
            case nil, .null?: sqlite3_bind_null(insert, index)
            case .bool(let bool)?: sqlite3_bind_int64(insert, index, bool ? 1 : 0)
            case .int(let integer)?: sqlite3_bind_int64(insert, index, Int64(integer))
            case .double(let double)?: sqlite3_bind_double(insert, index, double)
            case .string(let string)?: Self.bindText(insert, index, string)
            case let value?: Self.bindText(insert, index, JSONWriter.string(value))
            }
        }
        guard sqlite3_step(insert) == SQLITE_DONE else {
            let error = failure("write the row of '\(document.id)'")
            seen.remove(document.id)
            if sqlite3_get_autocommit(db) != 0 {
                // SQLite rolled back the whole transaction (a full disk does): the batch's
                // earlier rows are gone too, and later rows must open a new transaction.
                let lost = batchIDs
                for id in lost { seen.remove(id) }
                pending = 0
                batchIDs = []
                throw ExportBatchLost(ids: lost + [document.id], message: "\(error.message); the transaction was rolled back with \(lost.count) earlier rows")
            }
            throw error
        }
        pending += 1
        batchIDs.append(document.id)
        if pending >= Self.batchSize || ContinuousClock.now - lastCommit > .seconds(1) { try commit() }
    }

    /// Commits the open transaction and closes the database.
    func close() throws {
        guard db != nil else { return }
        try commit()
        sqlite3_finalize(insert)
        insert = nil
        let rc = sqlite3_close(db)
        db = nil
        if rc != SQLITE_OK { throw StageError("cannot close database '\(shown)' (code \(rc))") }
    }

    /// Commits the open transaction; on failure rolls it back and throws `ExportBatchLost`.
    private func commit() throws {
        guard pending > 0 else { return }
        defer {
            pending = 0
            batchIDs = []
            lastCommit = .now
        }
        do {
            try exec("COMMIT")
        } catch {
            // SQLite may already have rolled back (a full disk usually does); make sure.
            sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            for id in batchIDs { seen.remove(id) }
            throw ExportBatchLost(ids: batchIDs, message: "\(error); the last \(batchIDs.count) rows were rolled back")
        }
    }

    private func exec(_ sql: String) throws { try Self.exec(db, sql, shown: shown) }

    private func failure(_ what: String) -> StageError { Self.failure(db, what, shown: shown) }

    private static func exec(_ db: OpaquePointer?, _ sql: String, shown: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw StageError("database '\(shown)': \(text)")
        }
    }

    private static func failure(_ db: OpaquePointer?, _ what: String, shown: String) -> StageError {
        StageError("database '\(shown)': cannot \(what): \(db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")")
    }

    private static func tableColumns(_ db: OpaquePointer?, _ table: String, shown: String) throws -> Set<String> {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, "PRAGMA table_info(\(quote(table)))", -1, &stmt, nil) == SQLITE_OK else {
            throw failure(db, "read the table's columns", shown: shown)
        }
        defer { sqlite3_finalize(stmt) }
        var names: Set<String> = []
        while sqlite3_step(stmt) == SQLITE_ROW {
            if let text = sqlite3_column_text(stmt, 1) { names.insert(String(cString: text)) }
        }
        return names
    }

    /// An SQL identifier in double quotes.
    static func quote(_ name: String) -> String { "\"" + name.replacingEvery("\"", with: "\"\"") + "\"" }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bindText(_ stmt: OpaquePointer, _ index: Int32, _ text: String) {
        var copy = text
        copy.withUTF8 { buf in
            guard buf.count > 0 else { _ = sqlite3_bind_text(stmt, index, "", 0, transient); return }
            _ = sqlite3_bind_text(stmt, index, UnsafeRawPointer(buf.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(buf.count), transient)
        }
    }
}
