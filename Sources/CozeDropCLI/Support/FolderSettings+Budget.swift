import Foundation

extension FolderSettings {
    /// `daily_token_budget` as `coze-drop.json` says now, for an agent that is running: `nil` when
    /// the file has none. A file that cannot be read right now (being saved, a share's hiccup)
    /// counts as unchanged: `nil` from the reader keeps the configured budget.
    static func dailyTokenBudget(root: String, environment: [String: String]) -> Int? {
        guard let settings = try? load(root: root, environment: environment) else { return nil }
        return settings.values["--daily-token-budget"].flatMap { Int($0) }
    }
}
