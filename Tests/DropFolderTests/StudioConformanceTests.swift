import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

/// Coze Studio's bodies and event streams (`Tests/Conformance/studio/`, each naming its source in
/// coze-dev/coze-studio) through the client and the runner with `service = .studio`.
private func studioRunner(_ script: ScriptedTransport, events: RecordingEventSink = RecordingEventSink()) -> JobRunner {
    var client = CozeClient(baseURL: URL(string: "http://127.0.0.1:8888")!, token: "pat_x", transport: script.transport)
    client.service = .studio
    return JobRunner(client: client, clock: ManualClock(), wallClock: { Date(timeIntervalSince1970: 1_760_000_000) }, events: events, random: { 0.5 })
}

private func answer(_ fixture: String) throws -> ScriptedTransport.Answer {
    let file = try ConformanceFixture("studio/\(fixture)")
    let headers = (try file.document()["headers"]?.objectMembers ?? []).reduce(into: [String: String]()) { $0[$1.key.lowercased()] = $1.value.stringValue }
    return .json(try file.httpStatus(), String(decoding: try file.bodyBytes(), as: UTF8.self), headers: headers)
}

private func stream(_ fixture: String) throws -> ScriptedTransport.Answer {
    let file = try ConformanceFixture("studio/\(fixture)")
    return .json(200, String(decoding: file.bytes, as: UTF8.self), headers: ["content-type": "text/event-stream", "x-log-id": "stream-log"])
}

private func request(_ text: String) throws -> WorkflowRequest { try RequestFileParser.parse(Array(text.utf8)) }

private let asyncRequest = #"{"workflow_id": "7530000000000000100", "mode": "async"}"#

@Test func aStudioSyncRunReadsItsOutputAndTheLogIDFromXLogID() async throws {
    let result = await studioRunner(ScriptedTransport([try answer("workflow_run_sync.json")])).run(try request(#"{"workflow_id": "7530000000000000100"}"#), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output == .object(["output": .string("hi")]))
    #expect(result.executeID == "7530000000000000001")
    #expect(result.logid == "5b8f0b4e-3c1a-4d7e-9f2a-1c2d3e4f5a6b")
    #expect(result.response?["msg"] == .null)
}

@Test func aStudioAsyncRunIsPolledByQueryAndKeepsTheNumericIDExactly() async throws {
    let script = ScriptedTransport([try answer("workflow_run_async_start.json"), try answer("get_run_history_running.json"), try answer("get_run_history_success.json")])
    let result = await studioRunner(script).run(try request(asyncRequest), file: "a.json")
    #expect(result.status == .success)
    #expect(result.output == .object(["output": .string("hi")]))
    #expect(result.executeID == "7530000000000000001")
    #expect(result.logid == "20260325120000000000000000000001")
    let poll = try #require(script.sent.last)
    #expect(poll.method == "GET")
    #expect(poll.url.path == "/v1/workflow/get_run_history")
    #expect(poll.url.query == "workflow_id=7530000000000000100&execute_id=7530000000000000001")
    // 7530000000000000001 is above 2^53: a Double would have made it …000000.
    #expect(JSONWriter(prettyPrinted: false).string(from: result.response ?? .null).contains(#""execute_id":7530000000000000001,"#))
}

@Test func aFailedStudioRunCarriesItsErrorMsgAndCode() async throws {
    let script = ScriptedTransport([try answer("workflow_run_async_start.json"), try answer("get_run_history_fail.json")])
    let result = await studioRunner(script).run(try request(asyncRequest), file: "a.json")
    #expect(result.error?.kind == .workflowFailed)
    #expect(result.error?.code == 720_701_013)
    #expect(result.error?.message.contains("division by zero") == true)
}

@Test func aCancelledStudioRunIsFiledAsCancelled() async throws {
    let script = ScriptedTransport([try answer("workflow_run_async_start.json"), try answer("get_run_history_cancel.json")])
    let result = await studioRunner(script).run(try request(asyncRequest), file: "a.json")
    #expect(result.status == .failed)
    #expect(result.error?.kind == .cancelled)
    #expect(result.polls == 1)
}

@Test func anAsyncStudioRunThatAsksIsFiledAtOnceSayingToStream() async throws {
    let script = ScriptedTransport([try answer("workflow_run_async_start.json"), try answer("get_run_history_interrupted.json")])
    let result = await studioRunner(script).run(try request(asyncRequest), file: "a.json")
    #expect(result.error?.kind == .workflowFailed)
    #expect(result.error?.message.contains(#""mode": "stream""#) == true)
    #expect(result.polls == 1)
}

@Test func aSyncStudioRunThatAsksFailsSayingToStream() async throws {
    let result = await studioRunner(ScriptedTransport([try answer("workflow_run_sync_question.json")])).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.error?.kind == .api)
    #expect(result.error?.code == 6039)
    #expect(result.error?.message.contains(#""mode": "stream""#) == true)
    #expect(result.logid == "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
}

@Test func studioRefusingTheTokenReadsLike4100WithoutTalkingOfCozeSites() async throws {
    let result = await studioRunner(ScriptedTransport([try answer("error_bad_token.json")])).run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.error?.kind == .api)
    #expect(result.error?.code == 700_012_006)
    #expect(result.error?.message.contains("token is not valid") == true)
    #expect(result.error?.message.contains("coze.com") == false)
}

@Test func theHostedHistoryPathRefusedByStudioSaysToAddTheFlag() async throws {
    let client = CozeClient(baseURL: URL(string: "http://127.0.0.1:8888")!, token: "pat_x", transport: ScriptedTransport([try answer("error_hosted_history_path.json")]).transport)
    await #expect {
        _ = try await client.runHistory(workflowID: "1", executeID: "2")
    } throws: { error in
        guard let failure = error as? CozeFailure else { return false }
        return failure.message.contains("set the service setting to studio") && failure.setting == .service(.studio)
            && failure.messageNamingFlags(in: .en).contains("--service studio") && failure.messageNamingFlags(in: .en).contains(#""service": "studio""#)
            && failure.httpStatus == 401
    }
}

@Test func aStudioStreamEndsAtItsNamedEndNode() async throws {
    let result = await studioRunner(ScriptedTransport([try stream("stream_run_variables.sse")])).run(try request(#"{"workflow_id": "1", "mode": "stream"}"#), file: "s.json")
    // Studio names its End node "结束": it is found by `node_type` End.
    #expect(result.status == .success)
    #expect(result.output == .object(["output": .string("hi")]))
    #expect(result.executeID == "7530000000000000001")
    #expect(result.logid == "stream-log")
}

@Test func aStudioStreamErrorFailsWithItsRawCode() async throws {
    let result = await studioRunner(ScriptedTransport([try stream("stream_run_error.sse")])).run(try request(#"{"workflow_id": "1", "mode": "stream"}"#), file: "s.json")
    #expect(result.error?.kind == .workflowFailed)
    #expect(result.error?.code == 720_701_013)
    #expect(result.error?.message.contains("division by zero") == true)
}

@Test func aLowercaseStudioErrorWithPlainTextFailsTheStream() async throws {
    let result = await studioRunner(ScriptedTransport([try stream("stream_run_read_error.sse")])).run(try request(#"{"workflow_id": "1", "mode": "stream"}"#), file: "s.json")
    #expect(result.error?.kind == .workflowFailed)
    #expect(result.error?.message.contains("context canceled") == true)
}

@Test func aStudioStreamQuestionWaitsForAnAnswer() async throws {
    let result = await studioRunner(ScriptedTransport([try stream("stream_run_question.sse")])).run(try request(#"{"workflow_id": "1", "mode": "stream"}"#), file: "s.json")
    #expect(result.status == .needsInput)
    #expect(result.question?.eventID == "7530000000000000001/7530000000000000555")
    #expect(result.question?.interruptType == 2)
    #expect(result.question?.text.contains("What is your name?") == true)
    #expect(result.question?.text == "What is your name?")
}

@Test func workflowVersionIsNotedOnceAsIgnoredByStudio() async throws {
    let events = RecordingEventSink()
    let runner = studioRunner(ScriptedTransport([try answer("workflow_run_sync.json"), try answer("workflow_run_sync.json")]), events: events)
    for file in ["a.json", "b.json"] {
        _ = await runner.run(try request(#"{"workflow_id": "1", "workflow_version": "v0.0.5"}"#), file: file)
    }
    let warnings = events.events.filter { if case .warning = $0 { true } else { false } }
    #expect(warnings.count == 1)
}

@Test func studioUploadsAreReadWithTheirURL() async throws {
    let script = ScriptedTransport([try answer("files_upload.json")])
    var client = CozeClient(baseURL: URL(string: "http://127.0.0.1:8888")!, token: "pat_x", transport: script.transport)
    client.service = .studio
    let body = FileManager.default.temporaryDirectory.appendingPathComponent("studio-upload-\(UUID().uuidString)").path
    try Data("x".utf8).write(to: URL(fileURLWithPath: body))
    defer { try? FileManager.default.removeItem(atPath: body) }
    let file = try await client.upload(bodyFile: body, contentType: "multipart/form-data; boundary=b", fileName: "a.jpg", timeout: .seconds(5))
    #expect(file.id == "7540000000000000001")
    #expect(file.parameterValue(for: .studio).hasPrefix("http://127.0.0.1:8888/local_storage/opencoze/"))
    #expect(file.parameterValue(for: .coze) == #"{"file_id":"7540000000000000001"}"#)
}

@Test func aHostedAgentPollingCozeStudioFailsAtOnceSayingToAddTheFlag() async throws {
    let start = ScriptedTransport.Answer.json(200, #"{"debug_url":"http://localhost:8888/work_flow?execute_id=77","execute_id":"77","msg":""}"#)
    let script = ScriptedTransport([start, try answer("error_hosted_history_path.json")])
    let client = CozeClient(baseURL: URL(string: "http://127.0.0.1:8888")!, token: "pat_x", transport: script.transport)
    let runner = JobRunner(client: client, clock: ManualClock(), wallClock: { Date(timeIntervalSince1970: 1_760_000_000) }, events: RecordingEventSink(), random: { 0.5 })
    let result = await runner.run(try request(asyncRequest), file: "a.json")
    #expect(result.retries == 0)
    #expect(result.error?.message.contains("--service studio") == true)
}

@Test func aHostedAgentGivenStudiosTokenRefusalSaysToAddTheFlag() async throws {
    let client = CozeClient(baseURL: URL(string: "http://127.0.0.1:8888")!, token: "pat_x", transport: ScriptedTransport([try answer("error_bad_token.json")]).transport)
    let runner = JobRunner(client: client, clock: ManualClock(), wallClock: { Date(timeIntervalSince1970: 1_760_000_000) }, events: RecordingEventSink(), random: { 0.5 })
    let result = await runner.run(try request(#"{"workflow_id": "1"}"#), file: "a.json")
    #expect(result.error?.code == 700_012_006)
    #expect(result.error?.message.contains("--service studio") == true)
}
