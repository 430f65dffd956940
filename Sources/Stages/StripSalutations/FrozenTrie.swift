import PipelineKit

/// A `Trie` laid out for walking, and the form `Phrases/phrases.bin` stores, so a run uses the
/// bundled tries in place from the mapped file (no decoding, no copy).
///
/// `Trie` links a node's children through a next-sibling chain in insertion order, so a walk
/// that passes a node with several children hops between distant array slots. Here the nodes are
/// numbered breadth first: the children of a node sit next to each other, sorted by scalar
/// (`childStart[n] ..< childStart[n + 1]`), so a step reads one short run (a binary search past
/// eight children), and the trie is one class instance, passed by reference. The numbering is
/// canonical: the same phrases and flags always freeze to the same bytes.
///
/// ```
/// layout = i32 childStart[nodeCount + 1], u32 keys[nodeCount], i32 rootASCII[128], u8 flags[nodeCount]
/// ```
/// (little-endian, starting at a multiple of 4 inside its `TableBytes`).
final class FrozenTrie: WalkableTrie, Sendable, Equatable {
    /// Where the layout lives: a mapped table file, or a copy made by `init(_:)`; `walk` reads it.
    private let table: TableBytes
    /// The walks through the layout's bytes (and the byte offsets of its four arrays), with no
    /// reference to this trie (see ``FrozenTrieWalk``).
    let walk: FrozenTrieWalk
    /// Number of nodes (the root is node 0).
    let nodeCount: Int
    /// Number of phrases (nodes with flags).
    let phraseCount: Int

    /// The size in bytes of the layout of a trie of `nodeCount` nodes.
    static func layoutSize(nodeCount: Int) -> Int { 4 * (nodeCount + 1) + 4 * nodeCount + 4 * 128 + nodeCount }

    /// Freezes `trie`: the same phrases and flags, renumbered breadth first. Linear in the nodes
    /// (~40,000 for every bundled list); used for a `languages` subset or added phrases.
    convenience init(_ trie: Trie) {
        let firstChild = trie.firstChild, nextSibling = trie.nextSibling, oldKeys = trie.keys, oldFlags = trie.flags
        let count = oldKeys.count
        var order = [Int32](repeating: 0, count: count)   // new number -> old node
        var newNumber = [Int32](repeating: -1, count: count)
        var childStart = [Int32](repeating: 0, count: count + 1)
        newNumber[0] = 0
        var filled = 1
        for next in 0..<count {
            childStart[next] = Int32(filled)
            // Append the children, then insertion-sort them by scalar (a node has one or two
            // children, the root a few hundred: sorted once).
            let first = filled
            var child = firstChild[Int(order[next])]
            while child >= 0 {
                var slot = filled
                let key = oldKeys[Int(child)]
                while slot > first && oldKeys[Int(order[slot - 1])] > key {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = child
                filled += 1
                child = nextSibling[Int(child)]
            }
            for slot in first..<filled { newNumber[Int(order[slot])] = Int32(slot) }
        }
        childStart[count] = Int32(filled)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.layoutSize(nodeCount: count))
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        childStart.forEach(append)
        for node in 0..<count { append(oldKeys[Int(order[node])]) }
        for root in trie.rootASCII { append(root < 0 ? Int32(-1) : newNumber[Int(root)]) }
        for node in 0..<count { bytes.append(oldFlags[Int(order[node])]) }
        self.init(checked: TableBytes(copying: bytes), at: 0, nodeCount: count, phraseCount: trie.phraseCount)
    }

    /// The trie whose layout starts at byte `offset` of `table` (a multiple of 4), or `nil` when
    /// the bytes do not describe a well-formed trie (out-of-range children or root entries), so a
    /// damaged file can never send a walk outside the table.
    init?(table: TableBytes, at offset: Int, nodeCount: Int, phraseCount: Int) {
        guard nodeCount >= 1, offset >= 0, offset % 4 == 0,
              table.bytes.count - offset >= Self.layoutSize(nodeCount: nodeCount) else { return nil }
        self.table = table
        self.nodeCount = nodeCount
        self.phraseCount = phraseCount
        let keysOffset = offset + 4 * (nodeCount + 1), rootOffset = keysOffset + 4 * nodeCount
        walk = FrozenTrieWalk(bytes: table.bytes, childStartOffset: offset, keysOffset: keysOffset, rootOffset: rootOffset,
                              flagsOffset: rootOffset + 4 * 128)
        // Every node's children are a run of node numbers inside the trie, the runs in order.
        var previous = Int32(1)
        for node in 0...nodeCount {
            let start = walk.int32(offset, node)
            guard start >= previous, start <= Int32(nodeCount) else { return nil }
            previous = start
        }
        guard walk.int32(offset, 0) == 1, walk.int32(offset, nodeCount) == Int32(nodeCount) else { return nil }
        for scalar in 0..<128 {
            let root = walk.int32(rootOffset, scalar)
            guard root == -1 || (root >= 1 && root < Int32(nodeCount)) else { return nil }
        }
    }

    /// `init(table:at:nodeCount:phraseCount:)` for a layout this type just wrote.
    private convenience init(checked table: TableBytes, at offset: Int, nodeCount: Int, phraseCount: Int) {
        self.init(table: table, at: offset, nodeCount: nodeCount, phraseCount: phraseCount)!
    }

    /// The layout's bytes (what `PhraseTable` writes).
    var layout: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: table.bytes[walk.childStartOffset..<walk.flagsOffset + nodeCount])
    }

    static func == (lhs: FrozenTrie, rhs: FrozenTrie) -> Bool {
        lhs.phraseCount == rhs.phraseCount && lhs.layout.elementsEqual(rhs.layout)
    }

    /// The children of `node`, a range of node numbers.
    func children(of node: Int) -> Range<Int> {
        Int(walk.int32(walk.childStartOffset, node))..<Int(walk.int32(walk.childStartOffset, node + 1))
    }

    /// The scalar leading into `node` (0 for the root).
    @inline(__always)
    func key(_ node: Int) -> UInt32 { walk.key(node) }

    @inline(__always)
    func flag(_ node: Int) -> UInt8 { walk.flag(node) }

    @inline(__always)
    func child(_ node: Int, _ scalar: UInt32) -> Int? { walk.child(node, scalar) }
}

/// A ``FrozenTrie``'s walk through its layout's bytes, a value of a pointer and offsets with no
/// reference to the trie, valid while the trie lives (its `TableBytes` holds the bytes). What
/// ``Stripper`` walks its tries through, document after document: a walk called on the trie
/// object retained and released it around each call, a count that every `--jobs` worker
/// changes, whose cache line the cores then pass back and forth (`scripts/shared_refcounts.sh`).
struct FrozenTrieWalk: WalkableTrie, @unchecked Sendable {  // a pointer into bytes no one writes
    let bytes: UnsafeRawBufferPointer
    let childStartOffset: Int, keysOffset: Int, rootOffset: Int, flagsOffset: Int

    @inline(__always)
    func int32(_ base: Int, _ index: Int) -> Int32 {
        Int32(littleEndian: bytes.load(fromByteOffset: base + 4 * index, as: Int32.self))
    }

    /// The scalar leading into `node` (0 for the root).
    @inline(__always)
    func key(_ node: Int) -> UInt32 {
        UInt32(littleEndian: bytes.load(fromByteOffset: keysOffset + 4 * node, as: UInt32.self))
    }

    @inline(__always)
    func flag(_ node: Int) -> UInt8 { bytes[flagsOffset + node] }

    @inline(__always)
    func child(_ node: Int, _ scalar: UInt32) -> Int? {
        if node == 0 && scalar < 128 { let root = int32(rootOffset, Int(scalar)); return root < 0 ? nil : Int(root) }
        var low = Int(int32(childStartOffset, node))
        var high = Int(int32(childStartOffset, node + 1))
        while high - low > 8 {
            let middle = (low + high) >> 1
            if key(middle) <= scalar { low = middle } else { high = middle }
        }
        while low < high {
            if key(low) == scalar { return low }
            low += 1
        }
        return nil
    }
}
