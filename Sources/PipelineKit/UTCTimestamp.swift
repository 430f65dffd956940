import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment as ISO 8601 text in UTC, the way `ISO8601DateFormatter` writes it by default
/// (`2026-12-03T05:12:09Z`), computed with `gmtime_r`: Foundation's date formatters open the
/// time-zone database, `/etc/localtime` and ICU's calendar data on first use, about 3 ms of
/// every run's start for two strings (the report's start time and export's `{date}`).
public struct UTCTimestamp: Sendable, Equatable {
    /// The calendar fields in UTC.
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// The fields of `date` in UTC (whole seconds, rounded down).
    public init(_ date: Date = Date()) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        year = Int(fields.tm_year) + 1900
        month = Int(fields.tm_mon) + 1
        day = Int(fields.tm_mday)
        hour = Int(fields.tm_hour)
        minute = Int(fields.tm_min)
        second = Int(fields.tm_sec)
    }

    /// `YYYY-MM-DD`.
    public var date: String { "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day))" }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var dateTime: String { "\(date)T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))Z" }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
