/// An object's members in key order, as `JSONWriter` writes them, without a heap copy for a
/// small object: an annotation's few attributes and a document's few metadata fields are
/// sorted in room on the stack. `sorted(by:)` made, and freed, an array for each (~900
/// instructions per summary sentence's `rank` and `score`, twice that with the release).
enum SortedMembers {
    typealias Member = (key: String, value: Value)

    /// Objects with more members than this are sorted into an array (insertion sort's
    /// comparisons grow with the square of the count).
    static let maxOnStack = 16

    /// Calls `body` with `object`'s members sorted by key (`String`'s `<`; the keys are unique).
    static func with<Result>(_ object: [String: Value], _ body: (UnsafeBufferPointer<Member>) throws -> Result) rethrows -> Result {
        let count = object.count
        guard count <= maxOnStack else {
            return try object.sorted { $0.key < $1.key }.withUnsafeBufferPointer(body)
        }
        return try withUnsafeTemporaryAllocation(of: Member.self, capacity: max(count, 1)) { room in
            var filled = 0
            for member in object {
                // Insertion: the members greater than the new key move up one place.
                var at = filled
                while at > 0 && member.key < room[at - 1].key {
                    (room.baseAddress! + at).moveInitialize(from: room.baseAddress! + at - 1, count: 1)
                    at -= 1
                }
                (room.baseAddress! + at).initialize(to: (key: member.key, value: member.value))
                filled += 1
            }
            // One member at a time: `deinitialize(count:)` calls the runtime's generic
            // `swift_arrayDestroy` (~200 instructions for two members).
            defer { for index in 0..<filled { _ = (room.baseAddress! + index).move() } }
            return try body(UnsafeBufferPointer(start: room.baseAddress, count: filled))
        }
    }
}
