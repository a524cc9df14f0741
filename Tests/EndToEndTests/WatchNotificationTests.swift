import Foundation
import TestSupport
import Testing

/// `coze-drop watch` tells the chat groups in coze-drop.json's `notify` about failed requests and
/// questions waiting for an answer (the built binary against the simulator and a local receiver).
@Suite struct WatchNotificationTests {
    let folder: TemporaryFolder
    let receiver: ChatBotReceiver

    init() throws {
        folder = try TemporaryFolder()
        receiver = try ChatBotReceiver()
        let base = "http://127.0.0.1:\(receiver.port)"
        try folder.write("""
            {"notify": [{"type": "feishu", "url": "\(base)\(ChatBotReceiver.feishuPath)", "secret": "\(ChatBotReceiver.feishuSecret)"},
                        {"type": "webhook", "url": "\(base)/coze-drop-hook", "secret": "\(ChatBotReceiver.webhookSecret)"}]}
            """, to: "shared/coze-drop.json")
    }

    var root: String { folder.path + "/shared" }

    @Test func aFailedRequestAndAQuestionReachEveryTargetOnceSignedWithoutTheURLInOutputOrRecords() async throws {
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"fail": "the model timed out"}}}"#, to: "shared/inbox/broken.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#, to: "shared/inbox/ask.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"city": "Beijing"}}"#, to: "shared/inbox/fine.json")
        let outcome = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--settle", "0", "--interval", "0.05", "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.error)")

        let deliveries = receiver.deliveries
        #expect(deliveries.allSatisfy { $0.signatureChecked })
        for service in ["feishu", "webhook"] {
            let texts = deliveries.filter { $0.service == service }.map(\.text)
            #expect(texts.filter { $0.contains("broken.json") }.count == 1, "\(service): \(texts)")
            #expect(texts.filter { $0.contains("ask.json") }.count == 1, "\(service): \(texts)")
            #expect(!texts.contains { $0.contains("fine.json") }, "succeeded is off by default")
            let all = texts.joined(separator: "\n")
            #expect(all.contains("the model timed out"))
            #expect(all.contains("Which city?"))
            #expect(all.contains("ask.answer.json"))
        }

        let secrets = [ChatBotReceiver.feishuPath, "feishu-token-0123456789", ChatBotReceiver.feishuSecret, ChatBotReceiver.webhookSecret, "coze-drop-hook"]
        var written = outcome.output + outcome.error
        for sub in ["outbox", "failed", "status"] {
            for name in folder.names(in: "shared/\(sub)") where name.hasSuffix(".json") || name.hasSuffix(".txt") {
                written += (try? folder.read("shared/\(sub)/\(name)")) ?? ""
            }
        }
        for secret in secrets { #expect(!written.contains(secret), "\(secret) was written") }
    }

    /// The simulator's answers use 150 tokens each.
    @Test func aFinishedBatchSaysItsCountsTokensAndWhereTheResultsAre() async throws {
        try folder.write(#"{"workflow_id": "5150", "mode": "sync", "parameters": {"style": "short"}}"#, to: "shared/inbox/Orders/workflow.json")
        try folder.write("name\r\nAda\r\nLin\r\n", to: "shared/inbox/Orders/orders.csv")
        let outcome = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--settle", "0", "--interval", "0.05", "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(folder.names(in: "shared/outbox/Orders").contains("orders.results.csv"))
        for service in ["feishu", "webhook"] {
            let texts = receiver.deliveries.filter { $0.service == service }.map(\.text)
            #expect(texts.filter { $0.contains("orders.csv in shared is done: 2 of 2 rows succeeded, 0 failed. 300 tokens used. Results: outbox/Orders/orders.results.csv") }.count == 1,
                    "\(service): \(texts)")
        }
        #expect(receiver.deliveries.allSatisfy { $0.signatureChecked })
    }
}
