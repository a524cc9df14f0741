import Foundation
import OrderedJSON

/// Speaks the Coze workflow API: the only place that knows its paths, headers and body shapes.
public struct CozeClient: Sendable {
    public var baseURL: URL
    /// The hosted service or a self-hosted Coze Studio; chooses paths and readings where they differ.
    public var service: CozeService = .coze
    private let token: String
    private let transport: HTTPTransport
    let streamTransport: HTTPStreamTransport

    /// - Parameters:
    ///   - baseURL: e.g. `https://api.coze.cn`; validated by `BaseURLPolicy`.
    ///   - token: the bearer token; never logged, never written anywhere.
    ///   - streamTransport: for event streams; by default `transport`'s whole answer as one chunk.
    public init(baseURL: URL, token: String, transport: @escaping HTTPTransport, streamTransport: HTTPStreamTransport? = nil) {
        self.baseURL = baseURL
        self.token = token
        self.transport = transport
        self.streamTransport = streamTransport ?? { request in HTTPStreamResponse(whole: try await transport(request)) }
    }

    /// A client over the real URLSession transport, streaming included.
    public init(baseURL: URL, token: String, urlSession transport: URLSessionTransport) {
        self.init(baseURL: baseURL, token: token, transport: transport.transport, streamTransport: transport.streamTransport)
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

    func request(method: String, path: String, body: Data?, timeout: Duration, accept: String = "application/json") -> HTTPRequest {
        var headers = ["Authorization": "Bearer \(token)", "Accept": accept,
                       "User-Agent": ClientIdentity.userAgent, "X-Coze-Client-User-Agent": ClientIdentity.clientUserAgent]
        if body != nil { headers["Content-Type"] = "application/json" }
        return HTTPRequest(method: method, url: url(path), headers: headers, body: body, timeout: timeout)
    }

    func send(method: String, path: String, body: Data?, timeout: Duration, action: String) async throws(CozeFailure) -> APIReply {
        try await send(request(method: method, path: path, body: body, timeout: timeout), action: action, timeout: timeout)
    }

    func send(_ request: HTTPRequest, action: String, timeout: Duration) async throws(CozeFailure) -> APIReply {
        let response: HTTPResponse
        do {
            response = try await transport(request)
        } catch {
            throw CozeFailure.from(error, action: action, timeout: timeout)
        }
        let reply = APIReply(response)
        if let failure = CozeFailure.classify(reply, service: service) { throw failure }
        return reply
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
