import CozeAPI
import HotFolders
import OrderedJSON
import Testing

/// `daily_token_budget` in a workflow folder's `workflow.json`.
@Suite struct WorkflowFolderBudgetTests {
    func read(_ budget: String, _ language: Language = .en) -> Result<WorkflowFolderSettings, WorkflowFolderProblem> {
        Result { () throws(WorkflowFolderProblem) in
            try WorkflowFolderSettings.parse(bytes: Array(#"{"workflow_id": "7366468917055111111", "daily_token_budget": \#(budget)}"#.utf8), language: language)
        }
    }

    @Test func aWholeNumberIsTheFoldersBudgetAndNullIsNone() throws {
        #expect(try read("200000").get().dailyTokenBudget == 200_000)
        #expect(try read("null").get().dailyTokenBudget == nil)
        // Written back with the file's other keys.
        let written = JSONWriter(prettyPrinted: false).string(from: try read("5000").get().json)
        #expect(written.hasSuffix(#""folder_parameter":null,"daily_token_budget":5000}"#))
    }

    @Test(arguments: ["0", "-5", "1.5", #""200000""#, "true"])
    func anythingElseIsRefusedSayingWhatToWrite(_ budget: String) {
        guard case .failure(let problem) = read(budget) else {
            Issue.record("\(budget) was taken")
            return
        }
        #expect(problem.problems == ["`daily_token_budget` must be a whole number of tokens (at least 1) such as 200000, or null for no budget of its own; but it is \(budget)."])
        guard case .failure(let chinese) = read(budget, .zh) else { return }
        #expect(chinese.problems.first?.contains("令牌数") == true)
    }
}
