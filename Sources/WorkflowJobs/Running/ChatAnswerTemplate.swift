import OrderedJSON

/// The `NAME.answer.json` of a chat that waits for the user's answer: a chat request in the same
/// conversation with an empty `message` to write the answer into. Copy it into `inbox/` once filled in.
public enum ChatAnswerTemplate {
    /// The file's bytes, or `nil` when the chat does not wait for an answer.
    public static func bytes(for result: JobResult, continuing record: String) -> [UInt8]? {
        guard result.status == .needsInput, let chat = result.chatTranscript else { return nil }
        var members = [
            JSONMember(key: "workflow_id", value: result.request["workflow_id"] ?? .string("")),
            JSONMember(key: "mode", value: .string(RunMode.chat.rawValue)),
            JSONMember(key: "conversation_id", value: (chat.conversationID ?? result.request["conversation_id"]?.stringValue).map(JSONValue.string) ?? .null),
        ]
        for key in ["bot_id", "app_id", "workflow_version", "connector_id"] {
            if let value = result.request[key], !value.isNull { members.append(JSONMember(key: key, value: value)) }
        }
        members += [
            JSONMember(key: "message", value: .string("")),
            JSONMember(key: "question", value: .string(chat.question ?? "")),
            JSONMember(key: "continues", value: .string(record)),
        ]
        return JSONWriter().bytes(from: .object(members))
    }
}
