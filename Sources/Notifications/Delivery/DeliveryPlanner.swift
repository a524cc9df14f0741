import Foundation

/// Decides when each target gets which message: a pure state machine. The caller feeds it events,
/// the results of the requests it sent, and ticks, and carries out the actions it returns.
///
/// Per target it:
/// - sends the first event at once, then folds what arrives within `foldInterval` of a send into
///   one message ("12 requests failed in the last minute: a.json, b.json, c.json and 9 more.");
/// - never exceeds the service's documented rate (Feishu 5/s and 100/min, DingTalk and WeCom 20/min);
/// - has one request in flight at a time, and tries a failed one again: after a network error or a
///   5xx with exponential backoff, after "too frequent" after the service's pause (ten minutes for
///   DingTalk, which mutes a bot that long); it gives up after `maximumAttempts` with a log line;
/// - keeps at most `queueCapacity` waiting events, dropping the oldest and saying how many.
///
/// Log lines name a target by service and host only (`NotificationTarget.safeName`) and are passed
/// through `NotificationTarget.redacted`, so no URL, token or secret reaches them.
public struct DeliveryPlanner: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// After a message goes out, later events wait this many seconds and go out folded together.
        public var foldInterval: Double
        /// Tries per message, the first included.
        public var maximumAttempts: Int
        /// The wait before the second try after a network error or 5xx; it doubles each try.
        public var firstBackoff: Double
        public var maximumBackoff: Double
        /// Events waiting per target; beyond it the oldest are dropped (and counted in the next message).
        public var queueCapacity: Int
        /// File names listed in a folded line before "and N more".
        public var namesListed: Int

        public init(foldInterval: Double = 60, maximumAttempts: Int = 5, firstBackoff: Double = 5, maximumBackoff: Double = 600, queueCapacity: Int = 100, namesListed: Int = 3) {
            self.foldInterval = foldInterval
            self.maximumAttempts = maximumAttempts
            self.firstBackoff = firstBackoff
            self.maximumBackoff = maximumBackoff
            self.queueCapacity = queueCapacity
            self.namesListed = namesListed
        }
    }

    /// What happened.
    public enum Input: Sendable, Equatable {
        /// Something to tell about; it goes to every target whose `on` has its kind.
        case event(NotificationEvent)
        /// The outcome of the `send` action with this delivery id.
        case result(delivery: Int, DeliveryResult)
        /// A `wake` time was reached.
        case tick
        /// The agent stops: what waits goes out now, without waiting out `foldInterval` (the
        /// services' rates and pauses still hold).
        case flush
    }

    /// One request to send.
    public struct Delivery: Sendable, Equatable {
        /// Pass it back with `.result(delivery:_:)`.
        public var id: Int
        /// The index of the target in `targets`.
        public var target: Int
        /// 1 for the first try.
        public var attempt: Int
        public var message: NotificationMessage
        public var request: NotificationRequest
    }

    /// What the caller should do.
    public enum Action: Sendable, Equatable {
        /// Send this request and report its result.
        case send(Delivery)
        /// Call `handle(.tick, …)` at this time. The latest `wake` replaces earlier ones; when a call
        /// returns none, nothing waits on time.
        case wake(at: Date)
        /// A line for the agent's log (already redacted).
        case log(String)
    }

    public let targets: [NotificationTarget]
    public let configuration: Configuration
    private var lanes: [Lane]
    private var nextID = 1
    /// The latest `now` seen.
    private var latest: Date?

    private struct Waiting: Sendable {
        var event: NotificationEvent
        var arrived: Date
    }

    private struct Retry: Sendable {
        var message: NotificationMessage
        var attempts: Int
        var notBefore: Date
    }

    private struct InFlight: Sendable {
        var id: Int
        var message: NotificationMessage
        var attempts: Int
    }

    private struct Lane: Sendable {
        var pending: [Waiting] = []
        var dropped = 0
        /// Send times within the last minute.
        var sends: [Date] = []
        var lastFreshSend: Date?
        var retry: Retry?
        var inFlight: InFlight?
        var pausedUntil: Date?
    }

    public init(targets: [NotificationTarget], configuration: Configuration = Configuration()) {
        self.targets = targets
        self.configuration = configuration
        lanes = Array(repeating: Lane(), count: targets.count)
    }

    /// Events waiting (not yet in a message) for the target at `index`.
    public func waitingEvents(for index: Int) -> Int { lanes[index].pending.count }

    /// Takes in what happened at `now` and returns what to do.
    ///
    /// `now` is wall time (signatures carry it). Should it go back (the system clock was set back),
    /// every remembered time moves back with it (the jump counts as no time passing), so waits keep
    /// their length instead of growing by the jump.
    public mutating func handle(_ input: Input, now: Date) -> [Action] {
        if let latest, now < latest { shift(by: now.timeIntervalSince(latest)) }
        latest = now
        var actions: [Action] = []
        switch input {
        case .event(let event):
            for index in lanes.indices where targets[index].on.contains(event.kind) {
                lanes[index].pending.append(Waiting(event: event, arrived: now))
                if lanes[index].pending.count > max(1, configuration.queueCapacity) {
                    lanes[index].pending.removeFirst()
                    lanes[index].dropped += 1
                }
            }
        case .result(let id, let result):
            guard let index = lanes.firstIndex(where: { $0.inFlight?.id == id }), let flight = lanes[index].inFlight else { break }
            lanes[index].inFlight = nil
            actions += settle(flight, answer: DeliveryAnswer.classify(result, service: targets[index].service), lane: index, now: now)
        case .tick, .flush:
            break
        }
        actions += dispatch(now: now, flushing: input == .flush)
        return actions
    }

    private mutating func shift(by seconds: Double) {
        for index in lanes.indices {
            lanes[index].pending = lanes[index].pending.map { Waiting(event: $0.event, arrived: $0.arrived.addingTimeInterval(seconds)) }
            lanes[index].sends = lanes[index].sends.map { $0.addingTimeInterval(seconds) }
            lanes[index].lastFreshSend = lanes[index].lastFreshSend?.addingTimeInterval(seconds)
            lanes[index].pausedUntil = lanes[index].pausedUntil?.addingTimeInterval(seconds)
            lanes[index].retry?.notBefore.addTimeInterval(seconds)
        }
    }

    private mutating func settle(_ flight: InFlight, answer: DeliveryAnswer, lane index: Int, now: Date) -> [Action] {
        let target = targets[index]
        func line(_ text: String) -> Action { .log(target.redacted("notify \(target.safeName): \(text)")) }
        let about = flight.message.events.count == 1 ? "1 event" : "\(flight.message.events.count) events"
        switch answer {
        case .delivered:
            return []
        case .rejected(let detail):
            return [line("the message about \(about) was refused and will not be sent again: \(detail)")]
        case .tooFrequent(let pause, let detail):
            let until = now.addingTimeInterval(pause)
            lanes[index].pausedUntil = max(lanes[index].pausedUntil ?? until, until)
            guard flight.attempts < configuration.maximumAttempts else {
                return [line("gave up on the message about \(about) after \(flight.attempts) tries (last: \(detail)).")]
            }
            lanes[index].retry = Retry(message: flight.message, attempts: flight.attempts, notBefore: until)
            return [line("the service says too frequent (\(detail)); sending nothing for \(Int(pause)) s.")]
        case .retryable(let detail):
            guard flight.attempts < configuration.maximumAttempts else {
                return [line("gave up on the message about \(about) after \(flight.attempts) tries (last: \(detail)).")]
            }
            let wait = min(configuration.maximumBackoff, configuration.firstBackoff * pow(2, Double(flight.attempts - 1)))
            lanes[index].retry = Retry(message: flight.message, attempts: flight.attempts, notBefore: now.addingTimeInterval(wait))
            return [line("try \(flight.attempts) failed (\(detail)); trying again in \(Int(wait)) s.")]
        }
    }

    private mutating func dispatch(now: Date, flushing: Bool = false) -> [Action] {
        var actions: [Action] = []
        var wake: Date?
        for index in lanes.indices where lanes[index].inFlight == nil {
            lanes[index].sends.removeAll { now.timeIntervalSince($0) >= 60 }
            let lane = lanes[index]
            var due = max(lane.pausedUntil ?? now, rateSlot(lane, service: targets[index].service, now: now))
            if let retry = lane.retry {
                due = max(due, retry.notBefore)
            } else if !lane.pending.isEmpty {
                if let last = lane.lastFreshSend, !flushing { due = max(due, last.addingTimeInterval(configuration.foldInterval)) }
            } else {
                continue
            }
            guard due <= now else {
                wake = min(wake ?? due, due)
                continue
            }
            let message: NotificationMessage
            let attempt: Int
            if let retry = lane.retry {
                message = retry.message
                attempt = retry.attempts + 1
                lanes[index].retry = nil
            } else {
                let span = now.timeIntervalSince(lane.pending[0].arrived)
                message = NotificationMessage.folding(lane.pending.map(\.event), span: span, dropped: lane.dropped, namesListed: configuration.namesListed)
                if lane.dropped > 0 {
                    let target = targets[index]
                    actions.append(.log(target.redacted("notify \(target.safeName): \(lane.dropped) older events were dropped because more than \(configuration.queueCapacity) were waiting.")))
                }
                lanes[index].pending = []
                lanes[index].dropped = 0
                lanes[index].lastFreshSend = now
                attempt = 1
            }
            let id = nextID
            nextID += 1
            lanes[index].sends.append(now)
            lanes[index].inFlight = InFlight(id: id, message: message, attempts: attempt)
            let request = NotificationRequestBuilder.request(for: message, to: targets[index], now: now)
            actions.append(.send(Delivery(id: id, target: index, attempt: attempt, message: message, request: request)))
        }
        if let wake { actions.append(.wake(at: wake)) }
        return actions
    }

    /// The earliest time the service's rate allows another send, given the sends of the last minute.
    private func rateSlot(_ lane: Lane, service: NotificationService, now: Date) -> Date {
        var slot = now
        for (limit, window) in [(service.limits.perSecond, 1.0), (service.limits.perMinute, 60.0)] {
            guard let limit else { continue }
            let recent = lane.sends.filter { now.timeIntervalSince($0) < window }
            if recent.count >= limit { slot = max(slot, recent[recent.count - limit].addingTimeInterval(window)) }
        }
        return slot
    }
}
