import Foundation
import OrderedJSON
import Synchronization

/// Self-hosted Coze Studio's paths and shapes (coze-dev/coze-studio `backend/api/router/coze/api.go`,
/// `middleware/openapi_auth.go`, `application/workflow/workflow.go`, `api/handler/coze/workflow_service.go`):
/// no `/v1/workflows/resume` nor `run_histories` (cookie-only paths: HTTP 401), history by query with
/// numeric ids, `X-Log-ID`, HTTP 200 code 700012006 for a bad token, no PINGs.
extension SimulatedWorkflowService {
    static let studioServerHost = "http://localhost:8888"

    var logidHeader: String { service == .studio ? "X-Log-ID" : "X-Tt-Logid" }

    func handleStudio(_ request: ServerRequest) -> ServerResponse {
        let logid = makeLogid()
        guard request.path.hasPrefix("/v1/") else { return notFound(logid: logid) }
        let tokenPaths: [(String, String)] = [
            ("POST", "/v1/workflow/run"), ("POST", "/v1/workflow/stream_run"), ("POST", "/v1/workflow/stream_resume"),
            ("GET", "/v1/workflow/get_run_history"), ("POST", "/v1/files/upload"),
        ]
        let segments = request.path.split(separator: "/")
        let isWorkflowInfo = request.method == "GET" && segments.count == 3 && segments[1] == "workflows"
        guard isWorkflowInfo || tokenPaths.contains(where: { $0 == (request.method, request.path) }) else {
            // Every other path takes the web UI's session cookie, never a token (`openapi_auth.go` `needAuthPath`).
            return json(status: 401, logid: logid, .object(["code": .integer(401), "msg": .string("missing session_key in cookie")]))
        }
        guard let authorization = request.headers["authorization"], authorization.hasPrefix("Bearer "),
              !authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces).isEmpty
        else {
            state.withLock { $0.statistics.unauthorized += 1 }
            return businessError(700_012_006, "authentication failed: CheckPermission failed", logid: logid)
        }
        if isWorkflowInfo {
            // Studio's workflow info holds only a chatflow's role; a plain workflow gets this code.
            return businessError(777_777_780, "ChatFlowRole operation failure: workflow \(segments[2]) is not a chat flow", logid: logid)
        }
        switch request.path {
        case "/v1/workflow/run": return run(request, logid: logid)
        case "/v1/workflow/stream_run": return streamRun(request, logid: logid)
        case "/v1/workflow/stream_resume": return resume(request, streamed: true, logid: logid)
        case "/v1/files/upload": return upload(request, logid: logid)
        default:
            let query = Self.queryItems(request.query)
            guard let workflowID = query["workflow_id"], !workflowID.isEmpty, let executeID = query["execute_id"], !executeID.isEmpty else {
                return json(status: 400, logid: logid, .object(["code": .integer(400), "msg": .string("workflow_id and execute_id are required")]))
            }
            return history(workflowID: workflowID, executeID: executeID, logid: logid)
        }
    }

    static func studioDebugURL(executeID: String) -> String {
        "\(studioServerHost)/work_flow?execute_id=\(executeID)&space_id=7530000000000000000&workflow_id=7530000000000000100&execute_mode=2"
    }

    /// `OpenAPIRunFlowResponse`: unset fields are `null`, `execute_id` a string, no `usage` or `detail`.
    func studioAnswerSync(_ run: StartedRun, logid: String) -> ServerResponse {
        if let failure = run.behaviour.failure { return businessError(720_701_013, failure, logid: logid) }
        if run.behaviour.interrupt != nil {
            return businessError(6039, "Synchronous requests do not support interruption. Please switch to asynchronous requests for interruptible operations.", logid: logid)
        }
        return json(status: 200, logid: logid, Self.studioRunBody(
            data: .string(JSONWriter(prettyPrinted: false).string(from: run.output)), token: .integer(57), cost: .string("0.00000"),
            executeID: run.executeID))
    }

    func studioAsyncStart(workflowID: String, executeID: String, logid: String) -> ServerResponse {
        json(status: 200, logid: logid, Self.studioRunBody(data: .null, token: .null, cost: .null, executeID: executeID))
    }

    static func studioRunBody(data: JSONValue, token: JSONValue, cost: JSONValue, executeID: String) -> JSONValue {
        .object([
            JSONMember(key: "code", value: .integer(0)),
            JSONMember(key: "msg", value: .null),
            JSONMember(key: "data", value: data),
            JSONMember(key: "token", value: token),
            JSONMember(key: "cost", value: cost),
            JSONMember(key: "debug_url", value: .string(studioDebugURL(executeID: executeID))),
            JSONMember(key: "execute_id", value: .string(executeID)),
            JSONMember(key: "BaseResp", value: .null),
        ])
    }

    /// `GetWorkflowRunHistoryResponse`: no `code`/`msg` on success; `WorkflowExecuteHistory` with
    /// numeric ids, `log_id`, `error_msg`; statuses Running, Success, Fail, Cancel, `<UNSET>` (a question).
    func studioHistoryAnswer(_ execution: Execution, executeID: String, running: Bool, logid: String) -> ServerResponse {
        let behaviour = execution.behaviour
        let status = running ? "Running"
            : behaviour.failure != nil ? "Fail"
            : behaviour.cancel ? "Cancel"
            : behaviour.interrupt != nil ? "<UNSET>"
            : "Success"
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        let number = JSONValue.number(executeID.allSatisfy(\.isNumber) ? executeID : "0")
        let item: [JSONMember] = [
            JSONMember(key: "execute_id", value: number),
            JSONMember(key: "execute_status", value: .string(status)),
            JSONMember(key: "bot_id", value: .null),
            JSONMember(key: "connector_id", value: .integer(1024)),
            JSONMember(key: "connector_uid", value: .string("7530000000000000200")),
            JSONMember(key: "run_mode", value: .integer(2)),
            JSONMember(key: "log_id", value: .string(logid)),
            JSONMember(key: "create_time", value: .integer(execution.createdAt)),
            JSONMember(key: "update_time", value: .integer(Int(Date().timeIntervalSince1970))),
            JSONMember(key: "debug_url", value: .string(Self.studioDebugURL(executeID: executeID))),
            JSONMember(key: "input", value: .string("{}")),
            JSONMember(key: "output", value: status == "Success" ? .string(JSONWriter(prettyPrinted: false).string(from: execution.output)) : .null),
            JSONMember(key: "token", value: status == "Success" ? .integer(57) : .null),
            JSONMember(key: "cost", value: status == "Success" ? .string("0.00000") : .null),
            JSONMember(key: "cost_unit", value: .null),
            JSONMember(key: "ext", value: .null),
            JSONMember(key: "error_code", value: status == "Fail" ? .string("720701013") : .null),
            JSONMember(key: "error_msg", value: status == "Fail" ? text(behaviour.failure) : .null),
        ]
        return json(status: 200, logid: logid, .object([
            JSONMember(key: "data", value: .array([.object(item)])),
            JSONMember(key: "BaseResp", value: .null),
        ]))
    }

    /// A streamed run as Coze Studio sends it: no PINGs, the End node named (`900001`, `End`, `结束`),
    /// Done with `debug_url`, Interrupt without `node_title`, Error with the raw code.
    func studioStreamAnswer(workflowID: String, executeID: String, behaviour: SimulatedBehaviour, echoed: JSONValue, output: JSONValue,
                            asked: Int, resumesUsed: Int, answers: [String], logid: String) -> ServerResponse {
        var parts: [ServerResponse.StreamPart] = []
        var nextID = 0
        func event(_ name: String, _ data: JSONValue) {
            parts.append(ServerResponse.StreamPart("id: \(nextID)\nevent: \(name)\ndata: \(JSONWriter(prettyPrinted: false).string(from: data))\n\n"))
            nextID += 1
        }
        if asked == 0, behaviour.runningMilliseconds > 0 {
            parts.append(ServerResponse.StreamPart("", after: .milliseconds(behaviour.runningMilliseconds)))
        }
        let debugURL = JSONValue.string(Self.studioDebugURL(executeID: executeID))
        let text = "Simulated text for " + JSONWriter(prettyPrinted: false).string(from: echoed)
        let pieces = Self.split(text, into: behaviour.chunks)
        for (index, piece) in pieces.enumerated() {
            event("Message", .object([
                "content": .string(piece), "content_type": .string("text"), "node_seq_id": .string(String(index)),
                "node_id": .string("135279"), "node_is_finish": .bool(index == pieces.count - 1), "node_type": .string("Message"),
                "node_title": .string("Message"),
            ]))
        }
        let headers = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("X-Log-ID", logid)]
        if let broken = Self.brokenStream(behaviour, parts: parts, nextID: nextID, headers: headers) { return broken }
        if behaviour.streamFault == "error" {
            // A failure to read the run's own event stream: lowercase `error`, plain text.
            parts.append(ServerResponse.StreamPart("event: error\ndata: failed to receive workflow event: context canceled\n\n"))
            return ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .complete))
        }
        if let failure = behaviour.failure {
            event("Error", .object(["debug_url": debugURL, "error_code": .integer(720_701_013), "error_message": .string(failure)]))
        } else if behaviour.interrupt != nil, asked < behaviour.questions {
            let question = ask(Question(workflowID: workflowID, executeID: executeID, behaviour: behaviour, echoed: echoed, asked: asked,
                                        resumesUsed: resumesUsed), answers: answers)
            event("Message", .object([
                "content": .string(question.text), "content_type": .string("text"), "node_seq_id": .string("0"), "node_id": .string("160892"),
                "node_is_finish": .bool(true), "node_type": .string("Question"), "node_title": .string("问答"),
            ]))
            let data = JSONValue.object(["messages": .array([.object([
                "type": .string("question"), "content_type": .string("text"), "content": .string(question.text),
            ])])])
            event("Interrupt", .object([
                "debug_url": debugURL,
                "interrupt_data": .object([
                    "event_id": .string(question.eventID), "type": .integer(2), "data": .string(JSONWriter(prettyPrinted: false).string(from: data)),
                ]),
            ]))
        } else {
            event("Message", .object([
                "content": .string(JSONWriter(prettyPrinted: false).string(from: output)), "content_type": .string("text"),
                "node_seq_id": .string("0"), "node_id": .string("900001"), "node_is_finish": .bool(true), "node_type": .string("End"),
                "node_title": .string("结束"), "token": .integer(57),
            ]))
            event("Done", .object(["debug_url": debugURL]))
        }
        return ServerResponse(status: 200, headers: headers, body: [], delivery: .stream(parts, ending: .complete))
    }

    /// Coze Studio's upload answer (`application/upload/icon.go`): `uri`, `url` (a MinIO link that
    /// workflows take), `CreatedAt`, `id`.
    func studioUploadAnswer(id: String, name: String, bytes: Int, createdAt: Int, host: String?, logid: String) -> ServerResponse {
        let uri = "tos-cn-i-v4nquku3lp/\(id)_\(name)"
        let encodedName = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        let url = "http://\(host ?? "127.0.0.1:8888")/local_storage/opencoze/\(uri.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? uri)"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=604800&x-wf-file_name=\(encodedName)"
        state.withLock { $0.fileURLs[url] = id }
        return json(status: 200, logid: logid, .object([
            JSONMember(key: "data", value: .object([
                JSONMember(key: "uri", value: .string(uri)),
                JSONMember(key: "bytes", value: .integer(bytes)),
                JSONMember(key: "CreatedAt", value: .integer(createdAt)),
                JSONMember(key: "file_name", value: .string(name)),
                JSONMember(key: "url", value: .string(url)),
                JSONMember(key: "id", value: .string(id)),
            ])),
            JSONMember(key: "code", value: .integer(0)),
            JSONMember(key: "msg", value: .string("")),
            JSONMember(key: "BaseResp", value: .null),
        ]))
    }

    static func queryItems(_ query: String?) -> [String: String] {
        var items: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = parts.first?.removingPercentEncoding else { continue }
            items[key] = parts.count > 1 ? parts[1].removingPercentEncoding ?? parts[1] : ""
        }
        return items
    }
}
