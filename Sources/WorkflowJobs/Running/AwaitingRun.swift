/// An async run between two polls: everything needed to poll it again and nothing more, so
/// thousands of runs can wait as plain values under one timer instead of as suspended tasks
/// (a suspended task keeps the deepest stack it ever had, about 30 KB here).
public struct AwaitingRun: Sendable {
    public var request: WorkflowRequest
    public var file: String
    /// What has been learned so far; becomes the record.
    public var result: JobResult
    public var executeID: String
    /// When the job began, on the runner's monotonic clock.
    public var began: Duration
    /// Polls answered so far.
    public var attempt = 0
    /// Polls that failed in a row (each retried after a back-off instead of the schedule).
    public var failedInARow = 0
    /// How long to wait before the next poll.
    public var wait: Duration = .zero
}
