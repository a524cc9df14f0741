import Foundation
import OrderedJSON

/// `daily_token_budget` for a root (all its folders together) and for single workflow folders, and
/// what must wait once a Beijing day's tokens in the ledger reach it: pure.
public struct TokenBudget: Sendable, Equatable {
    /// The root's budget: every folder's tokens count towards it.
    public var root: Int?
    /// Workflow folders' own budgets, by folder name.
    public var folders: [String: Int]

    public init(root: Int? = nil, folders: [String: Int] = [:]) {
        self.root = root
        self.folders = folders
    }

    /// Where a day's tokens stand against the budgets.
    public struct Verdict: Sendable, Equatable {
        /// The day's tokens in all folders.
        public var total: Int
        /// The root's budget is reached: no new run starts anywhere.
        public var rootReached: Bool
        /// Folders whose own budget is reached: no new run starts from them.
        public var foldersReached: Set<String>

        public init(total: Int, rootReached: Bool, foldersReached: Set<String>) {
            self.total = total
            self.rootReached = rootReached
            self.foldersReached = foldersReached
        }
    }

    /// `tokensByFolder`: the day's tokens by folder (`""` for the inbox itself).
    public func verdict(tokensByFolder: [String: Int]) -> Verdict {
        let total = tokensByFolder.values.reduce(0, +)
        let reached = Set(folders.filter { tokensByFolder[$0.key, default: 0] >= $0.value }.keys)
        return Verdict(total: total, rootReached: root.map { total >= $0 } ?? false, foldersReached: reached)
    }

    /// For `status.json`: the day, its tokens, and each budget with whether it is reached.
    public func statusJSON(day: String, tokensByFolder: [String: Int]) -> JSONValue {
        let verdict = verdict(tokensByFolder: tokensByFolder)
        return .object([
            JSONMember(key: "day", value: .string(day)),
            JSONMember(key: "tokens", value: .integer(verdict.total)),
            JSONMember(key: "daily_token_budget", value: root.map(JSONValue.integer) ?? .null),
            JSONMember(key: "reached", value: .bool(verdict.rootReached)),
            JSONMember(key: "folders", value: .object(folders.keys.sorted().map { name in
                JSONMember(key: name, value: .object([
                    JSONMember(key: "tokens", value: .integer(tokensByFolder[name, default: 0])),
                    JSONMember(key: "daily_token_budget", value: .integer(folders[name] ?? 0)),
                    JSONMember(key: "reached", value: .bool(verdict.foldersReached.contains(name))),
                ]))
            })),
        ])
    }
}
