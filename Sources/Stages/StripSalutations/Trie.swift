import TextKit

/// A trie over normalized scalars. Each terminal is exact (the phrase must end the item) and/or
/// prefix (the phrase opens a sentence that may continue: written `phrase *` in the files).
///
/// Nodes live in flat arrays (first child, next sibling, key, flags), so inserting is O(1) per
/// scalar without a small array per node. The stripper walks the `FrozenTrie` of a trie, which is
/// also what `PhraseTable` stores.
struct Trie: WalkableTrie, Sendable, Equatable {
    static let exact: UInt8 = 1
    static let prefix: UInt8 = 2
    /// A greeting that takes no name when the body follows on its line ("Salam Fayyad, the…" is body).
    static let bare: UInt8 = 4
    /// Each node's first child (-1: none); node 0 is the root.
    private(set) var firstChild: [Int32] = [-1]
    /// Each node's next sibling (-1: none).
    private(set) var nextSibling: [Int32] = [-1]
    /// The scalar leading into each node (unused for the root).
    private(set) var keys: [UInt32] = [0]
    private(set) var flags: [UInt8] = [0]
    /// The root's children for ASCII scalars (-1: none): most walks end at the root.
    private(set) var rootASCII = [Int32](repeating: -1, count: 128)
    /// Number of phrases inserted.
    private(set) var phraseCount = 0

    init() {}

    /// The trie a `FrozenTrie` was frozen from, up to the numbering of its nodes (breadth first
    /// here): it holds the same phrases and flags, so phrases can be added to a compiled table's
    /// tries (`phrase-files`, `phrases`) and freezing it again gives what freezing the parsed
    /// lists and the additions gives.
    init(unfreezing frozen: FrozenTrie) {
        let count = frozen.nodeCount
        var firstChild = [Int32](repeating: -1, count: count), nextSibling = [Int32](repeating: -1, count: count)
        var keys = [UInt32](repeating: 0, count: count), flags = [UInt8](repeating: 0, count: count)
        for node in 0..<count {
            let children = frozen.children(of: node)
            if !children.isEmpty { firstChild[node] = Int32(children.lowerBound) }
            for child in children {
                keys[child] = frozen.key(child)
                if child + 1 < children.upperBound { nextSibling[child] = Int32(child + 1) }
            }
            flags[node] = frozen.flag(node)
        }
        self.firstChild = firstChild
        self.nextSibling = nextSibling
        self.keys = keys
        self.flags = flags
        rootASCII = (0..<128).map { scalar in frozen.child(0, UInt32(scalar)).map(Int32.init) ?? -1 }
        phraseCount = frozen.phraseCount
    }

    @inline(__always)
    func flag(_ node: Int) -> UInt8 { flags[node] }

    @inline(__always)
    func child(_ node: Int, _ scalar: UInt32) -> Int? {
        if node == 0 && scalar < 128 { let root = rootASCII[Int(scalar)]; return root < 0 ? nil : Int(root) }
        var sibling = firstChild[node]
        while sibling >= 0 {
            if keys[Int(sibling)] == scalar { return Int(sibling) }
            sibling = nextSibling[Int(sibling)]
        }
        return nil
    }

    /// Adds a normalized phrase.
    mutating func insert(_ phrase: [UInt32], prefix: Bool, bare: Bool = false) {
        guard !phrase.isEmpty else { return }
        var node = 0
        for scalar in phrase {
            if let existing = child(node, scalar) { node = existing } else {
                let added = Int32(keys.count)
                keys.append(scalar)
                flags.append(0)
                firstChild.append(-1)
                nextSibling.append(firstChild[node])
                firstChild[node] = added
                if node == 0 && scalar < 128 { rootASCII[Int(scalar)] = added }
                node = Int(added)
            }
        }
        if flags[node] == 0 { phraseCount += 1 }
        flags[node] |= prefix ? Trie.prefix : Trie.exact
        if bare { flags[node] |= Trie.bare }
    }
}

/// What matching needs of a trie: the child of a node for a scalar and a node's flags (`Trie`
/// as built and compiled, `FrozenTrie` as the stripper walks it). The walks are written once, here.
protocol WalkableTrie {
    /// The child of `node` reached by `scalar`, if any (node 0 is the root).
    func child(_ node: Int, _ scalar: UInt32) -> Int?
    /// The flags of `node` (`Trie.exact`, `Trie.prefix`, `Trie.bare`; 0 when no phrase ends there).
    func flag(_ node: Int) -> UInt8
}

extension WalkableTrie {
    /// Does a phrase end at `i` (after `last`) on a word boundary?
    @inline(__always)
    private static func endsOnBoundary(_ scalars: [UInt32], _ i: Int, _ to: Int) -> Bool {
        let last = scalars[i - 1]
        return i == to || !Fold.isWord(scalars[i]) || !Fold.isWord(last) || Fold.isUnspaced(last) || Fold.isUnspaced(scalars[i])
    }

    /// All phrases starting at `from` that end on a word boundary, longest first (no heap
    /// allocation unless more than eight phrases end on the walk).
    func matches(_ scalars: [UInt32], from: Int, to: Int) -> TrieMatches {
        var out = TrieMatches()
        var node = 0
        var i = from
        while i < to, let next = child(node, scalars[i]) {
            node = next
            i += 1
            if flag(node) != 0 && Self.endsOnBoundary(scalars, i, to) { out.append(end: i, flag: flag(node)) }
        }
        return out
    }

    /// `false` when no phrase can start at `from`: the walk fails before the end of `scalars`
    /// without a match (used to skip normalizing a long line that opens with ordinary words).
    func couldMatch(_ scalars: [UInt32], from: Int) -> Bool {
        var node = 0
        var i = from
        while i < scalars.count {
            guard let next = child(node, scalars[i]) else { return false }
            node = next
            i += 1
            if flag(node) != 0 { return true }
        }
        return true
    }

    /// A gate that spares normalizing: `false` when no phrase can start at byte `from`, as
    /// `couldMatch` would say on the normalization of bytes `from..<to` (the walk fails before any
    /// phrase ends); `true` when one may; `nil` when the normalizer must decide (a control character,
    /// a hyphen, which reads as a space between letters, or Arabic "و", which joins the next word).
    /// Scalars are folded as the normalizer folds them and a run of spaces is one space; a trailing
    /// space is dropped. `from` must be a scalar boundary.
    func couldMatchBytes(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool? {
        var walk = BytesWalk()
        var i = from
        // ASCII bytes fold through `Fold.asciiFolds`; the first other byte goes on with the full table.
        let asciiFolds = Fold.asciiFolds
        while i < to {
            let lead = bytes[i]
            if lead >= 0x80 { break }
            if lead == 0x20 { walk.pendingSpace = walk.started; i += 1; continue }
            if lead < 0x20 || lead == 0x2D { return nil }
            i += 1
            if let answer = walk.take(asciiFolds[Int(lead)], in: self) { return answer }
        }
        if i >= to { return true }
        let folding = CaseFolding.phraseLookup
        while i < to {
            let lead = bytes[i]
            if lead == 0x20 { walk.pendingSpace = walk.started; i += 1; continue }
            if lead < 0x20 || lead == 0x2D { return nil }
            let (scalar, len) = Fold.decode(bytes, at: i, to: to)
            i = min(i + len, to)
            if let answer = walk.take(folding.fold(scalar), in: self) { return answer }
        }
        return true
    }

    /// The longest phrase starting at `from`, if any (the first of `matches`, without building the list).
    func longest(_ scalars: [UInt32], from: Int, to: Int) -> (end: Int, flag: UInt8)? {
        var best: (end: Int, flag: UInt8)? = nil
        var node = 0
        var i = from
        while i < to, let next = child(node, scalars[i]) {
            node = next
            i += 1
            if flag(node) != 0 && Self.endsOnBoundary(scalars, i, to) { best = (i, flag(node)) }
        }
        return best
    }
}

/// The state of `couldMatchBytes`' walk: the node reached, and a space folded but not walked yet.
struct BytesWalk {
    var node = 0
    var pendingSpace = false
    var started = false

    /// Walks one folded scalar: nil to go on, else the answer.
    @inline(__always)
    mutating func step<T: WalkableTrie>(_ scalar: UInt32, in trie: T) -> Bool?? {
        if pendingSpace {
            pendingSpace = false
            guard let next = trie.child(node, 0x20) else { return .some(false) }
            node = next
            if trie.flag(node) != 0 { return .some(true) }
        }
        started = true
        guard let next = trie.child(node, scalar) else { return .some(false) }
        node = next
        return trie.flag(node) != 0 ? .some(true) : nil
    }

    /// Walks what one scalar folds to: nil to go on, else the answer (`.some(nil)`: the normalizer
    /// must decide).
    @inline(__always)
    mutating func take<T: WalkableTrie>(_ folded: FoldedScalars, in trie: T) -> Bool?? {
        if folded.count == 0 { return nil }
        let first = folded.first, second = folded.second
        if first == 0x20 || first == 0x0A { pendingSpace = started; return nil }
        if first == 0x2D || first == 0x648 || second == 0x2D || second == 0x648 { return .some(nil) }
        if let answer = step(first, in: trie) { return answer }
        if second != 0, let answer = step(second, in: trie) { return answer }
        return nil
    }
}

/// The phrases one trie walk found, handed out longest first. Up to eight are kept inline (a walk
/// rarely passes more phrase ends: "thanks", "thanks and", "thanks and regards"), so asking costs
/// no allocation; more spill into an array.
struct TrieMatches: Sequence, IteratorProtocol {
    /// `end << 8 | flag` per match, in the order found (shortest first).
    private var inline = SIMD8<UInt64>()
    private var spilled: [UInt64] = []
    /// Matches not handed out yet.
    private(set) var count = 0

    /// `true` when no phrase is left.
    var isEmpty: Bool { count == 0 }

    mutating func append(end: Int, flag: UInt8) {
        let packed = UInt64(end) << 8 | UInt64(flag)
        if count < 8 { inline[count] = packed } else { spilled.append(packed) }
        count += 1
    }

    /// The longest match not handed out yet.
    mutating func next() -> (end: Int, flag: UInt8)? {
        guard count > 0 else { return nil }
        count -= 1
        let packed = count < 8 ? inline[count] : spilled.removeLast()
        return (Int(packed >> 8), UInt8(truncatingIfNeeded: packed))
    }
}
