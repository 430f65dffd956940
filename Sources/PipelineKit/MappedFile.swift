#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a compiled table: a read-only file mapped into memory, or an aligned copy of
/// bytes built in memory (tests, generators). A stage's table is used in place, with no parsing
/// and no copy; a mapped file's pages are read from the page cache only when a lookup touches them.
///
/// The bytes live as long as the object (tables held by a `static let` live for the process).
/// The start is aligned to 8 bytes, so 64-bit words at 8-byte offsets can be read directly.
public final class TableBytes: @unchecked Sendable {
    /// The bytes (empty for an empty file).
    public let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    /// Maps the file at `path`, or returns `nil` when it cannot be opened or mapped (it is not
    /// a regular file).
    public init?(mapping path: String) {
        // Only a regular file can be mapped: a pipe (`<(...)`) or a terminal reports size 0 and
        // would read as empty. Checked before opening, which would wait for a FIFO's writer.
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        let length = Int(st.st_size)
        mapped = length > 0
        if length == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: length)
    }

    /// An aligned copy of `source`.
    public init(copying source: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 8)
        source.withUnsafeBytes { buffer.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<source.count])
        mapped = false
    }

    /// The little-endian 64-bit word at byte `offset` (a multiple of 8).
    @inline(__always)
    public func word(at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.load(fromByteOffset: offset, as: UInt64.self))
    }

    /// `count` 64-bit words starting at byte `offset` (a multiple of 8), in place.
    public func words(at offset: Int, count: Int) -> UnsafeBufferPointer<UInt64> {
        precondition(offset % 8 == 0 && offset + count * 8 <= bytes.count, "table words out of range")
        return UnsafeBufferPointer(start: (bytes.baseAddress! + offset).assumingMemoryBound(to: UInt64.self), count: count)
    }

    deinit {
        guard let base = bytes.baseAddress else {
            return
        }
        if mapped { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) } else { base.deallocate() }
    }
}
