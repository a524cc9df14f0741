import Synchronization

/// Counts, for the task that runs one job, the calls the client sent again with a renewed token
/// after a 4100, so the job's record can show them in `retries` without the client knowing jobs.
public enum CallObservation {
    /// A counter shared by the calls of one job.
    public final class Counter: Sendable {
        private let count = Mutex(0)
        public init() {}
        public var value: Int { count.withLock { $0 } }
        func increment() { count.withLock { $0 += 1 } }
    }

    @TaskLocal public static var resentCalls: Counter?

    static func noteResentWithNewToken() { resentCalls?.increment() }
}
