import Foundation

/// Reads lines from a file descriptor in large chunks, without holding the whole stream:
/// the JSON-lines reader for inputs of any size.
///
/// Two ways to take lines: `next(blocking:appendingTo:)` copies each line out, and
/// `nextSpan(blocking:mayRead:)` + `handOver()` give a batch of lines as spans of the reader's
/// own buffer, with no copy (the runner's path): the buffer is handed over whole, shared with
/// the batch, and from then on never written again; the next `read` goes into a fresh buffer
/// that starts with the unread bytes (at most the part of a line that was not complete).
///
/// A regular file of a megabyte or more is not read at all: it is mapped into memory a window of
/// a few megabytes at a time (``MappedInput``), and the spans index the window, handed to the
/// batches the same way; what the file grows by after that is read once the windows reach the
/// size it had.
///
/// Linear in the input: the search for the next newline resumes where the last one stopped,
/// so a 200 MB line costs one pass, not one pass per 64 KB chunk. A UTF-8 byte-order mark at
/// the very start of the stream is dropped (`bomLength` says so, for byte columns in errors).
final class LineReader: @unchecked Sendable {
    private let fd: Int32
    private let closeOnEnd: Bool
    /// What a truncation message calls the input (see ``MappedInput``).
    private let name: String
    /// The bytes of a large regular file mapped at a time (see ``defaultWindowBytes``); `nil`:
    /// such a file is read like any other (tests read one both ways).
    private let mapWindowBytes: Int?
    // One owner (the task that reads input) and no reentrant access: the per-line accesses
    // skip the runtime's dynamic exclusivity checks.
    /// Bytes read and not yet handed out are `buffer[start..<end]`; `buffer[end...]` is room
    /// for the next `read` (zero-filled once, when the buffer grows, not before every read).
    /// While `mapped` is set, `start`, `end` and `scanned` index its bytes instead.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    /// The window of the input file mapped into memory, while the file is read that way (until
    /// the windows reach the file's end as it was; then `buffer` again).
    @exclusivity(unchecked) private var mapped: MappedInput?
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    /// Where the newline search resumes (everything in `start..<scanned` has no newline).
    @exclusivity(unchecked) private var scanned = 0
    @exclusivity(unchecked) private var atEOF = false
    /// Whether `buffer` was handed over (`handOver()`): its bytes must not change any more.
    @exclusivity(unchecked) private var shared = false
    /// Whether nothing was read or mapped yet (the first `fill` maps a large file, and looks
    /// for a byte-order mark).
    private var atStart = true
    /// Longest accepted line; longer lines are reported and skipped.
    let maxLineBytes: Int
    /// 1-based number of the line last returned.
    @exclusivity(unchecked) private(set) var lineNumber = 0
    /// Bytes looked at by newline searches so far: about the input's size (linearity tests).
    @exclusivity(unchecked) private(set) var bytesExamined = 0
    /// 3 when the stream began with a UTF-8 byte-order mark (dropped from line 1), else 0.
    private(set) var bomLength = 0
    /// `buffer` as batches hold it, once handed over; let go when a fresh buffer starts.
    private var handedOver: ReadBuffer?
    /// Where handed-over buffers come back when the batches are done with them.
    private let pool = SpareBuffer()

    /// A reader of `fd` (closed at the end when `closeOnEnd`), which messages call `name`; a
    /// large regular file is mapped `mapWindowBytes` at a time, or read when that is `nil`.
    init(fd: Int32, closeOnEnd: Bool, name: String = "<input>", maxLineBytes: Int = 256 << 20,
         mapWindowBytes: Int? = LineReader.defaultWindowBytes) {
        self.fd = fd
        self.closeOnEnd = closeOnEnd
        self.name = name
        self.maxLineBytes = maxLineBytes
        self.mapWindowBytes = mapWindowBytes.map { max(1, $0) }
    }

    /// A reader over bytes already in memory (tests and fuzzing): same splitting, same BOM rule.
    convenience init(bytes: [UInt8], maxLineBytes: Int = 256 << 20) {
        self.init(fd: -1, closeOnEnd: false, maxLineBytes: maxLineBytes, mapWindowBytes: nil)
        var body = bytes[...]
        if body.starts(with: Self.byteOrderMark) {
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
            let found = newline(from: scanned, to: end)
            bytesExamined += (found ?? end) - scanned
            if let newline = found {
                let length = newline - start
                let read: Read
                if length > maxLineBytes {
                    read = .tooLong(length)
                } else {
                    let end = length > 0 && byte(at: newline - 1) == 0x0D ? newline - 1 : newline
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

    /// What `nextSpan(blocking:mayRead:)` found.
    enum Span: Equatable {
        /// A line: its bytes are `bytes[range]` (terminator dropped).
        case line(Range<Int>)
        case tooLong(Int)
        case wouldBlock
        /// No complete line is buffered, and `mayRead` was false.
        case needsRead
        case end
    }

    /// Whether `bytes[span]` holds only spaces and tabs (a blank line: no document, no error).
    func isBlank(_ span: Range<Int>) -> Bool {
        withBytes { b in b[span].allSatisfy { $0 == 0x20 || $0 == 0x09 } }
    }

    /// The next line as a span of `bytes`, without copying it. Reads (and, when `blocking`,
    /// waits for input) only when `mayRead`; a batch passes `mayRead` for its first line only,
    /// so the spans it gathered stay where they are until it takes the buffer with `handOver()`.
    func nextSpan(blocking: Bool, mayRead: Bool) -> Span {
        while true {
            let found = newline(from: scanned, to: end)
            bytesExamined += (found ?? end) - scanned
            if let newline = found {
                let length = newline - start
                let span: Span
                if length > maxLineBytes {
                    span = .tooLong(length)
                } else {
                    let lineEnd = length > 0 && byte(at: newline - 1) == 0x0D ? newline - 1 : newline
                    span = .line(start..<lineEnd)
                }
                start = newline + 1
                scanned = start
                lineNumber += 1
                return span
            }
            scanned = end
            if atEOF {
                guard start < end else { return .end }
                let span = start..<end
                start = end
                lineNumber += 1
                return .line(span)
            }
            guard mayRead else { return .needsRead }
            if end - start > maxLineBytes {
                return .tooLong(skipRestOfLine())
            }
            if !blocking && !readable() { return .wouldBlock }
            fill()
        }
    }

    /// The buffer the spans returned so far index, shared with the caller (no copy). The reader
    /// never writes into it again while any holder is left: its next `read` starts a fresh
    /// buffer, which may be an earlier one that every holder let go of (`ReadBuffer`).
    func handOver() -> ReadBuffer {
        shared = true
        if let handedOver { return handedOver }
        let lease = mapped.map { ReadBuffer(mapped: $0) } ?? ReadBuffer(buffer, pool: pool)
        handedOver = lease
        return lease
    }

    /// Whether the bytes being read are a mapped window of the file (``MappedInput``).
    var isMapped: Bool { mapped != nil }

    /// Calls `body` with the bytes that `start`, `end` and `scanned` index: the mapping's or the buffer's.
    @inline(__always)
    private func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let mapped { return body(mapped.bytes) }
        return buffer.withUnsafeBufferPointer(body)
    }

    /// The byte at `index` of the bytes being read.
    private func byte(at index: Int) -> UInt8 {
        withBytes { $0[index] }
    }

    /// Appends `bytes[range]` to `out` in one copy.
    private func append(_ range: Range<Int>, to out: inout [UInt8]) {
        withBytes { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The index of the first `\n` in `bytes[from..<to]` (`memchr`: word-at-a-time, not a byte loop).
    private func newline(from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return withBytes { b in
            guard let hit = memchr(b.baseAddress! + from, 0x0A, to - from) else { return nil }
            return b.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Skips an overlong line to its newline (or the end); returns its length.
    private func skipRestOfLine() -> Int {
        var skipped = 0
        while true {
            // Everything so far is the line's: dropped, then more read (or the next window mapped).
            skipped += end - start
            start = end
            scanned = end
            if atEOF { break }
            fill()
            if let newline = newline(from: start, to: end) {
                skipped += newline - start
                start = newline + 1
                scanned = start
                compact()
                break
            }
        }
        lineNumber += 1
        return skipped
    }

    /// Moves the unread bytes to the front once enough are behind them (or none are left).
    private func compact() {
        guard !shared, mapped == nil, start > 1 << 20 || start == end else { return }
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

    /// Reads into the buffer's room after `end` (one copy: the kernel's), as much as the room
    /// holds; the room is made, zero-filled, only when the buffer must grow. A buffer that was
    /// handed over is left as it is: the unread bytes move to a fresh one first.
    ///
    /// A large regular file is mapped instead, at the first call; at the end of a window the next
    /// one is mapped from the unread bytes on, and once the windows reach the file's end the
    /// reader goes back to `read` from there (for what the file grew by, or the end).
    private func fill() {
        if let window = mapped {
            if let (_, size) = MappedInput.position(of: fd), size > window.fileEnd,
               mapWindow(from: window.fileStart + start, unreadScanned: end - start, fileSize: size) { return }
            leaveMapping()
        } else if atStart, mapWindowBytes != nil, let (offset, size) = MappedInput.position(of: fd), size - offset >= Self.smallestMappedFile,
                  mapWindow(from: offset, unreadScanned: 0, fileSize: size) {
            atStart = false
            if mapped!.bytes.starts(with: Self.byteOrderMark) {
                start = 3
                scanned = 3
                bomLength = 3
            }
            return
        }
        if shared || buffer.isEmpty {
            startFreshBuffer()
        } else if start > 0 && buffer.count - end < Self.readSize {
            // Room is short and bytes before `start` are done with (no span of them is out:
            // a batch reads only for its first line): move the unread bytes to the front.
            let unread = end - start
            buffer.withUnsafeMutableBufferPointer { b in b.baseAddress!.update(from: b.baseAddress! + start, count: unread) }
            scanned -= start
            end = unread
            start = 0
        }
        let old = end
        if buffer.count - end < Self.readSize {
            buffer.append(contentsOf: repeatElement(0, count: Self.readSize - (buffer.count - end)))
        }
        var bytesRead = 0
        buffer.withUnsafeMutableBytes { bytesRead = read(fd, $0.baseAddress! + old, $0.count - old) }
        end += max(0, bytesRead)
        if bytesRead <= 0 {
            if bytesRead < 0 && errno == EINTR { return }
            atEOF = true
            return
        }
        if atStart {
            // A BOM may arrive split over reads only in pathological streams; check the first chunk.
            atStart = false
            if buffer[old..<end].starts(with: Self.byteOrderMark) {
                buffer.removeSubrange(old..<(old + 3))
                end -= 3
                bomLength = 3
            }
        }
    }

    /// Replaces a handed-over buffer with a fresh one (`freshSize` bytes, or more for a long
    /// line) that starts with the unread bytes; the fresh bytes after them are not zero-filled.
    /// The fresh one is a buffer that came back from the batches when there is one.
    private func startFreshBuffer() {
        let unread = end - start
        let size = max(Self.freshSize, unread + Self.readSize)
        let from = start
        // Taken before the current buffer is let go of, so it is never the buffer it copies from.
        // A new one's bytes are left uninitialized (the reads fill them).
        var fresh = pool.take(size: size) ?? [UInt8](unsafeUninitializedCapacity: size) { _, initialized in initialized = size }
        if unread > 0 {
            fresh.withUnsafeMutableBufferPointer { target in
                withBytes { target.baseAddress!.update(from: $0.baseAddress! + from, count: unread) }
            }
        }
        buffer = fresh
        handedOver = nil
        scanned -= start
        end = unread
        start = 0
        shared = false
    }

    /// Makes the window of the file (of `fileSize` bytes) from offset `fileOffset` the bytes
    /// being read, and returns whether it could (mapping is on and `mmap` worked). A window after
    /// the first starts at the unread bytes of the one before (the start of a line,
    /// `unreadScanned` of them, which hold no newline) and is twice as long as they are when
    /// they fill most of a window (a long line).
    private func mapWindow(from fileOffset: Int, unreadScanned: Int, fileSize: Int) -> Bool {
        guard let windowBytes = mapWindowBytes else { return false }
        let fileEnd = min(fileSize, fileOffset + max(windowBytes, 2 * unreadScanned))
        guard let window = MappedInput(fd: fd, bytes: fileOffset..<fileEnd, name: name) else { return false }
        mapped = window
        handedOver = nil
        shared = false
        start = 0
        scanned = unreadScanned
        end = window.bytes.count
        return true
    }

    /// Reads on from where the mapped bytes end: the descriptor moves there (what the file grew
    /// by since it was mapped is read next), and the unread bytes (the start of a line) go to
    /// the front of a fresh buffer.
    private func leaveMapping() {
        guard let mapped else { return }
        _ = lseek(fd, off_t(mapped.fileEnd), SEEK_SET)
        startFreshBuffer()
        self.mapped = nil
    }

    /// The bytes mapped at a time (a window holds a longer line whole): the pages of the
    /// windows in use count in the process's resident memory.
    static let defaultWindowBytes = 4 << 20
    /// The smallest rest of a regular file that is mapped rather than read: below it a file is
    /// one `read` into one buffer, whose copy costs about what a mapping's set-up and page faults
    /// do. Its own figure, not the batch size's or the fresh buffer's: the tests that mean to
    /// read a mapped file write files above it (and check `isMapped`).
    private static let smallestMappedFile = 1 << 20
    /// The UTF-8 byte-order mark, dropped from the start of a stream.
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// Room asked for per `read`, at least.
    private static let readSize = 1 << 16
    /// A fresh buffer's size: several batches' worth of lines (`BatchLimits.maxBytes` each) per
    /// `read` (a batch takes only lines already read, so a buffer near a batch's size would cut
    /// batches short). Pages of it no `read` reached are never touched.
    private static let freshSize = 4 << 20
}
