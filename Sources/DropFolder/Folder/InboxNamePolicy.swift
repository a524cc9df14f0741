/// Which names in `inbox/` are requests. Editors and copy tools leave hidden, backup and
/// partial files next to the real ones; those are never touched.
public enum InboxNamePolicy {
    static let temporarySuffixes = [".tmp", ".part", ".crdownload", ".swp", ".partial", ".download"]

    public static func isCandidate(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard lowered.hasSuffix(".json"), lowered.count > ".json".count else { return false }
        if name.hasPrefix(".") || name.hasPrefix("~") { return false }
        // Results and answer templates copied back into the inbox are not requests.
        if lowered.hasSuffix(".response.json") { return false }
        return !temporarySuffixes.contains(where: lowered.hasSuffix)
    }

    /// The name without its `.json` ending (any case): `Report.JSON` → `Report`.
    public static func stem(_ name: String) -> String {
        name.lowercased().hasSuffix(".json") ? String(name.dropLast(5)) : name
    }

    /// The `.json` ending as written.
    public static func fileExtension(_ name: String) -> String {
        name.lowercased().hasSuffix(".json") ? String(name.suffix(5)) : ""
    }
}
