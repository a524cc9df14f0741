import Ledger
import OrderedJSON
import Testing

@Suite struct TokenBudgetTests {
    @Test func theRootsBudgetCountsEveryFolderAndAFoldersOnlyItsOwn() {
        let budget = TokenBudget(root: 1000, folders: ["照片": 300, "docs": 500])
        let under = budget.verdict(tokensByFolder: ["": 400, "照片": 299, "docs": 100])
        #expect(under == TokenBudget.Verdict(total: 799, rootReached: false, foldersReached: []))
        // Reaching it exactly is reaching it.
        let folder = budget.verdict(tokensByFolder: ["": 400, "照片": 300])
        #expect(folder == TokenBudget.Verdict(total: 700, rootReached: false, foldersReached: ["照片"]))
        let all = budget.verdict(tokensByFolder: ["": 900, "docs": 100])
        #expect(all.rootReached)
        #expect(all.foldersReached.isEmpty)
        #expect(!TokenBudget().verdict(tokensByFolder: ["": 1_000_000]).rootReached)
    }

    @Test func theStatusShowsTheDayTheTokensAndEachBudget() {
        let json = TokenBudget(root: 1000, folders: ["照片": 300]).statusJSON(day: "2026-11-30", tokensByFolder: ["": 50, "照片": 300])
        #expect(JSONWriter(prettyPrinted: false).string(from: json) == #"{"day":"2026-11-30","tokens":350,"daily_token_budget":1000,"reached":false,"folders":{"照片":{"tokens":300,"daily_token_budget":300,"reached":true}}}"#)
    }
}
