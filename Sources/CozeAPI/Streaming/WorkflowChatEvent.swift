import OrderedJSON

/// A chatflow stream's event (`POST /v1/workflows/chat`), read leniently from its
/// `ServerSentEvent`: names compared without case, codes and ids as strings or numbers, unknown
/// events kept as `.other`.
public enum WorkflowChatEvent: Sendable, Equatable {
    /// `conversation.chat.created` / `.in_progress` (the chat's state so far).
    case chat(status: String, ChatState)
    /// `conversation.chat.completed`: the chat ended well.
    case completed(ChatState)
    /// `conversation.chat.failed`: the chat ended with `last_error` (or a bare `{code, msg}`).
    case failed(ChatState)
    /// `conversation.chat.requires_action`: the chatflow waits for the user's answer.
    case requiresAction(ChatState)
    case messageDelta(ChatStreamMessage)
    case messageCompleted(ChatStreamMessage)
    /// `error`: the call failed; `{code, msg}` (code a string or a number).
    case error(code: String?, message: String)
    /// `done`: the stream ends.
    case done(debugURL: String?)
    /// An event this version does not know; kept in the record, otherwise ignored.
    case other(name: String)

    public init(_ event: ServerSentEvent) {
        let json = (try? JSONParser().parse(event.data)) ?? .object([])
        switch event.event.lowercased() {
        case "conversation.chat.completed": self = .completed(ChatState(json: json))
        case "conversation.chat.failed": self = .failed(ChatState(json: json))
        case "conversation.chat.requires_action": self = .requiresAction(ChatState(json: json))
        case let name where name.hasPrefix("conversation.chat."):
            self = .chat(status: String(name.dropFirst("conversation.chat.".count)), ChatState(json: json))
        case "conversation.message.delta": self = .messageDelta(ChatStreamMessage(json: json))
        case "conversation.message.completed": self = .messageCompleted(ChatStreamMessage(json: json))
        case "error":
            let code = (json["code"] ?? json["error_code"]).flatMap(APIReply.identifier)
            let message = json["msg"]?.stringValue ?? json["error_message"]?.stringValue ?? event.data
            self = .error(code: code, message: message)
        case "done": self = .done(debugURL: json["debug_url"]?.stringValue)
        default: self = .other(name: event.event)
        }
    }
}

/// The chat object of a `conversation.chat.*` event.
public struct ChatState: Sendable, Equatable {
    public var id: String?
    public var conversationID: String?
    public var status: String?
    public var usage: JSONValue?
    /// `last_error.code` (or a bare `code`), as text; `nil` or "0" when there was no error.
    public var errorCode: String?
    public var errorMessage: String?

    init(json: JSONValue) {
        id = json["id"].flatMap(APIReply.identifier)
        conversationID = json["conversation_id"].flatMap(APIReply.identifier)
        status = json["status"]?.stringValue
        usage = json["usage"].flatMap { $0.isNull ? nil : $0 }
        let error = json["last_error"] ?? json
        errorCode = error["code"].flatMap(APIReply.identifier)
        errorMessage = error["msg"]?.stringValue
    }
}

/// The message object of a `conversation.message.*` event.
public struct ChatStreamMessage: Sendable, Equatable {
    public var id: String?
    public var conversationID: String?
    public var chatID: String?
    public var role: String
    /// `answer` (the text for the user), `verbose`, `follow_up`, `function_call`, …
    public var type: String
    public var content: String
    public var contentType: String

    init(json: JSONValue) {
        id = json["id"].flatMap(APIReply.identifier)
        conversationID = json["conversation_id"].flatMap(APIReply.identifier)
        chatID = json["chat_id"].flatMap(APIReply.identifier)
        role = json["role"]?.stringValue ?? "assistant"
        type = json["type"]?.stringValue ?? ""
        content = json["content"]?.stringValue ?? ""
        contentType = json["content_type"]?.stringValue ?? "text"
    }

    /// For a `verbose` message: its `msg_type` (e.g. `interrupt`, `generate_answer_finish`).
    public var verboseType: String? {
        guard type == "verbose" else { return nil }
        return (try? JSONParser().parse(content))?["msg_type"]?.stringValue
    }

    /// For a `verbose` message: its `data` text.
    public var verboseData: String? {
        guard type == "verbose" else { return nil }
        return (try? JSONParser().parse(content))?["data"]?.stringValue
    }
}
