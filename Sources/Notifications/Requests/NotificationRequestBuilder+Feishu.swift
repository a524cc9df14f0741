import Foundation
import OrderedJSON

extension NotificationRequestBuilder {
    /// Feishu custom bot, a `text` message (自定义机器人使用指南, "发送文本消息"):
    /// `{"timestamp": "1599360473", "sign": "…", "msg_type": "text", "content": {"text": "…"}}`; `timestamp`
    /// (seconds, as a string) and `sign` only when the bot has a secret. The whole body stays under 20 KB.
    /// https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
    static func feishu(_ message: NotificationMessage, target: NotificationTarget, now: Date) -> NotificationRequest {
        let timestamp = seconds(now)
        let head = title(message, keyword: target.keyword)
        func body(_ text: String) -> [UInt8] {
            var members: [JSONMember] = []
            if let secret = target.secret {
                members.append(JSONMember(key: "timestamp", value: .string(String(timestamp))))
                members.append(JSONMember(key: "sign", value: .string(ServiceSignature.feishu(secret: secret, timestamp: timestamp))))
            }
            members.append(JSONMember(key: "msg_type", value: .string("text")))
            members.append(JSONMember(key: "content", value: .object(["text": .string(head + "\n" + text)])))
            return compact(.object(members))
        }
        let limit = target.service.limits.bodyBytes ?? Int.max
        let text = fitting(message.text, limit: limit) { body($0).count }
        return NotificationRequest(service: .feishu, url: target.url, headers: jsonHeaders, body: body(text))
    }
}
