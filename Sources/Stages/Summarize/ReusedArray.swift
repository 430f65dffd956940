/// Filling an array again in the storage it already has: a document model's arrays are handed
/// from one document to the next (``ModelWorkspace/spareModel``), so that building a model
/// allocates only when a document needs more room than an earlier one had.
extension Array where Element: BitwiseCopyable {
    /// Takes the array out of `array`, which is left empty, so that the taken storage has one
    /// owner and is written in place by ``refill(copying:)`` and ``refill(zeros:)``. Its
    /// elements are the old ones until then.
    static func reusing(_ array: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &array)
        return taken
    }

    /// Replaces the elements with those of `source`, in the storage the array has when it is
    /// large enough (and referred to by this array only).
    mutating func refill(copying source: UnsafeBufferPointer<Element>) {
        removeAll(keepingCapacity: true)
        append(contentsOf: source)
    }
}

extension Array where Element: BitwiseCopyable & ExpressibleByIntegerLiteral {
    /// Replaces the elements with `count` zeros, in the storage the array has when it is large
    /// enough.
    mutating func refill(zeros count: Int) {
        removeAll(keepingCapacity: true)
        append(contentsOf: repeatElement(0, count: count))
    }
}
