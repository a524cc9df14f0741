import Foundation
import OrderedJSON

extension NotificationRequestBuilder {
    /// The generic webhook: the events as JSON,
    /// `{"source": "coze-drop", "sent_at": 1764489600, "title": "…", "text": "…", "events": [{"kind": "failed", …}]}`
    /// (`dropped_events` when some were dropped), signed with
    /// `X-CozeDrop-Signature: sha256=<hex HMAC-SHA256 of the body>` when the target has a secret.
    /// `sent_at` (seconds) is inside the signed body, so a receiver can refuse old replays.
    static func webhook(_ message: NotificationMessage, target: NotificationTarget, now: Date) -> NotificationRequest {
        var members: [JSONMember] = [
            JSONMember(key: "source", value: .string("coze-drop")),
            JSONMember(key: "sent_at", value: .integer(seconds(now))),
            JSONMember(key: "title", value: .string(title(message, keyword: target.keyword))),
            JSONMember(key: "text", value: .string(message.text)),
        ]
        if message.droppedEvents > 0 { members.append(JSONMember(key: "dropped_events", value: .integer(message.droppedEvents))) }
        members.append(JSONMember(key: "events", value: .array(message.events.map(\.json))))
        let body = compact(.object(members))
        var headers = jsonHeaders
        if let secret = target.secret { headers["X-CozeDrop-Signature"] = ServiceSignature.webhook(secret: secret, body: body) }
        return NotificationRequest(service: .webhook, url: target.url, headers: headers, body: body)
    }
}
