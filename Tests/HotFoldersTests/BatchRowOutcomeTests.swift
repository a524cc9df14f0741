import CozeAPI
import Foundation
import HotFolders
import OrderedJSON
import Spreadsheets
import Testing
import WorkflowJobs

@Suite struct BatchRowOutcomeTests {
    static let start = Date(timeIntervalSince1970: 1_764_460_800)

    @Test func aRowThatRanGivesItsOutcomeFromTheJobResult() {
        var result = JobResult(status: .failed, mode: .sync, startedAt: Self.start)
        result.error = JobFailure(kind: .workflowFailed, message: "Node 2 failed.")
        result.usage = .object([JSONMember(key: "token_count", value: .integer(42))])
        result.duration = .milliseconds(1530)
        result.executeID = "7400"
        result.debugURL = "https://www.coze.cn/work_flow?execute_id=7400"
        let outcome = BatchRowOutcome(result, record: .object([]))
        #expect(outcome == BatchRowOutcome(status: .failed, errorKind: "workflow_failed", errorMessage: "Node 2 failed.", tokens: 42,
                                           durationMilliseconds: 1530, executeID: "7400", debugURL: "https://www.coze.cn/work_flow?execute_id=7400",
                                           record: .object([])))
        #expect(outcome.errorText == "workflow_failed: Node 2 failed.")
    }

    @Test func aRowThatCouldNotRunFailsWithItsCellsProblems() throws {
        let table = TextTable(header: ["count"], rows: [["1,234"]])
        let plan = try BatchPlan(table: table, inputs: [WorkflowInput(name: "count", type: "integer")])
        let outcome = BatchRowOutcome(failing: plan.rows[0], language: .zh)
        #expect(outcome.status == .failed)
        #expect(outcome.errorKind == "invalid_request")
        #expect(outcome.errorMessage?.hasPrefix("第 2 行 `count` 列：") == true)
    }
}
