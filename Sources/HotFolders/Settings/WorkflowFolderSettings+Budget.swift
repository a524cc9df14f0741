import CozeAPI
import OrderedJSON

/// `daily_token_budget` in a workflow folder's `workflow.json`: the tokens a Beijing day may use on
/// this folder's runs, on top of the root's budget in `coze-drop.json`.
extension WorkflowFolderSettings {
    /// A whole number of tokens, at least 1, or nothing (with the problem added in `language`).
    static func dailyTokenBudget(_ value: JSONValue?, language l: Language, problems: inout [String]) -> Int? {
        guard let value, !value.isNull else { return nil }
        if let number = value.integerValue, number >= 1 { return number }
        let shown = value.stringValue.map { "\"\($0)\"" } ?? JSONWriter(prettyPrinted: false).string(from: value)
        problems.append(l.pick(
            en: "`daily_token_budget` must be a whole number of tokens (at least 1) such as 200000, or null for no budget of its own; but it is \(shown).",
            zh: "`daily_token_budget` 必须是令牌数（至少为 1 的整数），例如 200000，或者用 null 表示不单独设置预算；但它是 \(shown)。"))
        return nil
    }
}
