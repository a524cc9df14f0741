/// Why the `notify` settings could not be used, in words a person can act on (English and Chinese).
///
/// Messages say which entry and which field, and never contain a URL or a secret.
public struct NotificationSettingsProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// English.
    public var message: String
    /// Chinese (简体中文).
    public var chinese: String

    public init(message: String, chinese: String) {
        self.message = message
        self.chinese = chinese
    }

    public var description: String { message }

    static func at(_ place: String, _ message: String, _ chinese: String) -> NotificationSettingsProblem {
        NotificationSettingsProblem(message: "\(place): \(message)", chinese: "\(place)：\(chinese)")
    }
}
