/// An open-addressing table from 64-bit keys to `Int32` values for one document at a time,
/// reused across documents: `reset()` empties only the slots the last document filled, so a
/// document pays neither an allocation nor a full clear. Linear probing, power-of-two
/// capacity, at most half full (it grows when a document needs more).
///
/// The slots are two ``RawColumn``s (keys and values), so a probe is a multiply, a load and a
/// compare, with no array bounds, uniqueness or exclusivity checks. The table is a value all the
/// same: it copies its columns before writing when they are shared.
struct KeyTable: Sendable {
    /// The keys of the slots (0: empty).
    private var keys: RawColumn<UInt64>
    /// The values of the slots (meaningful where the key is not 0).
    private var values: RawColumn<Int32>
    /// Capacity - 1 (the capacity is a power of two).
    private var mask: Int
    /// Slots filled since the last reset (to empty them, and to rehash on growth).
    private(set) var filled: [Int32] = []

    init(capacity: Int = 1024) {
        var slots = 16
        while slots < capacity { slots <<= 1 }
        keys = RawColumn(capacity: slots, repeating: 0)
        values = RawColumn(capacity: slots, repeating: 0)
        mask = slots - 1
    }

    /// The number of slots.
    private var capacity: Int { mask + 1 }

    /// Makes both columns this table's own (copying every slot when shared). The columns are
    /// only ever replaced together, so they are shared together: one check answers for both.
    @inline(__always)
    private mutating func makeUnique() {
        if !keys.isUnique() {
            keys.reallocate(capacity: capacity, preserving: capacity)
            values.reallocate(capacity: capacity, preserving: capacity)
        }
    }

    /// Empties the table, and makes sure it can take `expected` keys without growing.
    mutating func reset(expecting expected: Int) {
        makeUnique()
        let k = keys.base
        for slot in filled { k[Int(slot)] = 0 }
        filled.removeAll(keepingCapacity: true)
        if expected * 2 > capacity { grow(to: expected * 2) }
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
    private func probe(_ storedKey: UInt64) -> (slot: Int, found: Bool) {
        let stored = keys.base, mask = mask
        var slot = Self.home(storedKey, mask: mask)
        while true {
            let slotKey = stored[slot]
            if slotKey == storedKey { return (slot, true) }
            if slotKey == 0 { return (slot, false) }
            slot = (slot + 1) & mask
        }
    }

    /// The value of `key`, or `nil`.
    @inline(__always)
    func value(_ key: UInt64) -> Int32? {
        let (slot, found) = probe(key == 0 ? 1 : key)
        return found ? values.base[slot] : nil
    }

    /// The value of `key`, or `insert()` stored under it when it is new.
    @inline(__always)
    mutating func value(_ key: UInt64, orInsert insert: () -> Int32) -> Int32 {
        let storedKey = key == 0 ? 1 : key
        let probed = probe(storedKey)
        if probed.found { return values.base[probed.slot] }
        var slot = probed.slot
        let value = insert()
        makeUnique()
        if (filled.count + 1) * 2 > capacity {
            grow(to: capacity * 2)
            slot = Self.home(storedKey, mask: mask)
            while keys.base[slot] != 0 { slot = (slot + 1) & mask }
        }
        keys.base[slot] = storedKey
        values.base[slot] = value
        filled.append(Int32(slot))
        return value
    }

    private mutating func grow(to minimum: Int) {
        var slots = capacity
        while slots < minimum { slots <<= 1 }
        let oldKeys = keys.base, oldValues = values.base
        let freshKeys = RawColumn<UInt64>(capacity: slots, repeating: 0)
        let freshValues = RawColumn<Int32>(capacity: slots, repeating: 0)
        let newKeys = freshKeys.base, newValues = freshValues.base
        let mask = slots - 1
        var moved: [Int32] = []
        moved.reserveCapacity(Swift.max(filled.count, slots / 2))
        for filledSlot in filled {
            let storedKey = oldKeys[Int(filledSlot)]
            var slot = Self.home(storedKey, mask: mask)
            while newKeys[slot] != 0 { slot = (slot + 1) & mask }
            newKeys[slot] = storedKey
            newValues[slot] = oldValues[Int(filledSlot)]
            moved.append(Int32(slot))
        }
        keys = freshKeys
        values = freshValues
        self.mask = mask
        filled = moved
    }
}
