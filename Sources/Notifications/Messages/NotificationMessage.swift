/// What one chat message says: a short title and a text, with the events it tells about.
///
/// One event gives its own paragraph; a burst folds into one line per kind
/// ("12 requests failed in the last minute: a.json, b.json, c.json and 9 more.").
public struct NotificationMessage: Sendable, Equatable {
    public var title: String
    public var text: String
    /// The events told about, oldest first (the generic webhook gets them as JSON).
    public var events: [NotificationEvent]
    /// Events left out because too many were waiting.
    public var droppedEvents: Int
    public var language: NotificationLanguage

    public init(title: String, text: String, events: [NotificationEvent], droppedEvents: Int = 0, language: NotificationLanguage) {
        self.title = title
        self.text = text
        self.events = events
        self.droppedEvents = droppedEvents
        self.language = language
    }
}
