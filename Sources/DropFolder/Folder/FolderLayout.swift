/// Where the agent's four folders are under one root.
public struct FolderLayout: Sendable, Equatable {
    public var root: String

    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// Where people drop request files.
    public var inbox: String { root + "/inbox" }
    /// Where claimed jobs wait while they run.
    public var processing: String { root + "/processing" }
    /// Successful requests with their results.
    public var outbox: String { root + "/outbox" }
    /// Everything else, with an error a person can act on.
    public var failed: String { root + "/failed" }
    /// Each agent's own status entry, `<agent>.json`.
    public var statusEntries: String { root + "/.status" }
    /// All agents' entries in one file, for people and monitors.
    public var statusBoard: String { root + "/status.json" }

    /// A path shown relative to the root, for log lines a person reads.
    public func display(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
