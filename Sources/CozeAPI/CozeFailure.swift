/// Why a call to Coze did not succeed, classified, with a message a person can act on.
public struct CozeFailure: Error, Sendable {
    public enum Kind: String, Sendable {
        /// An HTTP error status, or a body that is not the JSON Coze sends.
        case http
        /// Coze answered with a non-zero business `code`.
        case api
        /// The workflow ran and reported a failure (`execute_status: Fail`).
        case workflowFailed = "workflow_failed"
        /// No answer in time.
        case timeout
        /// The connection could not be made, or broke.
        case network
        /// No valid token could be had (a token command failed, a key was refused): nothing was sent.
        case noToken = "no_token"
    }

    public var kind: Kind
    public var message: String
    /// The same message in Chinese, for people who read the results in Chinese.
    public var chineseMessage: String?
    public var code: Int?
    public var httpStatus: Int?
    /// The answer that carried the failure, when there was one; records keep its body.
    public var reply: APIReply?
    /// Whether the request may have reached Coze (so retrying could start a second run).
    public var mayHaveReachedServer: Bool
    /// The connection setting the message asks to change, so a front end can add where it is set.
    public var setting: ConnectionSetting?

    /// Coze refused the token (4100, or Coze Studio's 700012006): nothing ran.
    public var refusesToken: Bool {
        kind == .api && (code == 4100 || code == CozeErrorAdvice.studioAuthenticationFailed)
    }

    public init(kind: Kind, message: String, chinese: String? = nil, code: Int? = nil, httpStatus: Int? = nil, reply: APIReply? = nil,
                mayHaveReachedServer: Bool = true, setting: ConnectionSetting? = nil) {
        self.kind = kind
        self.message = message
        self.chineseMessage = chinese
        self.code = code
        self.httpStatus = httpStatus
        self.reply = reply
        self.mayHaveReachedServer = mayHaveReachedServer
        self.setting = setting
    }

    /// The message in `language` (English where no Chinese was written).
    public func message(in language: Language) -> String {
        language.pick(en: message, zh: chineseMessage ?? message)
    }
}
