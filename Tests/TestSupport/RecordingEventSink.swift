import DropFolder
import Synchronization

/// Keeps every event so tests can check what a person would have seen.
public final class RecordingEventSink: EventSink {
    private let recorded = Mutex<[AgentEvent]>([])

    public init() {}

    public func record(_ event: AgentEvent) {
        recorded.withLock { $0.append(event) }
    }

    public var events: [AgentEvent] { recorded.withLock { $0 } }

    /// The events as console lines.
    public var lines: [String] { events.map(ConsoleEventLog.describe) }
}
