/// A fixed-capacity block of `Element`s in raw memory, for the tables a document model reuses
/// across documents (``KeyTable``, ``TermCounts``): reads and writes go straight through
/// ``base``, with no bounds, uniqueness or exclusivity checks, and no retain (the pointer is
/// stored inline, beside the object that owns the memory).
///
/// The column is a value with copy on write, but the check is the caller's: before writing
/// through ``base`` it calls ``makeUnique(preserving:)`` (or ``reallocate(capacity:preserving:)``),
/// once per batch of writes, not per element. Elements past those preserved are uninitialized
/// (any bit pattern: `Element` is `BitwiseCopyable`) until written.
struct RawColumn<Element: BitwiseCopyable> {
    /// Owns the memory: frees it with the last column that refers to it, and tells a column
    /// (through `isKnownUniquelyReferenced`) whether it may write.
    private final class Owner {
        let base: UnsafeMutablePointer<Element>
        init(capacity: Int) { base = .allocate(capacity: capacity) }
        deinit { base.deallocate() }
    }

    private var owner: Owner
    /// The first element (valid while this column, or a copy of it, lives). Write through it only
    /// after making the column unique.
    private(set) var base: UnsafeMutablePointer<Element>
    /// The number of elements the memory holds.
    private(set) var capacity: Int

    /// A column of `capacity` uninitialized elements.
    init(capacity: Int) {
        let fresh = Owner(capacity: capacity)
        owner = fresh
        base = fresh.base
        self.capacity = capacity
    }

    /// A column of `capacity` elements, each `value`.
    init(capacity: Int, repeating value: Element) {
        self.init(capacity: capacity)
        base.initialize(repeating: value, count: capacity)
    }

    /// Whether no other column shares this one's memory (so writing through ``base`` is safe).
    @inline(__always)
    mutating func isUnique() -> Bool { isKnownUniquelyReferenced(&owner) }

    /// Makes the memory this column's own, copying the first `count` elements when it was shared.
    @inline(__always)
    mutating func makeUnique(preserving count: Int) {
        if !isKnownUniquelyReferenced(&owner) { reallocate(capacity: capacity, preserving: count) }
    }

    /// Moves to fresh memory of `newCapacity` elements (this column's own), holding the first
    /// `count` elements of the old.
    mutating func reallocate(capacity newCapacity: Int, preserving count: Int) {
        let fresh = Owner(capacity: newCapacity)
        fresh.base.update(from: base, count: count)
        owner = fresh
        base = fresh.base
        capacity = newCapacity
    }
}

/// A column's memory is written only through a column that holds the only reference to its
/// owner (``RawColumn/makeUnique(preserving:)`` first), so columns on different threads never
/// write shared memory, and shared memory is only read. The only unchecked conformance of the
/// document model's tables.
extension RawColumn: @unchecked Sendable where Element: Sendable {}
