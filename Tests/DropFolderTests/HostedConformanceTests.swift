import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

// The hosted service's own bodies and streams (Tests/Conformance/hosted/, each naming its source)
// turned into the record a person reads.

private func transcript(of fixture: String) throws -> StreamTranscript {
    var parser = ServerSentEventParser()
    var transcript = StreamTranscript()
    let bytes = try ConformanceFixture(fixture).bytes
    for event in parser.feed(bytes) + parser.finish() { _ = transcript.take(event) }
    return transcript
}

private func runner(_ script: ScriptedTransport, clock: ManualClock = ManualClock()) -> JobRunner {
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
    return JobRunner(client: client, clock: clock, wallClock: { Date(timeIntervalSince1970: 1_729_217_975) }, events: RecordingEventSink(), random: { 0.5 })
}

private func answer(_ fixture: String) throws -> ScriptedTransport.Answer {
    let file = try ConformanceFixture(fixture)
    return .json(try file.httpStatus(), String(decoding: try file.bodyBytes(), as: UTF8.self))
}

private func request(_ text: String) throws -> WorkflowRequest {
    try RequestFileParser.parse(Array(text.utf8))
}

@Test(arguments: [
    // The docs' stream_run example: an Output node streamed in chunks, the End node (empty title) with the output, Done {}.
    ("hosted/workflow_stream_run.sse", "为什么小明要带一把尺子去看电影？\n因为他听说电影很长，怕坐不下！"),
    // coze-go: the End node is named "End"; a PING and an unknown event in between.
    ("hosted/workflow_stream_run_cozego.sse", "World"),
    // cozepy's test data: the docs' tabs joined.
    ("hosted/workflow_stream_run_cozepy.sse", "为什么小明要带一把尺子去看电影？因为他听说电影很长，怕坐不下！"),
])
func aStreamsEndNodeOutputIsTheRecordsOutput(fixture: String, text: String) throws {
    let transcript = try transcript(of: fixture)
    #expect(transcript.output?.readableText == text, "\(String(describing: transcript.output))")
}

@Test func theDocsResumeStreamEndsWithANamedEndNodesOutput() throws {
    let transcript = try transcript(of: "hosted/workflow_stream_resume.sse")
    guard case .done = transcript.ending else { Issue.record("no Done: \(String(describing: transcript.ending))"); return }
    let forecast = try #require(transcript.output?["output"]?.arrayValue?.first)
    #expect(forecast["condition"] == .string("中到大雨"))
}

@Test func aDoneWithoutABlankLineAtTheEndStillEndsTheStream() throws {
    // The docs print their streams without the last blank line; the parser finishes the last event at the end.
    let transcript = try transcript(of: "hosted/workflow_stream_run_cozego.sse")
    guard case .done(let debugURL) = transcript.ending else { Issue.record("no Done"); return }
    #expect(debugURL == "https://www.coze.cn/work_flow?***")
}

@Test func aStreamedQuestionIsTheAskingNodesMessage() throws {
    let transcript = try transcript(of: "hosted/workflow_stream_interrupt.sse")
    #expect(transcript.question == "请问你想查看哪个城市、哪一天的天气呢")
    guard case .interrupt(let interrupt) = transcript.ending else { Issue.record("no Interrupt"); return }
    #expect(interrupt.eventID == "7404830425073352713/2769808280134765896")
    #expect(interrupt.type == 2)
}

@Test func anErrorEventEndsTheStreamWithItsCode() throws {
    let transcript = try transcript(of: "hosted/workflow_stream_error.sse")
    guard case .error(let code, let message) = transcript.ending else { Issue.record("no Error"); return }
    #expect(code != nil)
    #expect(!message.isEmpty)
}

@Test func aMessageFromAnotherNodeIsNotTheOutput() throws {
    // coze-go's resume stream: a node titled "Resume" answers, no End message.
    let transcript = try transcript(of: "hosted/workflow_stream_resume_cozego.sse")
    #expect(transcript.output == nil)
    #expect(transcript.messagesJSON.arrayValue?.first?["text"] == .string("Resumed"))
}

@Test func theDocsSyncAnswerBecomesItsDecodedOutput() async throws {
    let result = await runner(ScriptedTransport([try answer("hosted/workflow_run_sync.json")])).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output?["output"] == .string("北京的经度为116.4074°E，纬度为39.9042°N。"))
    #expect(result.executeID == "741364789030728****")
    #expect(result.usage?["token_count"] == .integer(150))
}

@Test func theDocsAsyncRunIsFollowedToItsTextModeOutput() async throws {
    let script = ScriptedTransport([try answer("hosted/workflow_run_async_start.json"), try answer("hosted/workflow_history_running.json"),
                                    try answer("hosted/workflow_history_success.json")])
    let result = await runner(script).run(try request(#"{"workflow_id": "1", "mode": "async"}"#), file: "a.json")
    #expect(result.status == .success, "\(String(describing: result.error))")
    #expect(result.polls == 2)
    // Every level decoded: {"Output": {"content_type": 1, "data": "…"}}, read as its text.
    #expect(result.output?["Output"]?["data"] == .string("来找姐姐有什么事呀"))
    #expect(result.output?.readableText == "来找姐姐有什么事呀")
    #expect(result.logid == "20241029115423ED85C3401395715F726E")
}

@Test func theDocsResumeAnswerAsksAnInputNodesFields() async throws {
    // resume_workflow's example: an async answer that asks again, for an image field.
    let script = ScriptedTransport([try answer("hosted/workflows_resume.json")])
    let asked = try request(#"{"workflow_id": "1", "mode": "async", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "北京"}, "resumes_left": 3}"#)
    let result = await runner(script).run(asked, file: "a.json")
    #expect(result.status == .needsInput)
    let question = try #require(result.question)
    #expect(question.interruptType == 5)
    #expect(question.fieldNames == ["img"])
    #expect(question.text == "img (string, required)")
    #expect(question.eventID == "75694987037***/2691977632***")
    #expect(question.resumesLeft == 2)
    #expect(script.sent.first?.url.path == "/v1/workflows/resume")
    let template = try JSONParser().parse(bytes: try #require(AnswerTemplate.bytes(for: result, continuing: "a.response.json")))
    #expect(template["mode"] == .string("async"))
    #expect(template["resume"]?["answer"] == .object(["img": .string("")]))
    #expect(template["required_parameters"]?["img"]?["type"] == .string("image"))
}

@Test func theDocsNodeOutputAnswerGivesTheWholeText() async throws {
    let client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: ScriptedTransport([try answer("hosted/execute_nodes.json")]).transport)
    let node = try await client.nodeOutput(workflowID: "1", executeID: "2", nodeExecuteUUID: "3")
    #expect(node.output.stringValue?.hasPrefix("0《零的奇妙冒险》") == true)
    #expect(node.isFinished == false)
}
