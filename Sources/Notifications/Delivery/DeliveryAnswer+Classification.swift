import Foundation
import OrderedJSON

extension DeliveryAnswer {
    /// What `result` means for a request to `service`.
    ///
    /// Feishu answers `{"code": 0, "msg": "success"}` (`StatusCode` in older answers); DingTalk and WeCom
    /// answer `{"errcode": 0, "errmsg": "ok"}`; the generic webhook is delivered on any 2xx.
    /// Codes: Feishu 11232 (限流), 19021 (sign match fail or timestamp not within one hour), 19022 (Ip Not
    /// Allowed), 19024 (Key Words Not Found), 9499 (Bad Request); DingTalk 130101 (send too fast, exceed 20
    /// times per minute; muted ten minutes), 310000 (keyword, sign or IP check failed), 300001 (token is not
    /// exist); WeCom 45009 (api freq out of limit), 93000 (invalid webhook url), -1 (system busy).
    public static func classify(_ result: DeliveryResult, service: NotificationService) -> DeliveryAnswer {
        guard case .response(let status, let body) = result else {
            if case .noAnswer(let detail) = result { return .retryable(detail: "no answer (\(detail))") }
            return .retryable(detail: "no answer")
        }
        let pause = service.limits.tooFrequentPause
        if status == 429 { return .tooFrequent(pause: pause, detail: "HTTP 429 Too Many Requests") }
        if status >= 500 { return .retryable(detail: "HTTP \(status)") }
        if service == .webhook {
            if (200..<300).contains(status) { return .delivered }
            if status == 408 { return .retryable(detail: "HTTP 408") }
            return .rejected(detail: "HTTP \(status): the webhook refused the notification; check its URL and secret.")
        }
        guard let json = try? JSONParser().parse(bytes: body), json.objectMembers != nil else {
            return (200..<300).contains(status) ? .retryable(detail: "HTTP \(status) with an answer that is not JSON")
                : .rejected(detail: "HTTP \(status) with an answer that is not JSON; check the bot's URL.")
        }
        switch service {
        case .feishu:
            let code = json["code"]?.integerValue ?? json["StatusCode"]?.integerValue
            let message = json["msg"]?.stringValue ?? json["StatusMessage"]?.stringValue ?? ""
            switch code {
            case 0?: return .delivered
            case 11232?: return .tooFrequent(pause: pause, detail: "Feishu 11232 \(message)")
            case 19021?: return .rejected(detail: "Feishu 19021 \(message): the signature did not match. Copy the secret again from the bot's 安全设置 > 签名校验, and check this machine's clock.")
            case 19022?: return .rejected(detail: "Feishu 19022 \(message): this machine's address is not in the bot's IP whitelist.")
            case 19024?: return .rejected(detail: "Feishu 19024 \(message): the message lacks the bot's keyword. Set `keyword` to one of the bot's 自定义关键词.")
            case let other?: return .rejected(detail: "Feishu \(other) \(message)")
            case nil: return .retryable(detail: "HTTP \(status) without a Feishu code")
            }
        case .dingtalk, .wecom:
            let name = service.displayName
            let message = json["errmsg"]?.stringValue ?? ""
            switch (service, json["errcode"]?.integerValue) {
            case (_, 0?): return .delivered
            case (.dingtalk, 130101?): return .tooFrequent(pause: pause, detail: "DingTalk 130101 \(message)")
            case (.dingtalk, 310000?): return .rejected(detail: "DingTalk 310000 \(message): the bot's security check failed. Check `secret` (加签, starts with SEC), `keyword` (自定义关键词) and the IP list.")
            case (.dingtalk, 300001?): return .rejected(detail: "DingTalk 300001 \(message): the access_token in the URL is wrong or the bot was removed. Copy the webhook again.")
            case (.wecom, 45009?): return .tooFrequent(pause: pause, detail: "WeCom 45009 \(message)")
            case (.wecom, 93000?): return .rejected(detail: "WeCom 93000 \(message): the key in the URL is wrong or the bot was removed. Copy the webhook again.")
            case (.wecom, .some(-1)): return .retryable(detail: "WeCom -1 \(message)")
            case (_, let other?): return .rejected(detail: "\(name) \(other) \(message)")
            case (_, nil): return .retryable(detail: "HTTP \(status) without an errcode")
            }
        case .webhook:
            return .delivered
        }
    }
}
