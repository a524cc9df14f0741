import OrderedJSON

/// Where a runner records, before it matters, what it is about to do, so a crash at any instant
/// leaves enough behind to recover without running anything twice.
public protocol JobJournaling: Sendable {
    /// Called before a call that may start a run. Throwing stops the job before anything is sent.
    func willSend() async throws
    /// Called once an async run is known by its id.
    func started(executeID: String, startResponse: JSONValue?) async
}

/// How a job ended from the agent's point of view.
public enum JobOutcome: Sendable {
    /// It ended; settle the result.
    case finished(JobResult)
    /// The agent is stopping while an async run is being polled: leave it journaled for the next start.
    case suspended
    /// Nothing was sent because the journal could not be written; try again later.
    case deferred(String)
    /// Coze's daily usage limit (4008) refused the call, so nothing ran: the job waits for the
    /// quota (the agent leaves it for later; `coze-drop run` reports the result).
    case dailyLimitReached(JobResult)
    /// An async run waits for its next poll (only when the caller asked to poll it itself).
    case awaiting(AwaitingRun)
}
