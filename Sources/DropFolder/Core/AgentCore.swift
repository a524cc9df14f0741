/// The agent's decisions, without any I/O: one table of jobs, each in exactly one `JobState`.
/// `handle(_:at:)` takes what happened (a job ended, a scan found files, a stop was asked for) and
/// returns what to do; `DropAgent` carries the actions out (claims, job tasks, timers) and reports
/// back. `Work` is what a job needs to run (a ticket in the agent, a plain value in the tests).
struct AgentCore<Work: Sendable>: Sendable {
    struct Settings: Sendable, Equatable {
        /// How many jobs may call Coze at once (a poll takes no slot).
        var concurrency: Int
        /// Stop once everything present at the first scan has been handled.
        var once: Bool
        /// How long running calls may finish after a stop before they are cancelled.
        var grace: Duration
    }

    enum JobState: Sendable {
        /// Claimed or recovered, waiting for a slot.
        case queued(Work)
        /// Holds a slot: running, resuming or settling.
        case running
        /// One poll of an async run is in flight (no slot).
        case polling
        /// An async run waits for its next poll.
        case awaitingPoll(Work, due: Duration)
        /// Left in `processing/` on purpose (unreadable for now, deferred); a sweep finds it again.
        case leftForLater
        /// Finished, but its result could not be moved out of `processing/` yet; a sweep finds it again.
        case unsettled
    }

    /// How a job task left its job.
    enum JobEnd: Sendable {
        case awaiting(Work, wait: Duration)
        case done
        case left
        case unsettled
    }

    /// A job the agent found (claimed from the inbox, or recovered from `processing/`).
    struct Found: Sendable {
        var key: String
        var name: String
        var work: Work
        /// A row of a batch: queued apart, so single files are not stuck behind a long batch
        /// (free slots are shared: rows get at least half of them while they wait, the rest go to
        /// other jobs and claims first).
        var background = false
    }

    enum Event: Sendable {
        /// A sweep of `processing/` found these jobs; `undecidedOwners` folders of other agents are still being judged.
        case swept(found: [Found], undecidedOwners: Int)
        /// A scan of the inbox ended. `readyWaiting`: settled files wait to be claimed; `pendingOnce`:
        /// files from the first scan not handled yet (with `once`).
        case scanned(readyWaiting: Bool, pendingOnce: Int)
        /// Claims asked for by `.claim`; `inboxExhausted` when no settled file is left to claim;
        /// `pendingOnce` as in `.scanned`.
        case claimed([Found], inboxExhausted: Bool, pendingOnce: Int = 0)
        case ended(key: String, JobEnd)
        /// The poll timer fired.
        case pollsDue
        /// New runs are held back (daily limit, no token) or may go again.
        case hold(Bool)
        case stopRequested
        case graceOver
        /// Jobs made by a running job (the rows of a batch), queued after those already waiting.
        case added([Found])
    }

    enum Action: Sendable {
        /// Run (or resume, or settle) a job; it holds a slot until it ends.
        case start(key: String, work: Work)
        /// Send the next poll of a waiting async run.
        case poll(key: String, work: Work)
        /// Claim up to this many settled inbox files, oldest first, and report `.claimed`.
        case claim(upTo: Int)
        /// Fire `.pollsDue` at this time (replacing any earlier timer).
        case wakeForPolls(at: Duration)
        case cancel([String])
        case announceStopping(runningJobs: Int)
        /// Fire `.graceOver` after this long.
        case startGrace(Duration)
        /// Leave the loop: stopped, or with `once`, done.
        case finish
    }

    struct Job: Sendable {
        var state: JobState
        var name: String
        /// Queue order: recovered work first, then claims, each in the order found.
        var order: Int
        var timesLeft = 0
        var timesUnsettled = 0
    }

    let settings: Settings
    private(set) var jobs: [String: Job] = [:]
    /// How many jobs are in each state, kept as the table changes (a fleet of thousands of waiting
    /// runs must not be counted at every event).
    private var counts: [StateKind: Int] = [:]
    /// Queued keys in the order they run (each found job gets a later order than all before it).
    private var queueOrder: [String] = []
    /// Queued batch rows, in the order they run.
    private var backgroundOrder: [String] = []
    /// Batch rows holding a slot.
    private var backgroundRunning: Set<String> = []
    private var polls = DueQueue()
    private var pollWakeAt: Duration?
    private var nextOrder = 0
    private var readyWaiting = false
    private var held = false
    private(set) var stopping = false
    private var scanned = false
    private var pendingOnce = 0
    private var undecidedOwners = 0
    /// A job was left for later since the last sweep (with `once`, the run goes on until a sweep has
    /// tried it again, three times at most).
    private var leftSinceSweep = false
    private var finished = false
    /// Jobs dropped from the table by a stop whose results could not be moved out.
    private var unsettledAtStop = 0

    init(settings: Settings) {
        self.settings = settings
    }

    enum StateKind: Hashable { case queued, running, polling, awaitingPoll, leftForLater, unsettled }

    private static func kind(of state: JobState) -> StateKind {
        switch state {
        case .queued: .queued
        case .running: .running
        case .polling: .polling
        case .awaitingPoll: .awaitingPoll
        case .leftForLater: .leftForLater
        case .unsettled: .unsettled
        }
    }

    private func count(_ kind: StateKind) -> Int { counts[kind, default: 0] }

    /// The one place the table changes, so the counts always match it.
    private mutating func set(_ key: String, _ job: Job?) {
        if let old = jobs[key] { counts[Self.kind(of: old.state), default: 0] -= 1 }
        if let job { counts[Self.kind(of: job.state), default: 0] += 1 }
        jobs[key] = job
    }

    private mutating func set(_ key: String, state: JobState) {
        guard var job = jobs[key] else { return }
        job.state = state
        set(key, job)
    }

    /// Whether the job is queued, running or waiting for a poll (so a sweep must not start it again).
    func isActive(_ key: String) -> Bool {
        switch jobs[key]?.state {
        case .queued, .running, .polling, .awaitingPoll: true
        case .leftForLater, .unsettled, nil: false
        }
    }

    /// The dropped names of the jobs holding a slot, for the status file.
    var runningNames: [String] {
        jobs.values.compactMap { job in if case .running = job.state { job.name } else { nil } }.sorted()
    }

    /// Async runs waiting for a poll or being polled.
    var waitingCount: Int { count(.polling) + count(.awaitingPoll) }

    /// Jobs whose results could not be moved out at their last try.
    var unsettledCount: Int { jobs.values.count { $0.timesUnsettled > 0 } + unsettledAtStop }

    private var inFlight: [String] {
        jobs.compactMap { key, job in
            switch job.state {
            case .running, .polling: key
            default: nil
            }
        }.sorted()
    }

    mutating func handle(_ event: Event, at now: Duration) -> [Action] {
        guard !finished else { return [] }
        var actions: [Action] = []
        switch event {
        case .swept(let found, let undecided):
            undecidedOwners = undecided
            leftSinceSweep = false
            queue(found)
        case .scanned(let waiting, let pending):
            scanned = true
            readyWaiting = waiting
            pendingOnce = pending
        case .claimed(let found, let exhausted, let pending):
            if exhausted { readyWaiting = false }
            pendingOnce = pending
            queue(found)
        case .ended(let key, let end):
            actions += ended(key, end, at: now)
        case .added(let found):
            queue(found)
        case .pollsDue:
            pollWakeAt = nil
        case .hold(let isHeld):
            held = isHeld
        case .stopRequested:
            guard !stopping else { break }
            stopping = true
            // Queued and waiting runs stay journaled; the next start takes them up again.
            for (key, job) in jobs {
                switch job.state {
                case .running, .polling: break
                default:
                    if job.timesUnsettled > 0 { unsettledAtStop += 1 }
                    set(key, nil)
                }
            }
            queueOrder.removeAll()
            backgroundOrder.removeAll()
            polls.removeAll()
            pollWakeAt = nil
            let pollsInFlight = jobs.filter { if case .polling = $0.value.state { true } else { false } }.keys.sorted()
            actions.append(.announceStopping(runningJobs: jobs.count))
            if !pollsInFlight.isEmpty { actions.append(.cancel(pollsInFlight)) }
            actions.append(.startGrace(settings.grace))
        case .graceOver:
            let keys = inFlight
            if !keys.isEmpty { actions.append(.cancel(keys)) }
        }
        if stopping {
            if count(.running) + count(.polling) == 0 {
                finished = true
                actions.append(.finish)
            }
            return actions
        }
        actions += fill(at: now)
        if settings.once, isOnceDone {
            finished = true
            actions.append(.finish)
        }
        return actions
    }

    private mutating func queue(_ found: [Found]) {
        for item in found where !isActive(item.key) {
            nextOrder += 1
            var job = jobs[item.key] ?? Job(state: .queued(item.work), name: item.name, order: nextOrder)
            job.state = .queued(item.work)
            job.name = item.name
            job.order = nextOrder
            set(item.key, job)
            if item.background { backgroundOrder.append(item.key) } else { queueOrder.append(item.key) }
        }
    }

    private mutating func ended(_ key: String, _ end: JobEnd, at now: Duration) -> [Action] {
        guard var job = jobs[key] else { return [] }
        backgroundRunning.remove(key)
        switch end {
        case .awaiting(let work, let wait):
            if stopping {
                set(key, nil)
            } else {
                job.state = .awaitingPoll(work, due: now + wait)
                set(key, job)
                polls.insert(key, due: now + wait)
            }
        case .done:
            set(key, nil)
        case .left:
            job.state = .leftForLater
            job.timesLeft += 1
            job.timesUnsettled = 0
            set(key, job)
            leftSinceSweep = true
        case .unsettled:
            job.state = .unsettled
            job.timesUnsettled += 1
            set(key, job)
        }
        return []
    }

    /// Sends due polls, sets the poll timer, and fills free slots: queued jobs first, then claims.
    private mutating func fill(at now: Duration) -> [Action] {
        var actions: [Action] = []
        for key in polls.takeDue(at: now) {
            guard let job = jobs[key], case .awaitingPoll(let work, _) = job.state else { continue }
            set(key, state: .polling)
            actions.append(.poll(key: key, work: work))
        }
        if let due = polls.next, pollWakeAt.map({ $0 > due }) ?? true {
            pollWakeAt = due
            actions.append(.wakeForPolls(at: due))
        }
        guard !held else { return actions }
        var free = settings.concurrency - count(.running)
        // While batch rows wait, at least half the slots are theirs.
        let rowsWaiting = !backgroundOrder.isEmpty
        let reserve = rowsWaiting ? max(0, min(free, settings.concurrency / 2 - backgroundRunning.count)) : 0
        var taken = 0
        while free > reserve, taken < queueOrder.count {
            let key = queueOrder[taken]
            taken += 1
            guard let job = jobs[key], case .queued(let work) = job.state else { continue }
            set(key, state: .running)
            actions.append(.start(key: key, work: work))
            free -= 1
        }
        queueOrder.removeFirst(taken)
        var claimed = 0
        if free > reserve, readyWaiting {
            claimed = free - reserve
            actions.append(.claim(upTo: claimed))
        }
        free -= claimed
        taken = 0
        while free > 0, taken < backgroundOrder.count {
            let key = backgroundOrder[taken]
            taken += 1
            guard let job = jobs[key], case .queued(let work) = job.state else { continue }
            set(key, state: .running)
            backgroundRunning.insert(key)
            actions.append(.start(key: key, work: work))
            free -= 1
        }
        backgroundOrder.removeFirst(taken)
        return actions
    }

    /// With `once`: nothing left from the first scan, nothing queued, running or waiting, no other
    /// agent's folder still being judged, and what was left or could not be moved out tried 3 times.
    /// While new runs are held back (daily limit, no token), done once nothing is in flight.
    private var isOnceDone: Bool {
        let busy = count(.running) + count(.polling) + count(.awaitingPoll) > 0
        if held { return !busy }
        let queued = count(.queued) > 0
        let retriesDone = jobs.values.allSatisfy { job in
            switch job.state {
            case .leftForLater: !leftSinceSweep || job.timesLeft >= 3
            case .unsettled: job.timesUnsettled >= 3
            default: true
            }
        }
        return scanned && pendingOnce == 0 && !readyWaiting && !busy && !queued && undecidedOwners == 0 && retriesDone
    }
}

extension AgentCore.Found: Equatable where Work: Equatable {}
extension AgentCore.JobEnd: Equatable where Work: Equatable {}
extension AgentCore.Action: Equatable where Work: Equatable {}
