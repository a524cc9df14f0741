import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Notifications beyond one agent on the root: a workflow folder's own targets, and two agents on
/// one folder telling each event once (the built binary against the simulator and a local receiver).
@Suite struct WatchNotificationFolderTests {
    let folder: TemporaryFolder
    let receiver: ChatBotReceiver

    init() throws {
        folder = try TemporaryFolder()
        receiver = try ChatBotReceiver()
    }

    var root: String { folder.path + "/shared" }
    var base: String { "http://127.0.0.1:\(receiver.port)" }

    func texts(_ service: String) -> [String] { receiver.deliveries.filter { $0.service == service }.map(\.text) }

    @Test func aWorkflowFolderTellsItsOwnTargetsBesidesTheRootsAndABotInBothHearsOnce() async throws {
        try folder.write("""
            {"notify": [{"type": "feishu", "url": "\(base)\(ChatBotReceiver.feishuPath)", "secret": "\(ChatBotReceiver.feishuSecret)"}]}
            """, to: "shared/coze-drop.json")
        try folder.write("""
            {"workflow_id": "5150", "mode": "sync",
             "notify": [{"type": "wecom", "url": "\(base)/cgi-bin/webhook/send?key=\(ChatBotReceiver.weComKey)", "on": ["failed"]},
                        {"type": "feishu", "url": "\(base)\(ChatBotReceiver.feishuPath)", "secret": "\(ChatBotReceiver.feishuSecret)", "on": ["failed", "succeeded"]}]}
            """, to: "shared/inbox/Orders/workflow.json")
        try folder.write(#"{"parameters": {"_simulate": {"fail": "the model timed out"}}}"#, to: "shared/inbox/Orders/order-broken.json")
        try folder.write(#"{"parameters": {"name": "Ada"}}"#, to: "shared/inbox/Orders/order-fine.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"fail": "no such city"}}}"#, to: "shared/inbox/root-broken.json")
        let outcome = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--settle", "0", "--interval", "0.05", "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.error)")

        #expect(receiver.deliveries.allSatisfy { $0.signatureChecked })
        let wecom = texts("wecom").joined(separator: "\n")
        #expect(wecom.components(separatedBy: "order-broken.json").count == 2, "the folder's target hears the folder's failure once: \(wecom)")
        #expect(!wecom.contains("root-broken.json"), "nor the root's jobs")
        #expect(!wecom.contains("order-fine.json"), "only the kinds in its `on`")
        let feishu = texts("feishu").joined(separator: "\n")
        for name in ["order-broken.json", "root-broken.json", "order-fine.json"] {
            #expect(feishu.components(separatedBy: name).count == 2, "\(name) once on the bot both list: \(feishu)")
        }
        let written = outcome.output + outcome.error
        for secret in [ChatBotReceiver.weComKey, ChatBotReceiver.feishuSecret, "feishu-token-0123456789"] { #expect(!written.contains(secret)) }
    }

    @Test func aWrongNotifyInWorkflowJSONLeavesTheFolderAloneAndSaysWhyWithoutTheAddress() async throws {
        try folder.write("""
            {"workflow_id": "5150", "notify": [{"type": "dingtalk", "url": "http://oapi.dingtalk.com/robot/send?access_token=tok-0123456789"}]}
            """, to: "shared/inbox/Orders/workflow.json")
        try folder.write(#"{"parameters": {}}"#, to: "shared/inbox/Orders/a.json")
        let outcome = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--settle", "0", "--interval", "0.05", "--lang", "en"])
        let said = outcome.output + outcome.error
        #expect(said.contains("inbox/Orders/workflow.json is not usable"), "\(said)")
        #expect(said.contains("notify[0]: `url` must start with https://"))
        #expect(!said.contains("tok-0123456789") && !said.contains("oapi.dingtalk.com/robot"))
        #expect(folder.names(in: "shared/inbox/Orders").contains("a.json"))
    }

    /// Events of one kind in chat texts: single ones name the file, folded ones give a count.
    func count(_ texts: [String], single: String, folded: Regex<(Substring, Substring)>) -> Int {
        texts.reduce(0) { total, text in
            total + text.components(separatedBy: single).count - 1 + text.matches(of: folded).reduce(0) { $0 + (Int($1.1) ?? 0) }
        }
    }

    @Test func twoAgentsOnOneFolderTellEveryEventOnceToEveryTarget() async throws {
        try folder.write(#"{"notify": \#(receiver.notifySettings)}"#, to: "shared/coze-drop.json")
        try folder.write(#"{"workflow_id": "5150", "mode": "sync", "parameters": {"style": "short"}}"#, to: "shared/inbox/Orders/workflow.json")
        let arguments = ["watch", "--root", root, "--simulator", "--settle", "0", "--interval", "0.05", "--lang", "en"]
        let first = try BuiltCommand.start(arguments)
        let second = try BuiltCommand.start(arguments)
        for _ in 0..<1000 where ((try? JSONParser().parse(try folder.read("shared/status.json")))?["agents"]?.arrayValue?.count ?? 0) < 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        let failing = (1...8).map { "broken-\($0).json" }
        let asking = (1...3).map { "ask-\($0).json" }
        for name in failing { try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"fail": "the model timed out"}}}"#, to: "shared/inbox/\(name)") }
        for name in asking { try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"interrupt": "Which city?"}}}"#, to: "shared/inbox/\(name)") }
        try folder.write("name\r\nAda\r\nLin\r\nMo\r\n", to: "shared/inbox/Orders/orders.csv")
        for _ in 0..<3000 {
            let failed = folder.names(in: "shared/failed").filter { $0.hasSuffix(".response.json") }.count
            let asked = folder.names(in: "shared/outbox").filter { $0.hasSuffix(".answer.json") }.count
            if failed == failing.count, asked == asking.count, folder.names(in: "shared/outbox/Orders").contains("orders.results.csv") { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        first.process.terminate()
        second.process.terminate()
        let outcomes = [await first.finish(), await second.finish()]
        #expect(outcomes.map(\.status) == [0, 0], "\(outcomes.map(\.error))")
        #expect(folder.names(in: "shared/outbox/Orders").contains("orders.results.csv"))

        #expect(receiver.deliveries.allSatisfy { $0.signatureChecked })
        // The webhook gets every event as JSON: each exactly once across both agents.
        let hooked = texts("webhook")
        for name in failing + asking + ["orders.csv"] {
            #expect(hooked.joined(separator: "\n").components(separatedBy: name).count >= 2, "\(name) reached the webhook")
        }
        for service in ["feishu", "dingtalk", "wecom", "webhook"] {
            let got = texts(service)
            #expect(count(got, single: "in shared failed (", folded: /(\d+) requests failed/) == failing.count, "\(service): \(got)")
            #expect(count(got, single: "waits for an answer", folded: /(\d+) workflows are waiting/) == asking.count, "\(service): \(got)")
            #expect(count(got, single: "orders.csv in shared is done", folded: /(\d+) batches finished/) == 1, "\(service): \(got)")
            for name in failing + asking + ["orders.csv"] {
                #expect(got.joined(separator: "\n").components(separatedBy: name).count <= 2, "\(service): \(name) at most once by name")
            }
        }
    }
}
