import Foundation
import HotFolders
import OrderedJSON
import Synchronization
import WorkflowJobs

/// What the status entry counts between rewrites.
struct StatusCounters: Sendable {
    var day = ""
    var done = 0
    var failed = 0
    var lastError: String?
    var lastErrorAt: Date?

    /// Counts a finished job for the day's figures.
    mutating func count(failure: JobFailure?, name: String, day: String, at now: Date) {
        roll(to: day)
        if let failure {
            failed += 1
            lastError = "\(name): \(failure.message)"
            lastErrorAt = now
        } else {
            done += 1
        }
    }

    /// Counts start again each Beijing day.
    mutating func roll(to today: String) {
        guard day != today else { return }
        day = today
        done = 0
        failed = 0
    }
}

extension DropAgent {
    static func beijingDay(_ date: Date) -> String { String(BeijingTime.iso8601(date).prefix(10)) }

    func noteProblem(_ message: String) {
        let now = wallClock()
        statusCounters.withLock {
            $0.lastError = message
            $0.lastErrorAt = now
        }
        notifier?.problem(message)
    }

    func writeStatusIfDue(_ state: inout LoopState) {
        if let last = state.lastStatus, clock.now - last < configuration.statusInterval { return }
        writeStatus(&state, running: true)
    }

    /// Rewrites this agent's entry (or removes it on a clean exit) and the root `status.json`.
    func writeStatus(_ state: inout LoopState, running: Bool) {
        state.lastStatus = clock.now
        let now = wallClock()
        let identity = configuration.identity
        var entry = AgentStatus(agent: identity.id, host: identity.host, pid: identity.pid, version: configuration.version, running: running,
                                startedAt: state.startedAt, updatedAt: now, interval: configuration.statusInterval.inSeconds)
        entry.lastScanAt = state.lastScanAt
        entry.workingOn = Array(state.core.runningNames.prefix(20))
        entry.waiting = state.core.waitingCount
        entry.batches = store.batches.progress.filter { !$0.finished }.map(\.statusEntry)
        entry.budget = tokenBudgetStatus()
        let counters = statusCounters.withLock { counters -> StatusCounters in
            counters.roll(to: Self.beijingDay(now))
            return counters
        }
        entry.day = counters.day
        entry.done = counters.done
        entry.failed = counters.failed
        entry.lastError = counters.lastError
        entry.lastErrorAt = counters.lastErrorAt
        let token = tokenState.withLock { $0 }
        entry.tokenOrigin = token.origin
        entry.tokenExpiresAt = token.expiresAt
        entry.tokenProblem = token.problem
        // Each agent writes only its own entry; every agent rewrites status.json from all of them, so no
        // agent's entry is lost to another's write. On a clean exit the entry stays, marked stopped.
        let own = "\(identity.id).json"
        try? fileSystem.replaceFile(JSONWriter().bytes(from: entry.json), at: "\(layout.statusEntries)/\(own)", durable: false)
        var entries = [entry]
        for (name, other) in AgentStatus.entries(in: layout.statusEntries, fileSystem: fileSystem) where name != own {
            // An entry nobody has rewritten for a week belongs to an agent that is long gone.
            if now.timeIntervalSince(other.updatedAt) > 7 * 86400 {
                try? fileSystem.removeFile("\(layout.statusEntries)/\(name)")
                continue
            }
            entries.append(other)
        }
        try? fileSystem.replaceFile(JSONWriter().bytes(from: AgentStatus.board(entries, at: now)), at: layout.statusBoard, durable: false)
    }
}

/// The day's counts behind a lock, shared by the agent and its job store.
final class SharedStatusCounters: Sendable {
    private let counters = Mutex(StatusCounters())

    func withLock<Result: Sendable>(_ body: (inout StatusCounters) -> Result) -> Result {
        counters.withLock { body(&$0) }
    }
}
