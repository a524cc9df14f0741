import Foundation
import Notifications
import OrderedJSON
import Testing

struct NotificationTargetParsingTests {
    static let briefExample = """
    {"notify": [
      {"type": "feishu",   "url": "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "secret": "feishuSecret42", "on": ["failed", "needs_input", "batch_done", "agent_problem"]},
      {"type": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3d4b5e6e7f8", "secret": "SECdingSecret99"},
      {"type": "wecom",    "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"},
      {"type": "webhook",  "url": "https://example.internal/coze-drop", "secret": "hookSecret", "keyword": "CozeDrop", "on": ["succeeded", "agent_started"]}
    ]}
    """

    @Test func readsTheFourServicesWithTheirDefaults() throws {
        let targets = try NotificationTarget.targets(inSettings: try JSONParser().parse(Self.briefExample))
        #expect(targets.map(\.service) == [.feishu, .dingtalk, .wecom, .webhook])
        #expect(targets[0].secret == "feishuSecret42")
        #expect(targets[1].on == [.failed, .needsInput, .batchDone, .agentProblem])
        #expect(targets[2].secret == nil && targets[2].keyword == nil)
        #expect(targets[3].on == [.succeeded, .agentStarted])
        #expect(targets[3].keyword == "CozeDrop")
        #expect(targets[1].url.absoluteString == "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3d4b5e6e7f8")
    }

    @Test func hasNoTargetsWithoutANotifyKey() throws {
        #expect(try NotificationTarget.targets(inSettings: try JSONParser().parse(#"{"concurrency": 4}"#)).isEmpty)
    }

    @Test func defaultsToFailuresQuestionsBatchesAndAgentProblems() {
        #expect(NotificationEvent.Kind.defaultOn == [.failed, .needsInput, .batchDone, .agentProblem])
        #expect(!NotificationEvent.Kind.defaultOn.contains(.succeeded))
        #expect(!NotificationEvent.Kind.defaultOn.contains(.agentStarted))
        #expect(!NotificationEvent.Kind.defaultOn.contains(.agentStopped))
    }

    @Test(arguments: [
        "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]:9000/hook", "http://127.1.2.3/x", "https://example.internal/coze-drop",
    ])
    func acceptsHTTPSAndLoopbackHTTP(url: String) throws {
        let targets = try NotificationTarget.targets(fromNotify: try JSONParser().parse(#"[{"type": "webhook", "url": "\#(url)"}]"#))
        #expect(targets.count == 1)
    }

    /// Each bad entry and the words its message must contain (and a Chinese one).
    @Test(arguments: [
        (#"{"type": "slack", "url": "https://hooks.slack.com/x"}"#, "unknown type \"slack\". Use one of: feishu, dingtalk, wecom, webhook", "未知的类型"),
        (#"{"url": "https://open.feishu.cn/x"}"#, "`type` is missing", "缺少 `type`"),
        (#"{"type": "feishu", "url": "http://open.feishu.cn/open-apis/bot/v2/hook/abcdef123456"}"#, "must start with https://", "必须以 https:// 开头"),
        (#"{"type": "webhook", "url": "http://192.168.1.10/hook"}"#, "only a loopback address", "本机地址"),
        (#"{"type": "webhook", "url": "ftp://example.com/hook"}"#, "not ftp://", "ftp://"),
        (#"{"type": "feishu"}"#, "`url` is missing", "缺少 `url`"),
        (#"{"type": "feishu", "url": "open.feishu.cn/hook"}"#, "not a valid address", "不是有效的地址"),
        (#"{"type": "feishu", "url": "https://open.feishu.cn/x", "on": ["failed", "exploded"]}"#, "unknown event \"exploded\" in `on`. The events are: failed, needs_input, succeeded, batch_done, agent_problem, agent_started, agent_stopped", "未知的事件"),
        (#"{"type": "feishu", "url": "https://open.feishu.cn/x", "on": "failed"}"#, "`on` must be an array", "`on` 应为事件名数组"),
        (#"{"type": "feishu", "url": "https://open.feishu.cn/x", "secret": ""}"#, "`secret` must be a non-empty string", "`secret` 应为非空字符串"),
        (#"{"type": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "secret": "s"}"#, "WeCom group bots do not sign", "企业微信群机器人不使用签名"),
        (#"{"type": "feishu", "url": "https://open.feishu.cn/x", "secert": "s"}"#, "unknown key `secert`", "未知的键"),
        (#""feishu""#, "must be an object", "应为对象"),
    ])
    func refusesABadEntryWithAMessageSayingWhatToDo(entry: String, english: String, chinese: String) throws {
        let notify = try JSONParser().parse("[{\"type\": \"webhook\", \"url\": \"https://ok.example/\"}, \(entry)]")
        let problem = try #require(throws: NotificationSettingsProblem.self) { try NotificationTarget.targets(fromNotify: notify) }
        #expect(problem.message.hasPrefix("notify[1]: "))
        #expect(problem.message.contains(english), "\(problem.message)")
        #expect(problem.chinese.contains(chinese), "\(problem.chinese)")
    }

    @Test func neverEchoesTheURLOrSecretInAProblem() throws {
        let secretPath = "abcdef0123456789secretpath"
        let entries = [
            #"{"type": "feishu", "url": "http://open.feishu.cn/open-apis/bot/v2/hook/\#(secretPath)"}"#,
            #"{"type": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=\#(secretPath)", "secret": "\#(secretPath)"}"#,
            #"{"type": "feishu", "url": "ftp://\#(secretPath).example"}"#,
        ]
        for entry in entries {
            let problem = try #require(throws: NotificationSettingsProblem.self) { try NotificationTarget.targets(fromNotify: try JSONParser().parse("[\(entry)]")) }
            #expect(problem.message.contains(secretPath) == false)
            #expect(problem.chinese.contains(secretPath) == false)
        }
    }

    @Test func refusesANotifyThatIsNotAnArray() throws {
        let problem = try #require(throws: NotificationSettingsProblem.self) { try NotificationTarget.targets(inSettings: try JSONParser().parse(#"{"notify": {"type": "feishu"}}"#)) }
        #expect(problem.message.hasPrefix("notify: must be an array"))
    }
}
