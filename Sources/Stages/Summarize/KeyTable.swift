/// An open-addressing table from 64-bit keys to `Int32` values for one document at a time,
/// reused across documents: `reset()` empties only the slots the last document filled, so a
/// document pays neither an allocation nor a full clear. Linear probing, power-of-two
/// capacity, at most half full (it grows when a document needs more).
///
/// Storage is raw memory owned by a ``KeyTable/Storage`` object, so a probe is a multiply, a load
/// and a compare, with no array bounds, uniqueness or exclusivity checks. The table is a value
/// all the same: it copies its storage before writing when the storage is shared.
struct KeyTable: Sendable {
    /// The memory of a table (freed with it). Written only through a `KeyTable` that holds the
    /// only reference (copy on write), so tables on different threads never write shared memory.
    final class Storage: @unchecked Sendable {
        let keys: UnsafeMutablePointer<UInt64>
        let values: UnsafeMutablePointer<Int32>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: 0, count: capacity)
            values = .allocate(capacity: capacity)
            values.initialize(repeating: 0, count: capacity)
        }

        /// A copy of the first `capacity` slots.
        func copy() -> Storage {
            let fresh = Storage(capacity: capacity)
            fresh.keys.update(from: keys, count: capacity)
            fresh.values.update(from: values, count: capacity)
            return fresh
        }

        deinit {
            keys.deallocate()
            values.deallocate()
        }
    }

    private(set) var storage: Storage {
        didSet { memory = Memory(storage) }
    }
    /// The storage's pointers and mask, read in probes without touching the object (no retain).
    private var memory: Memory

    /// Pointers into `storage`, which travels with them (see `Storage`).
    private struct Memory: @unchecked Sendable {
        let keys: UnsafeMutablePointer<UInt64>
        let values: UnsafeMutablePointer<Int32>
        let mask: Int
        init(_ s: Storage) { keys = s.keys; values = s.values; mask = s.capacity - 1 }
    }
    /// Slots filled since the last reset (to empty them, and to rehash on growth).
    private(set) var filled: [Int32] = []

    init(capacity: Int = 1024) {
        var c = 16
        while c < capacity { c <<= 1 }
        let fresh = Storage(capacity: c)
        storage = fresh
        memory = Memory(fresh)
    }

    /// Empties the table, and makes sure it can take `expected` keys without growing.
    mutating func reset(expecting expected: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let keys = storage.keys
        for slot in filled { keys[Int(slot)] = 0 }
        filled.removeAll(keepingCapacity: true)
        if expected * 2 > storage.capacity { grow(to: expected * 2) }
    }

    /// The number of keys stored.
    var count: Int { filled.count }

    /// The slot of `key` (stored as 1 when 0: 0 marks an empty slot).
    @inline(__always)
    static func home(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: ((key ^ (key >> 29)) &* 0x9E3779B97F4A7C15) >> 32) & mask
    }

    /// The slot holding stored key `k` (`found`), or the empty slot where it would go.
    @inline(__always)
    private func probe(_ k: UInt64) -> (slot: Int, found: Bool) {
        let m = memory
        var slot = Self.home(k, mask: m.mask)
        while true {
            let e = m.keys[slot]
            if e == k { return (slot, true) }
            if e == 0 { return (slot, false) }
            slot = (slot + 1) & m.mask
        }
    }

    /// The value of `key`, or `nil`.
    @inline(__always)
    func value(_ key: UInt64) -> Int32? {
        let (slot, found) = probe(key == 0 ? 1 : key)
        return found ? memory.values[slot] : nil
    }

    /// The value of `key`, or `insert()` stored under it when it is new.
    @inline(__always)
    mutating func value(_ key: UInt64, orInsert insert: () -> Int32) -> Int32 {
        let k = key == 0 ? 1 : key
        let probed = probe(k)
        if probed.found { return memory.values[probed.slot] }
        var slot = probed.slot
        var keys = memory.keys, mask = memory.mask
        let value = insert()
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
            keys = storage.keys
        }
        if (filled.count + 1) * 2 > storage.capacity {
            grow(to: storage.capacity * 2)
            keys = storage.keys
            mask = storage.capacity - 1
            slot = Self.home(k, mask: mask)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
        }
        keys[slot] = k
        memory.values[slot] = value
        filled.append(Int32(slot))
        return value
    }

    private mutating func grow(to minimum: Int) {
        var c = storage.capacity
        while c < minimum { c <<= 1 }
        let old = storage
        let fresh = Storage(capacity: c)
        let mask = c - 1
        var moved: [Int32] = []
        moved.reserveCapacity(Swift.max(filled.count, c / 2))
        for s in filled {
            let k = old.keys[Int(s)]
            var slot = Self.home(k, mask: mask)
            while fresh.keys[slot] != 0 { slot = (slot + 1) & mask }
            fresh.keys[slot] = k
            fresh.values[slot] = old.values[Int(s)]
            moved.append(Int32(slot))
        }
        storage = fresh
        filled = moved
    }
}
