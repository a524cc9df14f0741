import Foundation
import OrderedJSON

extension CozeClient {
    /// `POST /v1/workflows/chat`: runs a chatflow with `messages` (the last is the user's new
    /// message) in `conversationID`'s conversation (Coze starts one when it is `nil`) and hands
    /// each event to `onEvent` as it arrives. Failures are thrown as for `streamRun`.
    public func chat(_ invocation: WorkflowInvocation, messages: [ChatMessage], conversationID: String?, idleTimeout: Duration,
                     onEvent: (ServerSentEvent) -> Void) async throws(CozeFailure) -> StreamEnd {
        try await stream(path: "/v1/workflows/chat", body: Self.chatBody(invocation, messages: messages, conversationID: conversationID),
                         idleTimeout: idleTimeout, action: "chatting with the chatflow", onEvent: onEvent)
    }

    /// The body of a chat call: the run's fields without `is_async`, `parameters` always present
    /// (Coze requires it), the messages as `additional_messages`, and `conversation_id` when given.
    public static func chatBody(_ invocation: WorkflowInvocation, messages: [ChatMessage], conversationID: String?) -> JSONValue {
        var members = invocation.requestBody.objectMembers?.filter { $0.key != "is_async" } ?? []
        members.insert(JSONMember(key: "additional_messages", value: .array(messages.map(\.json))), at: min(1, members.count))
        if let conversationID { members.append(JSONMember(key: "conversation_id", value: .string(conversationID))) }
        return .object(members)
    }
}
