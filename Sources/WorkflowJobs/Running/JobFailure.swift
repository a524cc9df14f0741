import CozeAPI

/// Why a job ended in `failed/`: the `error` object of its result record.
public struct JobFailure: Error, Sendable, Equatable {
    /// The closed set of failure kinds a result record can name.
    public enum Kind: String, Sendable {
        case invalidRequest = "invalid_request"
        case http
        case api
        case workflowFailed = "workflow_failed"
        case timeout
        case network
        case interrupted
        /// The run was cancelled on the server (Coze Studio's `Cancel`).
        case cancelled
        /// No valid token could be had, so nothing was sent (`coze-drop run`; the agent waits instead).
        case noToken = "no_token"
    }

    public var kind: Kind
    /// A sentence a person without programming knowledge can act on.
    public var message: String
    public var code: Int?
    public var httpStatus: Int?

    public init(kind: Kind, message: String, code: Int? = nil, httpStatus: Int? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.httpStatus = httpStatus
    }

    /// The failure as a record names it, its message in `language` with where coze-drop sets what it names.
    public init(_ failure: CozeFailure, language: Language = .en) {
        let message = failure.messageNamingFlags(in: language)
        self.init(kind: Kind(rawValue: failure.kind.rawValue) ?? .http, message: message,
                  code: failure.code, httpStatus: failure.httpStatus)
    }
}
