import Foundation

/// Reads lines from a file descriptor in large chunks, without holding the whole stream:
/// the JSON-lines reader for inputs of any size.
///
/// Linear in the input: the search for the next newline resumes where the last one stopped,
/// so a 200 MB line costs one pass, not one pass per 64 KB chunk. A UTF-8 byte-order mark at
/// the very start of the stream is dropped (`bomLength` says so, for byte columns in errors).
final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private let closeOnEnd: Bool
    // One owner (the task that reads input) and no reentrant access: the per-line accesses
    // skip the runtime's dynamic exclusivity checks.
    /// Bytes read and not yet handed out are `buffer[start..<end]`; `buffer[end...]` is room
    /// for the next `read` (zero-filled once, when the buffer grows, not before every read).
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    /// Where the newline search resumes (everything in `start..<scanned` has no newline).
    @exclusivity(unchecked) private var scanned = 0
    @exclusivity(unchecked) private var atEOF = false
    private var atStart = true
    /// Longest accepted line; longer lines are reported and skipped.
    let maxLineBytes: Int
    /// 1-based number of the line last returned.
    @exclusivity(unchecked) private(set) var lineNumber = 0
    /// Bytes looked at by newline searches so far: about the input's size (linearity tests).
    @exclusivity(unchecked) private(set) var bytesExamined = 0
    /// 3 when the stream began with a UTF-8 byte-order mark (dropped from line 1), else 0.
    private(set) var bomLength = 0

    init(fd: Int32, closeOnEnd: Bool, maxLineBytes: Int = 256 << 20) {
        self.fd = fd
        self.closeOnEnd = closeOnEnd
        self.maxLineBytes = maxLineBytes
    }

    /// A reader over bytes already in memory (tests and fuzzing): same splitting, same BOM rule.
    convenience init(bytes: [UInt8], maxLineBytes: Int = 256 << 20) {
        self.init(fd: -1, closeOnEnd: false, maxLineBytes: maxLineBytes)
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
            bomLength = 3
        }
        buffer = Array(body)
        end = buffer.count
        atStart = false
        atEOF = true
    }

    deinit { if closeOnEnd { close(fd) } }

    enum Line: Equatable {
        case line([UInt8])
        case tooLong(Int)
        /// Only from `next(blocking: false)`: no complete line yet and reading would wait.
        case wouldBlock
    }

    /// The next line without its terminator, or `nil` at the end. With `blocking: false`,
    /// `.wouldBlock` when no line is buffered and the descriptor has nothing to read now
    /// (a pipe whose producer is idle).
    func next(blocking: Bool = true) -> Line? {
        var bytes: [UInt8] = []
        switch next(blocking: blocking, appendingTo: &bytes) {
        case .line: return .line(bytes)
        case .tooLong(let length): return .tooLong(length)
        case .wouldBlock: return .wouldBlock
        case .end: return nil
        }
    }

    /// What `next(blocking:appendingTo:)` found.
    enum Read: Equatable {
        /// A line, appended to the caller's buffer (its length in bytes, terminator dropped).
        case line(length: Int)
        case tooLong(Int)
        case wouldBlock
        case end
    }

    /// Reads the next line as `next(blocking:)` does, appending its bytes to `out` (no array
    /// per line: the runner gathers a batch's lines in one buffer).
    func next(blocking: Bool, appendingTo out: inout [UInt8]) -> Read {
        while true {
            let found = Self.newline(in: buffer, from: scanned, to: end)
            bytesExamined += (found ?? end) - scanned
            if let newline = found {
                let length = newline - start
                let read: Read
                if length > maxLineBytes {
                    read = .tooLong(length)
                } else {
                    let end = length > 0 && buffer[newline - 1] == 0x0D ? newline - 1 : newline
                    append(start..<end, to: &out)
                    read = .line(length: end - start)
                }
                start = newline + 1
                scanned = start
                lineNumber += 1
                compact()
                return read
            }
            scanned = end
            if end - start > maxLineBytes {
                return .tooLong(skipRestOfLine())
            }
            if atEOF {
                guard start < end else { return .end }
                let length = end - start
                append(start..<end, to: &out)
                start = 0
                end = 0
                scanned = 0
                lineNumber += 1
                return .line(length: length)
            }
            if !blocking && !readable() { return .wouldBlock }
            fill()
        }
    }

    /// Appends `buffer[range]` to `out` in one copy.
    private func append(_ range: Range<Int>, to out: inout [UInt8]) {
        buffer.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The index of the first `\n` in `buffer[from..<to]` (`memchr`: word-at-a-time, not a byte loop).
    private static func newline(in buffer: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return buffer.withUnsafeBufferPointer { b in
            guard let hit = memchr(b.baseAddress! + from, 0x0A, to - from) else { return nil }
            return b.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Skips an overlong line to its newline (or the end); returns its length.
    private func skipRestOfLine() -> Int {
        var skipped = end - start
        start = 0
        end = 0
        scanned = 0
        while !atEOF {
            fill()
            if let newline = Self.newline(in: buffer, from: 0, to: end) {
                skipped += newline
                start = newline + 1
                scanned = start
                compact()
                break
            }
            skipped += end
            end = 0
        }
        lineNumber += 1
        return skipped
    }

    /// Moves the unread bytes to the front once enough are behind them (or none are left).
    private func compact() {
        guard start > 1 << 20 || start == end else { return }
        let unread = end - start
        if unread > 0 {
            buffer.withUnsafeMutableBufferPointer { b in
                let base = b.baseAddress!
                base.update(from: base + start, count: unread)
            }
        }
        scanned -= start
        end = unread
        start = 0
    }

    /// Whether a read would return at once (data or end of file).
    private func readable() -> Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, 0)
        return ready != 0
    }

    /// Reads up to 64 KiB into the buffer's room after `end` (one copy: the kernel's); the
    /// room is made, zero-filled, only when the buffer must grow.
    private func fill() {
        let old = end
        if buffer.count - end < Self.readSize {
            buffer.append(contentsOf: repeatElement(0, count: Self.readSize - (buffer.count - end)))
        }
        var bytesRead = 0
        buffer.withUnsafeMutableBytes { bytesRead = read(fd, $0.baseAddress! + old, Self.readSize) }
        end += max(0, bytesRead)
        if bytesRead <= 0 {
            if bytesRead < 0 && errno == EINTR { return }
            atEOF = true
            return
        }
        if atStart {
            // A BOM may arrive split over reads only in pathological streams; check the first chunk.
            atStart = false
            if buffer[old..<end].starts(with: [0xEF, 0xBB, 0xBF]) {
                buffer.removeSubrange(old..<(old + 3))
                end -= 3
                bomLength = 3
            }
        }
    }

    /// Bytes asked for per `read`.
    private static let readSize = 1 << 16
}
