/// The table formats a dropped file can be in, told by its extension.
public enum TableFormat: String, Sendable, Equatable, CaseIterable {
    case csv, tsv, jsonl, xlsx

    /// The format of a file named `fileName` (case-insensitive extension; .ndjson is JSON Lines);
    /// nil when it is none of them.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "jsonl", "ndjson": self = .jsonl
        case "xlsx": self = .xlsx
        default: return nil
        }
    }
}
