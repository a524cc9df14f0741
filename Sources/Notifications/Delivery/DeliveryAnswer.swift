/// What a service's answer means for a notification: delivered, try again later, or give up.
public enum DeliveryAnswer: Sendable, Equatable {
    case delivered
    /// The service said "too frequent": wait `pause` seconds before the next try.
    case tooFrequent(pause: Double, detail: String)
    /// A network error, a 5xx or an unreadable answer: try again with backoff.
    case retryable(detail: String)
    /// The service refused the message for good (bad signature, missing keyword, unknown bot):
    /// trying again would not help; `detail` says what to fix.
    case rejected(detail: String)
}
