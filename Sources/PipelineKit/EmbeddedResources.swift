import Foundation

/// Resource bundles carried inside the executable itself, so a single copied binary works from any
/// folder (`scripts/release.sh` packs them).
///
/// The payload is appended to the executable file (the ELF loader ignores trailing bytes) and ends
/// with a fixed-size trailer:
///
/// ```
/// payload  = entry*                      entry = u32 pathLength, path (UTF-8), u64 dataLength, data
/// trailer  = "PIPELINE-RES-v1\0" (16 bytes), u64 payloadLength, u64 payloadHash (FNV-1a 64)
/// ```
/// All integers are little-endian. Paths are relative (`pipeline_Redact.resources/Names/…`) and
/// never contain `..`.
///
/// The stages read their data through `StageResources`, which takes folders; so on first use the
/// payload is unpacked once into a cache folder named after its hash
/// (`$XDG_CACHE_HOME/pipeline/resources-HASH`, else `~/.cache/…`, else the temporary folder),
/// atomically (unpacked beside it, then renamed), so concurrent runs and interrupted runs are safe.
public enum EmbeddedResources {
    /// The trailer's magic bytes.
    public static let magic = Array("PIPELINE-RES-v1\u{0}".utf8)
    /// Size of the trailer in bytes.
    public static let trailerSize = 32

    /// One file of the payload.
    public struct Entry: Equatable, Sendable {
        /// Relative path, e.g. `pipeline_Export.resources/Templates/brief.md.mustache`.
        public var path: String
        /// The file's bytes.
        public var data: [UInt8]

        public init(path: String, data: [UInt8]) {
            self.path = path
            self.data = data
        }
    }

    /// A problem with an embedded payload.
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The folder holding the unpacked resource bundles of the running executable, or `nil` when
    /// it carries none. Unpacks on first use; later calls (and later runs) reuse the folder.
    public static func unpackedRoot() -> URL? {
        cache.withLock { state in
            if let done = state { return done }
            let found = locateAndUnpack()
            state = .some(found)
            return found
        }
    }

    private static let cache = LockedValue<URL??>(nil)

    private static func locateAndUnpack() -> URL? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              let handle = FileHandle(forReadingAtPath: executable) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size >= UInt64(trailerSize),
              (try? handle.seek(toOffset: size - UInt64(trailerSize))) != nil,
              let trailer = try? handle.read(upToCount: trailerSize), trailer.count == trailerSize,
              Array(trailer.prefix(16)) == magic else { return nil }
        let length = readUInt64(Array(trailer), at: 16)
        let hash = readUInt64(Array(trailer), at: 24)
        guard length <= size - UInt64(trailerSize) else { return nil }
        let folder = cacheFolder().appendingPathComponent("resources-" + String(hash, radix: 16))
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".complete").path) { return folder }
        guard (try? handle.seek(toOffset: size - UInt64(trailerSize) - length)) != nil,
              let payload = try? handle.read(upToCount: Int(length)), UInt64(payload.count) == length,
              fnv1a(Array(payload)) == hash,
              let entries = try? decode(Array(payload)) else { return nil }
        return try? unpack(entries, into: folder)
    }

    /// Encodes entries as a payload followed by its trailer (what `scripts/release.sh` appends).
    public static func encode(_ entries: [Entry]) -> [UInt8] {
        var payload: [UInt8] = []
        for entry in entries {
            let path = Array(entry.path.utf8)
            appendUInt32(&payload, UInt32(path.count))
            payload += path
            appendUInt64(&payload, UInt64(entry.data.count))
            payload += entry.data
        }
        var out = payload
        out += magic
        appendUInt64(&out, UInt64(payload.count))
        appendUInt64(&out, fnv1a(payload))
        return out
    }

    /// Decodes a payload (without its trailer) into entries, refusing unsafe paths.
    public static func decode(_ payload: [UInt8]) throws -> [Entry] {
        var entries: [Entry] = []
        var i = 0
        func need(_ count: Int) throws {
            guard count >= 0, payload.count - i >= count else { throw FormatError(description: "embedded resources are truncated at byte \(i)") }
        }
        while i < payload.count {
            try need(4)
            let pathLength = Int(readUInt32(payload, at: i)); i += 4
            try need(pathLength)
            guard let path = String(validating: payload[i..<i + pathLength], as: UTF8.self) else {
                throw FormatError(description: "embedded resource path at byte \(i) is not UTF-8")
            }
            i += pathLength
            try need(8)
            let dataLength = readUInt64(payload, at: i); i += 8
            guard dataLength <= UInt64(Int.max) else { throw FormatError(description: "embedded resource '\(path)' is too large") }
            try need(Int(dataLength))
            guard isSafe(path) else { throw FormatError(description: "embedded resource path '\(path)' is not a plain relative path") }
            entries.append(Entry(path: path, data: Array(payload[i..<i + Int(dataLength)])))
            i += Int(dataLength)
        }
        return entries
    }

    /// Writes entries under a fresh sibling folder, then renames it to `folder`.
    static func unpack(_ entries: [Entry], into folder: URL) throws -> URL {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".unpacking-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? fm.removeItem(at: staging) }
        for entry in entries {
            let target = staging.appendingPathComponent(entry.path)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(entry.data).write(to: target)
        }
        try Data().write(to: staging.appendingPathComponent(".complete"))
        if rename(staging.path, folder.path) != 0 {
            // Another run unpacked the same payload first: use theirs.
            guard fm.fileExists(atPath: folder.appendingPathComponent(".complete").path) else {
                throw FormatError(description: "cannot unpack resources into \(folder.path): \(String(cString: strerror(errno)))")
            }
        }
        return folder
    }

    private static func cacheFolder() -> URL {
        if let xdg = ProcessVariables.value("XDG_CACHE_HOME"), xdg.hasPrefix("/") { return URL(fileURLWithPath: xdg).appendingPathComponent("pipeline") }
        if let home = ProcessVariables.value("HOME"), home.hasPrefix("/"), access(home, W_OK) == 0 {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/pipeline")
        }
        return URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("pipeline-\(getuid())")
    }

    private static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false)
            .contains { $0.isEmpty || $0 == ".." || $0 == "." }
    }

    /// FNV-1a, 64-bit: identifies a payload (not a security check: the payload is part of the binary).
    public static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    private static func readUInt32(_ bytes: [UInt8], at i: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[i + $1]) << (8 * UInt32($1)) }
    }

    private static func readUInt64(_ bytes: [UInt8], at i: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << (8 * UInt64($1)) }
    }

    private static func appendUInt32(_ out: inout [UInt8], _ value: UInt32) {
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(k)))) }
    }

    private static func appendUInt64(_ out: inout [UInt8], _ value: UInt64) {
        for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) }
    }
}
