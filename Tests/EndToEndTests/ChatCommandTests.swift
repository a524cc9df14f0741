import Foundation
import OrderedJSON
import TestSupport
import Testing

/// `coze-drop run` with chat requests, as a person at a terminal uses it.
@Suite struct ChatCommandTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func runShowsTheAnswerAsItArrivesAndSavesAChatRecord() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "mode": "chat", "app_id": "2", "is_async": false, "message": "Hi", "parameters": {"_simulate": {"chunks": 2}}}"#, to: "chat.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("mode: chat\nsending…\nSimulated answer to \"Hi\"\n[done]"), "\(outcome.output)")
        let name = try #require(folder.names(in: ".").first { $0.hasPrefix("chat_") })
        let record = try JSONParser().parse(try folder.read(name))
        #expect(record["answer"] == .string("Simulated answer to \"Hi\""))
    }

    @Test func runOfAChatThatAsksSaysHowToAnswerAndExitsThree() async throws {
        let request = try folder.write(#"{"workflow_id": "1", "mode": "chat", "bot_id": "2", "message": "Hi", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#, to: "chat.json")
        let outcome = try await BuiltCommand.run(["run", request, "--simulator"], in: folder.path)
        #expect(outcome.status == 3, "\(outcome.error)")
        #expect(outcome.output.contains("the chatflow asks: Which city?"), "\(outcome.output)")
        #expect(outcome.output.contains("\"conversation_id\": \""), "\(outcome.output)")
    }
}
