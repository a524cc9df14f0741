import Notifications
import Testing

struct DeliveryAnswerTests {
    /// The docs' own answers (Fixtures/) and what each means.
    @Test(arguments: [
        ("feishu-answer-success.json", NotificationService.feishu, "delivered"),
        ("feishu-answer-bad-request.json", .feishu, "rejected"),
        ("feishu-answer-sign-mismatch.json", .feishu, "rejected"),
        ("feishu-answer-keyword-missing.json", .feishu, "rejected"),
        ("feishu-answer-ip-not-allowed.json", .feishu, "rejected"),
        ("dingtalk-answer-too-fast.json", .dingtalk, "tooFrequent"),
    ])
    func readsTheDocumentedAnswers(fixture: String, service: NotificationService, meaning: String) throws {
        let answer = DeliveryAnswer.classify(.response(status: 200, body: try Fixture.bytes(fixture)), service: service)
        #expect(Self.name(answer) == meaning)
    }

    @Test(arguments: [
        (NotificationService.feishu, 200, #"{"code":11232,"msg":"frequency limited"}"#, "tooFrequent", 60.0),
        (.dingtalk, 200, #"{"errcode":130101,"errmsg":"send too fast"}"#, "tooFrequent", 600.0),
        (.wecom, 200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#, "tooFrequent", 60.0),
        (.webhook, 429, "", "tooFrequent", 60.0),
        (.feishu, 429, "", "tooFrequent", 60.0),
        (.dingtalk, 200, #"{"errcode":0,"errmsg":"ok"}"#, "delivered", 0),
        (.wecom, 200, #"{"errcode":0,"errmsg":"ok"}"#, "delivered", 0),
        (.feishu, 200, #"{"StatusCode":0,"StatusMessage":"success"}"#, "delivered", 0),
        (.webhook, 204, "", "delivered", 0),
        (.webhook, 200, "not json at all", "delivered", 0),
        (.feishu, 502, "<html>bad gateway</html>", "retryable", 0),
        (.wecom, 503, "", "retryable", 0),
        (.wecom, 200, #"{"errcode":-1,"errmsg":"system busy"}"#, "retryable", 0),
        (.dingtalk, 200, "<html>proxy</html>", "retryable", 0),
        (.webhook, 500, "", "retryable", 0),
        (.dingtalk, 200, #"{"errcode":310000,"errmsg":"sign not match"}"#, "rejected", 0),
        (.dingtalk, 200, #"{"errcode":300001,"errmsg":"token is not exist"}"#, "rejected", 0),
        (.wecom, 200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#, "rejected", 0),
        (.webhook, 404, "", "rejected", 0),
        (.webhook, 401, "", "rejected", 0),
    ])
    func classifiesEachServicesAnswer(service: NotificationService, status: Int, body: String, meaning: String, pause: Double) {
        let answer = DeliveryAnswer.classify(.response(status: status, body: Array(body.utf8)), service: service)
        #expect(Self.name(answer) == meaning)
        if case .tooFrequent(let seconds, _) = answer { #expect(seconds == pause) }
    }

    @Test func triesAgainWhenNothingCameBack() {
        #expect(Self.name(DeliveryAnswer.classify(.noAnswer(detail: "timed out"), service: .feishu)) == "retryable")
    }

    @Test func saysWhatToFixWhenFeishuRefusesTheSignatureOrKeyword() throws {
        guard case .rejected(let sign) = DeliveryAnswer.classify(.response(status: 200, body: try Fixture.bytes("feishu-answer-sign-mismatch.json")), service: .feishu),
              case .rejected(let keyword) = DeliveryAnswer.classify(.response(status: 200, body: try Fixture.bytes("feishu-answer-keyword-missing.json")), service: .feishu)
        else { Issue.record("not rejected"); return }
        #expect(sign.contains("secret") && sign.contains("clock"))
        #expect(keyword.contains("`keyword`"))
    }

    static func name(_ answer: DeliveryAnswer) -> String {
        switch answer {
        case .delivered: "delivered"
        case .tooFrequent: "tooFrequent"
        case .retryable: "retryable"
        case .rejected: "rejected"
        }
    }
}
