import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

/// Streamed runs and questions, through the agent with the real URLSession transport against the
/// simulator on 127.0.0.1, on real folders.
@Suite struct StreamingEndToEndTests {
    let folder: TemporaryFolder
    let simulator: CozeSimulator

    init() throws {
        folder = try TemporaryFolder()
        simulator = try CozeSimulator()
    }

    /// Runs the agent once over the folder (the simulator keeps running between calls).
    @discardableResult
    func runOnce(streamIdle: Duration = .seconds(30)) async -> RecordingEventSink {
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, token: "pat_stream-test") { $0.streamIdleTimeout = streamIdle }
    }

    func record(_ path: String) throws -> JSONValue {
        try JSONParser().parse(try folder.read(path))
    }

    /// Fills in the answer file the agent wrote and drops it into the inbox.
    func answer(_ answerFile: String, with text: String, as name: String) throws {
        var answer = try record(answerFile)
        guard case .object(var members) = answer, let index = members.firstIndex(where: { $0.key == "resume" }),
              case .object(var resume) = members[index].value, let slot = resume.firstIndex(where: { $0.key == "answer" })
        else { throw RequestProblem("no resume.answer in \(answerFile)") }
        resume[slot].value = .string(text)
        members[index].value = .object(resume)
        answer = .object(members)
        try folder.write(JSONWriter().string(from: answer), to: "inbox/\(name)")
    }

    @Test func aStreamedRunKeepsEveryEventItsTextAndItsOutput() async throws {
        try folder.write(#"{"workflow_id": "73664689170551", "mode": "stream", "parameters": {"city": "北京", "_simulate": {"chunks": 4}}}"#,
                         to: "inbox/weather.json")
        await runOnce()
        defer { simulator.stop() }
        #expect(folder.names(in: "outbox") == ["weather.json", "weather.response.json", "weather.stream.txt"])
        let result = try record("outbox/weather.response.json")
        #expect(result["status"] == .string("success"))
        #expect(result["mode"] == .string("stream"))
        #expect(result["output"]?["output"]?["city"] == .string("北京"))
        #expect(result["execute_id"]?.stringValue?.isEmpty == false)
        #expect(result["debug_url"]?.stringValue?.contains("execute_id=") == true)
        let events = try #require(result["events"]?.arrayValue)
        #expect(events.map { $0["event"]?.stringValue } == ["Message", "Message", "Message", "Message", "Message", "Done"])
        #expect(events.map { $0["id"]?.stringValue } == ["0", "1", "2", "3", "4", "5"])
        let messages = try #require(result["messages"]?.arrayValue)
        #expect(messages.map { $0["node_title"]?.stringValue } == ["Message", "End"])
        #expect(messages[0]["text"]?.stringValue?.hasPrefix("Simulated text for {\"city\":\"北京\"}") == true)
        let text = try folder.read("outbox/weather.stream.txt")
        #expect(text.contains("[Message]\nSimulated text for {\"city\":\"北京\"}"))
        #expect(text.hasSuffix("[done]\n"))
        #expect(simulator.statistics.streamRuns == 1)
    }

    @Test func aStreamThatFailsBreaksOrGoesSilentIsFiledWithWhatArrived() async throws {
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"fail": "node LLM failed"}}}"#, to: "inbox/error.json")
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"stream_fault": "cut"}}}"#, to: "inbox/cut.json")
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"stream_fault": "stall", "stall_ms": 8000}}}"#, to: "inbox/stall.json")
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"code": 4000}}}"#, to: "inbox/refused.json")
        await runOnce(streamIdle: .seconds(2))
        defer { simulator.stop() }
        #expect(folder.names(in: "inbox").isEmpty && folder.names(in: "processing").isEmpty)
        let error = try record("failed/error.response.json")
        #expect(error["error"]?["kind"] == .string("workflow_failed"))
        #expect(error["error"]?["message"]?.stringValue?.contains("node LLM failed") == true)
        #expect(error["events"]?.arrayValue?.last?["event"] == .string("Error"))
        let cut = try record("failed/cut.response.json")
        #expect(cut["error"]?["kind"] == .string("network"))
        #expect(cut["events"]?.arrayValue?.count == 3)
        let stall = try record("failed/stall.response.json")
        #expect(stall["error"]?["kind"] == .string("timeout"))
        #expect(stall["events"]?.arrayValue?.count == 3)
        let refused = try record("failed/refused.response.json")
        #expect(refused["error"]?["kind"] == .string("api"))
        #expect(refused["error"]?["code"] == .integer(4000))
        #expect(folder.names(in: "failed").contains("cut.stream.txt"))
    }

    @Test(arguments: ["stream", "sync"])
    func aQuestionIsAnsweredByDroppingTheAnswerFile(_ mode: String) async throws {
        try folder.write(#"{"workflow_id": "42", "mode": "\#(mode)", "parameters": {"_simulate": {"interrupt": "Which colour?"}}}"#, to: "inbox/ask.json")
        await runOnce()
        let asked = try record("outbox/ask.response.json")
        #expect(asked["status"] == .string("needs_input"))
        #expect(asked["question"]?["text"] == .string("Which colour?"))
        #expect(asked["question"]?["resumes_left"] == .integer(3))
        let template = try record("outbox/ask.answer.json")
        #expect(template["continues"] == .string("ask.response.json"))
        #expect(template["resume"]?["answer"] == .string(""))

        try answer("outbox/ask.answer.json", with: "blue", as: "ask-answer.json")
        await runOnce()
        defer { simulator.stop() }
        let continued = try record("outbox/ask-answer.response.json")
        #expect(continued["status"] == .string("success"))
        #expect(continued["continues"] == .string("ask.response.json"))
        #expect(continued["output"]?["answers"] == .array([.string("blue")]))
        #expect(continued["request"]?["resume_data"] == .string("blue"))
        #expect(simulator.statistics.resumes == 1)
    }

    @Test func aRunTakesThreeAnswersAndNoMore() async throws {
        try folder.write(#"{"workflow_id": "42", "mode": "stream", "parameters": {"_simulate": {"interrupt": "Again?", "questions": 4}}}"#, to: "inbox/q.json")
        await runOnce()
        var previous = "q"
        for round in 1...3 {
            let asked = try record("outbox/\(previous).response.json")
            #expect(asked["status"] == .string("needs_input"))
            #expect(asked["question"]?["resumes_left"] == .integer(4 - round))
            try answer("outbox/\(previous).answer.json", with: "yes \(round)", as: "a\(round).json")
            await runOnce()
            previous = "a\(round)"
        }
        defer { simulator.stop() }
        let last = try record("failed/a3.response.json")
        #expect(last["status"] == .string("failed"))
        #expect(last["error"]?["message"]?.stringValue?.contains("at most 3 answers") == true)
        #expect(!folder.names(in: "failed").contains("a3.answer.json"))
        #expect(simulator.statistics.resumes == 3)
    }

    @Test func anAnswerToAnUnknownOrEndedRunSaysWhatToDo() async throws {
        try folder.write(#"{"workflow_id": "42", "mode": "stream", "resume": {"event_id": "1/2", "interrupt_type": 2, "answer": "hi"}}"#, to: "inbox/lost.json")
        await runOnce()
        defer { simulator.stop() }
        let lost = try record("failed/lost.response.json")
        #expect(lost["error"]?["code"] == .integer(4314))
        #expect(lost["error"]?["message"]?.stringValue?.contains("Drop the original request again") == true)
    }
}
