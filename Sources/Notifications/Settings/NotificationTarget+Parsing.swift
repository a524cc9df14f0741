import Foundation
import OrderedJSON

extension NotificationTarget {
    /// The keys a `notify` entry may have.
    public static let settingKeys = ["type", "url", "secret", "keyword", "on"]

    /// The targets in a `coze-drop.json` document's `notify` array; none when the key is absent.
    ///
    /// ```json
    /// {"notify": [{"type": "feishu", "url": "https://open.feishu.cn/open-apis/bot/v2/hook/…", "secret": "…"}]}
    /// ```
    public static func targets(inSettings document: JSONValue) throws(NotificationSettingsProblem) -> [NotificationTarget] {
        guard let notify = document["notify"] else { return [] }
        return try targets(fromNotify: notify)
    }

    /// The targets of a `notify` value (an array of objects).
    public static func targets(fromNotify value: JSONValue) throws(NotificationSettingsProblem) -> [NotificationTarget] {
        guard let items = value.arrayValue else {
            throw .at("notify", "must be an array of targets such as [{\"type\": \"feishu\", \"url\": \"https://open.feishu.cn/open-apis/bot/v2/hook/…\"}], but it is \(value.typeDescription).",
                      "应为目标数组，例如 [{\"type\": \"feishu\", \"url\": \"https://open.feishu.cn/open-apis/bot/v2/hook/…\"}]，但现在是\(chineseType(value))。")
        }
        var targets: [NotificationTarget] = []
        for (index, item) in items.enumerated() {
            targets.append(try NotificationTarget(settings: item, place: "notify[\(index)]"))
        }
        return targets
    }

    /// One entry of `notify`; `place` names it in error messages (`notify[2]`).
    public init(settings item: JSONValue, place: String) throws(NotificationSettingsProblem) {
        guard let members = item.objectMembers else {
            throw .at(place, "must be an object such as {\"type\": \"wecom\", \"url\": \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…\"}, but it is \(item.typeDescription).",
                      "应为对象，例如 {\"type\": \"wecom\", \"url\": \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…\"}，但现在是\(Self.chineseType(item))。")
        }
        for member in members where !Self.settingKeys.contains(member.key) {
            throw .at(place, "unknown key `\(member.key)`. The keys are \(Self.settingKeys.joined(separator: ", ")).",
                      "未知的键 `\(member.key)`。可用的键：\(Self.settingKeys.joined(separator: "、"))。")
        }
        let serviceNames = NotificationService.allCases.map(\.rawValue)
        guard let typeName = item["type"]?.stringValue else {
            throw .at(place, "`type` is missing or not a string. Set it to one of: \(serviceNames.joined(separator: ", ")).",
                      "缺少 `type` 或它不是字符串。请设为其中之一：\(serviceNames.joined(separator: "、"))。")
        }
        guard let service = NotificationService(rawValue: typeName.lowercased()) else {
            throw .at(place, "unknown type \"\(typeName)\". Use one of: \(serviceNames.joined(separator: ", ")) (webhook posts the event as JSON to any URL).",
                      "未知的类型 \"\(typeName)\"。请使用其中之一：\(serviceNames.joined(separator: "、"))（webhook 会把事件以 JSON 发到任意地址）。")
        }
        let url = try Self.url(item["url"], service: service, place: place)
        let secret = try Self.optionalText(item["secret"], key: "secret", place: place)
        if secret != nil, service == .wecom {
            throw .at(place, "WeCom group bots do not sign requests, so `secret` has no use here: remove it (the key in the URL is the credential).",
                      "企业微信群机器人不使用签名，这里的 `secret` 没有作用：请删除它（URL 中的 key 就是凭证）。")
        }
        let keyword = try Self.optionalText(item["keyword"], key: "keyword", place: place)
        self.init(service: service, url: url, secret: secret, keyword: keyword, on: try Self.kinds(item["on"], place: place))
    }

    private static func url(_ value: JSONValue?, service: NotificationService, place: String) throws(NotificationSettingsProblem) -> URL {
        let example = switch service {
        case .feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/…"
        case .dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…"
        case .wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
        case .webhook: "https://example.internal/coze-drop"
        }
        guard let text = value?.stringValue, !text.isEmpty else {
            throw .at(place, "`url` is missing or not a string. Paste the bot's webhook address, such as \(example).",
                      "缺少 `url` 或它不是字符串。请填入机器人的 webhook 地址，例如 \(example)。")
        }
        // The URL itself is a credential: messages below name its scheme at most.
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url else {
            throw .at(place, "`url` is not a valid address. Copy it again from the bot's settings; it looks like \(example).",
                      "`url` 不是有效的地址。请从机器人设置中重新复制，格式类似 \(example)。")
        }
        switch scheme {
        case "https":
            return url
        case "http" where isLoopback(host):
            return url
        case "http":
            throw .at(place, "`url` must start with https:// (plain http would send the bot's credentials unencrypted; only a loopback address such as http://127.0.0.1 may use http).",
                      "`url` 必须以 https:// 开头（http 会明文传送机器人的凭证；只有 http://127.0.0.1 这类本机地址可以用 http）。")
        default:
            throw .at(place, "`url` must start with https://, not \(scheme)://. It looks like \(example).",
                      "`url` 必须以 https:// 开头，而不是 \(scheme)://。格式类似 \(example)。")
        }
    }

    /// `localhost`, `127.x.x.x` and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    private static func optionalText(_ value: JSONValue?, key: String, place: String) throws(NotificationSettingsProblem) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw .at(place, "`\(key)` must be a non-empty string, but it is \(value.stringValue == nil ? value.typeDescription : "empty"). Paste it from the bot's security settings, or remove the key.",
                      "`\(key)` 应为非空字符串，但现在是\(value.stringValue == nil ? chineseType(value) : "空的")。请从机器人的安全设置中复制，或删除这个键。")
        }
        return text
    }

    private static func kinds(_ value: JSONValue?, place: String) throws(NotificationSettingsProblem) -> Set<NotificationEvent.Kind> {
        guard let value else { return NotificationEvent.Kind.defaultOn }
        let names = NotificationEvent.Kind.allCases.map(\.rawValue)
        guard let items = value.arrayValue else {
            throw .at(place, "`on` must be an array of event names such as [\"failed\", \"needs_input\"], but it is \(value.typeDescription). The events are: \(names.joined(separator: ", ")).",
                      "`on` 应为事件名数组，例如 [\"failed\", \"needs_input\"]，但现在是\(chineseType(value))。可用的事件：\(names.joined(separator: "、"))。")
        }
        var kinds: Set<NotificationEvent.Kind> = []
        for item in items {
            guard let name = item.stringValue, let kind = NotificationEvent.Kind(rawValue: name) else {
                let shown = item.stringValue.map { "\"\($0)\"" } ?? item.typeDescription
                throw .at(place, "unknown event \(shown) in `on`. The events are: \(names.joined(separator: ", ")).",
                          "`on` 中有未知的事件 \(shown)。可用的事件：\(names.joined(separator: "、"))。")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    static func chineseType(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "布尔值"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        }
    }
}
