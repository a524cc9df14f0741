import Foundation
import OrderedJSON

/// Speaks the Coze workflow API: the only place that knows its paths, headers and body shapes.
public struct CozeClient: Sendable {
    public var baseURL: URL
    /// The hosted service or a self-hosted Coze Studio; chooses paths and readings where they differ.
    public var service: CozeService = .coze
    /// Where each call's token comes from; renewed as it expires or after a 4100.
    public let credentials: TokenBroker
    private let transport: HTTPTransport
    let streamTransport: HTTPStreamTransport

    /// - Parameters:
    ///   - baseURL: e.g. `https://api.coze.cn`; validated by `BaseURLPolicy`.
    ///   - credentials: hands out the bearer token; it is never logged, never written anywhere.
    ///   - streamTransport: for event streams; by default `transport`'s whole answer as one chunk.
    public init(baseURL: URL, credentials: TokenBroker, transport: @escaping HTTPTransport, streamTransport: HTTPStreamTransport? = nil) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.transport = transport
        self.streamTransport = streamTransport ?? { request in HTTPStreamResponse(whole: try await transport(request)) }
    }

    /// A client with one fixed token.
    public init(baseURL: URL, token: String, transport: @escaping HTTPTransport, streamTransport: HTTPStreamTransport? = nil) {
        self.init(baseURL: baseURL, credentials: TokenBroker(source: FixedTokenSource(token)), transport: transport, streamTransport: streamTransport)
    }

    /// A client over the real URLSession transport, streaming included.
    public init(baseURL: URL, credentials: TokenBroker, urlSession transport: URLSessionTransport) {
        self.init(baseURL: baseURL, credentials: credentials, transport: transport.transport, streamTransport: transport.streamTransport)
    }

    /// A client with one fixed token over the real URLSession transport.
    public init(baseURL: URL, token: String, urlSession transport: URLSessionTransport) {
        self.init(baseURL: baseURL, credentials: TokenBroker(source: FixedTokenSource(token)), urlSession: transport)
    }

    /// `POST /v1/workflow/run`: runs synchronously, or starts an async run when `invocation.isAsync`.
    /// Returns the answer when `code` is 0; throws a classified failure otherwise.
    public func run(_ invocation: WorkflowInvocation, timeout: Duration) async throws(CozeFailure) -> APIReply {
        let body = Data(JSONWriter(prettyPrinted: false).bytes(from: invocation.requestBody))
        let action = invocation.isAsync ? "starting the async run" : "running the workflow"
        return try await send(method: "POST", path: "/v1/workflow/run", body: body, timeout: timeout, action: action)
    }

    /// `GET /v1/workflows/{workflow_id}/run_histories/{execute_id}` (Coze Studio:
    /// `GET /v1/workflow/get_run_history?workflow_id=…&execute_id=…`): the state of an async run.
    public func runHistory(workflowID: String, executeID: String, timeout: Duration = .seconds(30)) async throws(CozeFailure) -> (RunHistoryItem, APIReply) {
        let path = historyPath(workflowID: workflowID, executeID: executeID)
        let reply = try await send(method: "GET", path: path, body: nil, timeout: timeout, action: "asking for the run's status")
        guard let first = reply.json?["data"]?.arrayValue?.first, let item = RunHistoryItem(first) else {
            throw CozeFailure(kind: .http, message: "Coze's run history answer has no `data[0].execute_status`, so the run's state cannot be read. The raw body is kept in `response`.",
                              chinese: "Coze 返回的运行历史中没有 `data[0].execute_status`，无法得知运行状态。原始内容保存在 `response` 中。",
                              httpStatus: reply.httpStatus, reply: reply)
        }
        return (item, reply)
    }

    /// A request without its token: `authorized(_:)` adds the current one just before it is sent.
    func request(method: String, path: String, body: Data?, timeout: Duration, accept: String = "application/json") -> HTTPRequest {
        var headers = ["Accept": accept,
                       "User-Agent": ClientIdentity.userAgent, "X-Coze-Client-User-Agent": ClientIdentity.clientUserAgent]
        if body != nil { headers["Content-Type"] = "application/json" }
        return HTTPRequest(method: method, url: url(path), headers: headers, body: body, timeout: timeout)
    }

    func send(method: String, path: String, body: Data?, timeout: Duration, action: String) async throws(CozeFailure) -> APIReply {
        try await send(request(method: method, path: path, body: body, timeout: timeout), action: action, timeout: timeout)
    }

    /// Sends `request` with the current token. A refused token (4100) means nothing ran: the call
    /// is sent once more with a renewed token when one can be had (counted in `CallObservation`).
    func send(_ request: HTTPRequest, action: String, timeout: Duration) async throws(CozeFailure) -> APIReply {
        var resent = false
        while true {
            let (authorized, token) = try await authorized(request, action: action)
            let response: HTTPResponse
            do {
                response = try await transport(authorized)
            } catch {
                throw CozeFailure.from(error, action: action, timeout: timeout)
            }
            let reply = APIReply(response)
            guard let failure = CozeFailure.classify(reply, service: service) else { return reply }
            guard !resent, failure.refusesToken, await credentials.rejected(token) else { throw failure }
            resent = true
            CallObservation.noteResentWithNewToken()
        }
    }

    /// `request` with the current token, and the token; no token at all is a `noToken` failure.
    func authorized(_ request: HTTPRequest, action: String) async throws(CozeFailure) -> (HTTPRequest, String) {
        let token: String
        do {
            token = try await credentials.token()
        } catch {
            throw CozeFailure(kind: .noToken, message: "No valid token for \(action): \(error.message).",
                              chinese: "\(CozeFailure.chineseAction(action))时没有可用的令牌：\(error.chinese)。", mayHaveReachedServer: false)
        }
        var request = request
        request.headers["Authorization"] = "Bearer \(token)"
        return (request, token)
    }

    private func url(_ path: String) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path)!
    }

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func pathSegment(_ text: String) -> String {
        // RFC 3986 unreserved characters stay as they are, as the SDKs send them; anything else is escaped.
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text
    }
}
