import Foundation
import OrderedJSON

extension NotificationRequestBuilder {
    /// DingTalk custom robot, a `markdown` message (消息类型及数据格式):
    /// `{"msgtype": "markdown", "markdown": {"title": "…", "text": "…"}}`. With a secret, `timestamp`
    /// (milliseconds) and the URL-encoded `sign` are added to the URL's query (加签).
    /// https://open.dingtalk.com/document/robots/custom-robot-access,
    /// https://open.dingtalk.com/document/robots/customize-robot-security-settings
    static func dingTalk(_ message: NotificationMessage, target: NotificationTarget, now: Date) -> NotificationRequest {
        let head = title(message, keyword: target.keyword)
        let prefix = "#### \(head)\n\n"
        let text = TextCutter.cut(message.text, toBytes: (target.service.limits.textBytes ?? Int.max) - prefix.utf8.count)
        let body = compact(.object(["msgtype": .string("markdown"), "markdown": .object(["title": .string(head), "text": .string(prefix + text)])]))
        var url = target.url
        if let secret = target.secret {
            let milliseconds = Int((now.timeIntervalSince1970 * 1000).rounded(.down))
            let sign = ServiceSignature.percentEncoded(ServiceSignature.dingTalk(secret: secret, timestampMilliseconds: milliseconds))
            let separator = url.absoluteString.contains("?") ? "&" : "?"
            url = URL(string: url.absoluteString + separator + "timestamp=\(milliseconds)&sign=\(sign)")!
        }
        return NotificationRequest(service: .dingtalk, url: url, headers: jsonHeaders, body: body)
    }
}
