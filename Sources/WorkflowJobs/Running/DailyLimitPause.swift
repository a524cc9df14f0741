import Foundation

/// When to try again after Coze's daily usage limit (4008, "try again tomorrow"): Coze names no
/// reset time, so the agent asks again every hour, and right at the start of the next Beijing day
/// (a new day's quota) when that comes sooner.
public enum DailyLimitPause {
    public static let retryInterval: TimeInterval = 3600

    /// The instant new runs may be tried again after a 4008 at `now`.
    public static func resumeTime(after now: Date) -> Date {
        let hourLater = now.addingTimeInterval(retryInterval)
        return min(hourLater, nextBeijingMidnight(after: now))
    }

    /// 00:00 Beijing time (UTC+8) strictly after `now`.
    public static func nextBeijingMidnight(after now: Date) -> Date {
        let offset = TimeInterval(BeijingTime.offsetSeconds)
        let local = now.timeIntervalSince1970 + offset
        let dayStart = (local / 86400).rounded(.down) * 86400
        return Date(timeIntervalSince1970: dayStart + 86400 - offset)
    }
}
