import CozeAPI

/// The chat part of a `"mode": "chat"` request: what the user says, and in which conversation.
public struct ChatRequest: Sendable, Equatable {
    /// `additional_messages` as sent; the last is the user's new message.
    public var messages: [ChatMessage]
    /// Continue this conversation; `nil` lets Coze start a new one.
    public var conversationID: String?
    /// For an answer file: the record of the chat it continues.
    public var continues: String?

    public init(messages: [ChatMessage], conversationID: String? = nil, continues: String? = nil) {
        self.messages = messages
        self.conversationID = conversationID
        self.continues = continues
    }

    /// The user's new message.
    public var message: String { messages.last?.content ?? "" }
}
