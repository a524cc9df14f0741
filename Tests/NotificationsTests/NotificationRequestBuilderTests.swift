import CozeAPI
import CozeCrypto
import Foundation
import Notifications
import OrderedJSON
import Testing

struct NotificationRequestBuilderTests {
    static let now = Date(timeIntervalSince1970: 1_599_360_473)
    static let failed = NotificationEvent(kind: .failed, text: "a.json failed: the token expired. Renew it with coze-drop token.", file: "a.json", folder: "/srv/drop",
                                          status: "failed", failure: .init(kind: "token_expired", message: "token expired"), executeID: "7500000000000000001", logID: "20260101abc")
    static let message = NotificationMessage.folding([failed], span: 0)

    static func target(_ service: NotificationService, _ url: String, secret: String? = nil, keyword: String? = nil) -> NotificationTarget {
        NotificationTarget(service: service, url: URL(string: url)!, secret: secret, keyword: keyword)
    }

    @Test func buildsFeishuTextSignedInTheBody() throws {
        let target = Self.target(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c", secret: "你的密钥")
        let request = NotificationRequestBuilder.request(for: Self.message, to: target, now: Self.now)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c")
        #expect(request.headers == ["Content-Type": "application/json; charset=utf-8"])
        // The sign is what Feishu's own sample code prints for this secret and time (Fixtures/feishu-sign-sample.out).
        #expect(text(request.body) == #"{"timestamp":"1599360473","sign":"LGQ8uyis9+PUlaQz4PLURvxr+NWlGF+dpzH2lNT3ISQ=","msg_type":"text","content":{"text":"coze-drop: a request failed\na.json failed: the token expired. Renew it with coze-drop token."}}"#)
    }

    @Test func buildsFeishuTextShapedAsTheDocsExample() throws {
        let request = NotificationRequestBuilder.request(for: Self.message, to: Self.target(.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/x"), now: Self.now)
        let example = try Fixture.json("feishu-request-example.json")
        let body = try parse(request.body)
        #expect(keyPaths(body) == keyPaths(example))
        #expect(body["msg_type"] == example["msg_type"])
    }

    @Test func buildsDingTalkMarkdownSignedInTheQuery() throws {
        let target = Self.target(.dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3", secret: "this is secret")
        let request = NotificationRequestBuilder.request(for: Self.message, to: target, now: Self.now)
        // timestamp and sign as DingTalk's sample code prints them (Fixtures/dingtalk-sign-sample.out).
        #expect(request.url.absoluteString == "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3&timestamp=1599360473000&sign=hXZTWifRGHclNuZSKxoXc%2F%2Fsh51SWfVfRIhcdeKs63I%3D")
        #expect(text(request.body) == #####"{"msgtype":"markdown","markdown":{"title":"coze-drop: a request failed","text":"#### coze-drop: a request failed\n\na.json failed: the token expired. Renew it with coze-drop token."}}"#####)
        let example = try Fixture.json("dingtalk-request-example.json")
        #expect(try parse(request.body).objectMembers?.first?.key == example.objectMembers?.first?.key)
    }

    @Test func leavesTheDingTalkURLAloneWithoutASecret() {
        let request = NotificationRequestBuilder.request(for: Self.message, to: Self.target(.dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3"), now: Self.now)
        #expect(request.url.absoluteString == "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3")
    }

    @Test func buildsWeComMarkdown() throws {
        let request = NotificationRequestBuilder.request(for: Self.message, to: Self.target(.wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"), now: Self.now)
        #expect(request.url.absoluteString == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1")
        #expect(text(request.body) == #"{"msgtype":"markdown","markdown":{"content":"**coze-drop: a request failed**\na.json failed: the token expired. Renew it with coze-drop token."}}"#)
        let example = try Fixture.json("wecom-request-example.json")
        #expect(try parse(request.body).objectMembers?.first?.key == example.objectMembers?.first?.key)
    }

    @Test func postsTheEventAsJSONToAWebhookSignedWhenThereIsASecret() throws {
        let signed = NotificationRequestBuilder.request(for: Self.message, to: Self.target(.webhook, "https://example.internal/coze-drop", secret: "hookSecret"), now: Self.now)
        let expected = #"{"source":"coze-drop","sent_at":1599360473,"title":"coze-drop: a request failed","text":"a.json failed: the token expired. Renew it with coze-drop token.","events":[{"kind":"failed","file":"a.json","folder":"/srv/drop","status":"failed","error":{"kind":"token_expired","message":"token expired"},"execute_id":"7500000000000000001","logid":"20260101abc","text":"a.json failed: the token expired. Renew it with coze-drop token."}]}"#
        #expect(text(signed.body) == expected)
        #expect(signed.headers["X-CozeDrop-Signature"] == "sha256=" + HMACSHA256.authenticationCode(for: signed.body, key: Array("hookSecret".utf8)).map { String(format: "%02x", $0) }.joined())
        let unsigned = NotificationRequestBuilder.request(for: Self.message, to: Self.target(.webhook, "https://example.internal/coze-drop"), now: Self.now)
        #expect(unsigned.headers["X-CozeDrop-Signature"] == nil)
        #expect(unsigned.body == signed.body)
    }

    @Test func writesBatchCountsAndDroppedEventsForTheWebhook() throws {
        let batch = NotificationEvent(kind: .batchDone, text: "Batch done: 8 succeeded, 2 failed.", folder: "/srv/drop", counts: ["succeeded": 8, "failed": 2])
        let message = NotificationMessage.folding([batch], span: 0, dropped: 4)
        let body = try parse(NotificationRequestBuilder.request(for: message, to: Self.target(.webhook, "http://127.0.0.1:9/h"), now: Self.now).body)
        #expect(body["dropped_events"] == .integer(4))
        #expect(body["events"]?.arrayValue?.first?["counts"] == .object(["failed": .integer(2), "succeeded": .integer(8)]))
    }

    /// The keyword goes into the title unless the message already has it.
    @Test(arguments: [
        (NotificationService.feishu, "告警", "告警 coze-drop: a request failed"),
        (.dingtalk, "告警", "告警 coze-drop: a request failed"),
        (.wecom, "告警", "告警 coze-drop: a request failed"),
        (.feishu, "token", "coze-drop: a request failed"),
    ])
    func putsTheKeywordInTheMessage(service: NotificationService, keyword: String, title: String) throws {
        let request = NotificationRequestBuilder.request(for: Self.message, to: Self.target(service, "https://bot.example/x", keyword: keyword), now: Self.now)
        #expect(text(request.body).contains(title))
        #expect(!text(request.body).contains("\(keyword) \(keyword)"))
    }

    /// Long texts are cut to the service's limit, on a character boundary, keeping the keyword.
    @Test(arguments: [NotificationService.feishu, .dingtalk, .wecom])
    func cutsALongTextToTheServiceLimit(service: NotificationService) throws {
        let long = String(repeating: "失败 \"quoted\"\n👍🏽 ", count: 3000)
        let message = NotificationMessage(title: "coze-drop: 3000 notifications", text: long, events: [Self.failed], language: .zh)
        let request = NotificationRequestBuilder.request(for: message, to: Self.target(service, "https://bot.example/x", secret: "s", keyword: "告警"), now: Self.now)
        let body = try parse(request.body)
        let content = body["content"]?["text"]?.stringValue ?? body["markdown"]?["text"]?.stringValue ?? body["markdown"]?["content"]?.stringValue ?? ""
        #expect(content.hasSuffix("…"))
        #expect(content.contains("告警"))
        switch service {
        case .feishu:
            #expect(request.body.count <= 20_000)
            #expect(request.body.count > 19_000)
        default:
            #expect(content.utf8.count <= 4096)
            #expect(content.utf8.count > 4000)
        }
        #expect(!content.unicodeScalars.contains("\u{FFFD}"))
    }

    @Test func givesTheTransportSeamTheSameRequest() {
        let request = NotificationRequestBuilder.request(for: Self.message, to: Self.target(.wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"), now: Self.now)
        let http = request.httpRequest()
        #expect(http.method == "POST" && http.url == request.url && http.body == Data(request.body))
        #expect(http.headers["Content-Type"] == "application/json; charset=utf-8")
    }
}
