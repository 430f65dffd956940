import Foundation
import XCTest

/// What keeps `pipeline`'s start-up short (docs/performance-log.md, "Start-up"): the executable carries
/// the Swift runtime and Foundation inside and loads libcurl only when a request is sent.
extension EndToEndTests {
    func testTheExecutableLoadsNoSwiftLibraryAndNoLibcurl() throws {
        #if os(Linux)
        let ldd = ["/usr/bin/ldd", "/bin/ldd"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let ldd else { throw XCTSkip("no ldd") }
        let (status, text) = try ReportPagesTests.execute(ldd, [Self.binary.path])
        XCTAssertEqual(status, 0, text)
        for library in ["libswiftCore", "libFoundation", "lib_FoundationICU", "libdispatch", "libcurl"] {
            XCTAssertFalse(text.contains(library), "\(Self.binary.path) loads \(library) at start:\n\(text)")
        }
        #else
        throw XCTSkip("checked on Linux")
        #endif
    }

    /// A run with a LibreTranslate step that never sends (validate) still works: libcurl is looked
    /// up when the provider is set up, and a clear error says so when it is missing.
    func testValidateOfALibreTranslatePipeline() throws {
        let file = try write("lt.yaml", "stages:\n  - translate: {to: [fr], provider: libretranslate, url: \"http://127.0.0.1:9/\"}\n")
        let result = try pipeline(["validate", file])
        XCTAssertEqual(result.status, 0, result.stderr)
    }
}
