import CozeAPI
import OrderedJSON

/// Everything a chatflow's stream said, gathered as it arrives: every event as received, the
/// answer text, the conversation and chat ids, usage, the debug link and how the chat ended.
public struct ChatTranscript: Sendable {
    /// How the chat ended.
    public enum Ending: Sendable, Equatable {
        /// `conversation.chat.completed`, or `done` without any other ending.
        case completed
        /// The chatflow waits for the user's answer (`requires_action`, or a verbose `interrupt`).
        case needsInput
        /// `conversation.chat.failed`, with `last_error`.
        case failed(code: String?, message: String)
        /// An `error` event.
        case error(code: String?, message: String)
    }

    public private(set) var events: [ServerSentEvent] = []
    public private(set) var conversationID: String?
    public private(set) var chatID: String?
    public private(set) var usage: JSONValue?
    public private(set) var debugURL: String?
    /// The `answer` deltas joined (a new line where a new answer message starts).
    private var deltaText = ""
    private var sawDelta = false
    private var lastDeltaMessage: String?
    /// The completed `answer` messages, used when there were no deltas.
    private var completedAnswers: [String] = []
    private var lastAnswerMessage: String?
    private var interruptData: String?
    private var interrupted = false
    private var closing: Ending?
    private var sawDone = false

    public init() {}

    /// Takes the next event; returns the text a person watching should see now, if any.
    public mutating func take(_ event: ServerSentEvent) -> String? {
        events.append(event)
        switch WorkflowChatEvent(event) {
        case .chat(_, let chat):
            note(chat)
        case .completed(let chat):
            note(chat)
            if closing == nil { closing = .completed }
        case .requiresAction(let chat):
            note(chat)
            if closing == nil { closing = .needsInput }
            return "\n[the chatflow waits for your answer]\n"
        case .failed(let chat):
            note(chat)
            let message = chat.errorMessage ?? ""
            closing = .failed(code: chat.errorCode, message: message)
            return "\n[failed\(chat.errorCode.map { " \($0)" } ?? "")] \(message)\n"
        case .error(let code, let message):
            closing = .error(code: code, message: message)
            return "\n[error\(code.map { " \($0)" } ?? "")] \(message)\n"
        case .messageDelta(let message):
            note(message)
            guard message.isAnswer else { return nil }
            return add(message, fromDelta: true)
        case .messageCompleted(let message):
            note(message)
            if message.isInterrupt {
                interrupted = true
                interruptData = message.verboseData.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard message.isAnswer else { return nil }
            lastAnswerMessage = message.content
            return add(message, fromDelta: false)
        case .done(let debugURL):
            sawDone = true
            self.debugURL = debugURL ?? self.debugURL
            return "\n[done]\n"
        case .other:
            break
        }
        return nil
    }

    /// The answer: the `answer` deltas joined, or, when there were none, the completed `answer`
    /// messages (which repeat the deltas, so never both); several messages on lines of their own.
    public var answer: String { sawDelta ? deltaText : completedAnswers.joined(separator: "\n") }

    /// How the chat ended; `nil` when the stream broke off before an ending.
    public var ending: Ending? {
        switch closing {
        case .failed?, .error?: return closing
        case .needsInput?: return .needsInput
        case .completed?: return interrupted ? .needsInput : .completed
        case nil: return interrupted ? .needsInput : (sawDone ? .completed : nil)
        }
    }

    /// What the chatflow asks when it waits for an answer: the verbose interrupt's text, else the
    /// last answer message before it.
    public var question: String? {
        guard ending == .needsInput else { return nil }
        return interruptData ?? lastAnswerMessage ?? ""
    }

    /// The events as received, for the record.
    public var eventsJSON: JSONValue {
        .array(events.map { event in
            .object([
                JSONMember(key: "event", value: .string(event.event)),
                JSONMember(key: "data", value: .string(event.data)),
            ])
        })
    }

    /// The record's chat fields.
    var recordMembers: [JSONMember] {
        var members = [
            JSONMember(key: "answer", value: .string(answer)),
            JSONMember(key: "conversation_id", value: conversationID.map(JSONValue.string) ?? .null),
            JSONMember(key: "chat_id", value: chatID.map(JSONValue.string) ?? .null),
        ]
        if let question { members.append(JSONMember(key: "question", value: .object(["text": .string(question)]))) }
        members.append(JSONMember(key: "events", value: eventsJSON))
        return members
    }

    private mutating func add(_ message: ChatStreamMessage, fromDelta: Bool) -> String? {
        if fromDelta {
            let shown = (sawDelta && lastDeltaMessage != message.id ? "\n" : "") + message.content
            deltaText += shown
            sawDelta = true
            lastDeltaMessage = message.id
            return shown
        }
        completedAnswers.append(message.content)
        guard !sawDelta else { return nil }
        return (completedAnswers.count > 1 ? "\n" : "") + message.content
    }

    private mutating func note(_ chat: ChatState) {
        conversationID = chat.conversationID ?? conversationID
        chatID = chat.id ?? chatID
        if let usage = chat.usage { self.usage = usage }
    }

    private mutating func note(_ message: ChatStreamMessage) {
        conversationID = message.conversationID ?? conversationID
        chatID = message.chatID ?? chatID
    }
}
