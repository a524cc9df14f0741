/// How an async run is polled: the first poll after `initialInterval`, each wait 1.5 times the
/// previous up to `maxInterval`, at most `maxAttempts` polls (the old script's 2 / 30 / 120).
public struct PollPolicy: Sendable, Equatable {
    public static let growthFactor = 1.5
    public static let standard = PollPolicy(initialInterval: .seconds(2), maxInterval: .seconds(30), maxAttempts: 120)

    public var initialInterval: Duration
    public var maxInterval: Duration
    public var maxAttempts: Int

    public init(initialInterval: Duration, maxInterval: Duration, maxAttempts: Int) {
        self.initialInterval = initialInterval
        self.maxInterval = maxInterval
        self.maxAttempts = maxAttempts
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

    /// Every wait, in order: the whole schedule.
    public var schedule: [Duration] { (0..<maxAttempts).map(delay(beforeAttempt:)) }
}
