import CozeSimulator
import Foundation
import OrderedJSON
import Testing

private func chat(_ service: SimulatedWorkflowService, _ body: String) -> ServerResponse {
    service.handle(ServerRequest(method: "POST", path: "/v1/workflows/chat", query: nil,
                                 headers: ["content-type": "application/json", "authorization": "Bearer t"], body: Array(body.utf8)))
}

/// The `event:` names and parsed `data:` of a stream's text (one data line per event, as Coze sends).
private func events(_ text: String) -> [(name: String, data: JSONValue)] {
    var found: [(String, JSONValue)] = []
    var name: String?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("event:") { name = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
        if line.hasPrefix("data:"), let event = name {
            found.append((event, (try? JSONParser().parse(line.dropFirst(5).trimmingCharacters(in: .whitespaces))) ?? .null))
            name = nil
        }
    }
    return found
}

private func events(_ response: ServerResponse) -> [(name: String, data: JSONValue)] {
    guard case .stream(let parts, _) = response.delivery else { return [] }
    return events(String(decoding: parts.flatMap(\.bytes), as: UTF8.self))
}

private let message = #""additional_messages": [{"role": "user", "content_type": "text", "content": "Hi"}]"#

@Test func theSimulatedChatStreamHasTheDocsEventNamesAndFields() throws {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Conformance/hosted/workflow_chat_stream.sse")
    let documented = events(try String(contentsOf: fixture, encoding: .utf8))
    let simulated = events(chat(SimulatedWorkflowService(), #"{"workflow_id": "1", "app_id": "2", \#(message), "parameters": {}}"#))
    #expect(Set(simulated.map(\.name)) == Set(documented.map(\.name)))
    #expect(simulated.contains { $0.name.contains("id:") } == false)
    for name in Set(documented.map(\.name)) {
        let keys = { (list: [(name: String, data: JSONValue)]) in Set(list.filter { $0.name == name }.flatMap { $0.data.objectMembers?.map(\.key) ?? [] }) }
        #expect(keys(documented).subtracting(keys(simulated)).isEmpty, "\(name): missing \(keys(documented).subtracting(keys(simulated)))")
    }
}

@Test func aSimulatedChatRefusesWhatCozeRefuses() throws {
    let service = SimulatedWorkflowService()
    for body in [
        #"{"workflow_id": "1", \#(message), "parameters": {}}"#,
        #"{"workflow_id": "1", "app_id": "2", "bot_id": "3", \#(message), "parameters": {}}"#,
        #"{"workflow_id": "1", "app_id": "2", "additional_messages": [{"role": "assistant", "content": "Hi"}], "parameters": {}}"#,
        #"{"workflow_id": "1", "app_id": "2", \#(message), "parameters": "x"}"#,
        #"{"workflow_id": "1", "app_id": "2", \#(message), "parameters": {"_simulate": {"code": 4200}}}"#,
    ] {
        let response = chat(service, body)
        let code = try JSONParser().parse(bytes: response.body)["code"]?.integerValue
        #expect(code == 4000 || code == 4200, "\(body)")
    }
}

@Test func aSimulatedChatAsksAndTheNextCallOnTheConversationAnswers() throws {
    let service = SimulatedWorkflowService()
    let first = events(chat(service, #"{"workflow_id": "1", "bot_id": "2", \#(message), "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#))
    #expect(first.map(\.name) == ["conversation.chat.created", "conversation.chat.in_progress", "conversation.message.completed",
                                  "conversation.chat.requires_action", "done"])
    #expect(first[2].data["content"] == .string("Which city?"))
    #expect(first[0].data["bot_id"] == .string("2"))
    let conversation = try #require(first[0].data["conversation_id"]?.stringValue)
    let second = events(chat(service, #"{"workflow_id": "1", "bot_id": "2", "conversation_id": "\#(conversation)", "additional_messages": [{"role": "user", "content": "Paris"}], "parameters": {}}"#))
    #expect(second.last?.name == "done")
    #expect(second.contains { $0.name == "conversation.chat.completed" })
    #expect(second.allSatisfy { $0.name == "done" || $0.data["conversation_id"]?.stringValue == conversation })
    let answer = second.filter { $0.name == "conversation.message.delta" }.compactMap { $0.data["content"]?.stringValue }.joined()
    #expect(answer.contains("\"Paris\""))
}

@Test func aSimulatedChatFailsWithLastErrorAndACodeAsText() {
    let failed = events(chat(SimulatedWorkflowService(), #"{"workflow_id": "1", "app_id": "2", \#(message), "parameters": {"_simulate": {"fail": "boom", "chunks": 5}}}"#))
    let event = failed.first { $0.name == "conversation.chat.failed" }
    #expect(event?.data["last_error"]?["code"] == .string("720701013"))
    #expect(event?.data["last_error"]?["msg"] == .string("boom"))
}
