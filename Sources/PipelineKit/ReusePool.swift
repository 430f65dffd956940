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
/// Each thread has a slot of its own in the pool (thread-specific data): a value given back goes
/// into the calling thread's slot when it is empty, and `take` looks there first. So with
/// `--jobs 2` each worker thread keeps the value whose tables sit in its own core's cache (and,
/// for a vocabulary that learns across documents, the one that learned its documents' words),
/// and taking and giving back write no memory the other worker writes. Values that find the slot
/// full go to a list shared by all threads, under a lock; a thread whose slot is empty takes the
/// one given back there last by itself, else by any thread.
///
/// Without a preference for the thread, a last-in-first-out stack handed each worker the value
/// the other had just used, every time: summarize took 1.20x the CPU with `--jobs 2` against
/// 1.10x for the whole brief (`scripts/bench_jobs_scaling.sh`). With the shared list alone
/// (searched for the thread's own value under one lock), the brief's `--jobs 2` took 1.01-1.06x
/// the CPU of `--jobs 1`; with a slot per thread, 0.99-1.04x in the same rounds
/// (docs/performance-log.md, Round 14).
///
/// ```swift
/// let pool = ReusePool<Workspace>(keeping: 8)
/// var workspace = pool.take() ?? Workspace()
/// defer { pool.giveBack(workspace) }
/// ```
///
/// When a thread ends, its slot's value moves to the shared list (thread-specific data's
/// destructor); when the pool goes, it destroys the values of every slot. (Each thread that used
/// the pool then keeps an empty slot object, a few dozen bytes, until it ends.)
///
/// `take` and `giveBack` are inlinable, so a stage's module specialises them for its `Value`:
/// unspecialised, across the module boundary, each went through metadata accessors and
/// witness tables (`lastIndex(where:)`, the tuple's copies): ~2,300 instructions a `take` and
/// ~1,000 a `giveBack` per document in strip-salutations.
public final class ReusePool<Value> {
    /// The values that found their thread's slot full, each with the thread that gave it back
    /// (a `pthread_t`, as an integer).
    @usableFromInline let kept: LockedValue<[(thread: UInt, value: Value)]>
    /// At most this many are kept in the shared list (besides one in each thread's slot; more
    /// documents in flight than that make and drop their own).
    public let capacity: Int
    /// The key of the threads' slots; `nil` when the process has no key left (then every value
    /// goes through the shared list).
    @usableFromInline let slotKey: pthread_key_t?
    /// The slots of the threads that use the pool (a thread's leaves when it ends), to destroy
    /// their values with the pool.
    @usableFromInline let slots = LockedValue<[ThreadSlot<Value>]>([])
    /// This pool's number among all pools made, which its slots carry (see `currentSlot`).
    @usableFromInline let serial: UInt64

    /// A pool keeping at most `capacity` values in its shared list.
    public init(keeping capacity: Int) {
        self.capacity = capacity
        kept = LockedValue([])
        serial = poolSerials.withLock { $0 &+= 1; return $0 }
        var key = pthread_key_t()
        slotKey = pthread_key_create(&key, releaseThreadSlot) == 0 ? key : nil
    }

    deinit {
        // No thread is in `take` or `giveBack` (each holds the pool): the values go now. Threads
        // still running keep their empty slot objects (their thread-specific reference to them
        // is no longer reachable once the key is deleted, and no destructor runs for it).
        if let slotKey { pthread_key_delete(slotKey) }
        for slot in slots.withLock({ $0 }) { slot.empty() }
    }

    /// The value in the calling thread's slot, else the value the calling thread gave back last
    /// to the shared list, else the one given back there last by any thread, else `nil` (the
    /// caller makes one).
    @inlinable
    public func take() -> Value? {
        if let slot = currentSlot(), let value = slot.value.take() { return value }
        let thread = Self.currentThread
        return kept.withLock { kept in
            guard !kept.isEmpty else { return nil }
            let index = kept.lastIndex(where: { $0.thread == thread }) ?? kept.count - 1
            return kept.remove(at: index).value
        }
    }

    /// Keeps `value` for a later `take`: in the calling thread's slot when it is empty, else in
    /// the shared list unless `capacity` values are kept there already.
    ///
    /// `value` is consumed and moved into the pool (through an optional the lock's closure takes
    /// it out of): borrowed, it was copied into the kept tuple (a retain of every reference it
    /// holds, ~730 instructions per document for summarize's workspace) and the caller's copy
    /// destroyed after (as many releases).
    @inlinable
    public func giveBack(_ value: consuming Value) {
        var pending = Optional(consume value)
        if let slot = currentSlot(), slot.value == nil {
            slot.value = pending.take()
            return
        }
        keepShared(&pending, thread: Self.currentThread)
    }

    /// Keeps `value` in the shared list for whichever thread asks first (a value prepared ahead
    /// of the work, on a thread that may never take it), unless `capacity` values are kept there.
    public func share(_ value: consuming Value) {
        var pending = Optional(consume value)
        keepShared(&pending, thread: 0)
    }

    /// Moves the value out of `pending` into the shared list, tagged with `thread`, unless
    /// `capacity` values are kept there already.
    @inlinable
    func keepShared(_ pending: inout Value?, thread: UInt) {
        kept.withLock { kept in
            // Taken out inside the tuple's expression: bound to a name first, it was copied.
            if kept.count < capacity { kept.append((thread, pending.take()!)) }
        }
    }

    /// The calling thread's slot, made on its first use; `nil` without a key.
    @usableFromInline
    func currentSlot() -> ThreadSlot<Value>? {
        guard let slotKey else { return nil }
        // A slot of this pool's: a key deleted with its pool may be made again for another, and
        // where the threads' values are not cleared then (glibc hides them, musl clears them),
        // the old pool's slot would answer (the thread's reference keeps it alive).
        if let raw = pthread_getspecific(slotKey) {
            let found = Unmanaged<ThreadSlotBase>.fromOpaque(raw).takeUnretainedValue()
            if found.poolSerial == serial { return unsafeDowncast(found, to: ThreadSlot<Value>.self) }
        }
        let slot = ThreadSlot<Value>(pool: self)
        // The thread's reference, given up when the thread ends (`releaseThreadSlot`).
        guard pthread_setspecific(slotKey, Unmanaged.passRetained(slot as ThreadSlotBase).toOpaque()) == 0 else {
            Unmanaged.passUnretained(slot as ThreadSlotBase).release()
            return nil
        }
        slots.withLock { $0.append(slot) }
        return slot
    }

    /// How many values are kept: in the shared list and in the calling thread's slot (for tests).
    public var count: Int {
        let own = currentSlot()?.value == nil ? 0 : 1
        return kept.withLock { $0.count } + own
    }

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

// The shared list is reached under its lock and a slot only by its thread (or by the pool's
// deinit and the thread's end, which never overlap with that thread's use or with each other:
// see `ThreadSlot`), so the pool may cross tasks when its values may.
extension ReusePool: Sendable where Value: Sendable {}

/// What a thread's slot is to the destructor of thread-specific data, which cannot name `Value`.
@usableFromInline
class ThreadSlotBase: @unchecked Sendable {
    /// The `serial` of the pool the slot belongs to.
    @usableFromInline let poolSerial: UInt64

    @usableFromInline init(poolSerial: UInt64) {
        self.poolSerial = poolSerial
    }

    /// Destroys the value held, if any.
    func empty() {}
    /// Hands the value on when the slot's thread ends.
    func threadEnded() {}
}

/// One thread's slot in a ``ReusePool``: its value, with no lock. Three places reach it, never
/// at once: its thread, in `take` and `giveBack`, which hold the pool; `threadEnded`, on the same
/// thread, only once it holds the pool too (a weak reference that fails once the pool is going);
/// and the pool's deinit, which runs only when nothing holds the pool any more.
@usableFromInline
final class ThreadSlot<Value>: ThreadSlotBase, @unchecked Sendable {  // see above
    @usableFromInline var value: Value?

    /// The pool, for the value of a thread that ends (`nil` once the pool is going).
    private weak var pool: ReusePool<Value>?

    @usableFromInline init(pool: ReusePool<Value>) {
        self.pool = pool
        super.init(poolSerial: pool.serial)
    }

    override func empty() { value = nil }

    /// Moves the value to the pool's shared list (any thread's: the thread is ending) and leaves
    /// the pool's list of slots, or destroys the value when the pool is going.
    override func threadEnded() {
        // Held from here on, the pool cannot go meanwhile; once it is going, its deinit empties
        // the slot instead.
        guard let pool else { return }
        var pending = value.take()
        if pending != nil { pool.keepShared(&pending, thread: 0) }
        pool.slots.withLock { $0.removeAll { $0 === self } }
    }
}

/// The last number given to a pool (``ReusePool/serial``).
@usableFromInline let poolSerials = LockedValue<UInt64>(0)

/// The destructor of a pool's thread-specific data, run when a thread that used the pool ends:
/// hands the value in the thread's slot to the pool's shared list and gives up the thread's
/// reference to the slot.
#if canImport(Darwin)
private func releaseThreadSlot(_ raw: UnsafeMutableRawPointer) {
    Unmanaged<ThreadSlotBase>.fromOpaque(raw).takeRetainedValue().threadEnded()
}
#else
private func releaseThreadSlot(_ raw: UnsafeMutableRawPointer?) {
    guard let raw else { return }
    Unmanaged<ThreadSlotBase>.fromOpaque(raw).takeRetainedValue().threadEnded()
}
#endif
