import DropFolder
import Synchronization
import WorkflowJobs

/// A clock tests move by hand. By default a sleep returns at once, moving the time forward and
/// remembering the wait (back-off tests); with `sleepsAdvanceTime: false` a sleep waits until the
/// test advances the time past its deadline (agent tests, whose timers must not run on their own).
public final class ManualClock: MonotonicClock {
    private struct Sleeper {
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration], sleepers: [Sleeper])>((.zero, [], []))
    private let sleepsAdvanceTime: Bool

    public init(sleepsAdvanceTime: Bool = true) {
        self.sleepsAdvanceTime = sleepsAdvanceTime
    }

    public var now: Duration { state.withLock { $0.now } }

    /// Every wait asked for, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now += duration
            let due = state.sleepers.filter { $0.deadline <= state.now }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard !sleepsAdvanceTime else {
            state.withLock {
                $0.now += duration
                $0.sleeps.append(duration)
            }
            return
        }
        // Cancellation is not delivered to a waiting sleeper here: tests advance time instead.
        try await withCheckedThrowingContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                state.sleeps.append(duration)
                if duration <= .zero { return true }
                state.sleepers.append(Sleeper(deadline: state.now + duration, continuation: continuation))
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
