/// Workflow folders for people who do not write JSON: a folder per workflow in `inbox/` with its
/// settings (`workflow.json`), dropped files and folders as runs, and spreadsheets as batches of
/// runs, one per row. Pure values and functions; the agent (DropFolder) does the I/O.
public enum HotFolders {
    /// The settings file of a workflow folder.
    public static let settingsFileName = "workflow.json"
}
