import Foundation
import PipelineKit
import ProcessSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One long-lived program for a whole run (`persistent: true`).
///
/// Framing: every input line (one document) must be answered by exactly one output line (a
/// document object, a JSON array of them, or `{"drop": true}`). `process` is called from many
/// tasks at once, so documents take turns: the actor hands the process to one caller at a time
/// (actor methods alone would interleave at every `await`). When an answer fails (timeout,
/// malformed line, output over the limit, the program exited), the process is killed with its
/// group and the next document starts a fresh one.
actor PersistentSession {
    private let launch: Launch
    private var live: LiveProcess?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(launch: Launch) {
        self.launch = launch
    }

    /// Sends one document, waits for its answer and turns it into documents.
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        await acquire()
        defer { release() }

        if let current = live, current.mailbox.hasUnreadLines {
            context.note("program '\(launch.displayName)' wrote more output lines than it had documents (persistent mode needs exactly one line per document); restarting it")
            await discard(current)
        } else if let current = live, current.mailbox.hasEnded {
            let status = await current.waitForExit(grace: .seconds(1))
            let how = status.map { if case .exited(let code) = $0 { "with status \(code)" } else { "on a signal" } } ?? ""
            context.note("program '\(launch.displayName)' exited \(how) between documents (persistent mode keeps it running until stdin closes); restarting it")
            await discard(current)
        }
        let request = Array((document.jsonLine() + "\n").utf8)
        var process = current()
        var mark = process.stderrMark
        process.send(request)
        var event = await process.mailbox.next(timeout: launch.timeout)
        if case .ended(.closed) = event, process.answered > 0 {
            // A program that answers and then exits (one document per process) may still have
            // looked alive when this document was sent: its exit raced the send. Its earlier
            // answers were complete, so start a fresh one and send the document again.
            let status = await process.waitForExit(grace: .seconds(1))
            await discard(process)
            if case .exited(0)? = status {
                process = current()
                mark = process.stderrMark
                process.send(request)
                event = await process.mailbox.next(timeout: launch.timeout)
            } else {
                throw launch.error(.closedBeforeAnswering(status), stderrTail: process.tail.text(since: mark))
            }
        }
        switch event {
        case .line(let bytes):
            let number = process.answered + 1
            do {
                let documents = try Replies.documents(
                    from: [Replies.Line(number: number, bytes: bytes[...])], input: document, stageID: context.stageID)
                process.answered = number
                process.stderrMark = process.tail.mark
                return documents
            } catch let failure as Replies.Malformed {
                await discard(process)
                throw launch.error(.malformed(failure.message), stderrTail: process.tail.text(since: mark))
            }
        case .timedOut:
            await discard(process)
            throw launch.error(.noAnswer, stderrTail: process.tail.text(since: mark))
        case .ended(.overflow):
            await discard(process)
            throw launch.error(.outputTooLarge, stderrTail: process.tail.text(since: mark))
        case .ended(.couldNotStart(let why)):
            live = nil
            throw launch.error(.couldNotStart(why), stderrTail: process.tail.text(since: mark))
        case .ended(.closed):
            let status = await process.waitForExit(grace: .seconds(1))
            await discard(process)
            throw launch.error(.closedBeforeAnswering(status), stderrTail: process.tail.text(since: mark))
        }
    }

    /// The running program, started when there is none.
    private func current() -> LiveProcess {
        if let live { return live }
        let process = LiveProcess.start(launch)
        live = process
        return process
    }

    /// Closes the program's stdin, gives it a moment to exit, then kills what is left of its group.
    func shutdown() async {
        await acquire()
        defer { release() }
        guard let process = live else { return }
        live = nil
        process.closeInput()
        _ = await process.waitForExit(grace: min(launch.timeout, .seconds(5)))
        process.kill()
    }

    private func discard(_ process: LiveProcess) async {
        if live === process { live = nil }
        process.closeInput()
        process.kill()
        _ = await process.waitForExit(grace: .seconds(5))
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// A started program: its input queue, its output lines, its stderr tail and its exit.
final class LiveProcess: Sendable {
    let mailbox: LineMailbox
    let tail: StderrTail
    private let counters = LockedValue(Counters())
    private let requests: AsyncStream<[UInt8]>.Continuation
    private let process: ChildProcess?
    private let task: Task<ProgramExit?, Never>

    /// Answers received so far, and the stderr position after the last good answer (errors
    /// show what came after it). Used by the owning actor, one caller at a time.
    struct Counters {
        var answered = 0
        var stderrMark = 0
    }

    var answered: Int {
        get { counters.withLock { $0.answered } }
        set { counters.withLock { $0.answered = newValue } }
    }

    var stderrMark: Int {
        get { counters.withLock { $0.stderrMark } }
        set { counters.withLock { $0.stderrMark = newValue } }
    }

    private init(mailbox: LineMailbox, tail: StderrTail, requests: AsyncStream<[UInt8]>.Continuation,
                 process: ChildProcess?, task: Task<ProgramExit?, Never>) {
        self.mailbox = mailbox
        self.tail = tail
        self.requests = requests
        self.process = process
        self.task = task
    }

    /// Starts the program and a task that feeds its stdin and reads its output until it ends.
    static func start(_ launch: Launch) -> LiveProcess {
        let mailbox = LineMailbox(limit: launch.maxOutputBytes)
        let tail = StderrTail()
        let (stream, requests) = AsyncStream<[UInt8]>.makeStream()
        let process: ChildProcess
        do {
            process = try launch.start()
        } catch {
            mailbox.close(.couldNotStart(error.description))
            requests.finish()
            return LiveProcess(mailbox: mailbox, tail: tail, requests: requests, process: nil, task: Task { nil })
        }
        let task = Task<ProgramExit?, Never> {
            await withTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    for await buffer in process.standardError { tail.append(buffer) }
                }
                tasks.addTask {
                    for await buffer in process.standardOutput {
                        if !buffer.withUnsafeBytes({ mailbox.feed($0) }) {
                            process.killGroup()
                            break
                        }
                    }
                    mailbox.close(.closed)
                    requests.finish()
                }
                tasks.addTask {
                    for await request in stream {
                        do { try await process.write(request) } catch { break }
                    }
                    process.closeInput()
                }
            }
            mailbox.close(.closed)
            let exit = await process.waitForExit()
            // Children the program left behind go with it.
            process.killGroup()
            return exit
        }
        return LiveProcess(mailbox: mailbox, tail: tail, requests: requests, process: process, task: task)
    }

    /// Queues one line for the program's stdin.
    func send(_ line: [UInt8]) { requests.yield(line) }

    /// Closes the program's stdin once every queued line is written.
    func closeInput() { requests.finish() }

    /// Kills the program's whole process group.
    func kill() {
        process?.killGroup()
        task.cancel()
    }

    /// The exit status, waiting at most `grace` before killing the group; `nil` if it never started.
    func waitForExit(grace: Duration) async -> ProgramExit? {
        enum First: Sendable { case exited(ProgramExit?), graceOver }
        let task = self.task
        return await withTaskGroup(of: First.self) { group in
            group.addTask { .exited(await task.value) }
            group.addTask {
                try? await Task.sleep(for: grace)
                return .graceOver
            }
            var status: ProgramExit?
            var exited = false
            while let first = await group.next() {
                switch first {
                case .exited(let exitStatus):
                    status = exitStatus
                    exited = true
                    group.cancelAll()
                case .graceOver:
                    if !exited { self.kill() }
                }
            }
            return status
        }
    }
}

/// Splits a persistent program's stdout into lines and hands them to the one waiting caller,
/// with a timeout. Blank lines are skipped; a line longer than `limit` bytes ends the mailbox.
final class LineMailbox: Sendable {
    /// Why no more lines will come.
    enum End: Sendable {
        case closed
        case overflow
        case couldNotStart(String)
    }

    /// What `next` returns.
    enum Event: Sendable {
        case line([UInt8])
        case ended(End)
        case timedOut
    }

    /// Everything the lock guards.
    private struct State {
        var lines: [[UInt8]] = []
        var head = 0
        var partial: [UInt8] = []
        var end: End?
        var waiter: (token: Int, continuation: CheckedContinuation<Event, Never>)?
        var expired: Set<Int> = []
        var tokens = 0

        mutating func completeLine() {
            var line = partial
            partial = []
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            lines.append(line)
        }

        mutating func popLine() -> [UInt8] {
            let line = lines[head]
            head += 1
            if head == lines.count {
                lines.removeAll(keepingCapacity: true)
                head = 0
            }
            return line
        }

        /// The waiter and what to give it, if something is ready.
        mutating func takeDelivery() -> (CheckedContinuation<Event, Never>, Event)? {
            guard let waiting = waiter else { return nil }
            if head < lines.count {
                waiter = nil
                return (waiting.continuation, .line(popLine()))
            }
            if let end {
                waiter = nil
                return (waiting.continuation, .ended(end))
            }
            return nil
        }
    }

    private let state = LockedValue(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// `true` when complete lines are waiting that no caller asked for.
    var hasUnreadLines: Bool { state.withLock { $0.head < $0.lines.count } }

    /// `true` when no more lines will come and none are left to read.
    var hasEnded: Bool { state.withLock { $0.end != nil && $0.head == $0.lines.count } }

    /// Adds output bytes; returns `false` when a line grew past the limit.
    func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let limit = self.limit
        let (ok, delivery) = state.withLock { state -> (Bool, (CheckedContinuation<Event, Never>, Event)?) in
            var ok = true
            if state.end == nil {
                var start = bytes.startIndex
                while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    state.partial.append(contentsOf: bytes[start..<newline])
                    start = newline + 1
                    if state.partial.count > limit { ok = false; break }
                    state.completeLine()
                }
                if ok {
                    state.partial.append(contentsOf: bytes[start...])
                    if state.partial.count > limit { ok = false }
                }
                if !ok {
                    state.end = .overflow
                    state.partial = []
                }
            }
            return (ok, state.takeDelivery())
        }
        if let (continuation, event) = delivery { continuation.resume(returning: event) }
        return ok
    }

    /// No more output will come.
    func close(_ reason: End) {
        let delivery = state.withLock { state in
            if state.end == nil { state.end = reason }
            return state.takeDelivery()
        }
        if let (continuation, event) = delivery { continuation.resume(returning: event) }
    }

    /// The next line, the end, or `.timedOut` after `timeout`.
    func next(timeout: Duration) async -> Event {
        let token = state.withLock { state in
            state.tokens += 1
            return state.tokens
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { expire(token) }
        }
        let event = await withCheckedContinuation { (continuation: CheckedContinuation<Event, Never>) in
            let ready: Event? = state.withLock { state in
                if state.head < state.lines.count { return .line(state.popLine()) }
                if let end = state.end { return .ended(end) }
                if state.expired.remove(token) != nil { return .timedOut }
                state.waiter = (token, continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
        timer.cancel()
        return event
    }

    private func expire(_ token: Int) {
        let continuation = state.withLock { state -> CheckedContinuation<Event, Never>? in
            if let waiting = state.waiter, waiting.token == token {
                state.waiter = nil
                return waiting.continuation
            }
            state.expired.insert(token)
            return nil
        }
        continuation?.resume(returning: .timedOut)
    }
}
