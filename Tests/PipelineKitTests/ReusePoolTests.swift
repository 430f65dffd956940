import Foundation
import PipelineKit
import XCTest

/// `ReusePool`: a value goes back to the thread that gave it back last; any other thread gets the
/// one given back last; no more than `capacity` are kept; values in use are never handed out twice.
final class ReusePoolTests: XCTestCase {
    /// Runs `body` on a new thread and waits for it.
    private func onAnotherThread<T>(_ body: @escaping @Sendable () -> T) -> T where T: Sendable {
        let result = LockedValue<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.withLock { $0 = body() }
            done.signal()
        }
        thread.start()
        done.wait()
        return result.current!
    }

    func testAnEmptyPoolHasNothing() {
        XCTAssertNil(ReusePool<Int>(keeping: 4).take())
    }

    func testTheSameThreadGetsBackWhatItGaveBackLast() {
        let pool = ReusePool<Int>(keeping: 4)
        pool.giveBack(1)
        onAnotherThread { pool.giveBack(2) }
        // A last-in-first-out stack would answer 2 here: the other thread's.
        XCTAssertEqual(pool.take(), 1)
        XCTAssertEqual(pool.take(), 2)
        XCTAssertNil(pool.take())
    }

    func testAnotherThreadGetsTheOneGivenBackLast() {
        let pool = ReusePool<Int>(keeping: 4)
        pool.giveBack(1)
        pool.giveBack(2)
        XCTAssertEqual(onAnotherThread { pool.take() }, 2)
        XCTAssertEqual(pool.take(), 1)
    }

    func testTwoThreadsEachKeepTheirOwn() {
        let pool = ReusePool<Int>(keeping: 4)
        // Two values given back by two threads, alternately, a few times over.
        for _ in 0..<5 {
            let mine = pool.take() ?? 10
            let theirs = onAnotherThread { pool.take() ?? 20 }
            XCTAssertEqual(mine, 10)
            XCTAssertEqual(theirs, 20)
            onAnotherThread { pool.giveBack(theirs) }
            pool.giveBack(mine)
        }
    }

    func testNoMoreThanCapacityAreKept() {
        let pool = ReusePool<Int>(keeping: 2)
        for value in 1...5 { pool.giveBack(value) }
        XCTAssertEqual(pool.count, 2)
        XCTAssertEqual(pool.take(), 2)
        XCTAssertEqual(pool.take(), 1)
        XCTAssertNil(pool.take())
    }

    func testConcurrentTakersNeverShareAValue() {
        let pool = ReusePool<Int>(keeping: 8)
        for value in 0..<8 { pool.giveBack(value) }
        let inUse = LockedValue(Set<Int>())
        let clashes = LockedValue(0)
        DispatchQueue.concurrentPerform(iterations: 4_000) { _ in
            let value = pool.take() ?? -1
            if value >= 0 {
                let clash = inUse.withLock { !$0.insert(value).inserted }
                if clash { clashes.withLock { $0 += 1 } }
                inUse.withLock { _ = $0.remove(value) }
                pool.giveBack(value)
            }
        }
        XCTAssertEqual(clashes.current, 0)
        XCTAssertEqual(pool.count, 8)
    }
}
