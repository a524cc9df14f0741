import CozeAPI
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

private func runner(_ script: ScriptedTransport, clock: ManualClock = ManualClock(), service: CozeService = .coze) -> JobRunner {
    var client = CozeClient(baseURL: URL(string: "https://api.coze.cn")!, token: "t", transport: script.transport)
    client.service = service
    return JobRunner(client: client, clock: clock, wallClock: { Date(timeIntervalSince1970: 1_729_217_975) }, events: RecordingEventSink(), random: { 0.5 })
}

private func chatRequest(_ extra: String = #""app_id": "7""#) throws -> WorkflowRequest {
    try RequestFileParser.parse(Array(#"{"workflow_id": "1", "mode": "chat", "message": "你好", \#(extra)}"#.utf8))
}

private func docsStream() throws -> ScriptedTransport.Answer {
    .json(200, String(decoding: try ConformanceFixture("hosted/workflow_chat_stream.sse").bytes, as: UTF8.self), headers: ["Content-Type": "text/event-stream", "X-Tt-Logid": "L9"])
}

@Test func aChatOverTheDocsStreamSucceedsWithItsAnswerAndLiveText() async throws {
    let script = ScriptedTransport([try docsStream()])
    let shown = LiveText()
    let result = await runner(script).run(try chatRequest(), file: "a.json", streamText: { shown.append($0) })
    #expect(result.status == .success)
    #expect(result.mode == .chat)
    #expect(result.chatTranscript?.answer.hasPrefix("那我给你讲个会冒冷气的笑话哦！") == true)
    #expect(result.output == result.chatTranscript.map { .string($0.answer) })
    #expect(result.usage?["token_count"] == .integer(1736))
    #expect(result.logid == "L9")
    #expect(result.executeID == "75598600951038*****")
    #expect(shown.text.hasSuffix("[done]\n"))
    let record = ResultRecord.json(for: result, sourceFile: "a.json", simulated: false)
    #expect(record["conversation_id"] == .string("75598599835687*****"))
    #expect(record["chat_id"] == .string("75598600924738*****"))
    #expect(record["events"]?.arrayValue?.count == 17)
}

@Test func aChatThatNeverReachedCozeIsRetriedOnce() async throws {
    let script = ScriptedTransport([.failure(TransportError(kind: .cannotConnect, detail: "refused")), try docsStream()])
    let result = await runner(script).run(try chatRequest(), file: "a.json")
    #expect(result.status == .success)
    #expect(result.retries == 1)
    #expect(script.sent.count == 2)
}

@Test func aChatWhoseAnswerWasLostIsNotSentAgain() async throws {
    let script = ScriptedTransport([.failure(TransportError(kind: .connectionLost, detail: "reset")), try docsStream()])
    let result = await runner(script).run(try chatRequest(), file: "a.json")
    #expect(result.status == .failed)
    #expect(script.sent.count == 1)
}

@Test func eachServiceSaysWhatAChatLacksBeforeAnythingIsSent() async throws {
    let hosted = ScriptedTransport([])
    let noApp = await runner(hosted).run(try chatRequest(#""parameters": {}"#), file: "a.json")
    #expect(noApp.error?.kind == .invalidRequest)
    #expect(noApp.error?.message.contains("\"app_id\"") == true)
    let studio = ScriptedTransport([])
    let noConversation = await runner(studio, service: .studio).run(try chatRequest(#""parameters": {}"#), file: "a.json")
    #expect(noConversation.error?.message.contains("CONVERSATION_NAME") == true)
    #expect(hosted.sent.isEmpty && studio.sent.isEmpty)
}

/// Collects the live text handed to the stream sink.
private final class LiveText: @unchecked Sendable {
    // Guarded by `lock`: the sink may be called from the transport's thread.
    private let lock = NSLock()
    private var collected = ""
    func append(_ text: String) { lock.lock(); collected += text; lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return collected }
}
