import CProcessSpawn

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A window of a regular input file mapped read-only into memory: what ``LineReader`` reads a
/// large JSON-lines file from, in place. The lines are spans of the page cache itself: no `read`
/// copies them into a buffer first (that copy was ~6% of strip + redact's CPU over 36 MB of news
/// items: the kernel writing into a megabyte of buffer that had left the cache since its last use).
///
/// A window is a few megabytes, not the whole file: its pages count in the process's resident
/// memory while it is mapped, and it is unmapped when the reader and every batch whose lines are
/// spans of it (``ReadBuffer``) let go, so a file of any size keeps a few windows resident. A
/// file that grows while it is read is read to its new end with `read` once the mapped part is
/// used up (the descriptor is moved to the last window's end); one that is truncated stops the
/// run with a message naming it (SIGBUS, see `mapped_input.h`; a device error too), where `read`
/// would have seen a shorter file and the run would have ended early with documents missing.
final class MappedInput: @unchecked Sendable {
    /// The mapped bytes: the file's bytes `fileStart..<fileEnd`.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The file offsets of the first mapped byte and just past the last.
    let fileStart: Int
    let fileEnd: Int
    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int
    /// The mapping's entry in the SIGBUS handler's table (`mapped_input.h`).
    private let slot: Int32

    /// Where a descriptor stands in a regular file, and the file's size (`nil`: not a regular
    /// file, or no offset: a pipe, a terminal, a socket).
    static func position(of fd: Int32) -> (offset: Int, size: Int)? {
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let offset = Int(lseek(fd, 0, SEEK_CUR))
        guard offset >= 0 else { return nil }
        return (offset, Int(status.st_size))
    }

    /// Maps the bytes `range` of `fd`'s file (within its size: see ``position(of:)``), or `nil`
    /// when the range is empty, `mmap` fails or the handler's table has no free slot (then the
    /// file is read). `name` is what the truncation message calls the input: the handler names
    /// the input whose mapping holds the address that faulted.
    init?(fd: Int32, bytes range: Range<Int>, name: String) {
        guard !range.isEmpty, range.lowerBound >= 0 else { return nil }
        let start = range.lowerBound, end = range.upperBound
        // The mapping starts at a page boundary; the bytes start at `start`.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let alignedStart = start & ~(page - 1)
        let length = end - alignedStart
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, off_t(alignedStart)), base != MAP_FAILED else { return nil }
        let slot = pipeline_mapped_input_opened(name, base, length)
        guard slot >= 0 else {
            munmap(base, length)
            return nil
        }
        self.slot = slot
        mapping = base
        mappingLength = length
        bytes = UnsafeBufferPointer(start: (base + (start - alignedStart)).assumingMemoryBound(to: UInt8.self), count: end - start)
        fileStart = start
        fileEnd = end
    }

    deinit {
        pipeline_mapped_input_closed(slot)
        munmap(mapping, mappingLength)
    }
}
