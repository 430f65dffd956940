import Foundation
import PipelineKit
import XCTest

final class UTCTimestampTests: XCTestCase {
    func testKnownMoments() {
        XCTAssertEqual(UTCTimestamp(Date(timeIntervalSince1970: 0)).dateTime, "1970-01-01T00:00:00Z")
        XCTAssertEqual(UTCTimestamp(Date(timeIntervalSince1970: 951_782_400)).date, "2000-02-29")  // a leap day
        XCTAssertEqual(UTCTimestamp(Date(timeIntervalSince1970: 1_796_266_329.9)).dateTime, "2026-12-03T02:52:09Z")  // seconds round down
        XCTAssertEqual(UTCTimestamp(Date(timeIntervalSince1970: -1)).dateTime, "1969-12-31T23:59:59Z")
    }

    /// The same text as Foundation's formatter (what the run report and export's `{date}` used before).
    func testMatchesISO8601DateFormatter() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0...4_102_444_800, using: &generator)))
            XCTAssertEqual(UTCTimestamp(date).dateTime, formatter.string(from: date))
            XCTAssertEqual(UTCTimestamp(date).date, String(formatter.string(from: date).prefix(10)))
        }
    }

    func testSinkRunDateIsTodayInUTC() {
        XCTAssertEqual(SinkRun().date, UTCTimestamp().date)
    }
}
