import XCTest

@testable import PipelineKit

/// `SortedMembers` hands an object's members over in the order `sorted(by: key <)` gives, on
/// the stack for small objects and through an array for large ones.
final class SortedMembersTests: XCTestCase {
    private func keys(_ object: [String: Value]) -> [String] {
        SortedMembers.with(object) { members in members.map(\.key) }
    }

    func testEmptyAndSingleObjects() {
        XCTAssertEqual(keys([:]), [])
        XCTAssertEqual(keys(["only": .int(1)]), ["only"])
        SortedMembers.with(["only": .string("v")]) { members in
            XCTAssertEqual(members.count, 1)
            XCTAssertEqual(members[0].value, .string("v"))
        }
    }

    /// Objects of every size around the stack limit, keys in every case and script, sort as
    /// `String`'s `<` sorts them, each key keeping its value.
    func testOrderMatchesSortedByKeyAtEverySize() {
        let pool = ["", "a", "Z", "end", "en", "rank", "score", "stage", "start", "type", "é", "e\u{301}", "ü", "\u{1F600}", "\"", "aa",
                    "b", "B", "0", "10", "9", "zz", "stagf", "start0", "ſ", "ﬀ"]
        var generator = SplitMix64(seed: 7)
        for size in 0...(SortedMembers.maxOnStack + 4) {
            for _ in 0..<20 {
                var object: [String: Value] = [:]
                for key in pool.shuffled(using: &generator).prefix(size) { object[key] = .string("v" + key) }
                let expected = object.sorted { $0.key < $1.key }
                SortedMembers.with(object) { members in
                    XCTAssertEqual(members.map(\.key), expected.map(\.key))
                    for member in members { XCTAssertEqual(member.value, .string("v" + member.key)) }
                }
            }
        }
    }
}
