import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The ledger and `daily_token_budget` with the built binary and the built-in simulator (150
/// tokens a run): the agent writes a line per job, `report` reads them, and once the day's tokens
/// reach the budget new files wait in the inbox until it is raised.
@Suite struct TokenBudgetEndToEndTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    var root: String { folder.path + "/shared" }

    @Test func filesWaitOnceTheBudgetIsReachedAndRunWhenItIsRaised() async throws {
        try folder.write(#"{"daily_token_budget": 100}"#, to: "shared/coze-drop.json")
        for name in ["a", "b"] {
            try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"input": "\#(name)"}}"#, to: "shared/inbox/\(name).json")
        }
        let first = try await BuiltCommand.run(["watch", "--root", root, "--once", "--concurrency", "1", "--simulator", "--lang", "en"])
        #expect(first.status == 0, "\(first.error)")
        // One ran (150 tokens ≥ 100); the other waits, and nothing failed.
        #expect(folder.names(in: "shared/outbox").count == 2)
        #expect(folder.names(in: "shared/inbox").filter { $0.hasSuffix(".json") }.count == 1)
        #expect(folder.names(in: "shared/failed").isEmpty)
        #expect((first.output + first.error).contains("today's tokens (150) reached daily_token_budget (100): new files wait in the inbox"))
        let status = try JSONParser().parse(try folder.read("shared/status.json"))
        #expect(status["agents"]?.arrayValue?.first?["token_budget"]?["reached"] == .bool(true))

        try folder.write(#"{"daily_token_budget": 1000}"#, to: "shared/coze-drop.json")
        let second = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(second.status == 0, "\(second.error)")
        #expect(folder.names(in: "shared/outbox").count == 4)

        // Two agents' ledger files, one line per job, read together by `report`.
        #expect(folder.names(in: "shared/ledger").count == 2)
        let report = try await BuiltCommand.run(["report", "--root", root, "--format", "json"])
        #expect(report.status == 0, "\(report.error)")
        let totals = try JSONParser().parse(report.output)["total"]
        #expect(totals?["runs"] == .integer(2), "\(report.output)")
        #expect(totals?["succeeded"] == .integer(2), "\(report.output)")
        #expect(totals?["total_tokens"] == .integer(300), "\(report.output)")
    }

    @Test func aWorkflowFoldersOwnBudgetHoldsOnlyItsFiles() async throws {
        try folder.write(#"{"workflow_id": "7400000000000001234", "mode": "sync", "text_parameter": "input", "daily_token_budget": 100}"#,
                         to: "shared/inbox/Notes/workflow.json")
        try folder.write("第一", to: "shared/inbox/Notes/a.txt")
        try folder.write("第二", to: "shared/inbox/Notes/b.txt")
        try folder.write(#"{"workflow_id": "7400000000000001234", "parameters": {"input": "x"}}"#, to: "shared/inbox/plain.json")
        let first = try await BuiltCommand.run(["watch", "--root", root, "--once", "--concurrency", "1", "--simulator", "--lang", "en"])
        #expect(first.status == 0, "\(first.error)")
        // One of the folder's files ran (150 tokens ≥ 100) and the other waits; the inbox's own request is not held.
        #expect(folder.names(in: "shared/outbox").contains("plain.response.json"))
        #expect(folder.names(in: "shared/outbox/Notes").filter { $0.hasSuffix(".response.json") }.count == 1)
        #expect(folder.names(in: "shared/inbox/Notes").filter { $0.hasSuffix(".txt") }.count == 1)
        #expect((first.output + first.error).contains("today's tokens in inbox/Notes/ (150) reached its daily_token_budget (100)"), "\(first.output)")
        // Raised in workflow.json: the waiting file runs.
        try folder.write(#"{"workflow_id": "7400000000000001234", "mode": "sync", "text_parameter": "input", "daily_token_budget": 1000}"#,
                         to: "shared/inbox/Notes/workflow.json")
        let second = try await BuiltCommand.run(["watch", "--root", root, "--once", "--simulator", "--lang", "en"])
        #expect(second.status == 0, "\(second.error)")
        #expect(folder.names(in: "shared/outbox/Notes").filter { $0.hasSuffix(".response.json") }.count == 2)
    }
}
