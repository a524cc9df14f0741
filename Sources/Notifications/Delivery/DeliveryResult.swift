/// What came back from sending one notification request: an HTTP answer, or none at all.
public enum DeliveryResult: Sendable, Equatable {
    case response(status: Int, body: [UInt8])
    /// No HTTP answer (timeout, refused, connection lost); `detail` is shown redacted.
    case noAnswer(detail: String)
}
