import CProcessSpawn

/// The process groups of programs that stages started, so that none outlives `pipeline`.
///
/// A stage that spawns a program in its own process group registers the group while it runs
/// (`ProcessSupport.ChildProcess` does it for every program). The first registration installs
/// handlers for SIGTERM, SIGINT and SIGHUP that send SIGKILL to every registered group and then
/// let the signal take its default course (the exit status still says "killed by SIGTERM"); an
/// `atexit` hook and the stdout writer's EPIPE exit do the same through `killAll()`. SIGKILL of
/// `pipeline` itself cannot be caught: there, each program's `PR_SET_PDEATHSIG` (set by
/// ProcessSupport between fork and exec) kills it.
///
/// The table and the handler live in C (`CProcessSpawn/child_registry.c`): the handler may only
/// make async-signal-safe calls and read the table without locks.
public enum ChildProcesses {
    /// Records the process group `group` (a program's pid when it leads its own group).
    public static func register(_ group: Int32) {
        pipeline_children_register(group)
    }

    /// Forgets `group` (the program ended and its group was killed or reaped).
    public static func unregister(_ group: Int32) {
        pipeline_children_unregister(group)
    }

    /// The groups registered now (tests).
    public static var registered: [Int32] {
        var groups = [Int32](repeating: 0, count: 4096)
        let count = Int(pipeline_children_list(&groups, Int32(groups.count)))
        return Array(groups.prefix(count))
    }

    /// Sends SIGKILL to every registered group. Async-signal-safe.
    public static func killAll() {
        pipeline_children_kill_all()
    }
}
