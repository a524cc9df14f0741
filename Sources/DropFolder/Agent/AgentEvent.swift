import WorkflowJobs

/// Something a person watching the agent should see: one line each on the console.
public enum AgentEvent: Sendable, Equatable {
    case agentStarted(root: String, baseURL: String, simulated: Bool, settings: String)
    case pickedUp(file: String)
    /// A journaled async run is polled again after a restart or a take-over.
    case resumed(file: String, executeID: String)
    /// Another agent stopped renewing its lease; its unfinished jobs are now ours.
    case adopted(agent: String, folder: String)
    case sending(file: String, workflowID: String, mode: RunMode, parameters: String)
    case started(file: String, executeID: String)
    case polled(file: String, attempt: Int, limit: Int?, status: String)
    case pollProblem(file: String, attempt: Int, message: String)
    case retrying(file: String, retry: Int, after: Duration, message: String)
    case finished(file: String, record: String, executeID: String? = nil, duration: Duration? = nil)
    case failed(file: String, kind: JobFailure.Kind, message: String, record: String, executeID: String? = nil, duration: Duration? = nil)
    /// A workflow's parameters cannot be checked before its runs (`nil`: no workflow's can); they run unchecked.
    case parametersUnchecked(workflowID: String?, reason: String)
    /// Something went wrong outside a job (a folder that cannot be read, a result that cannot be written).
    case problem(String)
    /// Something a person should know that is not a failure (plain http to Coze Studio, a field it ignores).
    case warning(String)
    /// A token was obtained (at start, at each renewal): where from and until when, never the token.
    case tokenRenewed(String)
    /// One scan of the inbox: names seen, files examined, time taken.
    case scanned(names: Int, examined: Int, duration: Duration)
    case stopping(runningJobs: Int)
    case stopped
    /// Retention moved a whole job older than `keep_days` into the archive (`to`: its new name
    /// there, without endings), or deleted it (`to` is `nil`, with `"archive": false`).
    case retained(job: String, files: Int, to: String?)
}

/// Receives the agent's events.
public protocol EventSink: Sendable {
    func record(_ event: AgentEvent)
}
