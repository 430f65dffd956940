import Foundation
import XCTest

@testable import PipelineRunner

#if canImport(Glibc)
import Glibc
#endif

/// How many SIGBUS signals the handler a test sets as "the program's own" has taken.
nonisolated(unsafe) private var ownHandlerCalls: sig_atomic_t = 0

/// `MappedInput`'s windows and the SIGBUS handler they register (`mapped_input.h`). The fault
/// itself (a truncated input) ends the process, so it is tested end to end
/// (`FaultInjectionTests`); here, what the handler does with a SIGBUS that is not a window's.
final class MappedInputTests: XCTestCase {
    /// A window holds the file's bytes of the range it was given (from an offset inside a page too).
    func testAWindowHoldsTheBytesOfItsRange() throws {
        let bytes = (0..<3 * 4096 + 100).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = try temporaryFile(bytes)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let window = try XCTUnwrap(MappedInput(fd: fd, bytes: 5000..<3 * 4096 + 100, name: path))
        XCTAssertEqual(Array(window.bytes), Array(bytes[5000...]))
        XCTAssertEqual(window.fileStart, 5000)
        XCTAssertEqual(window.fileEnd, 3 * 4096 + 100)
        XCTAssertNil(MappedInput(fd: fd, bytes: 10..<10, name: path))
    }

    /// A program that embeds the runner keeps its own SIGBUS handler: a window installs the
    /// runner's over it, and a SIGBUS that is not a window's fault (here one the process sends
    /// itself) goes on to the program's handler, blamed on no input.
    func testASIGBUSThatIsNotAWindowsGoesOnToTheHandlerThatWasThere() throws {
        var own = sigaction()
        own.__sigaction_handler.sa_handler = { _ in ownHandlerCalls += 1 }
        sigemptyset(&own.sa_mask)
        var before = sigaction()
        XCTAssertEqual(sigaction(SIGBUS, &own, &before), 0)
        defer {
            // The runner's handler (installed by an earlier test's window) is not put back: its
            // previous course is now this test's handler. SIGBUS goes back to its default, and
            // the next window installs the runner's handler over that.
            if before.sa_flags & SA_SIGINFO != 0 { signal(SIGBUS, SIG_DFL) } else { sigaction(SIGBUS, &before, nil) }
        }
        let path = try temporaryFile(Array(repeating: 0x61, count: 2 * 4096))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let window = try XCTUnwrap(MappedInput(fd: fd, bytes: 0..<2 * 4096, name: path))
        var installed = sigaction()
        sigaction(SIGBUS, nil, &installed)
        XCTAssertNotEqual(installed.sa_flags & SA_SIGINFO, 0, "the window installs the runner's handler")
        ownHandlerCalls = 0
        raise(SIGBUS)
        XCTAssertEqual(ownHandlerCalls, 1, "the program's own handler took the SIGBUS")
        XCTAssertEqual(window.bytes[0], 0x61)
    }
}
