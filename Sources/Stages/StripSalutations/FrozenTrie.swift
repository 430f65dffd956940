/// A `Trie` laid out for walking, built once when the stage is set up.
///
/// `Trie` links a node's children through a next-sibling chain in insertion order, so a walk
/// that passes a node with several children hops between distant array slots, and each `Trie`
/// value handed to a function retains its five arrays. Here the nodes are renumbered breadth
/// first: the children of a node sit next to each other, sorted by scalar (`childStart[n] ..<
/// childStart[n + 1]`), so a step reads one short run (a binary search past eight children),
/// and the trie is one class instance, passed by reference.
final class FrozenTrie: WalkableTrie, Sendable {
    /// Node `n`'s children are the nodes `childStart[n] ..< childStart[n + 1]`.
    private let childStart: [Int32]
    /// The scalar leading into each node (unused for the root, node 0).
    private let keys: [UInt32]
    private let flags: [UInt8]
    /// The root's children for ASCII scalars (-1: none).
    private let rootASCII: [Int32]

    /// Freezes `trie`: the same phrases and flags, renumbered breadth first. Linear in the nodes
    /// (~40,000 for every bundled list), run once per stage set-up.
    init(_ trie: Trie) {
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
        self.childStart = childStart
        var keys = [UInt32](repeating: 0, count: count), flags = [UInt8](repeating: 0, count: count)
        for node in 0..<count {
            keys[node] = oldKeys[Int(order[node])]
            flags[node] = oldFlags[Int(order[node])]
        }
        self.keys = keys
        self.flags = flags
        rootASCII = trie.rootASCII.map { $0 < 0 ? -1 : newNumber[Int($0)] }
    }

    @inline(__always)
    func flag(_ node: Int) -> UInt8 { flags[node] }

    @inline(__always)
    func child(_ node: Int, _ scalar: UInt32) -> Int? {
        if node == 0 && scalar < 128 { let root = rootASCII[Int(scalar)]; return root < 0 ? nil : Int(root) }
        var low = Int(childStart[node])
        var high = Int(childStart[node + 1])
        while high - low > 8 {
            let middle = (low + high) >> 1
            if keys[middle] <= scalar { low = middle } else { high = middle }
        }
        while low < high {
            if keys[low] == scalar { return low }
            low += 1
        }
        return nil
    }
}
