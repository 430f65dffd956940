import Foundation

/// One thread of a run's own that runs the tasks handed to it (as their task executor), one
/// job at a time, in the order they were enqueued.
///
/// The runner runs the steps from the first sink that blocks on I/O (`AnyStage.blocksOnIO`: an
/// export that creates a file per document) here, so the kernel's file creation waits on this
/// thread instead of on one of the cooperative pool's threads that the stages need (one per
/// core). As Vector runs each sink as a task of its own, the documents of the next batch then
/// go through the stages while this thread writes the previous batch's files.
///
/// `start()` before the first task, `stop()` when the run has no more work for it: the thread
/// finishes the jobs it holds and exits.
final class SinkThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var thread: Thread?

    init() {}

    /// Starts the thread (8 MiB of stack, as the pool's threads have), named `pipeline-sink`
    /// (in `top -H`, `perf` and `/proc/PID/task/*/comm`).
    func start() {
        let thread = Thread { [self] in
            // Named from inside, straight to the kernel: Foundation's `Thread.name` setter passes
            // the name on only once `start()` has stored the new thread's handle, which the new
            // thread can outrun on a loaded machine (it then kept its creator's name, e.g. a
            // pool thread's `user-initiated-qos`).
            Thread.current.name = "pipeline-sink"
            Self.nameCurrentThreadInKernel("pipeline-sink")
            runLoop()
        }
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Gives the calling thread `name` as the kernel shows it (`/proc/PID/task/*/comm`, at most 15
    /// bytes): what `pthread_setname_np` does for the calling thread, which Swift cannot import.
    private static func nameCurrentThreadInKernel(_ name: String) {
        #if os(Linux)
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
        #endif
    }

    /// Lets the thread exit once it has run every job enqueued so far.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        var taken: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&taken, &jobs)
            condition.unlock()
            for job in taken { job.runSynchronously(on: asUnownedTaskExecutor()) }
            taken.removeAll(keepingCapacity: true)
        }
    }
}
