import DropFolder
import Synchronization
import WorkflowJobs

/// A clock tests move by hand. By default a sleep returns at once, moving the time forward and
/// remembering the wait (back-off tests); with `sleepsAdvanceTime: false` a sleep waits until the
/// test advances the time past its deadline (agent tests, whose timers must not run on their own).
public final class ManualClock: MonotonicClock {
    private struct Sleeper {
        var id: Int
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration = .zero
        var sleeps: [Duration] = []
        var sleepers: [Sleeper] = []
        var nextID = 0
        /// Sleeps cancelled before they were waiting.
        var cancelled: Set<Int> = []
    }

    private let state = Mutex(State())
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
        // A cancelled sleep ends at once, as a real clock's does: an agent that stops cancels its
        // timers and waits for them (a sleeper left waiting would keep `run()` from returning).
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Bool? in
                    state.sleeps.append(duration)
                    if state.cancelled.remove(id) != nil { return false }
                    if duration <= .zero { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: state.now + duration, continuation: continuation))
                    return nil
                }
                switch outcome {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
