import Foundation
import TestSupport
import Testing

/// `coze-drop notify-test` against a local receiver playing Feishu, DingTalk, WeCom and a webhook.
@Suite struct NotifyTestCommandTests {
    let folder: TemporaryFolder
    let receiver: ChatBotReceiver

    init() throws {
        folder = try TemporaryFolder()
        receiver = try ChatBotReceiver()
        try folder.write(#"{"concurrency": 2, "notify": \#(receiver.notifySettings)}"#, to: "shared/coze-drop.json")
    }

    var root: String { folder.path + "/shared" }

    var secrets: [String] {
        [ChatBotReceiver.feishuPath, "feishu-token-0123456789", ChatBotReceiver.dingTalkToken, ChatBotReceiver.weComKey,
         ChatBotReceiver.feishuSecret, ChatBotReceiver.dingTalkSecret, ChatBotReceiver.webhookSecret, "coze-drop-hook", "access_token"]
    }

    @Test func sendsOneSignedTestMessageToEveryTargetAndSaysEachAccepted() async throws {
        let outcome = try await BuiltCommand.run(["notify-test", "--root", root, "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.error)")
        #expect(outcome.output.contains("Feishu (127.0.0.1): accepted"))
        #expect(outcome.output.contains("DingTalk (127.0.0.1): accepted"))
        #expect(outcome.output.contains("WeCom (127.0.0.1): accepted"))
        #expect(outcome.output.contains("webhook (127.0.0.1): accepted"))
        #expect(outcome.output.contains("4 of 4 targets accepted the test message."))
        let deliveries = receiver.deliveries
        #expect(deliveries.map(\.service).sorted() == ["dingtalk", "feishu", "webhook", "wecom"])
        #expect(deliveries.allSatisfy { $0.signatureChecked })
        #expect(deliveries.allSatisfy { $0.text.contains("test") })
        let dingTalk = try #require(deliveries.first { $0.service == "dingtalk" })
        #expect(dingTalk.text.contains("CozeDrop"))
        for secret in secrets { #expect(!(outcome.output + outcome.error).contains(secret)) }
    }

    @Test func aWorkflowFoldersOwnTargetsAreTestedTooAndABotListedTwiceOnce() async throws {
        let other = try ChatBotReceiver()
        try folder.write(#"""
            {"workflow_id": "7400000000000001234",
             "notify": [{"type": "webhook", "url": "http://127.0.0.1:\#(other.port)/coze-drop-hook", "secret": "\#(ChatBotReceiver.webhookSecret)"},
                        {"type": "wecom", "url": "http://127.0.0.1:\#(receiver.port)/cgi-bin/webhook/send?key=\#(ChatBotReceiver.weComKey)"}]}
            """#, to: "shared/inbox/修图/workflow.json")
        try folder.write(#"{"workflow_id": "7400000000000001234", "notify": [{"type": "wecom", "url": "http://example.com/x"}]}"#,
                         to: "shared/inbox/Broken/workflow.json")
        let outcome = try await BuiltCommand.run(["notify-test", "--root", root, "--lang", "en"])
        // The broken folder's notify makes the run fail, and is named without its URL.
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("inbox/Broken/workflow.json: "), "\(outcome.output)")
        #expect(!outcome.output.contains("example.com/x"))
        #expect(outcome.output.contains("inbox/修图: webhook (127.0.0.1): accepted"), "\(outcome.output)")
        #expect(outcome.output.contains("5 of 5 targets accepted the test message."))
        #expect(other.deliveries.map(\.service) == ["webhook"])
        #expect(other.deliveries.allSatisfy { $0.signatureChecked })
        // The WeCom bot both files list got one message.
        #expect(receiver.deliveries.filter { $0.service == "wecom" }.count == 1)
    }

    @Test func tooFrequentAndRefusedAnswersExitOneAndSayWhatToDoWithoutTheURL() async throws {
        receiver.set("dingtalk", answers: .tooFrequent)
        receiver.set("wecom", answers: .error)
        let outcome = try await BuiltCommand.run(["notify-test", "--root", root, "--lang", "en"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("Feishu (127.0.0.1): accepted"))
        #expect(outcome.output.contains("DingTalk (127.0.0.1): not accepted, too many messages (DingTalk 130101"))
        #expect(outcome.output.contains("WeCom (127.0.0.1): refused: WeCom 93000"))
        #expect(outcome.output.contains("Copy the webhook again"))
        #expect(outcome.output.contains("2 of 4 targets accepted the test message."))
        for secret in secrets { #expect(!(outcome.output + outcome.error).contains(secret)) }
    }

    @Test func aWrongSecretIsRefusedWithWhatToFix() async throws {
        try folder.write(#"{"notify": [{"type": "feishu", "url": "http://127.0.0.1:\#(receiver.port)\#(ChatBotReceiver.feishuPath)", "secret": "not-the-secret"}]}"#,
                         to: "shared/coze-drop.json")
        let outcome = try await BuiltCommand.run(["notify-test", "--root", root, "--lang", "zh"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("Feishu (127.0.0.1)：被拒绝：Feishu 19021") || outcome.output.contains("Feishu (127.0.0.1): 被拒绝：Feishu 19021"))
        #expect(outcome.output.contains("Copy the secret again"))
        #expect(!outcome.output.contains("not-the-secret"))
    }

    @Test func noTargetsOrABadTargetSayHowToFixTheSettings() async throws {
        try folder.write(#"{"concurrency": 2}"#, to: "shared/coze-drop.json")
        let none = try await BuiltCommand.run(["notify-test", "--root", root, "--lang", "en"])
        #expect(none.status == 1)
        #expect(none.output.contains("No notification target in \(root)/coze-drop.json. Add one"))

        try folder.write(#"{"notify": [{"type": "feishu", "url": "http://open.feishu.cn/open-apis/bot/v2/hook/secret-token-123"}]}"#, to: "shared/coze-drop.json")
        let plain = try await BuiltCommand.run(["notify-test", "--root", root, "--lang", "en"])
        #expect(plain.status == 2)
        #expect(plain.error.contains("notify[0]: `url` must start with https://"))
        #expect(!plain.error.contains("secret-token-123"))
    }

    @Test func theWatchStartUpSummaryNeverShowsTheNotifySettings() async throws {
        let outcome = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output.contains("concurrency = 2"))
        for secret in secrets + ["notify"] { #expect(!(outcome.output + outcome.error).contains(secret)) }
    }
}
