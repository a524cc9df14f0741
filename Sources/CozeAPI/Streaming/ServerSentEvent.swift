/// One Server-Sent Event exactly as it arrived: nothing the service said is dropped.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `id:` field, when the event had one.
    public var id: String?
    /// The `event:` field; `message` when absent, as the SSE standard says.
    public var event: String
    /// Every `data:` line of the event, joined with line feeds.
    public var data: String

    public init(id: String? = nil, event: String = "message", data: String) {
        self.id = id
        self.event = event
        self.data = data
    }
}
