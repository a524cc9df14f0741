import CozeAPI
import CozeSimulator
import DropFolder
import Foundation
import OrderedJSON
import TestSupport
import Testing
import WorkflowJobs

/// The hosted service's real shapes, through the agent and the real transport against the simulator:
/// named and streamed End nodes, async questions and answers, input-node forms, trimmed outputs,
/// and the daily limit.
extension StreamingEndToEndTests {
    @Test func aRenamedEndNodeStreamingItsAnswerGivesTheWholeAnswer() async throws {
        try folder.write(#"{"workflow_id": "1", "mode": "stream", "parameters": {"_simulate": {"end_text": "春眠不觉晓，处处闻啼鸟。", "end_title": "结束", "chunks": 4, "done_empty": true}}}"#,
                         to: "inbox/poem.json")
        await runOnce()
        defer { simulator.stop() }
        let result = try record("outbox/poem.response.json")
        #expect(result["status"] == .string("success"))
        #expect(result["output"] == .string("春眠不觉晓，处处闻啼鸟。"))
        #expect(result["execute_id"] == .null)
        #expect(try folder.read("outbox/poem.result.txt").contains("春眠不觉晓，处处闻啼鸟。"))
    }

    @Test func anAsyncRunThatAsksIsAnsweredAndFollowedToItsEnd() async throws {
        try folder.write(#"{"workflow_id": "42", "mode": "async", "parameters": {"_simulate": {"interrupt": "请输入您的姓名", "running_polls": 1}}, "poll": {"initial_interval": 0.1}}"#,
                         to: "inbox/ask.json")
        await runOnce()
        let asked = try record("outbox/ask.response.json")
        #expect(asked["status"] == .string("needs_input"))
        // The question as a person reads it, not Coze's JSON.
        #expect(asked["question"]?["text"] == .string("请输入您的姓名"))
        let template = try record("outbox/ask.answer.json")
        #expect(template["mode"] == .string("async"))
        #expect(simulator.statistics.asyncStarts == 1)

        try answer("outbox/ask.answer.json", with: "George", as: "ask-answer.json")
        await runOnce()
        defer { simulator.stop() }
        let continued = try record("outbox/ask-answer.response.json")
        #expect(continued["status"] == .string("success"), "\(continued)")
        #expect(continued["output"]?["Output"]?["answers"] == .array([.string("George")]))
        #expect(continued["execute_id"] == asked["execute_id"])
        #expect(simulator.statistics.resumes == 1)
        #expect(simulator.statistics.asyncStarts == 1)
    }

    @Test func anInputNodeAsksForFieldsAndTheAnswerFileHasThem() async throws {
        try folder.write(#"{"workflow_id": "42", "parameters": {"_simulate": {"interrupt": "?", "interrupt_fields": ["name", "age"]}}}"#, to: "inbox/form.json")
        await runOnce()
        let asked = try record("outbox/form.response.json")
        #expect(asked["question"]?["text"] == .string("name (string, required), age (string, required)"))
        let template = try record("outbox/form.answer.json")
        #expect(template["resume"]?["answer"] == .object(["name": .string(""), "age": .string("")]))
        #expect(template["required_parameters"]?["age"]?["required"] == .bool(true))
        #expect(try folder.read("outbox/form.result.txt").contains("Fields wanted: name, age."))

        var filled = try folder.read("outbox/form.answer.json")
        filled = filled.replacingOccurrences(of: #""name": """#, with: #""name": "George""#).replacingOccurrences(of: #""age": """#, with: #""age": "7""#)
        try folder.write(filled, to: "inbox/form-answer.json")
        await runOnce()
        defer { simulator.stop() }
        let continued = try record("outbox/form-answer.response.json")
        #expect(continued["status"] == .string("success"), "\(continued)")
        #expect(continued["request"]?["resume_data"] == .string(#"{"name":"George","age":"7"}"#))
    }

    @Test func aTrimmedOutputIsCompletedFromTheOutputNode() async throws {
        let long = String(repeating: "长文。", count: 400)
        try folder.write(#"{"workflow_id": "42", "mode": "async", "parameters": {"_simulate": {"trimmed": "\#(long)"}}, "poll": {"initial_interval": 0.1}}"#, to: "inbox/long.json")
        try folder.write(#"{"workflow_id": "42", "mode": "async", "parameters": {"_simulate": {"trimmed": "\#(long)", "trimmed_lost": true}}, "poll": {"initial_interval": 0.1}}"#, to: "inbox/lost.json")
        await runOnce()
        defer { simulator.stop() }
        let whole = try record("outbox/long.response.json")
        #expect(whole["output"]?["长文输出"] == .string(long))
        #expect(whole["output_trimmed"]?["complete"] == .bool(true))
        let lost = try record("outbox/lost.response.json")
        #expect(lost["output_trimmed"]?["complete"] == .bool(false))
        #expect(try folder.read("outbox/lost.result.txt").contains("incomplete"))
    }

    @Test func theDailyLimitLeavesFilesWaitingInsteadOfFailingThem() async throws {
        try folder.write(#"{"workflow_id": "1", "parameters": {"_simulate": {"code": 4008}}}"#, to: "inbox/a.json")
        let events = await runOnce()
        defer { simulator.stop() }
        #expect(folder.names(in: "failed").isEmpty)
        #expect(folder.names(in: "outbox").isEmpty)
        let said = events.events.compactMap { event -> String? in if case .problem(let text) = event { text } else { nil } }
        #expect(said.contains { $0.contains("daily usage limit") && $0.contains("nothing is filed as failed") }, "\(said)")
        let status = try JSONParser().parse(try folder.read("status.json"))
        #expect(JSONWriter(prettyPrinted: false).string(from: status).contains("4008"))
    }
}

/// Tokens that cannot be had, through the agent against the simulator.
extension StreamingEndToEndTests {
    @Test func withoutAValidTokenFilesWaitAndAreRunOnceATokenWorksAgain() async throws {
        let marker = folder.path + "/vault-open"
        let command = "if [ -f '\(marker)' ]; then echo pat_from_vault; else echo 'vault is sealed' >&2; exit 1; fi"
        try folder.write(#"{"workflow_id": "1", "parameters": {"n": 1}}"#, to: "inbox/a.json")
        try folder.write(#"{"workflow_id": "1", "parameters": {"n": 2}}"#, to: "inbox/b.json")
        let sealed = await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, source: TokenCommandSource(command: command))
        #expect(folder.names(in: "failed").isEmpty)
        #expect(folder.names(in: "outbox").isEmpty)
        #expect(simulator.statistics.syncRuns == 0)
        let said = sealed.events.compactMap { event -> String? in if case .problem(let text) = event { text } else { nil } }
        #expect(said.filter { $0.contains("no valid token") }.count == 1, "\(said)")
        #expect(said.contains { $0.contains("vault is sealed") })
        let status = try folder.read("status.json")
        #expect(status.contains("the token command") && status.contains("vault is sealed"))

        try folder.write("", to: "vault-open")
        await AgentRun.once(root: folder.path, baseURL: simulator.baseURL, source: TokenCommandSource(command: command))
        defer { simulator.stop() }
        #expect(folder.names(in: "outbox").filter { $0.hasSuffix(".response.json") }.sorted() == ["a.response.json", "b.response.json"])
        #expect(folder.names(in: "failed").isEmpty, "\((try? folder.read("failed/a.response.json")) ?? "")")
        #expect(simulator.statistics.syncRuns == 2)
    }
}
