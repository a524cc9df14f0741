import Foundation
import OrderedJSON

extension NotificationRequestBuilder {
    /// WeCom group bot, a `markdown` message (群机器人配置说明):
    /// `{"msgtype": "markdown", "markdown": {"content": "…"}}`, the content at most 4,096 UTF-8 bytes.
    /// WeCom bots are not signed: the key in the URL is the credential.
    /// https://developer.work.weixin.qq.com/document/path/91770
    static func weCom(_ message: NotificationMessage, target: NotificationTarget) -> NotificationRequest {
        let prefix = "**\(title(message, keyword: target.keyword))**\n"
        let content = prefix + TextCutter.cut(message.text, toBytes: (target.service.limits.textBytes ?? Int.max) - prefix.utf8.count)
        let body = compact(.object(["msgtype": .string("markdown"), "markdown": .object(["content": .string(content)])]))
        return NotificationRequest(service: .wecom, url: target.url, headers: jsonHeaders, body: body)
    }
}
