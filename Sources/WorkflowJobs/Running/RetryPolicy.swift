import CozeAPI

/// When a failed call may be made again, and after how long. A retry must never be able to start
/// a second run: a run call is retried only when it provably never reached Coze, or when Coze
/// said "slow down" (and so did not run it); a poll only reads, so any transient failure is retried.
public struct RetryPolicy: Sendable, Equatable {
    public enum Call: Sendable { case run, poll }

    /// Codes with which Coze asks callers to slow down.
    public static let slowDownCodes: Set<Int> = [4009, 4020]
    /// Codes worth asking again about later (busy, model hiccup, internal error).
    static let transientCodes: Set<Int> = [4009, 4013, 4020, 5000]
    /// 4008: the day's usage is used up, "try again tomorrow". Not a per-second limit: new runs wait
    /// (see `DailyLimitPause`), runs in flight are polled again after `dailyLimitRetry`.
    public static let dailyLimitCode = 4008
    public static let dailyLimitRetry = Duration.seconds(3600)
    /// How soon a poll is tried again when no valid token could be had.
    public static let noTokenRetry = Duration.seconds(30)

    public var maximumRunRetries = 4
    public var maximumPollRetries = 8
    public var baseDelay: Duration = .seconds(1)
    public var maximumDelay: Duration = .seconds(30)

    public init() {}

    /// True when Coze said it is throttling us: every call should wait, not only this one.
    public static func isThrottling(_ failure: CozeFailure) -> Bool {
        failure.httpStatus == 429 || (failure.kind == .api && failure.code.map(slowDownCodes.contains) == true)
    }

    /// Whether retry number `retry` (1-based) of a failed call may be made.
    public func mayRetry(_ failure: CozeFailure, call: Call, retry: Int) -> Bool {
        switch call {
        case .run:
            guard retry <= maximumRunRetries else { return false }
            if Self.isThrottling(failure) { return true }
            return failure.kind == .network && !failure.mayHaveReachedServer
        case .poll:
            guard retry <= maximumPollRetries else { return false }
            switch failure.kind {
            case .network, .timeout, .http: return true
            // A refused token on a poll (renewed once already by the client): polls only read, so
            // ask again after a back-off, when the token source has had time to give a good one.
            case .api: return failure.code.map(Self.transientCodes.contains) == true || failure.refusesToken
            // No token: the job waits for one (see `JobRunner`), it is not retried here.
            case .workflowFailed, .noToken: return false
            }
        }
    }

    /// Exponential back-off with jitter: `random` in 0..<1 spreads the wait over its upper half,
    /// so agents throttled together do not come back together.
    public func delay(beforeRetry retry: Int, random: Double) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(1, retry) {
            delay *= 2
            if delay >= maximumDelay { delay = maximumDelay; break }
        }
        return delay * (0.5 + random / 2)
    }
}
