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
    /// No valid token could be had, so nothing was sent: the job waits for one (the agent holds
    /// new claims until a token works again).
    case tokenUnavailable(String)
    /// An async run waits for its next poll (only when the caller asked to poll it itself).
    case awaiting(AwaitingRun)
}

extension JobOutcome {
    /// The outcome with `count` more calls made again (a refused token renewed) in its record.
    func addingRetries(_ count: Int) -> JobOutcome {
        guard count > 0 else { return self }
        switch self {
        case .finished(var result):
            result.retries += count
            return .finished(result)
        case .dailyLimitReached(var result):
            result.retries += count
            return .dailyLimitReached(result)
        case .awaiting(var run):
            run.result.retries += count
            return .awaiting(run)
        case .suspended, .deferred, .tokenUnavailable:
            return self
        }
    }
}
