import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Chatflows (`"mode": "chat"`), through the agent with the real URLSession transport against the
/// simulator on 127.0.0.1, on real folders.
@Suite struct ChatEndToEndTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    func runOnce() async {
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, token: "pat_chat-test")
    }

    func record(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try folder.read(path))
    }

    @Test func aChatKeepsItsAnswerConversationAndEventsAndShowsTheTextLive() async throws {
        try folder.write(#"{"workflow_id": "7", "mode": "chat", "app_id": "744", "message": "Tell me a joke", "parameters": {"_simulate": {"chunks": 4}}}"#,
                         to: "inbox/joke.json")
        await runOnce()
        defer { simulator.stop() }
        let result = try record("outbox/joke.response.json")
        #expect(result["status"] == .string("success"))
        #expect(result["mode"] == .string("chat"))
        #expect(result["answer"] == .string("Simulated answer to \"Tell me a joke\""))
        #expect(result["conversation_id"]?.stringValue?.isEmpty == false)
        #expect(result["chat_id"]?.stringValue?.isEmpty == false)
        #expect(result["debug_url"]?.stringValue?.contains("execute_id=") == true)
        #expect(result["usage"]?["token_count"] == .integer(150))
        #expect(result["request"]?["additional_messages"]?.arrayValue?.last?["content"] == .string("Tell me a joke"))
        let events = try #require(result["events"]?.arrayValue).compactMap { $0["event"]?.stringValue }
        #expect(events.filter { $0 == "conversation.message.delta" }.count == 4)
        #expect(events.last == "done")
        #expect(try folder.read("outbox/joke.stream.txt").hasPrefix("Simulated answer to \"Tell me a joke\""))
    }

    @Test func aChatThatAsksIsAnsweredInTheSameConversation() async throws {
        try folder.write(#"{"workflow_id": "7", "mode": "chat", "bot_id": "744", "message": "Plan a trip", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#,
                         to: "inbox/trip.json")
        await runOnce()
        let asked = try record("outbox/trip.response.json")
        #expect(asked["status"] == .string("needs_input"))
        #expect(asked["question"]?["text"] == .string("Which city?"))
        let conversation = try #require(asked["conversation_id"]?.stringValue)
        let template = try record("outbox/trip.answer.json")
        #expect(template["mode"] == .string("chat"))
        #expect(template["conversation_id"] == .string(conversation))
        #expect(template["bot_id"] == .string("744"))
        #expect(template["question"] == .string("Which city?"))
        #expect(template["continues"] == .string("trip.response.json"))
        #expect(template["message"] == .string(""))

        guard case .object(var members) = template, let slot = members.firstIndex(where: { $0.key == "message" }) else { return }
        members[slot].value = .string("Paris")
        try folder.write(JSONWriter().string(from: .object(members)), to: "inbox/trip-answer.json")
        await runOnce()
        defer { simulator.stop() }
        let continued = try record("outbox/trip-answer.response.json")
        #expect(continued["status"] == .string("success"))
        #expect(continued["conversation_id"] == .string(conversation))
        #expect(continued["continues"] == .string("trip.response.json"))
        #expect(continued["answer"]?.stringValue?.contains("\"Paris\"") == true)
        #expect(continued["request"]?["conversation_id"] == .string(conversation))
    }

    @Test func aChatThatFailsOrBreaksIsFiledWithCozesCode() async throws {
        try folder.write(#"{"workflow_id": "7", "mode": "chat", "app_id": "1", "message": "hi", "parameters": {"_simulate": {"fail": "node LLM failed"}}}"#, to: "inbox/failed.json")
        try folder.write(#"{"workflow_id": "7", "mode": "chat", "app_id": "1", "message": "hi", "parameters": {"_simulate": {"stream_fault": "cut"}}}"#, to: "inbox/cut.json")
        try folder.write(#"{"workflow_id": "7", "mode": "chat", "message": "hi"}"#, to: "inbox/noapp.json")
        await runOnce()
        defer { simulator.stop() }
        let failed = try record("failed/failed.response.json")
        #expect(failed["error"]?["kind"] == .string("workflow_failed"))
        #expect(failed["error"]?["code"] == .integer(720_701_013))
        #expect(failed["error"]?["message"]?.stringValue?.contains("node LLM failed") == true)
        let cut = try record("failed/cut.response.json")
        #expect(cut["error"]?["kind"] == .string("network"))
        #expect(cut["answer"]?.stringValue?.isEmpty == false)
        let noApp = try record("failed/noapp.response.json")
        #expect(noApp["error"]?["kind"] == .string("invalid_request"))
        #expect(noApp["error"]?["message"]?.stringValue?.contains("app_id") == true)
    }
}
