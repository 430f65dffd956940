#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups of programs that stages started, so that none outlives `pipeline`.
///
/// A stage that spawns a program in its own process group registers the group while it runs.
/// The first registration installs handlers for SIGTERM, SIGINT and SIGHUP that send SIGKILL
/// to every registered group and then let the signal take its default course (the exit status
/// still says "killed by SIGTERM"); an `atexit` hook and the stdout writer's EPIPE exit do
/// the same through `killAll()`. SIGKILL of `pipeline` itself cannot be caught: that path is
/// covered only where the child sets `PR_SET_PDEATHSIG` (see docs/reliability.md).
///
/// The table is a fixed array read by the signal handler without locks (only async-signal-safe
/// calls there: `kill`, `signal`, `raise`); registration is serialised by a mutex.
public enum ChildProcesses {
    /// Slots of the table; a group that finds no free slot is still killed by its stage.
    static let capacity = 4096
    nonisolated(unsafe) static let table: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    nonisolated(unsafe) static var installed = false

    /// Records the process group `group` (a program's pid when it leads its own group).
    public static func register(_ group: Int32) {
        guard group > 1 else { return }
        withLock {
            installOnce()
            for i in 0..<capacity where table[i] == 0 {
                table[i] = group
                return
            }
        }
    }

    /// Forgets `group` (the program ended and its group was killed or reaped).
    public static func unregister(_ group: Int32) {
        guard group > 1 else { return }
        withLock {
            for i in 0..<capacity where table[i] == group { table[i] = 0 }
        }
    }

    /// The groups registered now (tests).
    public static var registered: [Int32] {
        withLock { (0..<capacity).map { table[$0] }.filter { $0 != 0 } }
    }

    /// Sends SIGKILL to every registered group. Async-signal-safe.
    public static func killAll() {
        for i in 0..<capacity {
            let group = table[i]
            if group > 1 { _ = kill(-group, SIGKILL) }
        }
    }

    /// The signals after which `pipeline` kills its children and dies.
    public static let fatalSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    private static func installOnce() {
        guard !installed else { return }
        installed = true
        for sig in fatalSignals {
            // Keep an inherited "ignore" (nohup, a shell's background job): then the signal
            // does not stop pipeline, so it must not stop the children either.
            var old = sigaction()
            sigaction(sig, nil, &old)
            if isIgnored(old) { continue }
            var action = sigaction()
            #if canImport(Darwin)
            action.__sigaction_u.__sa_handler = onFatalSignal
            #else
            action.__sigaction_handler.sa_handler = onFatalSignal
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
        atexit { ChildProcesses.killAll() }
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if canImport(Darwin)
        let handler = action.__sigaction_u.__sa_handler
        #else
        let handler = action.__sigaction_handler.sa_handler
        #endif
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(registryMutex)
        defer { pthread_mutex_unlock(registryMutex) }
        return body()
    }
}

/// The handler for `ChildProcesses.fatalSignals`: kill the children, then die of the signal.
private func onFatalSignal(_ sig: Int32) {
    ChildProcesses.killAll()
    signal(sig, SIG_DFL)
    raise(sig)
}

/// Serialises registration (the signal handler reads the table without it).
nonisolated(unsafe) private let registryMutex: UnsafeMutablePointer<pthread_mutex_t> = {
    let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(m, nil)
    return m
}()

/// One started program's process group, registered with `ChildProcesses` from `started` until
/// `end()` (which kills what is left of the group). Safe to use from several tasks.
public final class ChildProcessGroup: @unchecked Sendable {
    private var group: Int32 = 0
    /// Creates an empty guard.
    public init() {}

    /// The program started as the leader of process group `group`.
    public func started(_ group: Int32) {
        pthread_mutex_lock(registryMutex)
        self.group = group
        pthread_mutex_unlock(registryMutex)
        ChildProcesses.register(group)
    }

    /// Kills the group (the program and every child it left) and forgets it; idempotent.
    public func end() {
        pthread_mutex_lock(registryMutex)
        let g = group
        group = 0
        pthread_mutex_unlock(registryMutex)
        guard g > 1 else { return }
        _ = kill(-g, SIGKILL)
        ChildProcesses.unregister(g)
    }
}
