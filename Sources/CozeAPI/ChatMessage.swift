import OrderedJSON

/// One message of a chatflow's `additional_messages`, as Coze spells it: the last one is the
/// user's new message, earlier ones are history.
public struct ChatMessage: Sendable, Equatable {
    public var role: String
    public var contentType: String
    public var content: String

    public init(role: String = "user", contentType: String = "text", content: String) {
        self.role = role
        self.contentType = contentType
        self.content = content
    }

    public var json: JSONValue {
        .object([
            JSONMember(key: "role", value: .string(role)),
            JSONMember(key: "content_type", value: .string(contentType)),
            JSONMember(key: "content", value: .string(content)),
        ])
    }
}
