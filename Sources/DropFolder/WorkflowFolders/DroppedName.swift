/// What a name dropped into a workflow folder (`inbox/<NAME>/`) is, and how its results are named.
/// Pure: the scan, the store and the settler ask it.
public enum DroppedName {
    public enum Kind: Sendable, Equatable {
        /// A request file (`.json`): `workflow.json` gives its defaults.
        case request
        /// A spreadsheet (`.csv`, `.tsv`, `.jsonl`, `.xlsx`): a batch, one run per row.
        case table
        /// A text file (`.txt`, `.md`): its text goes into `text_parameter`.
        case text
        /// Anything else (a photo, a PDF…): uploaded into `file_parameter`.
        case file
    }

    /// The folder's own files, never taken as drops.
    static let ownFiles: Set<String> = ["workflow.json", "readme.txt"]
    /// The sub-folder where files named in a table's cells wait.
    public static let filesFolder = "files"

    /// Whether a name in a workflow folder is something dropped to run: not the folder's own files,
    /// not a `*.sample`, not hidden, temporary or a record copied back (an answer file is a request).
    public static func isCandidate(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasPrefix("~") else { return false }
        if ownFiles.contains(lowered) || lowered == filesFolder || lowered.hasSuffix(".sample") { return false }
        if lowered.hasSuffix(".response.json") { return false }
        return !InboxNamePolicy.temporarySuffixes.contains(where: lowered.hasSuffix)
    }

    /// Whether a name inside a dropped sub-folder is one of its files (not hidden or temporary).
    public static func isSubFolderFile(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasPrefix("~") else { return false }
        return !InboxNamePolicy.temporarySuffixes.contains(where: lowered.hasSuffix)
    }

    public static func kind(of name: String) -> Kind {
        switch fileExtension(name).lowercased() {
        case ".json": .request
        case ".csv", ".tsv", ".jsonl", ".xlsx": .table
        case ".txt", ".md": .text
        default: .file
        }
    }

    /// The ending as written (`.JPG`), or "" when the name has none.
    public static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[dot...])
    }

    /// The name without its ending: `photo.jpg` → `photo`.
    public static func stem(_ name: String) -> String {
        String(name.dropLast(fileExtension(name).count))
    }
}
