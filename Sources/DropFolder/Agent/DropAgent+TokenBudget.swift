import CozeAPI
import Foundation
import Ledger
import OrderedJSON
import Synchronization
import WorkflowJobs

extension DropAgent {
    /// How often the budget (it may have been raised) and other agents' ledger files are read again.
    static let budgetRefresh: Duration = .seconds(15)

    /// The day's tokens against `daily_token_budget`, as last looked at.
    struct BudgetWatch {
        var day = ""
        var refreshedAt: Duration?
        var budget = TokenBudget()
        var tokensByFolder: [String: Int] = [:]
        var rootHeld = false
        var heldFolders: Set<String> = []
    }

    /// Whether new runs wait because today's tokens (every agent's ledger, Beijing day) reached the
    /// root's `daily_token_budget`. Folders with a budget of their own are looked at too (their new
    /// files wait, see `isWaitingForTokenBudget`). Says once when work starts and stops waiting:
    /// on the console, in the status file and as an `agent_problem` notification.
    func isHeldByTokenBudget() -> Bool {
        let now = clock.now
        var watch = budgetWatch.withLock { $0 }
        let due = watch.refreshedAt.map { now - $0 >= Self.budgetRefresh } ?? true
        let watching = watch.budget.root != nil || !watch.budget.folders.isEmpty || watch.rootHeld || !watch.heldFolders.isEmpty
        // No budget: nothing to look at between the 15 s reads of one (this runs at every wake of the loop).
        guard watching || due else { return false }
        let day = AgentLedger.day(of: wallClock())
        let refresh = due || watch.day != day
        if refresh {
            watch.budget.root = configuration.dailyTokenBudgetReader?() ?? configuration.dailyTokenBudget
            watch.refreshedAt = now
            watch.day = day
        }
        guard watch.budget.root != nil || !watch.budget.folders.isEmpty || watch.rootHeld || !watch.heldFolders.isEmpty else {
            budgetWatch.withLock { $0 = watch }
            return false
        }
        watch.tokensByFolder = ledger.tokens(onDay: day, refreshingOthers: refresh).byFolder
        let verdict = watch.budget.verdict(tokensByFolder: watch.tokensByFolder)
        let l = configuration.language
        if verdict.rootReached, !watch.rootHeld, let budget = watch.budget.root {
            let message = l.pick(
                en: "today's tokens (\(verdict.total)) reached daily_token_budget (\(budget)): new files wait in the inbox, nothing is filed as failed; work goes on at 00:00 Beijing time, or as soon as the budget in coze-drop.json is raised",
                zh: "今日用量（\(verdict.total) 个令牌）已达到 daily_token_budget（\(budget)）：新文件留在收件箱中等待，不会被放入 failed/；北京时间 00:00 或 coze-drop.json 中的预算调高后继续")
            noteProblem(message)
            events.record(.problem(message))
        } else if !verdict.rootReached, watch.rootHeld {
            events.record(.problem(l.pick(en: "the day's token budget allows new runs again", zh: "当日令牌预算允许新的运行了")))
        }
        for folder in verdict.foldersReached.subtracting(watch.heldFolders).sorted() {
            let message = l.pick(
                en: "today's tokens in inbox/\(folder)/ (\(watch.tokensByFolder[folder, default: 0])) reached its daily_token_budget (\(watch.budget.folders[folder] ?? 0)): files dropped there wait until 00:00 Beijing time, or until the budget in its workflow.json is raised",
                zh: "inbox/\(folder)/ 今日用量（\(watch.tokensByFolder[folder, default: 0]) 个令牌）已达到其 daily_token_budget（\(watch.budget.folders[folder] ?? 0)）：放在那里的文件等到北京时间 00:00，或其 workflow.json 中的预算调高后再运行")
            noteProblem(message)
            events.record(.problem(message))
        }
        for folder in watch.heldFolders.subtracting(verdict.foldersReached).sorted() {
            events.record(.problem(l.pick(en: "inbox/\(folder)/: the day's token budget allows new runs again",
                                          zh: "inbox/\(folder)/：当日令牌预算允许新的运行了")))
        }
        watch.rootHeld = verdict.rootReached
        watch.heldFolders = verdict.foldersReached
        budgetWatch.withLock { $0 = watch }
        return verdict.rootReached
    }

    /// Notes a workflow folder's own budget (`nil`: none), as its `workflow.json` says on this scan;
    /// returns whether it changed.
    func noteTokenBudget(of folder: String, _ budget: Int?) -> Bool {
        budgetWatch.withLock { watch in
            guard watch.budget.folders[folder] != budget else { return false }
            watch.budget.folders[folder] = budget
            return true
        }
    }

    /// Whether files dropped into `folder` wait for the day's token budget.
    func isWaitingForTokenBudget(_ folder: String) -> Bool {
        budgetWatch.withLock { $0.heldFolders.contains(folder) }
    }

    /// The budget's part of the status file; `nil` when no budget is set.
    func tokenBudgetStatus() -> JSONValue? {
        budgetWatch.withLock { watch in
            guard watch.budget.root != nil || !watch.budget.folders.isEmpty else { return nil }
            return watch.budget.statusJSON(day: watch.day, tokensByFolder: watch.tokensByFolder)
        }
    }
}
