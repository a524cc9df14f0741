extension RetentionPlan {
    /// Where an agent parks files on their way into the archive: `archive/.moving/<agent>/`.
    public static let stagingFolder = "\(archiveFolder)/.moving"

    /// The name `agent` gives a file on its way to `target` (`archive/2026-10/outbox/a.json` →
    /// `archive/.moving/<agent>/2026-10/outbox/a.json`). No other agent renames onto it, so two agents
    /// taking the same file never race for one name (on SMB that race deletes the winner's file).
    public static func stagingPath(for target: String, agent: String) -> String {
        "\(stagingFolder)/\(agent)/\(target.dropFirst(archiveFolder.count + 1))"
    }

    /// Where a staged file was going: the inverse of `stagingPath(for:agent:)`; `nil` for a path
    /// that is not staged.
    public static func target(ofStaged path: String) -> String? {
        guard path.hasPrefix(stagingFolder + "/") else { return nil }
        let rest = path.dropFirst(stagingFolder.count + 1)
        guard let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex else { return nil }
        return "\(archiveFolder)/\(rest[rest.index(after: slash)...])"
    }
}
