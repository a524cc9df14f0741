import Foundation

/// The agent's job and timer tasks, which are children of one task group, by key, so the driver
/// can cancel one of them (a poll at a stop, a timer that was moved). A task group cannot cancel a
/// single child, but a running task can be cancelled through its handle while it is registered.
///
/// `@unchecked Sendable`: every field is touched only under `lock`, and a task's handle is removed
/// (under the lock) before that task ends, so no handle outlives its task.
final class ChildTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [String: UnsafeCurrentTask] = [:]
    /// Keys added to the group whose task has not registered yet.
    private var expected: Set<String> = []
    /// Cancelled before their task registered: cancelled the moment it does.
    private var cancelledEarly: Set<String> = []
    private var counter = 0

    /// A key for a timer no other child has.
    func timerKey(_ name: String) -> String {
        lock.withLock {
            counter += 1
            return "\u{0}timer-\(name)-\(counter)"
        }
    }

    /// Called by the driver as it adds the child.
    func expect(_ key: String) {
        lock.withLock { _ = expected.insert(key) }
    }

    /// Runs `body` as the registered task of `key`.
    func run<T: Sendable>(_ key: String, _ body: () async -> T) async -> T {
        withUnsafeCurrentTask { task in
            guard let task else { return }
            lock.withLock {
                expected.remove(key)
                running[key] = task
                if cancelledEarly.remove(key) != nil { task.cancel() }
            }
        }
        let value = await body()
        lock.withLock { _ = running.removeValue(forKey: key) }
        return value
    }

    func cancel(_ keys: [String]) {
        lock.withLock {
            for key in keys {
                if let task = running[key] {
                    task.cancel()
                } else if expected.contains(key) {
                    cancelledEarly.insert(key)
                }
            }
        }
    }
}
