import CozeAPI
import DropFolder
import Foundation
import Synchronization
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

private func runner(_ script: ScriptedTransport, clock: ManualClock = ManualClock(), events: RecordingEventSink = RecordingEventSink()) -> JobRunner {
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
    return JobRunner(client: client, clock: clock, wallClock: { Date(timeIntervalSince1970: 1_729_217_975) }, events: events, random: { 0.5 })
}

private func request(_ text: String) throws -> WorkflowRequest {
    try RequestFileParser.parse(Array(text.utf8))
}

private func history(_ status: String, output: String = "", errorCode: String = "", errorMessage: String? = nil) -> ScriptedTransport.Answer {
    let message = errorMessage.map { #","error_message":"\#($0)""# } ?? ""
    return .json(200, #"{"code":0,"msg":"","data":[{"execute_id":"77","execute_status":"\#(status)","output":"\#(output)","error_code":"\#(errorCode)"\#(message)}]}"#)
}

private let asyncStart = ScriptedTransport.Answer.json(200, #"{"debug_url":"https://www.coze.cn/work_flow?execute_id=77","execute_id":"77","msg":""}"#)

@Test func aSyncRunSucceedsWithItsDecodedOutput() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":0,"msg":"","data":"{\"output\":\"北京\"}","debug_url":"https://www.coze.cn/work_flow?execute_id=55","usage":{"token_count":150}}"#, headers: ["X-Tt-Logid": "LOG1"])])
    let result = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output == .object(["output": .string("北京")]))
    #expect(result.executeID == "55")
    #expect(result.logid == "LOG1")
    #expect(result.error == nil)
}

@Test func aBusinessErrorFailsTheRunAndKeepsTheBody() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":4200,"msg":"workflow not found","detail":{"logid":"L"}}"#)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .failed)
    #expect(result.error?.kind == .api)
    #expect(result.error?.code == 4200)
    #expect(result.error?.message.contains("published") == true)
    #expect(result.response?["msg"] == .string("workflow not found"))
}

@Test func aGatewayTimeoutPageIsAnHTTPFailureWithTheRawBody() async throws {
    let script = ScriptedTransport([.json(504, "<html>504 Gateway Time-out</html>")])
    let result = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.error?.kind == .http)
    #expect(result.error?.httpStatus == 504)
    #expect(result.response == .string("<html>504 Gateway Time-out</html>"))
}

@Test func anAsyncRunIsPolledOnTheBackoffScheduleUntilSuccess() async throws {
    let clock = ManualClock()
    let events = RecordingEventSink()
    let script = ScriptedTransport([asyncStart, history("Running"), history("Running"), history("Success", output: #"{\"Output\":\"done\"}"#)])
    let result = await runner(script, clock: clock, events: events).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.polls == 3)
    #expect(result.output == .object(["Output": .string("done")]))
    #expect(result.startResponse?["execute_id"] == .string("77"))
    #expect(clock.sleeps == [.seconds(2), .seconds(3), .milliseconds(4500)])
    #expect(script.sent.map(\.method) == ["POST", "GET", "GET", "GET"])
    #expect(events.events.contains(.started(file: "a.json", executeID: "77")))
    #expect(events.events.contains(.polled(file: "a.json", attempt: 2, limit: 120, status: "Running")))
}

@Test func anAsyncRunThatFailsReportsTheWorkflowsError() async throws {
    let script = ScriptedTransport([asyncStart, history("Fail", errorCode: "720702002", errorMessage: "node LLM_1 timed out")])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.error?.kind == .workflowFailed)
    #expect(result.error?.code == 720_702_002)
    #expect(result.error?.message.contains("node LLM_1 timed out") == true)
}

@Test func stopsPollingAtTheLimitAndSaysHowToKeepWaiting() async throws {
    let script = ScriptedTransport([asyncStart] + Array(repeating: history("Running"), count: 3))
    let clock = ManualClock()
    let result = await runner(script, clock: clock).run(
        try request(#"{"workflow_id": "1", "mode": "async", "poll": {"initial_interval": 1, "max_interval": 1, "max_attempts": 3}}"#), file: "a.json")
    #expect(result.error?.kind == .timeout)
    #expect(result.polls == 3)
    #expect(clock.sleeps == [.seconds(1), .seconds(1), .seconds(1)])
    let message = try #require(result.error?.message)
    #expect(message.contains("still running after 3 polls"))
    #expect(message.contains(#""execute_id": "77""#))
}

@Test func anExecuteIDRequestOnlyPolls() async throws {
    let script = ScriptedTransport([history("Success", output: "plain text")])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "execute_id": "77"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output == .string("plain text"))
    #expect(script.sent.map(\.method) == ["GET"])
}

@Test func aPollThatLosesItsConnectionIsPolledAgain() async throws {
    let script = ScriptedTransport([asyncStart, .failure(TransportError(kind: .connectionLost, detail: "reset")), history("Success")])
    let events = RecordingEventSink()
    let result = await runner(script, events: events).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.polls == 1)
    #expect(result.retries == 1)
    #expect(events.lines.contains { $0.contains("poll 1 failed, will poll again") })
}

@Test func aQuestionInASyncRunWaitsForAnAnswer() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":0,"msg":"","data":"","interrupt_data":{"data":"Which city?","type":2,"event_id":"1/2"}}"#)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .needsInput)
    #expect(result.question == JobResult.Question(text: "Which city?", nodeTitle: "", eventID: "1/2", interruptType: 2, resumesLeft: 3))
    #expect(result.error == nil)
}

@Test func anAnswerIsSentToResumeAndCountsAgainstTheRunsAnswers() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":0,"msg":"","data":"","interrupt_data":{"data":"And the date?","type":2,"event_id":"1/3"}}"#)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "北京"}, "resumes_left": 2, "continues": "a.response.json"}"#), file: "b.json")
    let sent = try #require(script.sent.first)
    #expect(sent.url.path == "/v1/workflows/resume")
    #expect(try JSONParser().parse(bytes: Array(try #require(sent.body))) == .object([
        "workflow_id": .string("1"), "event_id": .string("1/2"), "resume_data": .string("北京"), "interrupt_type": .integer(2),
    ]))
    #expect(result.question?.resumesLeft == 1)
    #expect(result.continues == "a.response.json")
}

@Test func aStreamIsReadEventByEventIntoItsOutput() async throws {
    let body = "id: 0\nevent: Message\ndata: {\"content\":\"Hel\",\"node_title\":\"Message\",\"node_seq_id\":\"0\",\"node_is_finish\":false}\n\n"
        + "id: 1\nevent: PING\ndata: {}\n\n"
        + "id: 2\nevent: Message\ndata: {\"content\":\"lo\",\"node_title\":\"Message\",\"node_seq_id\":\"1\",\"node_is_finish\":true}\n\n"
        + "id: 3\nevent: Message\ndata: {\"content\":\"{\\\"output\\\":42}\",\"node_title\":\"\",\"node_seq_id\":\"0\",\"node_is_finish\":true}\n\n"
        + "id: 4\nevent: Done\ndata: {\"debug_url\":\"https://www.coze.cn/work_flow?execute_id=99\"}\n\n"
    let script = ScriptedTransport([.json(200, body, headers: ["Content-Type": "text/event-stream"])])
    let shown = Mutex("")
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "stream"}"#), file: "s.json",
                                          streamText: { text in shown.withLock { $0 += text } })
    #expect(script.sent.first?.url.path == "/v1/workflow/stream_run")
    #expect(result.status == .success)
    #expect(result.output == .object(["output": .integer(42)]))
    #expect(result.executeID == "99")
    #expect(result.transcript?.nodes.map(\.text) == ["Hello", #"{"output":42}"#])
    #expect(result.transcript?.events.count == 5)
    #expect(shown.withLock { $0 }.hasPrefix("[Message]\nHello\n[End]\n"))
}

@Test func aStreamThatStopsWithoutAnEndIsANetworkFailure() async throws {
    let body = "id: 0\nevent: Message\ndata: {\"content\":\"Hel\",\"node_title\":\"Message\",\"node_seq_id\":\"0\",\"node_is_finish\":false}\n\n"
    let script = ScriptedTransport([.json(200, body, headers: ["Content-Type": "text/event-stream"])])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "stream"}"#), file: "s.json")
    #expect(result.status == .failed)
    #expect(result.error?.kind == .network)
    #expect(result.error?.message.contains("without a Done, Error or Interrupt") == true)
}

@Test func theRecordHasTheDocumentedFieldsInOrder() async throws {
    let script = ScriptedTransport([asyncStart, history("Success")])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    let record = ResultRecord.json(for: result, sourceFile: "a.json", simulated: false)
    #expect(record.objectMembers?.map(\.key) == [
        "status", "mode", "request", "response", "start_response", "output", "execute_id", "debug_url", "logid", "usage",
        "started_at", "finished_at", "duration_ms", "polls", "retries", "source_file", "simulated",
    ])
    #expect(record["started_at"] == .string("2024-10-18T10:19:35.000+08:00"))
}

@Test func aStartThatNeverReachedCozeIsRetriedAndCounted() async throws {
    let script = ScriptedTransport([.failure(TransportError(kind: .cannotConnect, detail: "refused")), .json(200, #"{"code":0,"data":"{}"}"#)])
    let clock = ManualClock()
    let result = await runner(script, clock: clock).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.retries == 1)
    #expect(script.sent.count == 2)
    #expect(clock.sleeps == [.milliseconds(750)])
}

@Test func aSyncRunWhoseConnectionBrokeIsNeverSentAgain() async throws {
    let script = ScriptedTransport([.failure(TransportError(kind: .connectionLost, detail: "reset")), .json(200, #"{"code":0,"data":"{}"}"#)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.error?.kind == .network)
    #expect(result.error?.message.contains("may or may not have started") == true)
    #expect(script.sent.count == 1)
}

@Test func aThrottledStartWaitsAndTriesAgain() async throws {
    let script = ScriptedTransport([.json(429, #"{"code":4020,"msg":"slow down"}"#), .json(200, #"{"code":0,"data":"{}"}"#)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.retries == 1)
}

@Test func pollsThatKeepFailingGiveUpWithTheExecuteID() async throws {
    let script = ScriptedTransport([asyncStart] + Array(repeating: .json(502, "<html>bad gateway</html>"), count: 9))
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.error?.kind == .http)
    #expect(result.retries == 8)
    #expect(result.error?.message.contains("execute_id 77") == true)
}
