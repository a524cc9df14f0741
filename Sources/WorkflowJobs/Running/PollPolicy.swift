/// How an async run is polled: the first poll after `initialInterval`, each wait 1.5 times the
/// previous up to `maxInterval`, until `maxAttempts` polls or `maxDuration` since the run began,
/// whichever comes first.
public struct PollPolicy: Sendable, Equatable {
    public static let growthFactor = 1.5
    /// Coze gives an async run at most 24 hours.
    public static let cozeRunLimit = Duration.seconds(24 * 3600)
    /// The old scripts' schedule (2 s, ×1.5, 30 s, 120 polls: about 57 minutes), kept by `coze-drop run`.
    public static let standard = PollPolicy(initialInterval: .seconds(2), maxInterval: .seconds(30), maxAttempts: 120)
    /// The agent's default: the same waits, polled at 30 s until Coze's own 24-hour limit.
    public static let untilCozeLimit = PollPolicy(initialInterval: .seconds(2), maxInterval: .seconds(30), maxAttempts: nil,
                                                  maxDuration: cozeRunLimit)

    public var initialInterval: Duration
    public var maxInterval: Duration
    /// Polls before giving up; `nil` for no count, only `maxDuration`.
    public var maxAttempts: Int?
    /// How long after the run began polling stops.
    public var maxDuration: Duration

    public init(initialInterval: Duration, maxInterval: Duration, maxAttempts: Int?, maxDuration: Duration = PollPolicy.cozeRunLimit) {
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
        self.maxAttempts = maxAttempts
        self.maxDuration = maxDuration
    }

    /// The wait before poll number `attempt` (0-based).
    public func delay(beforeAttempt attempt: Int) -> Duration {
        var delay = initialInterval
        for _ in 0..<attempt {
            delay = delay * Self.growthFactor
            if delay >= maxInterval { return maxInterval }
        }
        return min(delay, maxInterval)
    }

    /// Whether another poll may be sent after `attempts` polls, `elapsed` after the run began.
    public func allowsAnotherPoll(after attempts: Int, elapsed: Duration) -> Bool {
        if let maxAttempts, attempts >= maxAttempts { return false }
        return elapsed + delay(beforeAttempt: attempts) <= maxDuration
    }

    /// Every wait, in order, for a policy with a poll count: the whole schedule.
    public var schedule: [Duration] { (0..<(maxAttempts ?? 0)).map(delay(beforeAttempt:)) }
}
