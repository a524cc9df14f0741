import HotFolders

extension JobStore {
    /// Tells chat groups about a filed job: the root's targets, and its workflow folder's own (read
    /// from its `workflow.json` here when no scan has read it yet, as after a restart).
    /// `summary` comes from the result, or from the record when a restart finishes the filing, so a
    /// recovered run waiting for an answer is told as `needs_input`, a failed one as `failed`.
    func announceFiled(_ entry: JournalEntry, summary: RecordSummary, record: String) {
        guard let notifier else { return }
        if let folder = entry.folder, !notifier.knowsFolder(folder), case .success(let settings) = workflowSettings(of: folder) {
            notifier.useFolderTargets(settings.notify, for: folder)
        }
        notifier.filed(name: entry.name, summary: summary, record: record, workflowFolder: entry.folder)
    }
}
