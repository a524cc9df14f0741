import Dispatch
import WorkflowJobs

/// A Dispatch timer that only calls a `@Sendable` closure (which yields into a stream). Built in a
/// nonisolated context so the handler never inherits main-actor isolation and traps.
final class RepeatingTimer {
    private let source: any DispatchSourceTimer

    init(interval: Duration, action: @escaping @Sendable () -> Void) {
        let nanoseconds = max(1_000_000, Int(interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000))
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "coze-drop.scan-timer"))
        source.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds), leeway: .milliseconds(nanoseconds >= 100_000_000 ? 20 : 1))
        source.setEventHandler { @Sendable in action() }
        source.resume()
        self.source = source
    }

    func cancel() { source.cancel() }

    deinit { source.cancel() }
}
