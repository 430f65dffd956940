import Foundation
import Testing
@testable import PipelineKit

@Suite struct EmbeddedResourcesTests {
    @Test func payloadRoundTrips() throws {
        let entries = [
            EmbeddedResources.Entry(path: "pipeline_Export.resources/Templates/brief.md", data: Array("# {{title}}\n".utf8)),
            EmbeddedResources.Entry(path: "pipeline_Redact.resources/Names/empty.txt", data: []),
        ]
        let encoded = EmbeddedResources.encode(entries)
        let trailer = Array(encoded.suffix(EmbeddedResources.trailerSize))
        #expect(Array(trailer.prefix(16)) == EmbeddedResources.magic)
        let payload = Array(encoded.dropLast(EmbeddedResources.trailerSize))
        #expect(try EmbeddedResources.decode(payload) == entries)
    }

    @Test func unsafePathsAndTruncationAreRefused() {
        for path in ["../etc/passwd", "/etc/passwd", "a//b", "a/./b"] {
            let payload = Array(EmbeddedResources.encode([.init(path: path, data: [1])]).dropLast(EmbeddedResources.trailerSize))
            #expect(throws: EmbeddedResources.FormatError.self) { try EmbeddedResources.decode(payload) }
        }
        let payload = Array(EmbeddedResources.encode([.init(path: "a/b", data: [1, 2, 3])]).dropLast(EmbeddedResources.trailerSize))
        #expect(throws: EmbeddedResources.FormatError.self) { try EmbeddedResources.decode(Array(payload.dropLast())) }
    }

    @Test func unpacksAtomicallyAndReusesAnEarlierUnpack() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("embedded-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("resources-1")
        let entries = [EmbeddedResources.Entry(path: "b.resources/F/x.txt", data: Array("x".utf8))]
        _ = try EmbeddedResources.unpack(entries, into: folder)
        #expect(try String(contentsOf: folder.appendingPathComponent("b.resources/F/x.txt"), encoding: .utf8) == "x")
        // A second unpack into the same place (a concurrent run) keeps the first and succeeds.
        _ = try EmbeddedResources.unpack(entries, into: folder)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".unpacking") }
        #expect(leftovers.isEmpty)
    }
}
