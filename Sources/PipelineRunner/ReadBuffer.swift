import PipelineKit

/// A `LineReader` buffer while batches of lines use it: the batches share it (no copy per
/// line), and when the last of them lets go, the bytes go back to the reader's `ReadBufferPool`
/// for its next `read` instead of to the allocator.
///
/// Why: a buffer of a megabyte or so freed and allocated anew per few batches came back as fresh
/// pages (glibc maps large blocks, and which thread's arena gets them changes), so every read
/// into it took a page fault per 4 KiB; reused, the pages stay mapped.
final class ReadBuffer: Sendable {
    /// The bytes that the batches' line spans index.
    let bytes: [UInt8]
    private let pool: ReadBufferPool

    init(_ bytes: [UInt8], pool: ReadBufferPool) {
        self.bytes = bytes
        self.pool = pool
    }

    deinit { pool.giveBack(bytes) }
}

/// The buffer that came back from the batches last (one is enough: a reader fills one at a
/// time), taken by the reader when it starts a fresh buffer.
final class ReadBufferPool: Sendable {
    private let spare = LockedValue<[UInt8]?>(nil)

    init() {}

    /// Keeps `bytes` for the reader's next fresh buffer (the first one back is kept).
    func giveBack(_ bytes: [UInt8]) {
        spare.withLock { if $0 == nil { $0 = bytes } }
    }

    /// The spare buffer, when one came back and holds at least `size` bytes.
    func take(size: Int) -> [UInt8]? {
        spare.withLock { spare in
            guard let bytes = spare, bytes.count >= size else { return nil }
            spare = nil
            return bytes
        }
    }
}
