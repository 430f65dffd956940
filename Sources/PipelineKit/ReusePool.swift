#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Values a stage reuses from one document to the next (a workspace with its tables, a pass with
/// its buffers), so that documents in flight at the same time never share one and none is built
/// per document.
///
/// A value goes back to the thread that gave it back last, when that thread asks again: with
/// `--jobs 2` each worker thread keeps the value whose tables sit in its own core's cache (and, for
/// a vocabulary that learns across documents, the one that learned its documents' words). Without
/// that preference, a last-in-first-out stack handed each worker the value the other had just
/// used, every time: summarize took 1.20x the CPU with `--jobs 2` against 1.10x for the whole
/// brief, redact, which keeps nothing, 0.97x (`scripts/bench_jobs_scaling.sh`).
///
/// ```swift
/// let pool = ReusePool<Workspace>(keeping: 8)
/// var workspace = pool.take() ?? Workspace()
/// defer { pool.giveBack(workspace) }
/// ```
///
/// `take` and `giveBack` are inlinable, so a stage's module specialises them for its `Value`:
/// unspecialised, across the module boundary, each went through metadata accessors and
/// witness tables (`lastIndex(where:)`, the tuple's copies): ~2,300 instructions a `take` and
/// ~1,000 a `giveBack` per document in strip-salutations.
public final class ReusePool<Value> {
    /// The values kept, each with the thread that gave it back (a `pthread_t`, as an integer).
    @usableFromInline let kept: LockedValue<[(thread: UInt, value: Value)]>
    /// At most this many are kept (more documents in flight than this make and drop their own).
    public let capacity: Int

    /// A pool keeping at most `capacity` values.
    public init(keeping capacity: Int) {
        self.capacity = capacity
        kept = LockedValue([])
    }

    /// The value the calling thread gave back last, else the one given back last by any thread,
    /// else `nil` (the caller makes one).
    @inlinable
    public func take() -> Value? {
        let thread = Self.currentThread
        return kept.withLock { kept in
            guard !kept.isEmpty else { return nil }
            let index = kept.lastIndex(where: { $0.thread == thread }) ?? kept.count - 1
            return kept.remove(at: index).value
        }
    }

    /// Keeps `value` for a later `take`, unless `capacity` values are kept already.
    ///
    /// `value` is consumed and moved into the pool (through an optional the lock's closure takes
    /// it out of): borrowed, it was copied into the kept tuple (a retain of every reference it
    /// holds, ~730 instructions per document for summarize's workspace) and the caller's copy
    /// destroyed after (as many releases).
    @inlinable
    public func giveBack(_ value: consuming Value) {
        let thread = Self.currentThread
        var pending = Optional(consume value)
        kept.withLock { kept in
            // Taken out inside the tuple's expression: bound to a name first, it was copied.
            if kept.count < capacity { kept.append((thread, pending.take()!)) }
        }
    }

    /// How many values are kept (for tests).
    public var count: Int { kept.withLock { $0.count } }

    /// The calling thread's identity (also what the runner tags its spare output buffers with).
    @inlinable
    public static var currentThread: UInt {
        #if canImport(Darwin)
        UInt(bitPattern: pthread_self())
        #else
        UInt(pthread_self())
        #endif
    }
}

// The values are only reached under the lock, so the pool may cross tasks when they may.
extension ReusePool: Sendable where Value: Sendable {}
