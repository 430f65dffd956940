import XCTest

@testable import PipelineKit

/// `AnyStage.replica()` and `String(ownStorage:)`: what a `--jobs` worker runs a batch through
/// is the same stage and the same text, behind references of its own.
final class ReplicaTests: XCTestCase {
    func testAStringWithItsOwnStorageIsEqualButNotShared() {
        let long = "strip-salutations-and-more"  // more than 15 UTF-8 bytes: stored on the heap
        var copy = String(ownStorage: long)
        XCTAssertEqual(copy, long)
        var original = long
        let shared = original.withUTF8 { a in copy.withUTF8 { b in a.baseAddress == b.baseAddress } }
        XCTAssertFalse(shared)
        XCTAssertEqual(String(ownStorage: ""), "")
        XCTAssertEqual(String(ownStorage: "café ✓"), "café ✓")
    }

    func testAReplicaIsTheSameStage() async throws {
        let stage = try PipelineKitTests.Shout.build(options: ["suffix": "?"], setup: StageSetup(stageID: "loud"))
        let replica = stage.replica()
        XCTAssertEqual(replica.id, "loud")
        XCTAssertEqual(replica.spec.name, stage.spec.name)
        XCTAssertEqual(replica.spec.role, stage.spec.role)
        XCTAssertEqual(replica.blocksOnIO, stage.blocksOnIO)
        let events = CollectingEventSink()
        let context = StageContext(stageID: "loud", stageName: "shout", sequence: 0, events: events)
        let fromStage = try await stage.process(Document(id: "a", text: "hi there"), context: context)
        let fromReplica = try await replica.process(Document(id: "a", text: "hi there"), context: context)
        XCTAssertEqual(fromReplica.map(\.text), fromStage.map(\.text))
        XCTAssertEqual(fromReplica.map(\.text), ["HI THERE?"])
    }
}
