import CAtomicWord

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
/// full, and the value of a thread that ends, go to a list shared by all threads, under a lock; a
/// thread whose slot is empty takes the one put there last, else a value idle in another
/// thread's slot, so that no more values are made than are ever in use at once (a value prepared
/// on a thread that runs no document, such as a stage's warm-up, is found there too).
///
/// That last step matters because a task does not stay on one thread: with `--jobs 1` the one
/// worker runs on either of the concurrency pool's threads, and without it each thread it ran on
/// made a value of its own (two summarize workspaces, each learning the vocabulary of every
/// document again: twice the spellings normalized and stemmed, round 15 in
/// docs/performance-log.md); on a machine with more cores, one per core. A slot's value is taken
/// and put with one compare-and-exchange of the slot's state, so that another thread can take
/// it while its own thread is away.
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
/// witness tables for every operation on the value: ~2,300 instructions a `take` and ~1,000 a
/// `giveBack` per document in strip-salutations (when the shared list was searched per take).
public final class ReusePool<Value> {
    /// The values that found their thread's slot full, and those of threads that ended. (No
    /// thread gives back a second value while its slot holds one in the stages' use, a value
    /// taken and given back within one document, so which thread put a value here is not kept.)
    @usableFromInline let kept: LockedValue<[Value]>
    /// At most this many are kept in the shared list (besides one in each thread's slot; more
    /// documents in flight than that make and drop their own).
    public let capacity: Int
    /// The key of the threads' slots; `nil` when the process has no key left (then every value
    /// goes through the shared list).
    @usableFromInline let slotKey: pthread_key_t?
    /// The slots of the threads that use the pool (a thread's leaves when it ends), to destroy
    /// their values with the pool and to find an idle value in. When both locks are held, this
    /// one is taken first (`takeElsewhere`, `ThreadSlot.threadEnded`), then `kept`'s.
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

    /// The value in the calling thread's slot, else the one put last in the shared list, else a
    /// value idle in another thread's slot, else `nil` (the caller makes one).
    @inlinable
    public func take() -> Value? {
        let slot = currentSlot()
        if let slot, let value = slot.takeValue() { return value }
        return takeElsewhere(besides: slot)
    }

    /// The value put last in the shared list.
    @inlinable
    func takeShared() -> Value? {
        kept.withLock { $0.popLast() }
    }

    /// The value put last in the shared list, else a value idle in the slot of a thread other
    /// than the caller's (`own`), taken out of it.
    ///
    /// Both under the lock of the list of slots: a thread that ends leaves the list and moves its
    /// slot's value to the shared list in one step under that lock (`ThreadSlot.threadEnded`),
    /// so the value is found in one place or the other, never between them, with one look at
    /// each.
    @usableFromInline
    func takeElsewhere(besides own: ThreadSlot<Value>?) -> Value? {
        slots.withLock { slots in
            if let value = takeShared() { return value }
            for slot in slots where slot !== own {
                if let value = slot.takeValue() { return value }
            }
            return nil
        }
    }

    /// Keeps `value` for a later `take`: in the calling thread's slot when it is empty, else in
    /// the shared list unless `capacity` values are kept there already.
    ///
    /// `value` is consumed and moved into the pool (through an optional the lock's closure takes
    /// it out of): borrowed, it was copied into the shared list (a retain of every reference it
    /// holds, ~730 instructions per document for summarize's workspace) and the caller's copy
    /// destroyed after (as many releases).
    @inlinable
    public func giveBack(_ value: consuming Value) {
        var pending = Optional(consume value)
        if let slot = currentSlot(), slot.putValue(&pending) { return }
        keepShared(&pending)
    }

    /// Moves the value out of `pending` into the shared list, unless `capacity` values are kept
    /// there already.
    @inlinable
    func keepShared(_ pending: inout Value?) {
        kept.withLock { kept in
            // Taken out inside the append: bound to a name first, it was copied.
            if kept.count < capacity { kept.append(pending.take()!) }
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
        let own = currentSlot()?.isFull == true ? 1 : 0
        return kept.withLock { $0.count } + own
    }
}

// The shared list is reached under its lock and a slot's value only by the thread that won the
// slot's state (see `ThreadSlot`), so the pool may cross tasks when its values may.
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

/// One thread's slot in a ``ReusePool``: its value, and the state that says who may touch it
/// (no lock). Its thread puts a value in and takes it out (`take`, `giveBack`); another thread
/// may take it out when it finds nothing else (`ReusePool.takeElsewhere`). Each first moves the state
/// from vacant to claimed (to put) or from holding to claimed (to take) with one
/// compare-and-exchange, so only one of them reaches the value at a time, and sets it to holding
/// or vacant after. The thread's end (`threadEnded`) takes the value under the lock of the pool's
/// list of slots, which another thread holds while it takes from slots; the pool's deinit runs
/// only when nothing holds the pool.
@usableFromInline
final class ThreadSlot<Value>: ThreadSlotBase, @unchecked Sendable {  // see above
    /// Reached only by the thread that moved `state` to claimed.
    @usableFromInline var value: Value?
    /// ``vacant``, ``holding`` (a value) or ``claimed`` (a thread is putting or taking it): a
    /// word of its own, for the atomic operations, alone in a block of ``stateBlock`` bytes.
    @usableFromInline let state: UnsafeMutablePointer<Int>

    /// The size and alignment of the block `state` has to itself: two cache lines (the
    /// adjacent-line prefetcher pairs them), so that one worker's compare-and-exchange never
    /// takes the line of another thread's state away from its core. (Allocated as plain words,
    /// next to each other, the states cost the brief 4% more wall time with `--jobs 2` and 1-2%
    /// more CPU with `--jobs 1`; padded, neither moved: round 15 in docs/performance-log.md.)
    static var stateBlock: Int { 128 }

    @usableFromInline static var vacant: Int { 0 }
    @usableFromInline static var holding: Int { 1 }
    @usableFromInline static var claimed: Int { 2 }

    /// The pool, for the value of a thread that ends (`nil` once the pool is going).
    private weak var pool: ReusePool<Value>?

    @usableFromInline init(pool: ReusePool<Value>) {
        self.pool = pool
        state = UnsafeMutableRawPointer.allocate(byteCount: Self.stateBlock, alignment: Self.stateBlock)
            .bindMemory(to: Int.self, capacity: 1)
        state.initialize(to: Self.vacant)
        super.init(poolSerial: pool.serial)
    }

    deinit { state.deallocate() }

    /// The value, taken out; `nil` when the slot is empty or another thread is at it.
    @inlinable
    func takeValue() -> Value? {
        guard pipeline_atomic_word_exchange_if(state, Self.holding, Self.claimed) else { return nil }
        let taken = value.take()
        pipeline_atomic_word_store(state, Self.vacant)
        return taken
    }

    /// Moves the value out of `pending` into the slot, unless the slot is full or another thread
    /// is at it (then says so and leaves `pending` as it is).
    @inlinable
    func putValue(_ pending: inout Value?) -> Bool {
        guard pipeline_atomic_word_exchange_if(state, Self.vacant, Self.claimed) else { return false }
        value = pending.take()
        pipeline_atomic_word_store(state, Self.holding)
        return true
    }

    /// Whether the slot holds a value (for `count`).
    @usableFromInline var isFull: Bool { pipeline_atomic_word_load(state) == Self.holding }

    override func empty() {
        value = nil
        pipeline_atomic_word_store(state, Self.vacant)
    }

    /// Moves the value to the pool's shared list (any thread's: the thread is ending) and leaves
    /// the pool's list of slots, or destroys the value when the pool is going.
    override func threadEnded() {
        // Held from here on, the pool cannot go meanwhile; once it is going, its deinit empties
        // the slot instead.
        guard let pool else { return }
        // Off the list and the value into the shared list in one step (see `takeElsewhere`).
        pool.slots.withLock { slots in
            slots.removeAll { $0 === self }
            var pending = takeValue()
            if pending != nil { pool.keepShared(&pending) }
        }
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
