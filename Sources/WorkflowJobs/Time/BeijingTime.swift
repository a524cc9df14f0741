import Foundation

/// Formats instants in Beijing time (UTC+8, no daylight saving since 1991), the way the old
/// scripts named their files. Done by arithmetic, because date formatters with a named zone crash
/// on machines without tzdata.
public enum BeijingTime {
    static let offsetSeconds = 8 * 3600

    /// `20241018101935`
    public static func compact(_ date: Date) -> String {
        let parts = civil(date)
        return String(format: "%04d%02d%02d%02d%02d%02d", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    /// `2024-10-18T10:19:35.123+08:00`
    public static func iso8601(_ date: Date) -> String {
        let parts = civil(date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03d+08:00",
                      parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond)
    }

    private static func civil(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        let totalMilliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) + offsetSeconds * 1000
        let millisecond = ((totalMilliseconds % 1000) + 1000) % 1000
        let seconds = (totalMilliseconds - millisecond) / 1000
        var days = seconds / 86400
        var secondOfDay = seconds % 86400
        if secondOfDay < 0 { secondOfDay += 86400; days -= 1 }
        // Howard Hinnant's days-to-civil algorithm.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, millisecond)
    }
}
