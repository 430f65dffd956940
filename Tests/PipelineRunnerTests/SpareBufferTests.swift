import XCTest

@testable import PipelineRunner

/// `SpareBuffer` keeps the biggest buffer handed back, and hands it out only when it is big
/// enough: by its bytes for a read buffer, by its capacity (emptied) for a batch's output.
final class SpareBufferTests: XCTestCase {
    func testTakesOnlyABufferBigEnoughAndOnlyOnce() {
        let spare = SpareBuffer()
        XCTAssertNil(spare.take(size: 1))
        spare.giveBack([UInt8](repeating: 7, count: 100))
        XCTAssertNil(spare.take(size: 101))
        XCTAssertEqual(spare.take(size: 100), [UInt8](repeating: 7, count: 100))
        XCTAssertNil(spare.take(size: 0), "taken once")
    }

    func testKeepsTheBiggerBufferAndIgnoresEmptyOnes() {
        let spare = SpareBuffer()
        spare.giveBack([])
        XCTAssertNil(spare.take(size: 0, emptied: true), "a buffer without capacity is not kept")
        spare.giveBack([UInt8](repeating: 1, count: 4096))
        spare.giveBack([UInt8](repeating: 2, count: 16))
        XCTAssertEqual(spare.take(size: 4096)?.first, 1, "the smaller one did not replace the bigger")
    }

    func testAnEmptiedTakeKeepsTheCapacity() {
        let spare = SpareBuffer()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 16)
        bytes.append(contentsOf: [1, 2, 3])
        spare.giveBack(bytes)
        bytes = []
        XCTAssertNil(spare.take(size: 1 << 20, emptied: true))
        let taken = spare.take(size: 1 << 16, emptied: true)
        XCTAssertEqual(taken, [])
        XCTAssertGreaterThanOrEqual(taken?.capacity ?? 0, 1 << 16)
    }

    /// A held buffer is never changed by the taker: emptying a shared one makes a new one.
    func testEmptyingABufferStillHeldLeavesTheHolderItsBytes() {
        let spare = SpareBuffer()
        var held: [UInt8] = []
        held.reserveCapacity(1024)
        held.append(contentsOf: [9, 9, 9])
        spare.giveBack(held)
        let taken = spare.take(size: 1024, emptied: true)
        XCTAssertEqual(taken, [])
        XCTAssertEqual(held, [9, 9, 9])
    }

    /// With a slot per worker, each thread gets back the buffer it wrote, else any that fits.
    func testAThreadGetsBackItsOwnBufferWhenOneFits() {
        let spare = SpareBuffer(keeping: 3)
        spare.giveBack([UInt8](repeating: 1, count: 64), thread: 1)
        spare.giveBack([UInt8](repeating: 2, count: 64), thread: 2)
        spare.giveBack([UInt8](repeating: 3, count: 8), thread: 3)
        XCTAssertEqual(spare.take(size: 64, thread: 1)?.first, 1)
        XCTAssertEqual(spare.take(size: 32, thread: 3)?.first, 2, "thread 3's own is too small: another that fits")
        XCTAssertNil(spare.take(size: 64, thread: 2), "thread 2's was taken")
        XCTAssertEqual(spare.take(size: 8, thread: 9)?.first, 3)
    }

    func testAFullSetReplacesItsSmallestWithABiggerOne() {
        let spare = SpareBuffer(keeping: 2)
        spare.giveBack([UInt8](repeating: 1, count: 16), thread: 1)
        spare.giveBack([UInt8](repeating: 2, count: 64), thread: 2)
        spare.giveBack([UInt8](repeating: 3, count: 8), thread: 3)
        spare.giveBack([UInt8](repeating: 4, count: 32), thread: 4)
        // 8 bytes did not replace anything (smaller than both); 32 took the place of 16.
        XCTAssertEqual(spare.take(size: 40, thread: 9)?.first, 2)
        XCTAssertEqual(spare.take(size: 1, thread: 4)?.first, 4)
        XCTAssertNil(spare.take(size: 1, thread: 3))
    }
}
