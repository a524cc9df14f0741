/// How a request asks to be run.
public enum RunMode: String, Sendable, Equatable {
    case sync, async, stream
    /// A chatflow: `POST /v1/workflows/chat`, an event stream in a conversation.
    case chat
}
