import Foundation

/// One place notifications go: a chat group's bot (Feishu, DingTalk, WeCom) or a generic webhook.
///
/// The URL and the secret are credentials (a bot URL alone lets anyone post into the group), so
/// `description`, `debugDescription` and the mirror show only the service and the host.
public struct NotificationTarget: Sendable, Equatable {
    public var service: NotificationService
    public var url: URL
    /// Signs requests: Feishu's and DingTalk's 加签 secret, or the webhook's HMAC key.
    public var secret: String?
    /// A word the bot's 自定义关键词 setting requires; put into every message.
    public var keyword: String?
    /// The kinds of event this target hears about.
    public var on: Set<NotificationEvent.Kind>

    public init(service: NotificationService, url: URL, secret: String? = nil, keyword: String? = nil, on: Set<NotificationEvent.Kind> = NotificationEvent.Kind.defaultOn) {
        self.service = service
        self.url = url
        self.secret = secret
        self.keyword = keyword
        self.on = on
    }

    /// A name safe for logs: the service and the host, never the path, query or secret
    /// (`Feishu (open.feishu.cn)`).
    public var safeName: String {
        "\(service.displayName) (\(url.host ?? "?"))"
    }

    /// The strings that must never appear in a log line or message about this target: the URL, its
    /// path segments and query values (tokens live there), and the secret.
    public var sensitiveStrings: [String] {
        var strings = [url.absoluteString]
        if let secret { strings.append(secret) }
        if let components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            strings += components.path.split(separator: "/").map(String.init).filter { $0.count >= 8 }
            strings += (components.queryItems ?? []).compactMap(\.value).filter { !$0.isEmpty }
            if let query = components.percentEncodedQuery { strings.append(query) }
        }
        return strings
    }

    /// `text` with this target's URL, tokens and secret replaced by `•••`.
    public func redacted(_ text: String) -> String {
        Redaction.redact(text, hiding: sensitiveStrings)
    }
}

extension NotificationTarget: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { safeName }
    public var debugDescription: String { safeName }
    public var customMirror: Mirror {
        Mirror(self, children: ["service": service, "host": url.host ?? "?", "on": on.map(\.rawValue).sorted()])
    }
}
