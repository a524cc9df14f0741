import CozeAPI
import Foundation
import OrderedJSON
import TestSupport
import Testing

@Test func aChatPostsTheMessagesWithParametersAlwaysPresentAndWithoutIsAsync() async throws {
    let stream = try ConformanceFixture("hosted/workflow_chat_stream.sse").bytes
    let script = ScriptedTransport([.json(200, String(decoding: stream, as: UTF8.self), headers: ["Content-Type": "text/event-stream"])])
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
    var names: [String] = []
    _ = try await client.chat(WorkflowInvocation(workflowID: "744", appID: "7"), messages: [ChatMessage(content: "你好")],
                              conversationID: "7237029", idleTimeout: .seconds(5)) { names.append($0.event) }
    let request = try #require(script.sent.first)
    #expect(request.url.absoluteString == "https://api.coze.cn/v1/workflows/chat")
    #expect(request.headers["Accept"] == "text/event-stream")
    let body = try JSONParser().parse(bytes: Array(try #require(request.body)))
    #expect(body["parameters"] == .object([]))
    #expect(body["is_async"] == nil)
    #expect(body["app_id"] == .string("7"))
    #expect(body["conversation_id"] == .string("7237029"))
    #expect(body["additional_messages"] == .array([.object(["role": .string("user"), "content_type": .string("text"), "content": .string("你好")])]))
    #expect(names.first == "conversation.chat.created" && names.last == "done")
}

@Test func chatEventsAreReadLeniently() {
    let failed = WorkflowChatEvent(ServerSentEvent(event: "conversation.chat.failed", data: #"{"code": "720702204","msg": "会话名不存在"}"#))
    guard case .failed(let chat) = failed else { Issue.record("\(failed)"); return }
    #expect(chat.errorCode == "720702204" && chat.errorMessage == "会话名不存在")
    let numeric = WorkflowChatEvent(ServerSentEvent(event: "Conversation.Chat.Failed", data: #"{"id":1,"last_error":{"code":4000,"msg":"bad"}}"#))
    guard case .failed(let other) = numeric else { Issue.record("\(numeric)"); return }
    #expect(other.errorCode == "4000" && other.id == "1")
    #expect(WorkflowChatEvent(ServerSentEvent(event: "conversation.audio.delta", data: "{}")) == .other(name: "conversation.audio.delta"))
    let verbose = WorkflowChatEvent(ServerSentEvent(event: "conversation.message.completed", data: #"{"type":"verbose","content":"{\"msg_type\":\"interrupt\",\"data\":\"\"}"}"#))
    guard case .messageCompleted(let message) = verbose else { Issue.record("\(verbose)"); return }
    #expect(message.verboseType == "interrupt")
}
