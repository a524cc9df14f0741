import CozeAPI
import Foundation
import Synchronization

/// Carries out a `DeliveryPlanner`'s decisions: owns the planner, sends its requests through an
/// `HTTPTransport` as tasks, feeds their results back, and keeps one timer task for its `wake`.
///
/// `post(_:)` never waits: it hands the event to the planner under a lock and returns, so a job is
/// never slowed by a chat service. The planner bounds the waiting events per target.
public final class NotificationDispatcher: Sendable {
    private struct State {
        var planner: DeliveryPlanner
        var timer: Task<Void, Never>?
        var sending: [Int: Task<Void, Never>] = [:]
        var closed = false
    }

    private let state: Mutex<State>
    private let transport: HTTPTransport
    private let now: @Sendable () -> Date
    private let log: @Sendable (String) -> Void

    /// - Parameters:
    ///   - log: receives the planner's lines (already redacted: no URL or secret).
    public init(targets: [NotificationTarget], transport: @escaping HTTPTransport, configuration: DeliveryPlanner.Configuration = .init(),
                now: @escaping @Sendable () -> Date = Date.init, log: @escaping @Sendable (String) -> Void = { _ in }) {
        state = Mutex(State(planner: DeliveryPlanner(targets: targets, configuration: configuration)))
        self.transport = transport
        self.now = now
        self.log = log
    }

    /// The targets events go to.
    public var targets: [NotificationTarget] { state.withLock { $0.planner.targets } }

    /// Queues an event for every target that hears about its kind; returns at once.
    public func post(_ event: NotificationEvent) {
        handle(.event(event))
    }

    /// Sends what still waits (folded, within the services' limits), gives the requests up to
    /// `grace` to be answered, then drops whatever is left. Posts after this are ignored.
    public func finish(grace: Duration = .seconds(2)) async {
        handle(.flush)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while clock.now < deadline {
            let busy = state.withLock { state in
                !state.sending.isEmpty || state.planner.targets.indices.contains { state.planner.waitingEvents(for: $0) > 0 }
            }
            guard busy else { break }
            try? await Task.sleep(for: .milliseconds(20))
            handle(.flush)
        }
        let left = state.withLock { state -> [Task<Void, Never>] in
            state.closed = true
            let tasks = Array(state.sending.values) + [state.timer].compactMap { $0 }
            state.sending = [:]
            state.timer = nil
            return tasks
        }
        for task in left { task.cancel() }
    }

    private func handle(_ input: DeliveryPlanner.Input) {
        let time = now()
        let actions = state.withLock { state -> [DeliveryPlanner.Action] in
            guard !state.closed else { return [] }
            return state.planner.handle(input, now: time)
        }
        for action in actions { perform(action) }
    }

    private func perform(_ action: DeliveryPlanner.Action) {
        switch action {
        case .log(let line):
            log(line)
        case .send(let delivery):
            let transport = transport
            state.withLock { state in
                guard !state.closed else { return }
                state.sending[delivery.id] = Task { [weak self] in
                    let result: DeliveryResult
                    do {
                        let response = try await transport(delivery.request.httpRequest(timeout: .seconds(15)))
                        result = .response(status: response.status, body: Array(response.body))
                    } catch {
                        result = .noAnswer(detail: "\(error)")
                    }
                    guard let self else { return }
                    self.handle(.result(delivery: delivery.id, result))
                    self.state.withLock { _ = $0.sending.removeValue(forKey: delivery.id) }
                }
            }
        case .wake(let date):
            let delay = max(0, date.timeIntervalSince(now()))
            state.withLock { state in
                guard !state.closed else { return }
                state.timer?.cancel()
                state.timer = Task { [weak self] in
                    try? await Task.sleep(for: .milliseconds(Int(delay * 1000) + 1))
                    guard !Task.isCancelled else { return }
                    self?.handle(.tick)
                }
            }
        }
    }
}
