import CozeAPI
import HotFolders

/// A `workflow.json` text read as the agent reads it, for the settings tests.
enum WorkflowJSON {
    static func parse(_ text: String, _ language: Language = .en) throws(WorkflowFolderProblem) -> WorkflowFolderSettings {
        try WorkflowFolderSettings.parse(bytes: Array(text.utf8), language: language)
    }

    /// The problems the text has (none when it is read).
    static func problems(_ text: String, _ language: Language = .en) -> [String] {
        do {
            _ = try parse(text, language)
            return []
        } catch {
            return error.problems
        }
    }
}
