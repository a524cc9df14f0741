/// Something a person watching a job should see while it runs: the runner's part of the agent's
/// and `coze-drop run`'s console lines.
public enum JobEvent: Sendable, Equatable {
    /// The call that may start a run is about to be sent.
    case sending(file: String, workflowID: String, mode: RunMode, parameters: String)
    /// An async run was accepted under this id.
    case started(file: String, executeID: String)
    /// An async run was polled.
    case polled(file: String, attempt: Int, limit: Int?, status: String)
    /// A poll failed; the run is polled again.
    case pollProblem(file: String, attempt: Int, message: String)
    /// A call that cannot have started a run is made again after `after`.
    case retrying(file: String, retry: Int, after: Duration, message: String)
    /// A workflow's parameters cannot be checked before its runs (`nil`: no workflow's can); they run unchecked.
    case parametersUnchecked(workflowID: String?, reason: String)
    /// Something a person should know that is not a failure (a field Coze Studio ignores).
    case warning(String)
}

/// Receives a runner's events.
public protocol JobEventSink: Sendable {
    /// Takes one event; must not block.
    func record(_ event: JobEvent)
}
