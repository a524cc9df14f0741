import Foundation
import OrderedJSON

extension CozeClient {
    /// How an event stream ended without an error from the transport.
    public struct StreamEnd: Sendable {
        public var httpStatus: Int
        public var logid: String?
        /// The stream stopped part-way through an event.
        public var endedInsideEvent: Bool
    }

    /// `POST /v1/workflow/stream_run`: runs the workflow and hands each event to `onEvent` as it
    /// arrives. An answer that is not an event stream (Coze sends a plain JSON body for errors
    /// found before the run starts) throws a classified failure, as does a broken or silent
    /// stream (`idleTimeout` without a byte); events received before that were already handed over.
    public func streamRun(_ invocation: WorkflowInvocation, idleTimeout: Duration,
                          onEvent: (ServerSentEvent) -> Void) async throws(CozeFailure) -> StreamEnd {
        var body = invocation.requestBody
        if case .object(let members) = body { body = .object(members.filter { $0.key != "is_async" }) }
        return try await stream(path: "/v1/workflow/stream_run", body: body, idleTimeout: idleTimeout,
                                action: "streaming the workflow's run", onEvent: onEvent)
    }

    /// `POST /v1/workflow/stream_resume`: answers a question a streamed run asked; the answer is a new stream.
    public func streamResume(_ answer: WorkflowAnswer, idleTimeout: Duration,
                             onEvent: (ServerSentEvent) -> Void) async throws(CozeFailure) -> StreamEnd {
        try await stream(path: "/v1/workflow/stream_resume", body: answer.requestBody, idleTimeout: idleTimeout,
                         action: "resuming the run with the answer", onEvent: onEvent)
    }

    /// `POST /v1/workflows/resume`: answers a question a sync or async run asked. A sync run's
    /// answer comes like a run's; an async run's carries the `execute_id` to poll (and may hold
    /// another `interrupt_data`).
    public func resume(_ answer: WorkflowAnswer, timeout: Duration) async throws(CozeFailure) -> APIReply {
        let body = Data(JSONWriter(prettyPrinted: false).bytes(from: answer.requestBody))
        return try await send(method: "POST", path: "/v1/workflows/resume", body: body, timeout: timeout, action: "resuming the run with the answer")
    }

    func stream(path: String, body: JSONValue, idleTimeout: Duration, action: String,
                        onEvent: (ServerSentEvent) -> Void) async throws(CozeFailure) -> StreamEnd {
        let data = Data(JSONWriter(prettyPrinted: false).bytes(from: body))
        let unsigned = request(method: "POST", path: path, body: data, timeout: idleTimeout, accept: "text/event-stream")
        var resent = false
        while true {
        let (request, token) = try await authorized(unsigned, action: action)
        do {
            let response = try await streamTransport(request)
            let contentType = response.header("Content-Type")?.lowercased() ?? ""
            guard (200..<300).contains(response.status), contentType.hasPrefix("text/event-stream") else {
                let whole = try await response.collected()
                let reply = APIReply(whole)
                if let failure = CozeFailure.classify(reply, service: service), failure.refusesToken, !resent, await credentials.rejected(token) {
                    // Refused before any event: nothing ran; once more with the renewed token.
                    resent = true
                    CallObservation.noteResentWithNewToken()
                    continue
                }
                throw CozeFailure.classify(reply, service: service) ?? CozeFailure(
                    kind: .http, message: "Coze answered with \(contentType.isEmpty ? "a body" : contentType) instead of an event stream, so the run's events cannot be read. The raw body is kept in `response`.",
                    chinese: "Coze 返回的是\(contentType.isEmpty ? "普通内容" : contentType)而不是事件流，无法读取运行的事件。原始内容保存在 `response` 中。",
                    httpStatus: reply.httpStatus, reply: reply)
            }
            var parser = ServerSentEventParser()
            for try await chunk in response.body {
                for event in parser.feed(chunk) { onEvent(event) }
            }
            for event in parser.finish() { onEvent(event) }
            return StreamEnd(httpStatus: response.status, logid: response.header("X-Tt-Logid") ?? response.header("X-Log-ID"), endedInsideEvent: parser.isInsideEvent)
        } catch {
            throw CozeFailure.from(error, action: action, timeout: idleTimeout)
        }
        }
    }
}
