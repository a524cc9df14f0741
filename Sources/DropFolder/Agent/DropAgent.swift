import CozeAPI
import Foundation
import OrderedJSON
import Synchronization
import WorkflowJobs

/// The agent: scans `inbox/` on a timer, claims files that have settled into its own folder in
/// `processing/` (an atomic rename to a name no other agent uses, journaled first), runs them at
/// most `concurrency` at a time, oldest first, and settles each into `outbox/` or `failed/`.
/// It renews a lease so other agents on the same share leave its jobs alone, and takes over the
/// jobs of agents whose lease has run out. Nothing is lost, and nothing that may have reached Coze
/// is sent twice (see `RecoveryPlan`).
public final class DropAgent: Sendable {
    enum Wake: Sendable {
        /// Scan now; the continuation, when there is one, is resumed once the scan's claims are made.
        case tick(CheckedContinuation<Void, Never>?)
        /// A watched file's settle window ends now: scan even if a scan just ran.
        case settleDue
        case jobFinished(key: String, end: JobEnd)
        /// The earliest waiting async run is due for its next poll.
        case pollsDue
        case stop
        case graceOver
        /// A batch's rows to queue (a table in a workflow folder was planned, or taken up again).
        case rowsFound([AgentCore<Work>.Found])
    }

    /// How a job task left its job.
    enum JobEnd: Sendable {
        /// An async run waits for its next poll (the ticket holds the journal as it now stands).
        case awaiting(WaitingRun)
        /// Settled (or nothing was left to do).
        case done
        /// Left in `processing/` on purpose (suspended poll, deferred send): picked up again later.
        case left
        /// Finished, but the result could not be moved out of `processing/` yet.
        case unsettled
    }

    typealias Ticket = JobStore.Ticket

    /// An async run waiting for its next poll under the agent's one poll timer.
    struct WaitingRun: Sendable {
        var run: AwaitingRun
        var ticket: Ticket
    }

    /// What a job in the core's table needs to go on: a ticket to run, or a run to poll.
    enum Work: Sendable {
        case run(Ticket)
        case poll(WaitingRun)
        /// One row of a batch.
        case row(BatchRow)
    }

    typealias Core = AgentCore<Work>

    /// What `run()` leaves behind.
    public struct Summary: Sendable, Equatable {
        /// Finished jobs whose results could not be written out (disk full, read-only folder);
        /// they stay in `processing/` and are moved on the next start.
        public var unsettled: Int
    }

    public let configuration: AgentConfiguration
    let runner: JobRunner
    let fileSystem: any FileSystem
    let clock: any MonotonicClock
    let wallClock: @Sendable () -> Date
    let events: any EventSink
    /// The one owner of this agent's folder in `processing/`.
    let store: JobStore
    let problems: ProblemReporter
    let wakes: AsyncStream<Wake>
    let wake: AsyncStream<Wake>.Continuation
    /// The job and timer tasks of the running loop.
    let children = ChildTasks()
    /// A timer tick is waiting in the stream.
    let tickQueued = Mutex(false)
    /// Today's counts and the last error, for the status file.
    let statusCounters: SharedStatusCounters
    /// Until when Coze's daily usage limit (4008) holds new runs back; `nil` when it does not.
    let dailyLimitUntil = Mutex<Date?>(nil)
    /// The token as the status file shows it, kept up to date by the token broker's events.
    let tokenState: Mutex<TokenSnapshot>
    /// Why new runs wait for a token; `nil` when a token works.
    let tokenHold = Mutex<String?>(nil)
    /// When the token source was last asked on its own while claims wait for a token.
    let tokenProbe = Mutex<(running: Bool, last: Duration?)>((false, nil))
    /// Tells chat groups what happens (`nil`: nobody).
    let notifier: AgentNotifier?
    /// One line per finished job in `ledger/`, and the day's tokens for the budget.
    let ledger: AgentLedger
    /// The day's tokens against `daily_token_budget`.
    let budgetWatch = Mutex(BudgetWatch())

    public init(
        configuration: AgentConfiguration, client: CozeClient, fileSystem: any FileSystem = LocalFileSystem(),
        clock: any MonotonicClock = SystemMonotonicClock(), wallClock: @escaping @Sendable () -> Date = Date.init,
        events: any EventSink, retryPolicy: RetryPolicy = RetryPolicy(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = AgentIdentity.isProcessAlive,
        notifications: AgentNotifier? = nil
    ) {
        self.notifier = notifications
        self.configuration = configuration
        self.fileSystem = fileSystem
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
        let counters = SharedStatusCounters()
        self.statusCounters = counters
        let problems = ProblemReporter(events: events) { message in
            let now = wallClock()
            counters.withLock {
                $0.lastError = message
                $0.lastErrorAt = now
            }
            notifications?.problem(message)
        }
        self.problems = problems
        let ledger = AgentLedger(root: configuration.layout.root, agent: configuration.identity.id, fileSystem: fileSystem, events: events)
        self.ledger = ledger
        self.store = JobStore(configuration: configuration, fileSystem: fileSystem, clock: clock, wallClock: wallClock, events: events,
                              problems: problems, isProcessAlive: isProcessAlive, notifier: notifications, ledger: ledger) { name, failure in
            let now = wallClock()
            counters.withLock { $0.count(failure: failure, name: name, day: DropAgent.beijingDay(now), at: now) }
        }
        let limiter = RateLimiter(requestsPerSecond: configuration.maximumRequestsPerSecond, clock: clock)
        self.runner = JobRunner(client: client, clock: clock, wallClock: wallClock, events: events, limiter: limiter, retryPolicy: retryPolicy, random: random,
                                callTimeout: configuration.callTimeout, streamIdleTimeout: configuration.streamIdleTimeout,
                                language: configuration.language,
                                workflowInfo: configuration.checksParameters ? WorkflowInfoCache(client: client, clock: clock) : nil)
        (wakes, wake) = AsyncStream.makeStream(of: Wake.self)
        tokenState = Mutex(TokenSnapshot(origin: client.credentials.source.origin))
    }

    var layout: FolderLayout { configuration.layout }

    /// Asks for a scan now (the timer does this every `interval`). While one is already waiting to be
    /// handled (a long scan of a huge backlog is running), another is not queued behind it.
    public func tick() {
        if !tickQueued.withLock({ queued in defer { queued = true }; return queued }) { wake.yield(.tick(nil)) }
    }

    /// Scans now and returns once the files found ready have been claimed and started.
    public func scanNow() async {
        await withCheckedContinuation { continuation in
            if case .terminated = wake.yield(.tick(continuation)) { continuation.resume() }
        }
    }

    /// Stops claiming; running sync calls get `grace` to finish, polls stop at once and stay
    /// journaled; `run()` then returns.
    public func stop() { wake.yield(.stop) }

    /// What the driver keeps between wakes besides the core's table: the inbox as last scanned and
    /// the times of its periodic work.
    struct LoopState {
        var core: Core
        var tracker: SettleTracker
        /// Settled inbox files not claimed yet, oldest first.
        var ready: [ReadyFile] = []
        var startedAt: Date
        var lastScanAt: Date?
        var lastStatus: Duration?
        var lastSweep: Duration?
        /// A scan has run.
        var scanned = false
        /// With `once`: the names present at the first scan that are not handled yet.
        var pendingOnce: Set<String> = []
        /// Whether new runs were held back at the last wake (daily limit, no token).
        var held = false
        /// The timer for the earliest waiting async run, and the one for a settle window's end.
        var pollTimer: String?
        var settleTimer: String?
        var settleWakeAt: Duration?
        /// Inbox names known to be files, not workflow folders (not looked at again while they stay).
        var inboxFiles: Set<String> = []
    }

    /// A settled file seen in the inbox.
    struct ReadyFile {
        var name: String
        var modified: (Int, Int)
        /// How it looked when found still in an earlier scan (not looked at in this one); `nil` when
        /// this scan saw it.
        var settled: SettleTracker.FileSignature? = nil
        /// How this scan saw it.
        var seen: SettleTracker.FileSignature? = nil
    }

    /// Runs until `stop()`, or with `once` until everything present at start has been handled.
    @discardableResult
    public func run() async -> Summary {
        store.prepareFolders()
        do { try fileSystem.createDirectory(layout.statusEntries) } catch {
            events.record(.problem("cannot create \(layout.statusEntries): \(error.reason)"))
        }
        events.record(.agentStarted(root: layout.root, baseURL: configuration.baseURLDescription,
                                    simulated: configuration.simulated, settings: configuration.summary))
        notifier?.started()
        await followToken()
        var state = LoopState(
            core: Core(settings: .init(concurrency: configuration.concurrency, once: configuration.once, grace: configuration.grace)),
            tracker: SettleTracker(window: configuration.settle), startedAt: wallClock())
        store.renewLease(running: true)
        writeStatus(&state, running: true)
        let timer = RepeatingTimer(interval: configuration.interval) { [self] in tick() }
        await loop(&state)
        timer.cancel()
        store.renewLease(running: false)
        writeStatus(&state, running: false)
        store.removeOwnFolderIfEmpty()
        // Nobody reads the stream any more: release whoever waits on a scan.
        wake.finish()
        for await case .tick(let continuation?) in wakes { continuation.resume() }
        events.record(.stopped)
        await notifier?.stop()
        return Summary(unsettled: state.core.unsettledCount)
    }

    /// Handles wakes until the core says to finish; job and timer tasks are children of one group.
    private func loop(_ state: inout LoopState) async {
        await withDiscardingTaskGroup { group in
            startRetention(&group)
            var finished = carryOut(handle([sweep(&state)], &state), &state, &group)
            tick()
            var iterator = wakes.makeAsyncIterator()
            while !finished, let event = await iterator.next() {
                var scanned: CheckedContinuation<Void, Never>?
                var happened: [Core.Event] = []
                switch event {
                case .stop: happened.append(.stopRequested)
                case .graceOver: happened.append(.graceOver)
                case .pollsDue:
                    state.pollTimer = nil
                    happened.append(.pollsDue)
                case .jobFinished(let key, let end): happened.append(.ended(key: key, Core.JobEnd(end)))
                case .rowsFound(let found): happened.append(.added(found))
                case .tick, .settleDue:
                    if case .tick(let continuation) = event { scanned = continuation }
                    tickQueued.withLock { $0 = false }
                    if case .settleDue = event { state.settleWakeAt = nil }
                    if !state.core.stopping {
                        store.renewLeaseIfDue()
                        if configuration.once || state.lastSweep.map({ clock.now - $0 >= configuration.recoveryInterval }) ?? true {
                            happened.append(sweep(&state))
                        }
                        happened.append(scan(into: &state))
                        state.lastScanAt = wallClock()
                        scheduleSettleWake(&state, &group)
                        writeStatusIfDue(&state)
                    }
                }
                finished = carryOut(handle(happened, &state), &state, &group)
                scanned?.resume()
            }
            group.cancelAll()
        }
    }

    /// Hands what happened to the core, after telling it whether new runs are held back now.
    private func handle(_ happened: [Core.Event], _ state: inout LoopState) -> [Core.Action] {
        var actions: [Core.Action] = []
        if !state.core.stopping {
            let held = isHeldByDailyLimit() || isHeldForToken() || isHeldByTokenBudget()
            if held != state.held {
                state.held = held
                actions += state.core.handle(.hold(held), at: clock.now)
            }
        }
        for event in happened { actions += state.core.handle(event, at: clock.now) }
        // A wake with nothing to report still lets the core fill free slots (a hold that ended).
        if happened.isEmpty { actions += state.core.handle(.hold(state.held), at: clock.now) }
        return actions
    }

    /// Carries out the core's actions; returns whether the loop is over.
    private func carryOut(_ actions: [Core.Action], _ state: inout LoopState, _ group: inout DiscardingTaskGroup) -> Bool {
        var pending = actions[...]
        var finished = false
        while let action = pending.popFirst() {
            switch action {
            case .start(let key, let work), .poll(let key, let work):
                children.expect(key)
                group.addTask { [self] in
                    let end = await children.run(key) {
                        switch work {
                        case .run(let ticket): await perform(ticket)
                        case .poll(let waiting): await poll(waiting)
                        case .row(let row): await performRow(row)
                        }
                    }
                    wake.yield(.jobFinished(key: key, end: end))
                }
            case .claim(let count):
                let found = claimReady(upTo: count, &state)
                pending += state.core.handle(.claimed(found, inboxExhausted: state.ready.isEmpty, pendingOnce: state.pendingOnce.count), at: clock.now)
            case .wakeForPolls(let due):
                if let old = state.pollTimer { children.cancel([old]) }
                state.pollTimer = startTimer("polls", at: due, yielding: .pollsDue, &group)
            case .cancel(let keys):
                children.cancel(keys)
            case .announceStopping(let count):
                events.record(.stopping(runningJobs: count))
            case .startGrace(let grace):
                _ = startTimer("grace", at: clock.now + grace, yielding: .graceOver, &group)
            case .finish:
                finished = true
            }
        }
        return finished
    }

    /// A child that wakes the loop at `due`, unless cancelled first.
    private func startTimer(_ name: String, at due: Duration, yielding event: Wake, _ group: inout DiscardingTaskGroup) -> String {
        let key = children.timerKey(name)
        children.expect(key)
        group.addTask { [children, clock, wake] in
            await children.run(key) {
                guard (try? await clock.sleep(for: due - clock.now)) != nil else { return }
                wake.yield(event)
            }
        }
        return key
    }

    /// Looks through `processing/` for work to recover (see `JobStore.sweep`).
    private func sweep(_ state: inout LoopState) -> Core.Event {
        state.lastSweep = clock.now
        let core = state.core
        let sweep = store.sweep(isActive: core.isActive)
        return .swept(found: sweep.found.map { Core.Found(key: $0.key, name: $0.entry.name, work: .run($0)) },
                      undecidedOwners: sweep.undecidedOwners)
    }

    /// Scans again the moment the first watched file's settle window ends, instead of at the next
    /// tick, so a file is claimed within `settle` of becoming still (plus at most one interval to be seen).
    private func scheduleSettleWake(_ state: inout LoopState, _ group: inout DiscardingTaskGroup) {
        guard let due = state.tracker.nextReadyTime, due > clock.now else { return }
        if let planned = state.settleWakeAt, planned <= due, planned > clock.now { return }
        if let old = state.settleTimer { children.cancel([old]) }
        state.settleWakeAt = due
        state.settleTimer = startTimer("settle", at: due, yielding: .settleDue, &group)
    }
}

extension AgentCore<DropAgent.Work>.JobEnd {
    init(_ end: DropAgent.JobEnd) {
        switch end {
        case .awaiting(let waiting): self = .awaiting(.poll(waiting), wait: waiting.run.wait)
        case .done: self = .done
        case .left: self = .left
        case .unsettled: self = .unsettled
        }
    }
}

extension DropAgent.Wake {
    var isSettleDue: Bool {
        if case .settleDue = self { return true }
        return false
    }
}
