import PipelineKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `LineReader` buffer while batches of lines use it: the batches share it (no copy per
/// line), and when the last of them lets go, the bytes go back to the reader's `SpareBuffer`
/// for its next `read` instead of to the allocator.
///
/// Why: a buffer of a megabyte or so freed and allocated anew per few batches came back as fresh
/// pages (glibc maps large blocks, and which thread's arena gets them changes), so every read
/// into it took a page fault per 4 KiB; reused, the pages stay mapped. The same holds for a
/// batch's encoded output (up to ~1.1 MiB), which the runner hands back once written.
///
/// Or the bytes of a mapped input file (``MappedInput``), which the batches keep mapped.
final class ReadBuffer: Sendable {
    private enum Storage {
        case array([UInt8], SpareBuffer)
        /// The mapping, kept for as long as a batch reads `mappedBytes`.
        case mapped(MappedInput)
    }
    private let storage: Storage
    /// The mapped bytes (`nil` for an array): valid while `storage` keeps the mapping. Read
    /// without a look at `storage`, whose payload a `switch` retains and releases: the batches
    /// of both `--jobs 2` workers are cut from one mapped window, so that count changed hands
    /// between the cores twice per document (`scripts/shared_refcounts.sh`).
    /// (Immutable memory: shared by the batches on any thread.)
    nonisolated(unsafe) private let mappedBytes: UnsafeBufferPointer<UInt8>?

    /// The reader's buffer `bytes`, back to `pool` when the batches let go.
    init(_ bytes: [UInt8], pool: SpareBuffer) {
        storage = .array(bytes, pool)
        mappedBytes = nil
    }

    /// The bytes of `input`, kept mapped while the batches hold them.
    init(mapped input: MappedInput) {
        storage = .mapped(input)
        mappedBytes = input.bytes
    }

    /// Calls `body` with the bytes that the batches' line spans index.
    @inline(__always)
    func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        if let mappedBytes { return try body(mappedBytes) }
        // Not mapped: the reader's array (`.mapped` only keeps the mapping alive).
        guard case .array(let bytes, _) = storage else { preconditionFailure("a mapped ReadBuffer reads through mappedBytes") }
        return try bytes.withUnsafeBufferPointer(body)
    }

    deinit {
        if case .array(let bytes, let pool) = storage { pool.giveBack(bytes) }
    }
}

/// Byte buffers kept for reuse: a read buffer that came back from the batches, taken by the
/// reader when it starts a fresh one (one is enough: a reader fills one buffer at a time), or a
/// batch's output once written, taken by the next batch's worker.
///
/// Each buffer remembers the thread that wrote it last, and a worker gets back its own when one
/// fits: with one slot for all, each `--jobs 2` worker encoded into the buffer the other had
/// just filled, and its lines came over from the other core's cache. Per-thread buffers took the
/// no-op pipeline's `--jobs 2` CPU from 0.065 to 0.061-0.062 s and its wall time 0.95-0.97x (31
/// alternating rounds, twice), the brief's `--jobs 2` wall 0.98-1.00x; `--jobs 1` unchanged
/// (docs/performance-log.md, Round 11).
final class SpareBuffer: Sendable {
    private let spares: LockedValue<[(thread: UInt, bytes: [UInt8])]>
    private let keeping: Int

    /// Keeps at most `keeping` buffers (one for the reader; one per worker and a spare for the
    /// output, so that each worker gets back a buffer it wrote itself).
    init(keeping: Int = 1) {
        self.keeping = max(1, keeping)
        spares = LockedValue([])
    }

    /// Keeps `bytes`, last written by `thread`, for a later `take`: in a free slot, else in place
    /// of the smallest kept one when it is bigger, so a small buffer never holds the place of the
    /// big ones that follow.
    func giveBack(_ bytes: [UInt8], thread: UInt = 0) {
        guard bytes.capacity > 0 else { return }
        spares.withLock { spares in
            if spares.count < keeping {
                spares.append((thread, bytes))
            } else if let smallest = spares.indices.min(by: { spares[$0].bytes.capacity < spares[$1].bytes.capacity }),
                      spares[smallest].bytes.capacity < bytes.capacity {
                spares[smallest] = (thread, bytes)
            }
        }
    }

    /// The calling thread's identity (its `pthread_t`, as an integer).
    static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }

    /// A spare buffer that holds at least `size` bytes (`count`, or `capacity` when `emptied`:
    /// then it comes back empty, its capacity kept), the one `thread` gave back last if it fits.
    func take(size: Int, emptied: Bool = false, thread: UInt = 0) -> [UInt8]? {
        let taken: [UInt8]? = spares.withLock { spares in
            // The last that fits, unless one of `thread`'s fits (no array made under the lock).
            var chosen: Int?
            for index in spares.indices.reversed() where (emptied ? spares[index].bytes.capacity : spares[index].bytes.count) >= size {
                if spares[index].thread == thread { chosen = index; break }
                if chosen == nil { chosen = index }
            }
            return chosen.map { spares.remove(at: $0).bytes }
        }
        guard emptied, var bytes = taken else { return taken }
        // Outside the lock: a holder that has not let go yet makes this a fresh allocation.
        bytes.removeAll(keepingCapacity: true)
        return bytes
    }
}
