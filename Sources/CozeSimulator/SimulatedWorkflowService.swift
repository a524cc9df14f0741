import Foundation
import OrderedJSON
import Synchronization

/// The simulated Coze workflow API: routes a request to the endpoint it names and answers with
/// bodies shaped like the real service's (string `data`, async start without `code`,
/// `detail.logid` plus `X-Tt-Logid`, history `data` as a one-item array, string `error_code`).
/// With `service: .studio` it plays a self-hosted Coze Studio instead (`+Studio.swift`).
public final class SimulatedWorkflowService: Sendable {
    struct Execution {
        var workflowID: String
        var behaviour: SimulatedBehaviour
        var output: JSONValue
        var pollsSeen = 0
        var createdAt: Int
        var startedAt = ContinuousClock.now
        var pendingPollFaults: [SimulatedFault] = []
        var echoed: JSONValue = .object([])
        /// Questions asked so far, answers given, and the event id of the question waiting for one.
        var asked = 0
        var resumesUsed = 0
        var answers: [String] = []
        var waitingEventID: String?
    }

    struct State {
        var executions: [String: Execution] = [:]
        var nextExecuteID: UInt64 = 7_431_040_978_805_850_000
        var nextLogSequence = 0
        var runsInFlight = 0
        var statistics = SimulatorStatistics()
        /// Runs stopped at a question, by the question's event id.
        var questions: [String: Question] = [:]
        /// Uploaded files by id: name and size.
        var files: [String: (name: String, bytes: Int)] = [:]
        var nextFileID: UInt64 = 7_369_495_981_102_020_000
        /// Chatflow conversations and the ids they hand out.
        var chats = SimulatedChats()
        /// Coze Studio: the URLs its upload answers gave, with the file's id.
        var fileURLs: [String: String] = [:]
        var generator: SeededGenerator
        /// What `GET /v1/workflows/{id}` answers, by workflow id (the `data` object).
        var workflows: [String: JSONValue] = [SimulatedWorkflowService.exampleWorkflowID: SimulatedWorkflowService.exampleWorkflowInfo]
        /// Tokens met, issued and JWT ids spent (`+OAuth.swift`).
        var tokens = SimulatedTokens()
    }

    let state: Mutex<State>
    let faults: FaultPlan
    /// The server played: hosted Coze or Coze Studio.
    public let service: SimulatedService
    /// Token expiry and the OAuth JWT app (`+OAuth.swift`).
    public let auth: SimulatedAuth
    /// The wall clock tokens expire by; tests inject one.
    let now: @Sendable () -> Date

    public init(
        faults: FaultPlan = .none, service: SimulatedService = .coze, auth: SimulatedAuth = .none,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.faults = faults
        self.service = service
        self.auth = auth
        self.now = now
        state = Mutex(State(generator: SeededGenerator(seed: faults.seed)))
    }

    public var statistics: SimulatorStatistics { state.withLock { $0.statistics } }

    public func handle(_ request: ServerRequest) -> ServerResponse {
        if request.method == "GET", request.path == "/_simulator/statistics" { return statisticsResponse() }
        if request.method == "POST", request.path.hasPrefix("/_simulator/workflows/") {
            return registerWorkflowResponse(request, workflowID: String(request.path.dropFirst("/_simulator/workflows/".count)))
        }
        if service == .studio { return handleStudio(request) }
        let logid = makeLogid()
        if request.method == "POST", request.path == Self.oauthTokenPath { return oauthToken(request, logid: logid) }
        guard request.path.hasPrefix("/v1/") else { return notFound(logid: logid) }
        guard let authorization = request.headers["authorization"], authorization.hasPrefix("Bearer "),
              !authorization.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces).isEmpty
        else {
            state.withLock { $0.statistics.unauthorized += 1 }
            return json(status: 401, logid: logid, .object([
                "code": .integer(4100),
                "msg": .string("authentication is invalid"),
                "detail": .object(["logid": .string(logid)]),
            ]))
        }
        if let refusal = expiredTokenRefusal(authorization: authorization, logid: logid) { return refusal }
        // Path segments arrive percent-encoded (the client encodes ids); a real server decodes them.
        let segments = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        switch (request.method, segments.count) {
        case ("POST", _) where request.path == "/v1/workflow/run":
            return run(request, logid: logid)
        case ("POST", _) where request.path == "/v1/workflow/stream_run":
            return streamRun(request, logid: logid)
        case ("POST", _) where request.path == "/v1/workflow/stream_resume":
            return resume(request, streamed: true, logid: logid)
        case ("POST", _) where request.path == "/v1/workflows/resume":
            return resume(request, streamed: false, logid: logid)
        case ("POST", _) where request.path == "/v1/workflows/chat": return chat(request, logid: logid)
        case ("GET", _) where request.path == "/v1/users/me":
            // The token's user, as cozepy's `users.me()` reads it: a cheap call that proves a token works.
            return json(status: 200, logid: logid, .object([
                "code": .integer(0), "msg": .string(""),
                "data": .object(["user_id": .string("7366468917055000001"), "user_name": .string("simulated-user"),
                                 "nick_name": .string("Simulated user"), "avatar_url": .string("")]),
                "detail": .object(["logid": .string(logid)]),
            ]))
        case ("POST", _) where request.path == "/v1/files/upload":
            return upload(request, logid: logid)
        case ("GET", 3) where segments[0] == "v1" && segments[1] == "workflows":
            return workflowInfo(request, workflowID: segments[2], logid: logid)
        case ("GET", 5) where segments[0] == "v1" && segments[1] == "workflows" && segments[3] == "run_histories":
            return history(workflowID: segments[2], executeID: segments[4], logid: logid)
        case ("GET", 7) where segments[0] == "v1" && segments[1] == "workflows" && segments[3] == "run_histories" && segments[5] == "execute_nodes":
            return executeNode(workflowID: segments[2], executeID: segments[4], nodeExecuteUUID: segments[6], logid: logid)
        default:
            return notFound(logid: logid)
        }
    }

    func notFound(logid: String) -> ServerResponse {
        ServerResponse(status: 404, headers: [("Content-Type", "text/plain"), (logidHeader, logid)], body: Array("404 page not found".utf8))
    }

    /// A run call that passed the checks and was counted.
    struct StartedRun {
        var workflowID: String
        var behaviour: SimulatedBehaviour
        var echoed: JSONValue
        var output: JSONValue
        var executeID: String
        var isAsync: Bool
        var fault: SimulatedFault?
    }

    enum RunStart {
        case refused(ServerResponse)
        case started(StartedRun)
    }

    /// Checks a run body (`run` or `stream_run`) like the real service, draws a fault, counts the
    /// run and gives it an id.
    func startRun(_ request: ServerRequest, logid: String, counting count: (inout State, _ isAsync: Bool) -> Void) -> RunStart {
        guard let body = try? JSONParser().parse(bytes: request.body), body.objectMembers != nil else {
            return .refused(businessError(4000, "request body is not a JSON object", logid: logid))
        }
        guard let workflowID = body["workflow_id"]?.stringValue, !workflowID.isEmpty else {
            return .refused(businessError(4000, "workflow_id is required", logid: logid))
        }
        if let bot = body["bot_id"], !bot.isNull, let app = body["app_id"], !app.isNull {
            return .refused(businessError(4000, "bot_id and app_id cannot both be set", logid: logid))
        }
        let parameters = body["parameters"] ?? .object([])
        guard let members = parameters.objectMembers else {
            return .refused(businessError(4000, "parameters must be an object", logid: logid))
        }
        if let unknown = unknownFileID(in: parameters) {
            return .refused(businessError(4000, "file_id \(unknown) does not exist or has expired", logid: logid))
        }
        let behaviour = SimulatedBehaviour(parameters["_simulate"])
        let fault = behaviour.fault ?? randomFault()
        if let fault, !fault.carriesOut { return .refused(faultAnswer(fault, logid: logid)) }
        let echoed = JSONValue.object(members.filter { $0.key != "_simulate" })
        let isAsync = body["is_async"]?.boolValue ?? false
        let executeID = state.withLock { state -> String in
            count(&state, isAsync)
            state.statistics.startedParameters.append(JSONWriter(prettyPrinted: false).string(from: parameters))
            state.nextExecuteID += 1
            return String(state.nextExecuteID)
        }
        return .started(StartedRun(workflowID: workflowID, behaviour: behaviour, echoed: echoed, output: behaviour.output ?? .object(["output": echoed]),
                                   executeID: executeID, isAsync: isAsync, fault: fault))
    }

    func run(_ request: ServerRequest, logid: String) -> ServerResponse {
        let started: StartedRun
        switch startRun(request, logid: logid, counting: { state, isAsync in
            if isAsync { state.statistics.asyncStarts += 1 } else { state.statistics.syncRuns += 1 }
            state.runsInFlight += 1
            state.statistics.peakRunsInFlight = max(state.statistics.peakRunsInFlight, state.runsInFlight)
        }) {
        case .refused(let answer): return answer
        case .started(let run): started = run
        }
        let behaviour = started.behaviour
        // Each connection has its own thread, so holding the answer back here is what a slow service does.
        if behaviour.delayMilliseconds > 0 { Thread.sleep(forTimeInterval: Double(behaviour.delayMilliseconds) / 1000) }
        defer { state.withLock { $0.runsInFlight -= 1 } }
        let answer = scriptedAnswer(behaviour, logid: logid)
            ?? (started.isAsync
                ? startAsync(workflowID: started.workflowID, executeID: started.executeID, behaviour: behaviour, output: started.output,
                             echoed: started.echoed, logid: logid)
                : answerSync(started, logid: logid))
        return started.fault.map { afterCarryingOut($0, answer) } ?? answer
    }

    /// A forced HTTP status, raw body or business code, which replaces the normal answer.
    func scriptedAnswer(_ behaviour: SimulatedBehaviour, logid: String) -> ServerResponse? {
        if let raw = behaviour.rawBody {
            return ServerResponse(status: behaviour.httpStatus ?? 200, headers: [("Content-Type", "text/html")], body: Array(raw.utf8))
        }
        if let status = behaviour.httpStatus {
            let page = "<html><head><title>\(status)</title></head><body><center><h1>\(status)</h1></center><hr><center>gateway</center></body></html>"
            return ServerResponse(status: status, headers: [("Content-Type", "text/html")], body: Array(page.utf8))
        }
        if let code = behaviour.code {
            return businessError(code, "simulated error \(code)", logid: logid)
        }
        return nil
    }

    private func answerSync(_ run: StartedRun, logid: String) -> ServerResponse {
        if service == .studio { return studioAnswerSync(run, logid: logid) }
        let debugURL = Self.debugURL(workflowID: run.workflowID, executeID: run.executeID)
        if let failure = run.behaviour.failure {
            return json(status: 200, logid: logid, .object([
                "code": .integer(720_701_013),
                "msg": .string(failure),
                "debug_url": .string(debugURL),
                "detail": .object(["logid": .string(logid)]),
            ]))
        }
        var members: [JSONMember] = [
            JSONMember(key: "code", value: .integer(0)),
            JSONMember(key: "msg", value: .string("")),
            JSONMember(key: "data", value: .string(Self.endOutput(run.behaviour, output: run.output))),
            JSONMember(key: "debug_url", value: .string(debugURL)),
            JSONMember(key: "execute_id", value: .string(run.executeID)),
            JSONMember(key: "usage", value: Self.usage),
            JSONMember(key: "detail", value: .object(["logid": .string(logid)])),
        ]
        if run.behaviour.interrupt != nil {
            let question = ask(Question(workflowID: run.workflowID, executeID: run.executeID, behaviour: run.behaviour, echoed: run.echoed, asked: 0), answers: [])
            members[2].value = .string("")
            members.append(JSONMember(key: "interrupt_data", value: Self.interruptData(run.behaviour, text: question.text, eventID: question.eventID)))
        }
        return json(status: 200, logid: logid, .object(members))
    }

    private func startAsync(workflowID: String, executeID: String, behaviour: SimulatedBehaviour, output: JSONValue, echoed: JSONValue,
                            logid: String) -> ServerResponse {
        let now = Int(Date().timeIntervalSince1970)
        state.withLock {
            $0.executions[executeID] = Execution(workflowID: workflowID, behaviour: behaviour, output: output, createdAt: now,
                                                 pendingPollFaults: behaviour.pollFaults, echoed: echoed)
        }
        if service == .studio { return studioAsyncStart(workflowID: workflowID, executeID: executeID, logid: logid) }
        // The docs' own async example carries no `code`.
        return json(status: 200, logid: logid, .object([
            "debug_url": .string(Self.debugURL(workflowID: workflowID, executeID: executeID)),
            "execute_id": .string(executeID),
            "msg": .string(""),
        ]))
    }

    func history(workflowID: String, executeID: String, logid: String) -> ServerResponse {
        let scripted = state.withLock { state -> SimulatedFault? in
            guard var execution = state.executions[executeID], !execution.pendingPollFaults.isEmpty else { return nil }
            let fault = execution.pendingPollFaults.removeFirst()
            state.executions[executeID] = execution
            return fault
        }
        let fault = scripted ?? randomFault()
        if let fault, !fault.carriesOut { return faultAnswer(fault, logid: logid) }
        let answer = historyAnswer(workflowID: workflowID, executeID: executeID, logid: logid)
        return fault.map { afterCarryingOut($0, answer) } ?? answer
    }

    private func historyAnswer(workflowID: String, executeID: String, logid: String) -> ServerResponse {
        let execution = state.withLock { state -> Execution? in
            state.statistics.polls += 1
            guard var execution = state.executions[executeID], execution.workflowID == workflowID else { return nil }
            execution.pollsSeen += 1
            state.executions[executeID] = execution
            return execution
        }
        guard let execution else {
            return businessError(4314, "execute_id \(executeID) not found for workflow \(workflowID)", logid: logid)
        }
        let running = execution.pollsSeen <= execution.behaviour.runningPolls
            || ContinuousClock.now - execution.startedAt < .milliseconds(execution.behaviour.runningMilliseconds)
        if service == .studio { return studioHistoryAnswer(execution, executeID: executeID, running: running, logid: logid) }
        // A run that reached a question waits for an answer; the item carries `interrupt_data`.
        var question: JSONValue?
        if !running, execution.behaviour.interrupt != nil, execution.asked < execution.behaviour.questions, execution.behaviour.failure == nil {
            question = waitingQuestion(executeID: executeID, execution)
        }
        let status = running || question != nil ? "Running" : (execution.behaviour.failure == nil ? "Success" : "Fail")
        let isTrimmed = status == "Success" && execution.behaviour.trimmed != nil
        let outputText: String = switch status {
        case "Running": "{\"node_status\":\"{}\",\"Output\":\"null\"}"
        case "Success": Self.historyOutput(execution.behaviour, output: execution.output)
        default: ""
        }
        var item: [JSONMember] = [
            JSONMember(key: "execute_id", value: .string(executeID)),
            JSONMember(key: "execute_status", value: .string(status)),
            JSONMember(key: "output", value: .string(outputText)),
            JSONMember(key: "error_code", value: .string(status == "Fail" ? "720702002" : "")),
            JSONMember(key: "debug_url", value: .string(Self.debugURL(workflowID: workflowID, executeID: executeID))),
            JSONMember(key: "bot_id", value: .string("0")),
            JSONMember(key: "connector_id", value: .string("1024")),
            JSONMember(key: "connector_uid", value: .string("223687073464")),
            JSONMember(key: "run_mode", value: .integer(running ? 2 : 0)),
            JSONMember(key: "logid", value: .string(logid)),
            JSONMember(key: "token", value: .string("0")),
            JSONMember(key: "usage", value: Self.usage),
            JSONMember(key: "create_time", value: .integer(execution.createdAt)),
            JSONMember(key: "update_time", value: .integer(Int(Date().timeIntervalSince1970))),
            JSONMember(key: "is_output_trimmed", value: .bool(isTrimmed)),
        ]
        if let question { item.append(JSONMember(key: "interrupt_data", value: question)) }
        if isTrimmed {
            item.append(JSONMember(key: "node_execute_status", value: .object([
                JSONMember(key: Self.trimmedNodeTitle, value: .object([
                    "node_id": .string(Self.trimmedNodeID), "is_finish": .bool(true),
                    "node_execute_uuid": .string(Self.trimmedNodeUUID(executeID: executeID)), "update_time": .integer(execution.createdAt),
                ])),
            ])))
        }
        // As the docs' and cozepy's examples: `error_message` (empty unless the run failed) and the legacy `cost`.
        item.insert(JSONMember(key: "error_message", value: .string(status == "Fail" ? execution.behaviour.failure ?? "" : "")), at: 4)
        item.append(JSONMember(key: "cost", value: .string("0.00000")))
        if running { item.append(JSONMember(key: "node_execute_status", value: .object([]))) }
        return json(status: 200, logid: logid, .object([
            "detail": .object(["logid": .string(logid)]),
            "code": .integer(0),
            "msg": .string(""),
            "data": .array([.object(item)]),
        ]))
    }

    /// The question an async run waits at: asked on the first poll that finds it, repeated until answered.
    private func waitingQuestion(executeID: String, _ execution: Execution) -> JSONValue {
        if let eventID = execution.waitingEventID,
           let text = state.withLock({ $0.questions[eventID] }).map({ Self.questionText($0.behaviour, number: $0.asked) }) {
            return Self.interruptData(execution.behaviour, text: text, eventID: eventID)
        }
        var pending = Question(workflowID: execution.workflowID, executeID: executeID, behaviour: execution.behaviour, echoed: execution.echoed,
                               asked: execution.asked, resumesUsed: execution.resumesUsed)
        pending.isAsync = true
        let asked = ask(pending, answers: execution.answers)
        state.withLock { $0.executions[executeID]?.waitingEventID = asked.eventID }
        return Self.interruptData(execution.behaviour, text: asked.text, eventID: asked.eventID)
    }

    /// A fault from the plan, or none, drawn for one call.
    func randomFault() -> SimulatedFault? {
        guard faults.rate > 0, !faults.kinds.isEmpty else { return nil }
        return state.withLock { state -> SimulatedFault? in
            guard Double.random(in: 0..<1, using: &state.generator) < faults.rate else { return nil }
            return faults.kinds.randomElement(using: &state.generator)
        }
    }

    /// The answer of a fault that stops the call before anything is done.
    func faultAnswer(_ fault: SimulatedFault, logid: String) -> ServerResponse {
        state.withLock { $0.statistics.faultsInjected += 1 }
        func page(_ status: Int) -> ServerResponse {
            let html = "<html><head><title>\(status)</title></head><body><center><h1>\(status)</h1></center><hr><center>simulated gateway</center></body></html>"
            return ServerResponse(status: status, headers: [("Content-Type", "text/html"), (logidHeader, logid)], body: Array(html.utf8))
        }
        switch fault {
        case .reset: return ServerResponse(status: 200, body: [], delivery: .close)
        case .hang: return ServerResponse(status: 200, body: [], delivery: .hang(faults.hang))
        case .throttled:
            var response = businessError(4020, "request rate over quota, please slow down", logid: logid)
            response.status = 429
            return response
        case .busy: return businessError(4009, "system busy, please try again later", logid: logid)
        case .serverError: return page(500)
        case .badGateway: return page(502)
        case .unavailable: return page(503)
        case .html: return page(200)
        case .latency, .resetAfter, .midBody: return page(500)
        }
    }

    /// Applies a fault that shows after the call was carried out.
    func afterCarryingOut(_ fault: SimulatedFault, _ answer: ServerResponse) -> ServerResponse {
        state.withLock { $0.statistics.faultsInjected += 1 }
        var answer = answer
        switch fault {
        case .latency:
            let (seconds, attoseconds) = faults.latency.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        case .resetAfter: answer.delivery = .close
        case .midBody: answer.delivery = .cutMidBody
        default: break
        }
        return answer
    }

    private func statisticsResponse() -> ServerResponse {
        let statistics = self.statistics
        let value = JSONValue.object([
            "sync_runs": .integer(statistics.syncRuns),
            "async_starts": .integer(statistics.asyncStarts),
            "polls": .integer(statistics.polls),
            "stream_runs": .integer(statistics.streamRuns),
            "resumes": .integer(statistics.resumes),
            "uploads": .integer(statistics.uploads),
            "unauthorized": .integer(statistics.unauthorized),
            "faults_injected": .integer(statistics.faultsInjected),
            "peak_runs_in_flight": .integer(statistics.peakRunsInFlight),
            "duplicate_starts": .integer(statistics.duplicateStarts),
            "workflow_infos": .integer(statistics.workflowInfos),
            "oauth_tokens": .integer(statistics.oauthTokens),
            "oauth_refusals": .integer(statistics.oauthRefusals),
            "expired_token_refusals": .integer(statistics.expiredTokenRefusals),
            "started_parameters": .array(statistics.startedParameters.map(JSONValue.string)),
        ])
        return ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: JSONWriter(prettyPrinted: false).bytes(from: value))
    }

    func businessError(_ code: Int, _ message: String, logid: String) -> ServerResponse {
        // Coze Studio's errors carry no `detail` (`httputil/error_resp.go`).
        if service == .studio { return json(status: 200, logid: logid, .object(["code": .integer(code), "msg": .string(message)])) }
        return json(status: 200, logid: logid, .object([
            "code": .integer(code),
            "msg": .string(message),
            "detail": .object(["logid": .string(logid)]),
        ]))
    }

    func json(status: Int, logid: String, _ value: JSONValue) -> ServerResponse {
        ServerResponse(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8"), (logidHeader, logid)],
            body: JSONWriter(prettyPrinted: false).bytes(from: value))
    }

    func makeLogid() -> String {
        if service == .studio { return UUID().uuidString.lowercased() }
        let sequence = state.withLock { state -> Int in
            state.nextLogSequence += 1
            return state.nextLogSequence
        }
        return "20241029152003SIM" + String(format: "%015X", sequence)
    }

    static let usage: JSONValue = .object(["input_count": .integer(50), "token_count": .integer(150), "output_count": .integer(100)])

    static func debugURL(workflowID: String, executeID: String) -> String {
        "https://www.coze.cn/work_flow?execute_id=\(executeID)&space_id=7361424235321600000&workflow_id=\(workflowID)"
    }
}
