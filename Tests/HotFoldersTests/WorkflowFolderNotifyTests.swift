import CozeAPI
import HotFolders
import Notifications
import OrderedJSON
import Testing

/// `notify` in a workflow folder's `workflow.json`: checked like coze-drop.json's, never echoing a URL or secret.
@Suite struct WorkflowFolderNotifyTests {
    func parse(_ text: String, _ language: Language = .en) throws(WorkflowFolderProblem) -> WorkflowFolderSettings {
        try WorkflowJSON.parse(text, language)
    }

    func problems(_ text: String, _ language: Language = .en) -> [String] { WorkflowJSON.problems(text, language) }

    @Test func aFolderNamesItsOwnTargetsWithTheirOwnEvents() throws {
        let settings = try parse("""
            {"workflow_id": "7366468917055111111",
             "notify": [{"type": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx", "on": ["failed", "batch_done"]},
                        {"type": "feishu", "url": "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa", "secret": "s3cr3t-value", "keyword": "CozeDrop"}]}
            """)
        #expect(settings.notify.map(\.service) == [.wecom, .feishu])
        #expect(settings.notify[0].on == [.failed, .batchDone])
        #expect(settings.notify[1].on == NotificationEvent.Kind.defaultOn)
        #expect(settings.notify[1].keyword == "CozeDrop")
        // Written back as it was read.
        #expect(try WorkflowFolderSettings.validate(settings.json) == settings)
    }

    @Test func withoutNotifyTheFileIsWrittenAsBefore() throws {
        let settings = try parse(#"{"workflow_id": "1"}"#)
        #expect(settings.notify.isEmpty)
        #expect(settings.json.objectMembers?.map(\.key) == WorkflowFolderSettings.keys.filter { $0 != "notify" && $0 != "daily_token_budget" })
    }

    @Test(arguments: [Language.en, .zh])
    func aPlainHTTPTargetIsRefusedWithoutShowingItsAddress(language: Language) {
        let found = problems(#"{"workflow_id": "1", "notify": [{"type": "dingtalk", "url": "http://oapi.dingtalk.com/robot/send?access_token=tok-123456789", "secret": "SECabcdefgh"}]}"#, language)
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("workflow.json: notify[0]"))
        #expect(found[0].contains(language == .en ? "https://" : "必须以 https:// 开头"))
        for secret in ["tok-123456789", "SECabcdefgh", "oapi.dingtalk.com/robot"] { #expect(!found[0].contains(secret)) }
    }

    @Test func aLoopbackTargetMayUsePlainHTTP() throws {
        let settings = try parse(#"{"workflow_id": "1", "notify": [{"type": "webhook", "url": "http://127.0.0.1:8080/hook"}]}"#)
        #expect(settings.notify.count == 1)
    }

    @Test func wrongEntriesAreReportedWithTheOtherProblems() {
        let found = problems(#"{"workflow_id": "x", "notify": [{"type": "slack", "url": "https://hooks.slack.com/x"}]}"#)
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("unknown type \"slack\"") })
        #expect(problems(#"{"workflow_id": "1", "notify": {"type": "wecom"}}"#).first?.contains("must be an array of targets") == true)
        #expect(problems(#"{"workflow_id": "1", "notify": [{"type": "wecom", "url": "https://qyapi.weixin.qq.com/x", "on": ["sometimes"]}]}"#)
            .first?.contains("unknown event \"sometimes\"") == true)
    }
}
