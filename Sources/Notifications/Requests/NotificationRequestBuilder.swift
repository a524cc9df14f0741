import Foundation
import OrderedJSON

/// Turns a message into the request one target's service expects: pure, given the time.
///
/// Each service's shape is in its own `NotificationRequestBuilder+Service.swift`. Texts are cut to
/// the service's limit (UTF-8 safe) and the target's keyword is put in the title.
public enum NotificationRequestBuilder {
    /// The request telling `message` to `target` at `now` (signatures carry the time).
    public static func request(for message: NotificationMessage, to target: NotificationTarget, now: Date) -> NotificationRequest {
        switch target.service {
        case .feishu: feishu(message, target: target, now: now)
        case .dingtalk: dingTalk(message, target: target, now: now)
        case .wecom: weCom(message, target: target)
        case .webhook: webhook(message, target: target, now: now)
        }
    }

    static let jsonHeaders = ["Content-Type": "application/json; charset=utf-8"]

    static func compact(_ value: JSONValue) -> [UInt8] {
        JSONWriter(prettyPrinted: false).bytes(from: value)
    }

    /// The title with the keyword in front, unless the title or text already has it.
    static func title(_ message: NotificationMessage, keyword: String?) -> String {
        guard let keyword, !message.title.contains(keyword), !message.text.contains(keyword) else { return message.title }
        return "\(keyword) \(message.title)"
    }

    /// The longest cut of `text` whose request measures at most `limit` (JSON escapes make the
    /// body grow faster than the text, so search the cut by measuring).
    static func fitting(_ text: String, limit: Int, measure: (String) -> Int) -> String {
        guard measure(text) > limit else { return text }
        var low = 0, high = text.utf8.count  // measure(cut to low) fits (or low is 0); high does not
        while high - low > 1 {
            let middle = (low + high) / 2
            if measure(TextCutter.cut(text, toBytes: middle)) <= limit { low = middle } else { high = middle }
        }
        return TextCutter.cut(text, toBytes: low)
    }

    static func seconds(_ now: Date) -> Int { Int(now.timeIntervalSince1970.rounded(.down)) }
}
