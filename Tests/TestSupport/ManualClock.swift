import DropFolder
import Synchronization

/// A clock whose sleeps return at once, moving its time forward and remembering each wait,
/// so back-off and settle tests never really sleep.
public final class ManualClock: MonotonicClock {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    public init() {}

    public var now: Duration { state.withLock { $0.now } }

    /// Every wait asked for, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.now += duration
            $0.sleeps.append(duration)
        }
    }
}
