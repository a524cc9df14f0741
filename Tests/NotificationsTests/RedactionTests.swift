import Foundation
import Notifications
import Testing

struct RedactionTests {
    static let targets = [
        NotificationTarget(service: .feishu, url: URL(string: "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-123456789abc")!, secret: "feishuSecret42"),
        NotificationTarget(service: .dingtalk, url: URL(string: "https://oapi.dingtalk.com/robot/send?access_token=d1e2a3d4b5e6e7f8")!, secret: "SECdingSecret99"),
        NotificationTarget(service: .wecom, url: URL(string: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4")!),
        NotificationTarget(service: .webhook, url: URL(string: "https://example.internal/coze-drop/s3cr3t-path-token")!, secret: "hookSecret"),
    ]
    static let credentials = ["0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "feishuSecret42", "d1e2a3d4b5e6e7f8", "SECdingSecret99", "693a91f6-7xxx-4bc4", "s3cr3t-path-token", "hookSecret"]

    @Test func describesTargetsAndRequestsByServiceAndHostOnly() {
        var texts: [String] = []
        for target in Self.targets {
            texts += [target.description, String(reflecting: target), target.safeName]
            var dumped = ""
            dump(target, to: &dumped)
            texts.append(dumped)
            let request = NotificationRequestBuilder.request(for: NotificationMessage.folding([NotificationEvent(kind: .failed, text: "x")], span: 0), to: target, now: Date(timeIntervalSince1970: 0))
            texts += [request.description, String(reflecting: request)]
            dumped = ""
            dump(request, to: &dumped)
            texts.append(dumped)
        }
        #expect(texts.contains("Feishu (open.feishu.cn)"))
        for text in texts {
            for credential in Self.credentials { #expect(!text.contains(credential), "\(text)") }
        }
    }

    @Test func hidesATargetsURLTokenAndSecretInAnyText() {
        for target in Self.targets {
            let leaky = "POST \(target.url.absoluteString) failed; secret \(target.secret ?? "-"); query \(target.url.query ?? "-"); path \(target.url.path)"
            let clean = target.redacted(leaky)
            for credential in Self.credentials { #expect(!clean.contains(credential), "\(clean)") }
            #expect(clean.contains("•••"))
        }
    }

    @Test(arguments: [
        ("error for https://open.feishu.cn/open-apis/bot/v2/hook/abc: timed out", "error for https://open.feishu.cn/•••: timed out"),
        ("(http://127.0.0.1:8080/hook?key=1) refused", "(http://127.0.0.1:8080/•••) refused"),
        ("see https://example.com now", "see https://example.com now"),
        ("httpx and http: words stay", "httpx and http: words stay"),
        ("HTTP 502 from HTTPS://Example.com/Hook/Token", "HTTP 502 from HTTPS://Example.com/•••"),
    ])
    func cutsAnyOtherURLToItsHost(text: String, expected: String) {
        #expect(Redaction.redact(text, hiding: []) == expected)
    }
}
