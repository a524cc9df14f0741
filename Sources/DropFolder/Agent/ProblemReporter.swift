import Synchronization

/// Says a lasting problem once (a share that went away, a folder that refuses writes) and says once
/// when it is over, instead of a line at every scan.
final class ProblemReporter: Sendable {
    private let open = Mutex<Set<String>>([])
    private let events: any EventSink
    /// Called with each new problem (for the status file's last error).
    private let noted: @Sendable (String) -> Void

    init(events: any EventSink, noted: @escaping @Sendable (String) -> Void) {
        self.events = events
        self.noted = noted
    }

    /// Reports a problem once, until `resolve` clears it.
    func report(_ key: String, _ message: String) {
        guard open.withLock({ $0.insert(key).inserted }) else { return }
        noted(message)
        events.record(.problem(message))
    }

    func resolve(_ key: String, _ message: String) {
        guard open.withLock({ $0.remove(key) != nil }) else { return }
        events.record(.problem(message))
    }
}
