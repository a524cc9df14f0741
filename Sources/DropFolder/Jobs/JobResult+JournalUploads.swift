import WorkflowJobs

extension JobResult {
    /// The input files uploaded for this job, as the journal keeps them.
    public var uploads: [JournalEntry.Attachment] {
        get { inputFiles.map { JournalEntry.Attachment(name: $0.name, bytes: $0.bytes, fileID: $0.fileID, url: $0.url) } }
        set { inputFiles = newValue.map { JobResult.InputFile(name: $0.name, bytes: $0.bytes, fileID: $0.fileID, url: $0.url) } }
    }
}
