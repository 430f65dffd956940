import Foundation
import PipelineKit
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ReusePool`: a value goes back to the thread that gave it back (its slot), then a thread takes
/// the one put last in the shared list, else a value idle in another thread's slot; a thread that
/// ends hands its value to the shared list; no more than `capacity` are kept there; values in use
/// are never handed out twice; the pool destroys what it keeps when it goes.
final class ReusePoolTests: XCTestCase {
    /// Runs `body` on a thread of its own and waits until that thread has ended (its
    /// thread-specific data's destructors have run).
    private func onEndedThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let result = LockedValue<T?>(nil)
        join(start { result.withLock { $0 = body() } })
        return result.current!
    }

    /// Starts `body` on a new thread that can be joined.
    private func start(_ body: @escaping @Sendable () -> Void) -> pthread_t {
        var thread = pthread_t()
        let argument = Unmanaged.passRetained(Job(body)).toOpaque()
        #if canImport(Darwin)
        let created = pthread_create(&thread, nil, { raw in
            Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, argument)
        return created == 0 ? thread! : { preconditionFailure("pthread_create failed") }()
        #else
        let created = pthread_create(&thread, nil, { raw in
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, argument)
        precondition(created == 0, "pthread_create failed")
        return thread
        #endif
    }

    /// Waits until `thread` has ended.
    private func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }

    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// A value that counts its deinits.
    private final class Tracked: @unchecked Sendable {
        static let destroyed = LockedValue(0)
        deinit { Self.destroyed.withLock { $0 += 1 } }
    }

    func testAnEmptyPoolHasNothing() {
        XCTAssertNil(ReusePool<Int>(keeping: 4).take())
    }

    func testTheSameThreadGetsBackWhatItGaveBack() {
        let pool = ReusePool<Int>(keeping: 4)
        pool.giveBack(1)
        // Given back by a thread that has ended: in the shared list now.
        onEndedThread { pool.giveBack(2) }
        // A last-in-first-out stack would answer 2 here: the other thread's.
        XCTAssertEqual(pool.take(), 1)
        XCTAssertEqual(pool.take(), 2)
        XCTAssertNil(pool.take())
    }

    func testAThreadWithNothingTakesTheValueIdleInAnotherThreadsSlot() {
        let pool = ReusePool<Int>(keeping: 4)
        pool.giveBack(1)  // this thread's slot
        XCTAssertEqual(onEndedThread { pool.take() }, 1)
        XCTAssertNil(pool.take(), "taken out of this thread's slot")
    }

    func testTheSharedListGoesBeforeAnotherThreadsSlot() {
        let pool = ReusePool<Int>(keeping: 4)
        pool.giveBack(1)  // this thread's slot
        onEndedThread { pool.giveBack(2) }  // to the shared list when the thread ends
        XCTAssertEqual(onEndedThread { pool.take() }, 2)
        XCTAssertEqual(pool.take(), 1)
    }

    func testOneTaskMovingBetweenThreadsMakesOneValue() {
        // What a `--jobs 1` worker does: one document at a time, on whichever of two threads
        // runs it. Each thread makes a value only when the pool has none idle anywhere (the first
        // thread ends while the second runs the last turn: its value is found then too).
        let pool = ReusePool<Int>(keeping: 4)
        let made = LockedValue(0)
        let turns = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)], done = DispatchSemaphore(value: 0)
        let threads = (0..<2).map { index in
            start {
                for _ in 0..<5 {
                    turns[index].wait()
                    let value = pool.take() ?? made.withLock { $0 += 1; return $0 }
                    pool.giveBack(value)
                    done.signal()
                }
            }
        }
        for round in 0..<10 {
            turns[round % 2].signal()
            done.wait()
        }
        threads.forEach(join)
        XCTAssertEqual(made.current, 1)
    }

    func testAnotherThreadGetsTheOneGivenBackLastToTheSharedList() {
        let pool = ReusePool<Int>(keeping: 4)
        pool.giveBack(1)  // this thread's slot
        pool.giveBack(2)  // the slot is full: the shared list
        pool.giveBack(3)
        XCTAssertEqual(onEndedThread { pool.take() }, 3)
        XCTAssertEqual(pool.take(), 1)
        XCTAssertEqual(pool.take(), 2)
        XCTAssertNil(pool.take())
    }

    func testAnEndedThreadsValueGoesToWhicheverThreadAsksFirst() {
        let pool = ReusePool<Int>(keeping: 4)
        onEndedThread { pool.giveBack(1) }
        XCTAssertEqual(onEndedThread { pool.take() }, 1)
        XCTAssertNil(pool.take())
    }

    func testTwoThreadsEachKeepTheirOwn() {
        let pool = ReusePool<Int>(keeping: 4)
        // Both threads hold a value at once (so two are made), then take and give back in turn,
        // five times over: each gets back its own.
        let mainTurn = DispatchSemaphore(value: 0), otherTurn = DispatchSemaphore(value: 0)
        let theirs = LockedValue<[Int]>([])
        let first = pool.take() ?? 10
        let other = Thread {
            otherTurn.wait()
            let made = pool.take() ?? 20
            pool.giveBack(made)
            mainTurn.signal()
            for _ in 0..<5 {
                otherTurn.wait()
                let value = pool.take() ?? 20
                theirs.withLock { $0.append(value) }
                pool.giveBack(value)
                mainTurn.signal()
            }
        }
        other.start()
        otherTurn.signal()
        mainTurn.wait()
        pool.giveBack(first)
        var mine: [Int] = []
        for _ in 0..<5 {
            let value = pool.take() ?? 10
            mine.append(value)
            pool.giveBack(value)
            otherTurn.signal()
            mainTurn.wait()
        }
        XCTAssertEqual(mine, Array(repeating: 10, count: 5))
        XCTAssertEqual(theirs.current, Array(repeating: 20, count: 5))
    }

    func testNoMoreThanCapacityAreKeptInTheSharedList() {
        let pool = ReusePool<Int>(keeping: 2)
        for value in 1...5 { pool.giveBack(value) }
        // 1 in this thread's slot, 2 and 3 in the shared list, 4 and 5 dropped.
        XCTAssertEqual(pool.count, 3)
        XCTAssertEqual(pool.take(), 1)
        XCTAssertEqual(pool.take(), 3)
        XCTAssertEqual(pool.take(), 2)
        XCTAssertNil(pool.take())
    }

    func testConcurrentTakersNeverShareAValueAndNoneIsLost() {
        let pool = ReusePool<Int>(keeping: 8)
        for value in 0..<8 { pool.giveBack(value) }
        // Four threads take and give back, each from its own slot, the shared list or another
        // thread's slot.
        let inUse = LockedValue(Set<Int>())
        let clashes = LockedValue(0)
        let threads = (0..<4).map { _ in
            start {
                for _ in 0..<1_000 {
                    guard let value = pool.take() else { continue }
                    let clash = inUse.withLock { !$0.insert(value).inserted }
                    if clash { clashes.withLock { $0 += 1 } }
                    inUse.withLock { _ = $0.remove(value) }
                    pool.giveBack(value)
                }
            }
        }
        threads.forEach(join)
        XCTAssertEqual(clashes.current, 0)
        // Every value is still kept: in this thread's slot or the shared list, where each
        // thread's slot value went when it ended.
        var values: [Int] = []
        while let value = pool.take() { values.append(value) }
        XCTAssertEqual(values.sorted(), Array(0..<8))
    }

    func testThreadsTakingFromEachOthersSlotsNeverShareAValueAndNoneIsLost() {
        // Two values for four threads: most takes find the thread's own slot and the shared list
        // empty and take from another thread's slot, while that thread may be taking or giving
        // back itself.
        let pool = ReusePool<Int>(keeping: 8)
        let inUse = LockedValue(Set<Int>())
        let clashes = LockedValue(0), taken = LockedValue(0)
        let ready = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0)
        let threads = (0..<4).map { index in
            start {
                // The first two threads put one value each in their own slots first.
                if index < 2 { pool.giveBack(index) }
                ready.signal()
                go.wait()
                for _ in 0..<2_000 {
                    guard let value = pool.take() else { continue }
                    taken.withLock { $0 += 1 }
                    let clash = inUse.withLock { !$0.insert(value).inserted }
                    if clash { clashes.withLock { $0 += 1 } }
                    inUse.withLock { _ = $0.remove(value) }
                    pool.giveBack(value)
                }
            }
        }
        for _ in threads { ready.wait() }
        for _ in threads { go.signal() }
        threads.forEach(join)
        XCTAssertEqual(clashes.current, 0)
        XCTAssertGreaterThan(taken.current, 0)
        var values: [Int] = []
        while let value = pool.take() { values.append(value) }
        XCTAssertEqual(values.sorted(), [0, 1])
    }

    func testAPoolMadeAfterOthersWentStartsEmpty() {
        // Each pool's key is deleted when it goes and may be made again for the next one.
        for _ in 0..<50 {
            let old = ReusePool<Int>(keeping: 2)
            old.giveBack(1)
        }
        let pool = ReusePool<String>(keeping: 2)
        XCTAssertNil(pool.take())
        pool.giveBack("a")
        XCTAssertEqual(pool.take(), "a")
    }

    func testThePoolDestroysWhatItKeepsWhenItGoes() {
        let before = Tracked.destroyed.current
        do {
            let pool = ReusePool<Tracked>(keeping: 4)
            pool.giveBack(Tracked())  // this thread's slot
            pool.giveBack(Tracked())  // the shared list
        }
        XCTAssertEqual(Tracked.destroyed.current - before, 2)
    }

    func testAnEndedThreadsValueOutlivesTheThreadOnlyInThePool() {
        let before = Tracked.destroyed.current
        do {
            let pool = ReusePool<Tracked>(keeping: 4)
            onEndedThread { pool.giveBack(Tracked()) }
            XCTAssertEqual(Tracked.destroyed.current - before, 0, "moved to the shared list, not destroyed")
            XCTAssertNotNil(pool.take())
        }
        XCTAssertEqual(Tracked.destroyed.current - before, 1)
    }
}
