/// The agent's sense of elapsed time: settle windows and poll back-off are measured on it, never
/// on file modification times (a share's clock is not ours). Tests swap in a manual clock.
public protocol MonotonicClock: Sendable {
    /// Time since an arbitrary, fixed origin.
    var now: Duration { get }
    func sleep(for duration: Duration) async throws
}

/// The real clock: `ContinuousClock`, counted from when this value was made.
public struct SystemMonotonicClock: MonotonicClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
