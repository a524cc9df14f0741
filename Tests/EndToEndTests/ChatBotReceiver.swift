import CozeCrypto
import CozeSimulator
import Foundation
import OrderedJSON
import Synchronization

/// A local receiver on 127.0.0.1 playing a Feishu bot, a DingTalk robot, a WeCom group bot and a
/// plain webhook. It checks each signature by recomputing it with `HMACSHA256` (independently of
/// the code under test), counts deliveries, and answers success, "too frequent" or an error.
final class ChatBotReceiver: Sendable {
    /// How a service answers the next requests.
    enum Answer: Sendable { case success, tooFrequent, error }

    struct Delivery: Sendable {
        var service: String
        var signatureChecked: Bool
        var text: String
    }

    static let feishuPath = "/open-apis/bot/v2/hook/feishu-token-0123456789"
    static let dingTalkToken = "dingtalk-token-0123456789"
    static let weComKey = "wecom-key-0123456789"
    static let feishuSecret = "feishu-secret-abcdef"
    static let dingTalkSecret = "SECdingtalk-secret-abcdef"
    static let webhookSecret = "webhook-secret-abcdef"

    private struct State { var answers: [String: Answer] = [:]; var deliveries: [Delivery] = [] }
    /// The receiver's memory, shared with the server's handler threads.
    private final class Shared: Sendable { let state = Mutex(State()) }
    private let shared = Shared()
    private let server: LoopbackHTTPServer

    init() throws {
        let shared = shared
        server = try LoopbackHTTPServer { request in Self.answer(request, shared: shared) }
    }

    deinit { server.stop() }

    var port: Int { server.port }
    var deliveries: [Delivery] { shared.state.withLock { $0.deliveries } }

    func set(_ service: String, answers answer: Answer) { shared.state.withLock { $0.answers[service] = answer } }

    /// The `notify` array of a `coze-drop.json` pointing at this receiver.
    var notifySettings: String {
        let base = "http://127.0.0.1:\(port)"
        return """
            [{"type": "feishu", "url": "\(base)\(Self.feishuPath)", "secret": "\(Self.feishuSecret)"},
             {"type": "dingtalk", "url": "\(base)/robot/send?access_token=\(Self.dingTalkToken)", "secret": "\(Self.dingTalkSecret)", "keyword": "CozeDrop"},
             {"type": "wecom", "url": "\(base)/cgi-bin/webhook/send?key=\(Self.weComKey)"},
             {"type": "webhook", "url": "\(base)/coze-drop-hook", "secret": "\(Self.webhookSecret)"}]
            """
    }

    private static func answer(_ request: ServerRequest, shared: Shared) -> ServerResponse {
        let query = URLComponents(string: "http://x/?" + (request.query ?? ""))?.queryItems ?? []
        func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
        let json = (try? JSONParser().parse(bytes: request.body)) ?? .null
        let service: String
        let checked: Bool
        let text: String
        switch request.path {
        case feishuPath:
            service = "feishu"
            let timestamp = json["timestamp"]?.stringValue ?? ""
            let expected = Data(HMACSHA256.authenticationCode(for: [UInt8](), key: Array("\(timestamp)\n\(feishuSecret)".utf8))).base64EncodedString()
            checked = json["sign"]?.stringValue == expected && json["msg_type"]?.stringValue == "text"
            text = json["content"]?["text"]?.stringValue ?? ""
        case "/robot/send":
            service = "dingtalk"
            let timestamp = item("timestamp") ?? ""
            let expected = Data(HMACSHA256.authenticationCode(for: "\(timestamp)\n\(dingTalkSecret)", key: dingTalkSecret)).base64EncodedString()
            checked = item("access_token") == dingTalkToken && item("sign") == expected && timestamp.count == 13
            text = json["markdown"]?["text"]?.stringValue ?? ""
        case "/cgi-bin/webhook/send":
            service = "wecom"
            checked = item("key") == weComKey && json["msgtype"]?.stringValue == "markdown"
            text = json["markdown"]?["content"]?.stringValue ?? ""
        case "/coze-drop-hook":
            service = "webhook"
            let hex = HMACSHA256.authenticationCode(for: request.body, key: Array(webhookSecret.utf8)).map { String(format: "%02x", $0) }.joined()
            checked = request.headers["x-cozedrop-signature"] == "sha256=" + hex
            text = json["text"]?.stringValue ?? ""
        default:
            return ServerResponse(status: 404, body: Array("no such bot".utf8))
        }
        let answer = shared.state.withLock { state in
            state.deliveries.append(Delivery(service: service, signatureChecked: checked, text: text))
            return state.answers[service] ?? .success
        }
        func reply(_ text: String) -> ServerResponse {
            ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
        }
        switch (service, checked ? answer : .error) {
        case ("feishu", .success): return reply(#"{"code":0,"data":{},"msg":"success"}"#)
        case ("feishu", .tooFrequent): return reply(#"{"code":11232,"data":{},"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}"#)
        case ("feishu", .error): return reply(#"{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}"#)
        case ("dingtalk", .success), ("wecom", .success): return reply(#"{"errcode":0,"errmsg":"ok"}"#)
        case ("dingtalk", .tooFrequent): return reply(#"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#)
        case ("dingtalk", .error): return reply(#"{"errcode":310000,"errmsg":"sign not match"}"#)
        case ("wecom", .tooFrequent): return reply(#"{"errcode":45009,"errmsg":"api freq out of limit"}"#)
        case ("wecom", .error): return reply(#"{"errcode":93000,"errmsg":"invalid webhook url"}"#)
        case ("webhook", .success): return ServerResponse(status: 204, body: [])
        case ("webhook", .tooFrequent): return ServerResponse(status: 429, body: Array("slow down".utf8))
        default: return ServerResponse(status: 401, body: Array("bad signature".utf8))
        }
    }
}
