import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

// What a run against the real Coze looks like to a person: questions of async runs, outputs cut
// at 1 MB, runs of many hours, the daily limit, and End nodes as Coze really names them.

private func runner(_ script: ScriptedTransport, clock: ManualClock = ManualClock()) -> JobRunner {
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
    return JobRunner(client: client, clock: clock, wallClock: { Date(timeIntervalSince1970: 1_729_217_975) }, events: RecordingEventSink(), random: { 0.5 })
}

private func request(_ text: String, pollDefaults: PollPolicy = .standard) throws -> WorkflowRequest {
    try RequestFileParser.parse(Array(text.utf8), pollDefaults: pollDefaults)
}

private let asyncStart = ScriptedTransport.Answer.json(200, #"{"debug_url":"https://www.coze.cn/work_flow?execute_id=77","execute_id":"77","msg":""}"#)

private func item(_ fields: String) -> ScriptedTransport.Answer {
    .json(200, #"{"code":0,"msg":"","data":[{"execute_id":"77",\#(fields)}]}"#)
}

@Test func anAsyncRunThatAsksIsWaitingForAnAnswerNotPolledToItsLimit() async throws {
    let question = #""interrupt_data":{"data":"{\"content_type\":\"text\",\"content\":\"请输入您的姓名\"}","event_id":"77/1","type":2,"required_parameters":{"name":{"type":"string","required":true}}}"#
    let script = ScriptedTransport([asyncStart, item(#""execute_status":"Running","output":"{\"Output\":\"null\"}""#),
                                    item(#""execute_status":"Success","output":"","#  + question)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .needsInput)
    #expect(result.question?.text == "请输入您的姓名")
    #expect(result.question?.eventID == "77/1")
    #expect(result.question?.fieldNames == ["name"])
    #expect(result.polls == 2)
}

@Test func anAsyncAnswerIsSentToResumeAndTheRunItNamesIsPolled() async throws {
    let resumed = ScriptedTransport.Answer.json(200, #"{"code":0,"msg":"","execute_id":"88","debug_url":"https://api.coze.cn/work_flow?execute_id=88"}"#)
    let done = ScriptedTransport.Answer.json(200, #"{"code":0,"msg":"","data":[{"execute_id":"88","execute_status":"Success","output":"{\"Output\":\"{\\\"output\\\":\\\"George\\\"}\"}"}]}"#)
    let script = ScriptedTransport([resumed, done])
    let answer = try request(#"{"workflow_id": "1", "mode": "async", "resume": {"event_id": "77/1", "interrupt_type": 2, "answer": "George"}}"#)
    let result = await runner(script).run(answer, file: "a.json")
    #expect(result.status == .success)
    #expect(result.output?["Output"]?["output"] == .string("George"))
    #expect(script.sent.map(\.url.path) == ["/v1/workflows/resume", "/v1/workflows/1/run_histories/88"])
    let body = try JSONParser().parse(bytes: Array(try #require(script.sent.first?.body)))
    #expect(body["resume_data"] == .string("George"))
    #expect(body["event_id"] == .string("77/1"))
}

@Test func aTrimmedOutputIsFetchedWholeFromTheOutputNode() async throws {
    let trimmed = #""execute_status":"Success","is_output_trimmed":true,"output":"{\"Output\":\"{\\\"output\\\":\\\"ok\\\"}\",\"长文\":\"开头…\"}","node_execute_status":{"长文":{"node_id":"5","is_finish":true,"node_execute_uuid":"u-5"}}"#
    let node = ScriptedTransport.Answer.json(200, #"{"code":0,"msg":"","data":{"is_finish":true,"node_output":"开头和全部的正文"}}"#)
    let script = ScriptedTransport([asyncStart, item(trimmed), node])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output?["长文"] == .string("开头和全部的正文"))
    #expect(result.trimmedOutput == JobResult.TrimmedOutput(completed: ["长文"], problem: nil))
    #expect(script.sent.last?.url.path == "/v1/workflows/1/run_histories/77/execute_nodes/u-5")
    let summary = ResultSummary.text(for: result, sourceFile: "a.json", record: "a.response.json", answerFile: nil, language: .en)
    #expect(summary.contains("Coze cut this output (over 1 MB); the whole output of 长文 was fetched"))
}

@Test func aTrimmedOutputThatCannotBeFetchedIsSaidToBeIncomplete() async throws {
    let trimmed = #""execute_status":"Success","is_output_trimmed":true,"output":"{\"Output\":\"x\",\"长文\":\"开头…\"}","node_execute_status":{"长文":{"node_id":"5","node_execute_uuid":"u-5"}}"#
    let gone = ScriptedTransport.Answer.json(200, #"{"code":4200,"msg":"not found"}"#)
    let result = await runner(ScriptedTransport([asyncStart, item(trimmed), gone])).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output?["长文"] == .string("开头…"))
    let problem = try #require(result.trimmedOutput?.problem)
    #expect(problem.contains("incomplete"))
    #expect(problem.contains("Coze answered code 4200 (not found)"))
    #expect(!problem.contains(".."))
    let record = ResultRecord.json(for: result, sourceFile: "a.json", simulated: false)
    #expect(record["output_trimmed"]?["complete"] == .bool(false))
    #expect(ResultSummary.text(for: result, sourceFile: "a.json", record: "r", answerFile: nil, language: .en).contains("incomplete"))
}

@Test func theAgentPollsALongRunUntilCozesOwnDayLimit() async throws {
    let clock = ManualClock()
    let running = item(#""execute_status":"Running","output":"{\"Output\":\"null\"}""#)
    let script = ScriptedTransport(calls: [asyncStart], polls: Array(repeating: running, count: 3000))
    let result = await runner(script, clock: clock).run(try request(#"{"workflow_id": "1", "mode": "async"}"#, pollDefaults: .untilCozeLimit), file: "a.json")
    #expect(result.error?.kind == .timeout)
    #expect(result.error?.message.contains("24 hours") == true)
    // Far past the old 120 polls (about 57 minutes), at 30 s each once grown.
    #expect(result.polls > 2800)
    #expect(clock.now >= .seconds(86_400 - 60))
}

@Test func runKeepsTheOldScriptsHundredAndTwentyPolls() async throws {
    let running = item(#""execute_status":"Running","output":"{\"Output\":\"null\"}""#)
    let script = ScriptedTransport(calls: [asyncStart], polls: Array(repeating: running, count: 200))
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.polls == 120)
    #expect(result.error?.message.contains("after 120 polls") == true)
}

@Test func theDailyLimitHoldsTheRunInsteadOfFailingIt() async throws {
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t",
                            transport: ScriptedTransport([.json(200, #"{"code":4008,"msg":"The number of requests has exceeded the limit for today"}"#)]).transport)
    let runner = JobRunner(client: client, clock: ManualClock(), wallClock: Date.init, events: RecordingEventSink())
    let outcome = await runner.run(try request(#"{"workflow_id": "1"}"#), file: "a.json", journal: nil)
    guard case .dailyLimitReached(let result) = outcome else { Issue.record("not held: \(outcome)"); return }
    #expect(result.error?.code == 4008)
    #expect(result.retries == 0)
}

@Test func aPollThatHitsTheDailyLimitWaitsAnHourAndKeepsTheRun() async throws {
    let limit = ScriptedTransport.Answer.json(200, #"{"code":4008,"msg":"limit for today"}"#)
    let script = ScriptedTransport([asyncStart, limit])
    let outcome = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json", journal: nil, handsOffPolling: true)
    guard case .awaiting(let run) = outcome else { Issue.record("\(outcome)"); return }
    let next = await runner(script).poll(run)
    guard case .awaiting(let later) = next else { Issue.record("not waiting: \(next)"); return }
    #expect(later.wait == .seconds(3600))
}

@Test(arguments: [
    // (now, expected resume) in Unix seconds: an hour later, or Beijing midnight (16:00 UTC) when sooner.
    (1_733_000_000.0, 1_733_003_600.0),                // 2024-11-30 20:53 UTC = 04:53 Beijing: an hour later
    (1_732_982_400.0 - 1_800, 1_732_982_400.0),        // 23:30 Beijing: at 00:00 Beijing
])
func theDailyLimitIsTriedAgainHourlyAndAtTheNextBeijingDay(now: Double, expected: Double) {
    #expect(DailyLimitPause.resumeTime(after: Date(timeIntervalSince1970: now)) == Date(timeIntervalSince1970: expected))
}

@Test func aStreamedEndNodeIsFoundByItsTypeAndItsChunksJoinedInOrder() {
    var transcript = StreamTranscript()
    func message(_ seq: Int, _ text: String, finished: Bool = false) -> ServerSentEvent {
        ServerSentEvent(id: String(seq), event: "Message", data: #"{"content":"\#(text)","node_title":"结束","node_type":"End","node_id":"900001","node_seq_id":"\#(seq)","node_is_finish":\#(finished)}"#)
    }
    for event in [message(0, "春眠"), message(2, "处处闻啼鸟", finished: true), message(1, "不觉晓，"), ServerSentEvent(id: "3", event: "Done", data: "{}")] {
        _ = transcript.take(event)
    }
    #expect(transcript.output == .string("春眠不觉晓，处处闻啼鸟"))
}

@Test(arguments: [
    (#"{"content":"x","node_title":"Output","node_type":"Message","node_id":"900001"}"#, false),
    (#"{"content":"x","node_title":"End","sub_execute_id":"12345"}"#, false),
    (#"{"content":"x","node_title":"结束","node_id":"900001"}"#, true),
    (#"{"content":"x","node_title":"End"}"#, true),
    (#"{"content":"x","node_title":""}"#, true),
    (#"{"content":"x","node_title":"Message"}"#, false),
])
func theEndNodeIsKnownByTypeThenIdThenTitle(data: String, isEnd: Bool) throws {
    let event = WorkflowStreamEvent(ServerSentEvent(id: "0", event: "Message", data: data))
    guard case .message(let message) = event else { Issue.record("not a message"); return }
    #expect(message.isFromEndNode == isEnd)
}

@Test(arguments: [
    (#"{"content_type":"text","content":"请输入您的姓名"}"#, "请输入您的姓名"),
    (#"{"content_type":"text","content":"[{\"type\":\"string\",\"name\":\"img\",\"required\":true,\"assistType\":2}]"}"#, "img (string, required)"),
    (#"{"messages":[{"type":"question","content_type":"text","content":"你喜欢什么颜色？"}]}"#, "你喜欢什么颜色？"),
    (#"{"messages":[{"type":"question","content_type":"option","content":{"question":"选一个","options":[{"name":"红"},{"name":"蓝"}]}}]}"#, "选一个 (红 / 蓝)"),
    ("Plain text question?", "Plain text question?"),
    ("", ""),
])
func aQuestionIsShownAsAPersonReadsIt(data: String, text: String) {
    #expect(WorkflowQuestion(eventID: "1/2", type: 2, rawData: data).text == text)
}

@Test func clientNamesItselfLikeTheSDKs() async throws {
    let script = ScriptedTransport([.json(200, #"{"code":0,"data":"{}"}"#)])
    _ = await runner(script).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    let headers = try #require(script.sent.first?.headers)
    #expect(headers["User-Agent"]?.hasPrefix("coze-drop/\(ClientIdentity.version) (") == true)
    let identity = try JSONParser().parse(try #require(headers["X-Coze-Client-User-Agent"]))
    #expect(identity["lang"] == .string("swift"))
    #expect(identity["version"] == .string(ClientIdentity.version))
    for key in ["lang_version", "os_name", "os_version"] { #expect(identity[key]?.stringValue?.isEmpty == false) }
}

@Test func aPollWhoseTokenIsRefusedIsAskedAgainNotFailed() async throws {
    // The run goes on at Coze whatever happens to the token: a poll only reads, so it is asked again.
    let refused = ScriptedTransport.Answer.json(401, #"{"code":4100,"msg":"authentication is invalid"}"#)
    let script = ScriptedTransport([asyncStart, refused, item(#""execute_status":"Success","output":"{\"Output\":\"done\"}""#)])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.retries == 1)
}
