import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

private let greetInfo = #"""
    {"code":0,"msg":"","data":{"workflow_detail":{"workflow_id":"7366468917055111111","workflow_name":"greet_user"},
     "input":{"parameters":{"user_name":{"type":"string","required":true,"description":"The name to greet"}}},
     "output":{"parameters":{"output":{"type":"string"}},"terminate_plan":"return_variables"}}}
    """#
private let noPermission = ScriptedTransport.Answer.json(200, #"{"code":4101,"msg":"Your token does not have permission to access resource.","detail":{"logid":"L"}}"#)
private let runAnswer = ScriptedTransport.Answer.json(200, #"{"code":0,"msg":"","data":"{\"output\":\"hi\"}"}"#)

private func client(_ script: ScriptedTransport, service: CozeService = .coze) -> CozeClient {
    var client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
    client.service = service
    return client
}

private func runner(_ script: ScriptedTransport, events: RecordingEventSink, service: CozeService = .coze, language: Language = .en) -> JobRunner {
    let client = client(script, service: service)
    let clock = ManualClock()
    return JobRunner(client: client, clock: clock, wallClock: { Date(timeIntervalSince1970: 1_729_217_975) }, events: events, random: { 0.5 },
                     language: language, workflowInfo: WorkflowInfoCache(client: client, clock: clock))
}

private func request(_ text: String) throws -> WorkflowRequest {
    try RequestFileParser.parse(Array(text.utf8))
}

private func infoRequests(_ script: ScriptedTransport) -> Int {
    script.sent.filter { $0.method == "GET" && $0.url.absoluteString.contains("include_input_output=true") }.count
}

@Test func anAnswerIsKeptFiveMinutesThenAskedForAgain() async throws {
    let script = ScriptedTransport([.json(200, greetInfo), .json(200, greetInfo)])
    let clock = ManualClock()
    let cache = WorkflowInfoCache(client: client(script), clock: clock)
    async let first = cache.lookup("7366468917055111111")
    async let second = cache.lookup("7366468917055111111")
    let answers = await [first, second]
    #expect(answers[0] == answers[1])
    #expect(script.sent.count == 1)
    clock.advance(by: .seconds(299))
    _ = await cache.lookup("7366468917055111111")
    #expect(script.sent.count == 1)
    clock.advance(by: .seconds(2))
    guard case .info(let info) = await cache.lookup("7366468917055111111") else { Issue.record("expected the info"); return }
    #expect(info.name == "greet_user")
    #expect(script.sent.count == 2)
}

@Test func infoThatCannotBeHadIsRememberedWithTheReason() async throws {
    let script = ScriptedTransport([noPermission])
    let cache = WorkflowInfoCache(client: client(script), clock: ManualClock())
    guard case .unavailable(let reason) = await cache.lookup("1") else { Issue.record("expected unavailable"); return }
    #expect(reason.contains("4101") && reason.contains("getMetaData"))
    _ = await cache.lookup("1")
    #expect(script.sent.count == 1)
    #expect(await cache.isFirstNotice(about: "1"))
    #expect(await !cache.isFirstNotice(about: "1"))
}

@Test func aMisspeltParameterFailsAsAnInvalidRequestWithoutARun() async throws {
    let script = ScriptedTransport([.json(200, greetInfo)])
    let events = RecordingEventSink()
    let result = await runner(script, events: events).run(
        try request(#"{"workflow_id": "7366468917055111111", "parameters": {"user_nmae": "George"}}"#), file: "a.json")
    #expect(result.status == .failed)
    #expect(result.error?.kind == .invalidRequest)
    #expect(result.error?.message.contains("did you mean `user_name`") == true)
    #expect(result.error?.message.contains("nothing was run") == true)
    #expect(result.request["workflow_id"] == .string("7366468917055111111"))
    #expect(script.sent.count == 1)
    #expect(!events.events.contains { if case .sending = $0 { true } else { false } })
}

@Test func goodParametersRunAfterOneCheckPerWorkflow() async throws {
    let script = ScriptedTransport([.json(200, greetInfo), runAnswer, runAnswer])
    let runner = runner(script, events: RecordingEventSink())
    let good = try request(#"{"workflow_id": "7366468917055111111", "parameters": {"user_name": "George"}}"#)
    #expect(await runner.run(good, file: "a.json").status == .success)
    #expect(await runner.run(good, file: "b.json").status == .success)
    #expect(infoRequests(script) == 1)
    #expect(script.sent.count == 3)
}

@Test func withoutInfoTheRunsGoAheadAndTheConsoleSaysSoOnce() async throws {
    let script = ScriptedTransport(calls: [runAnswer, runAnswer], polls: [noPermission])
    let events = RecordingEventSink()
    let runner = runner(script, events: events)
    let job = try request(#"{"workflow_id": "1", "parameters": {"anything": 1}}"#)
    #expect(await runner.run(job, file: "a.json").status == .success)
    #expect(await runner.run(job, file: "b.json").status == .success)
    let notices = events.lines.filter { $0.hasPrefix("could not check parameters of workflow 1") }
    #expect(notices.count == 1)
    #expect(notices.first?.hasSuffix("; running unchecked") == true)
}

@Test func aNetworkProblemLeavesTheRunUnchecked() async throws {
    let script = ScriptedTransport(calls: [runAnswer], polls: [.failure(TransportError(kind: .cannotConnect, detail: "refused"))])
    let events = RecordingEventSink()
    let result = await runner(script, events: events).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(events.events.contains { if case .parametersUnchecked("1", _) = $0 { true } else { false } })
}

@Test func cozeStudioSkipsTheCheckWithOneLine() async throws {
    let script = ScriptedTransport([runAnswer, runAnswer])
    let events = RecordingEventSink()
    let runner = runner(script, events: events, service: .studio)
    let job = try request(#"{"workflow_id": "7366468917055111111", "parameters": {"user_nmae": "George"}}"#)
    #expect(await runner.run(job, file: "a.json").status == .success)
    #expect(await runner.run(job, file: "b.json").status == .success)
    #expect(infoRequests(script) == 0)
    #expect(events.lines.filter { $0.contains("Coze Studio answers workflow info only for chatflows") }.count == 1)
}

@Test func pollsOfAStartedRunAndAnswersAreNotChecked() async throws {
    let history = ScriptedTransport.Answer.json(200, #"{"code":0,"msg":"","data":[{"execute_id":"77","execute_status":"Success","output":"{}","error_code":""}]}"#)
    let script = ScriptedTransport([history, runAnswer])
    let runner = runner(script, events: RecordingEventSink())
    let poll = try request(#"{"workflow_id": "7366468917055111111", "mode": "async", "execute_id": "77"}"#)
    #expect(await runner.run(poll, file: "a.json").status == .success)
    let answer = try request(#"{"workflow_id": "7366468917055111111", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "red"}}"#)
    #expect(await runner.run(answer, file: "b.json").status == .success)
    #expect(infoRequests(script) == 0)
}

@Test func aNetworkProblemIsAskedAboutAgainSoonerThanARefusal() async throws {
    let script = ScriptedTransport([.failure(TransportError(kind: .cannotConnect, detail: "refused")), .json(200, greetInfo)])
    let clock = ManualClock()
    let cache = WorkflowInfoCache(client: client(script), clock: clock)
    guard case .unavailable = await cache.lookup("7366468917055111111") else { Issue.record("expected unavailable"); return }
    clock.advance(by: .seconds(29))
    _ = await cache.lookup("7366468917055111111")
    #expect(script.sent.count == 1)
    clock.advance(by: .seconds(2))
    guard case .info = await cache.lookup("7366468917055111111") else { Issue.record("expected the info"); return }
    #expect(script.sent.count == 2)
}
