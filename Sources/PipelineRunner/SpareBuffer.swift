import PipelineKit

/// A `LineReader` buffer while batches of lines use it: the batches share it (no copy per
/// line), and when the last of them lets go, the bytes go back to the reader's `SpareBuffer`
/// for its next `read` instead of to the allocator.
///
/// Why: a buffer of a megabyte or so freed and allocated anew per few batches came back as fresh
/// pages (glibc maps large blocks, and which thread's arena gets them changes), so every read
/// into it took a page fault per 4 KiB; reused, the pages stay mapped. The same holds for a
/// batch's encoded output (~256 KiB), which the runner hands back once written.
final class ReadBuffer: Sendable {
    /// The bytes that the batches' line spans index.
    let bytes: [UInt8]
    private let pool: SpareBuffer

    init(_ bytes: [UInt8], pool: SpareBuffer) {
        self.bytes = bytes
        self.pool = pool
    }

    deinit { pool.giveBack(bytes) }
}

/// One byte buffer kept for reuse (one is enough: a reader fills one buffer at a time, the
/// runner writes one batch's output at a time): a read buffer that came back from the batches,
/// taken by the reader when it starts a fresh one, or a batch's output once written, taken by
/// the next batch's worker.
final class SpareBuffer: Sendable {
    private let spare = LockedValue<[UInt8]?>(nil)

    init() {}

    /// Keeps `bytes` for the next `take` when it is bigger than the one kept (if any), so a
    /// small buffer never holds the place of the big ones that follow.
    func giveBack(_ bytes: [UInt8]) {
        guard bytes.capacity > 0 else { return }
        spare.withLock { spare in
            if spare.map({ $0.capacity < bytes.capacity }) ?? true { spare = bytes }
        }
    }

    /// The spare buffer, when one came back and holds at least `size` bytes (`count`, or
    /// `capacity` when `emptied`: then it comes back empty, its capacity kept).
    func take(size: Int, emptied: Bool = false) -> [UInt8]? {
        let taken: [UInt8]? = spare.withLock { spare in
            guard let bytes = spare, (emptied ? bytes.capacity : bytes.count) >= size else { return nil }
            spare = nil
            return bytes
        }
        guard emptied, var bytes = taken else { return taken }
        // Outside the lock: a holder that has not let go yet makes this a fresh allocation.
        bytes.removeAll(keepingCapacity: true)
        return bytes
    }
}
