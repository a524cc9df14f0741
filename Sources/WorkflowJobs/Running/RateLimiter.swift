import Synchronization

/// Spaces every call to Coze, runs and polls alike (they share one quota on the server), and
/// holds all of them back for a while when Coze says it is throttling.
public final class RateLimiter: Sendable {
    private let clock: any MonotonicClock
    private let spacing: Duration?
    private let nextFree = Mutex<Duration>(.zero)

    /// - Parameter requestsPerSecond: 0 or less means no limit.
    public init(requestsPerSecond: Double, clock: any MonotonicClock) {
        self.clock = clock
        spacing = requestsPerSecond > 0 ? .nanoseconds(Int64(1e9 / requestsPerSecond)) : nil
    }

    /// Waits for this call's turn.
    public func acquire() async throws {
        let now = clock.now
        let wait = nextFree.withLock { next -> Duration in
            let slot = max(next, now)
            if let spacing { next = slot + spacing }
            return slot - now
        }
        if wait > .zero { try await clock.sleep(for: wait) }
    }

    /// Lets no call through for `duration` from now.
    public func pause(for duration: Duration) {
        let until = clock.now + duration
        nextFree.withLock { $0 = max($0, until) }
    }
}
