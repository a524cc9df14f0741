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

    /// A job to run or to finish, with what recovery decided about it.
    struct Ticket: Sendable {
        var files: JobFiles
        var entry: JournalEntry
        var action: RecoveryPlan.Action
        var key: String { files.request }
    }

    /// An async run waiting for its next poll under the agent's one poll timer.
    struct WaitingRun: Sendable {
        var run: AwaitingRun
        var ticket: Ticket
    }

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
    let settler: ResultSettler
    /// Writes the `sending` phase of jobs about to call Coze together (group commit).
    let journalBatcher: JournalBatcher
    let wakes: AsyncStream<Wake>
    let wake: AsyncStream<Wake>.Continuation
    /// The permission bits of each loaded request, so its record gets them without another look.
    let requestPermissions = Mutex<[String: UInt16]>([:])
    /// Results that could not even be written to `processing/`, kept until they can.
    let pendingResults = Mutex<[String: JobResult]>([:])
    let isProcessAlive: @Sendable (Int32) -> Bool
    /// A timer tick is waiting in the stream.
    let tickQueued = Mutex(false)
    /// Today's counts and the last error, for the status file.
    let statusCounters = Mutex(StatusCounters())
    /// Until when Coze's daily usage limit (4008) holds new runs back; `nil` when it does not.
    let dailyLimitUntil = Mutex<Date?>(nil)
    /// The token as the status file shows it, kept up to date by the token broker's events.
    let tokenState: Mutex<TokenSnapshot>
    /// Why new runs wait for a token; `nil` when a token works.
    let tokenHold = Mutex<String?>(nil)
    /// When the token source was last asked on its own while claims wait for a token.
    let tokenProbe = Mutex<(running: Bool, last: Duration?)>((false, nil))

    public init(
        configuration: AgentConfiguration, client: CozeClient, fileSystem: any FileSystem = LocalFileSystem(),
        clock: any MonotonicClock = SystemMonotonicClock(), wallClock: @escaping @Sendable () -> Date = Date.init,
        events: any EventSink, retryPolicy: RetryPolicy = RetryPolicy(), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = AgentIdentity.isProcessAlive
    ) {
        self.configuration = configuration
        self.fileSystem = fileSystem
        self.clock = clock
        self.wallClock = wallClock
        self.events = events
        self.isProcessAlive = isProcessAlive
        self.settler = ResultSettler(fileSystem: fileSystem, wallClock: wallClock)
        self.journalBatcher = JournalBatcher(fileSystem: fileSystem, stamp: { BeijingTime.compact(wallClock()) })
        let limiter = RateLimiter(requestsPerSecond: configuration.maximumRequestsPerSecond, clock: clock)
        self.runner = JobRunner(client: client, clock: clock, wallClock: wallClock, events: events, limiter: limiter, retryPolicy: retryPolicy, random: random,
                                callTimeout: configuration.callTimeout, streamIdleTimeout: configuration.streamIdleTimeout,
                                language: configuration.language,
                                workflowInfo: configuration.checksParameters ? WorkflowInfoCache(client: client, clock: clock) : nil)
        (wakes, wake) = AsyncStream.makeStream(of: Wake.self)
        tokenState = Mutex(TokenSnapshot(origin: client.credentials.source.origin))
    }

    var layout: FolderLayout { configuration.layout }
    /// This agent's own folder in `processing/`.
    var ownFolder: String { "\(layout.processing)/\(configuration.identity.id)" }

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

    struct LoopState {
        var tracker: SettleTracker
        var judge: LeaseJudge
        var queue: [Ticket] = []
        var ready: [ReadyFile] = []
        var running: [String: Task<Void, Never>] = [:]
        /// Running jobs that are only a poll: they take no `concurrency` slot, and stop at once on shutdown.
        var polls: Set<String> = []
        /// Async runs waiting for their next poll, and when each is due.
        var awaiting: [String: WaitingRun] = [:]
        var due = DueQueue()
        var pollWake: Task<Void, Never>?
        var pollWakeAt: Duration?
        /// Jobs left in `processing/` for later (unreadable for now, a file to wait for), and how often;
        /// with `once`, the run goes on until a sweep has tried them again (three times at most).
        var leftBehind: [String: Int] = [:]
        var leftSinceSweep = false
        /// The dropped name of each running job, for the status file.
        var names: [String: String] = [:]
        var startedAt: Date
        var lastScanAt: Date?
        var lastStatus: Duration?
        /// Inbox names whose claim is journaled ahead (in a batch file of the scan that found them ready),
        /// with the job id each will be claimed under.
        var planned: [String: String] = [:]
        /// Jobs queued or running, by key, so a sweep never starts one twice.
        var known: Set<String> = []
        var stopping = false
        var scanned = false
        /// With `once`: the names present at the first scan that are not handled yet.
        var pendingOnce: Set<String> = []
        var problems: Set<String> = []
        var beat = 0
        var lastBeat: Duration?
        var lastSweep: Duration?
        var undecidedOwners = 0
        var jobCounter = 0
        /// Jobs whose results could not be moved out yet, with how many tries failed.
        var unsettled: [String: Int] = [:]
        /// A scan asked for the moment a watched file's settle window ends.
        var settleWake: Task<Void, Never>?
        var settleWakeAt: Duration?
    }

    /// A settled file seen in the inbox.
    struct ReadyFile {
        var name: String
        var modified: (Int, Int)
        /// How it looked when found still in an earlier scan (not looked at in this one); `nil` when
        /// this scan saw it.
        var settled: SettleTracker.FileSignature? = nil
    }

    /// Runs until `stop()`, or with `once` until everything present at start has been handled.
    @discardableResult
    public func run() async -> Summary {
        for folder in [layout.processing, layout.outbox, layout.failed, ownFolder, layout.statusEntries] {
            do { try fileSystem.createDirectory(folder) } catch {
                events.record(.problem("cannot create \(folder): \(error.reason)"))
            }
        }
        events.record(.agentStarted(root: layout.root, baseURL: configuration.baseURLDescription,
                                    simulated: configuration.simulated, settings: configuration.summary))
        await followToken()
        var state = LoopState(
            tracker: SettleTracker(window: configuration.settle),
            judge: LeaseJudge(duration: configuration.lease, host: configuration.identity.host, isProcessAlive: isProcessAlive),
            startedAt: wallClock())
        renewLease(&state, running: true)
        writeStatus(&state, running: true)
        sweep(&state)
        let timer = RepeatingTimer(interval: configuration.interval) { [self] in tick() }
        var graceTimer: Task<Void, Never>?
        tick()

        loop: for await event in wakes {
            var scanned: CheckedContinuation<Void, Never>?
            defer { scanned?.resume() }
            switch event {
            case .stop:
                guard !state.stopping else { break }
                state.stopping = true
                state.queue.removeAll()
                events.record(.stopping(runningJobs: state.running.count))
                // Waiting and polling runs stay journaled; the next start polls them again.
                for key in state.polls { state.running[key]?.cancel() }
                state.awaiting.removeAll()
                state.due.removeAll()
                state.pollWake?.cancel()
                graceTimer = Task { [clock, wake, grace = configuration.grace] in
                    guard (try? await clock.sleep(for: grace)) != nil else { return }
                    wake.yield(.graceOver)
                }
            case .graceOver:
                for task in state.running.values { task.cancel() }
            case .pollsDue:
                state.pollWakeAt = nil
            case .jobFinished(let key, let end):
                state.running[key] = nil
                state.polls.remove(key)
                if case .awaiting(let waiting) = end {
                    if !state.stopping {
                        state.awaiting[key] = waiting
                        state.due.insert(key, due: clock.now + waiting.run.wait)
                    }
                    break
                }
                state.known.remove(key)
                state.names[key] = nil
                switch end {
                case .unsettled:
                    state.unsettled[key, default: 0] += 1
                case .left:
                    state.unsettled[key] = nil
                    state.leftBehind[key, default: 0] += 1
                    state.leftSinceSweep = true
                case .done, .awaiting:
                    state.unsettled[key] = nil
                    state.leftBehind[key] = nil
                }
            case .tick, .settleDue:
                if case .tick(let continuation) = event { scanned = continuation }
                tickQueued.withLock { $0 = false }
                if case .settleDue = event { state.settleWakeAt = nil }
                if !state.stopping {
                    renewLeaseIfDue(&state)
                    if configuration.once || state.lastSweep.map({ clock.now - $0 >= configuration.recoveryInterval }) ?? true {
                        sweep(&state)
                    }
                    scan(into: &state)
                    state.lastScanAt = wallClock()
                    scheduleSettleWake(&state)
                    writeStatusIfDue(&state)
                }
            }
            if state.stopping {
                if state.running.isEmpty { break loop }
                continue
            }
            startDuePolls(&state)
            // Polls take no slot: thousands of async runs can be followed while `concurrency`
            // bounds the calls that start work.
            while state.running.count - state.polls.count < configuration.concurrency, !isHeldByDailyLimit(), !isHeldForToken(),
                  let ticket = nextTicket(&state) {
                state.known.insert(ticket.key)
                state.names[ticket.key] = ticket.entry.name
                state.running[ticket.key] = Task { [self] in
                    let end = await perform(ticket)
                    wake.yield(.jobFinished(key: ticket.key, end: end))
                }
            }
            if configuration.once, isOnceDone(state) { break loop }
        }
        timer.cancel()
        graceTimer?.cancel()
        state.settleWake?.cancel()
        state.pollWake?.cancel()
        renewLease(&state, running: false)
        writeStatus(&state, running: false)
        removeOwnFolderIfEmpty()
        // Nobody reads the stream any more: release whoever waits on a scan.
        wake.finish()
        for await case .tick(let continuation?) in wakes { continuation.resume() }
        events.record(.stopped)
        return Summary(unsettled: state.unsettled.count)
    }

    /// Sends the polls that are due, each as a short task (a waiting run is a value, not a suspended
    /// task), and sets the one poll timer for the earliest run still waiting.
    private func startDuePolls(_ state: inout LoopState) {
        for key in state.due.takeDue(at: clock.now) {
            guard let waiting = state.awaiting.removeValue(forKey: key) else { continue }
            state.polls.insert(key)
            state.running[key] = Task { [self] in
                let end = await poll(waiting)
                wake.yield(.jobFinished(key: key, end: end))
            }
        }
        guard let due = state.due.next else { return }
        if let planned = state.pollWakeAt, planned <= due { return }
        state.pollWake?.cancel()
        state.pollWakeAt = due
        state.pollWake = Task { [clock, wake] in
            guard (try? await clock.sleep(for: due - clock.now)) != nil else { return }
            wake.yield(.pollsDue)
        }
    }

    /// Scans again the moment the first watched file's settle window ends, instead of at the next
    /// tick, so a file is claimed within `settle` of becoming still (plus at most one interval to be seen).
    private func scheduleSettleWake(_ state: inout LoopState) {
        guard let due = state.tracker.nextReadyTime, due > clock.now else { return }
        if let planned = state.settleWakeAt, planned <= due, planned > clock.now { return }
        state.settleWake?.cancel()
        state.settleWakeAt = due
        state.settleWake = Task { [clock, wake] in
            guard (try? await clock.sleep(for: due - clock.now)) != nil else { return }
            wake.yield(.settleDue)
        }
    }

    /// With `once`: nothing left from the first scan, nothing running or queued, no other agent's
    /// folder still being judged, and any result that cannot be written out has been tried 3 times.
    private func isOnceDone(_ state: LoopState) -> Bool {
        let held = dailyLimitUntil.withLock({ $0 }) != nil || tokenHold.withLock({ $0 }) != nil
        if held, state.running.isEmpty, state.awaiting.isEmpty { return true }
        return state.scanned && state.pendingOnce.isEmpty && state.queue.isEmpty && state.running.isEmpty && state.awaiting.isEmpty
            && (!state.leftSinceSweep || state.leftBehind.values.allSatisfy { $0 >= 3 })
            && state.undecidedOwners == 0 && state.unsettled.values.allSatisfy { $0 >= 3 }
    }

    /// Reports a problem once, until `resolve` clears it.
    func report(_ key: String, _ message: String, in state: inout LoopState) {
        guard state.problems.insert(key).inserted else { return }
        noteProblem(message)
        events.record(.problem(message))
    }

    func resolve(_ key: String, _ message: String, in state: inout LoopState) {
        guard state.problems.remove(key) != nil else { return }
        events.record(.problem(message))
    }
}

extension DropAgent.Wake {
    var isSettleDue: Bool {
        if case .settleDue = self { return true }
        return false
    }
}
