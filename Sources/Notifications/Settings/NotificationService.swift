/// The chat services a target can be, with the limits their documentation gives.
///
/// Sources (read 2026-11-30 through the search tool):
/// - Feishu custom bot (自定义机器人使用指南), https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
///   (mirror: https://open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN.md): "单租户单机器人
///   100 次/分钟，5 次/秒 … 11232 限流错误"; "请求体的数据大小不能超过 20 KB".
/// - DingTalk custom robot (自定义机器人接入), https://open.dingtalk.com/document/robots/custom-robot-access
///   (quoted at https://blog.csdn.net/lxw1844912514/article/details/125780346): "每个机器人每分钟最多发送20条
///   消息到群里，如果超过20条，会限流10分钟"; the answer then is errcode 130101 "send too fast, exceed 20 times
///   per minute" (https://blog.csdn.net/jialiuyang/article/details/118615052). DingTalk documents no size
///   limit for markdown; we cut the text at 4,096 bytes, like WeCom's.
/// - WeCom group bot (群机器人配置说明), https://developer.work.weixin.qq.com/document/path/91770
///   (https://work.weixin.qq.com/api/doc/90000/90136/91770): markdown "content … 最长不超过4096个字节，必须是
///   utf8编码"; "每个机器人发送的消息不能超过20条/分钟"; over it the answer is errcode 45009.
public enum NotificationService: String, Sendable, CaseIterable {
    case feishu
    case dingtalk
    case wecom
    case webhook

    /// What a service allows.
    public struct Limits: Sendable, Equatable {
        /// At most this many messages in any one second (`nil`: no documented limit).
        public var perSecond: Int?
        /// At most this many messages in any sixty seconds.
        public var perMinute: Int?
        /// The whole request body may be at most this many bytes.
        public var bodyBytes: Int?
        /// The message text may be at most this many UTF-8 bytes.
        public var textBytes: Int?
        /// How long to wait after a "too frequent" answer before trying again.
        public var tooFrequentPause: Double
    }

    public var limits: Limits {
        switch self {
        case .feishu: Limits(perSecond: 5, perMinute: 100, bodyBytes: 20 * 1000, textBytes: nil, tooFrequentPause: 60)
        // Over 20 a minute the bot is muted for ten minutes: wait them out.
        case .dingtalk: Limits(perSecond: nil, perMinute: 20, bodyBytes: nil, textBytes: 4096, tooFrequentPause: 10 * 60)
        case .wecom: Limits(perSecond: nil, perMinute: 20, bodyBytes: nil, textBytes: 4096, tooFrequentPause: 60)
        case .webhook: Limits(perSecond: nil, perMinute: nil, bodyBytes: nil, textBytes: nil, tooFrequentPause: 60)
        }
    }

    /// The name people know the service by.
    public var displayName: String {
        switch self {
        case .feishu: "Feishu"
        case .dingtalk: "DingTalk"
        case .wecom: "WeCom"
        case .webhook: "webhook"
        }
    }
}
