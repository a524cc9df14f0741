import CozeAPI
import WorkflowJobs

/// How the agent runs: the `watch` command's settings.
public struct AgentConfiguration: Sendable {
    public var layout: FolderLayout
    /// Time between scans of `inbox/`.
    public var interval: Duration = .seconds(1)
    /// How long a file must stay unchanged before it is claimed.
    public var settle: Duration = .seconds(2)
    /// Jobs running at once.
    public var concurrency = 4
    /// Process what is there, then return.
    public var once = false
    /// Results say they came from the simulator.
    public var simulated = false
    /// A request file larger than this is refused before it is read.
    public var maximumRequestBytes = AgentConfiguration.defaultMaximumRequestBytes
    /// The largest request file read by default, by the agent and by `run`, `submit` and `validate`.
    public static let defaultMaximumRequestBytes = 10 * 1024 * 1024
    /// Where the API calls go, for the start-up line.
    public var baseURLDescription = ""
    /// Who this agent is; names its folder in `processing/`.
    public var identity = AgentIdentity.current()
    /// How long another agent's heartbeat must stand still before its jobs are taken over; make it
    /// longer than a network share's attribute cache.
    public var lease: Duration = .seconds(60)
    /// On SIGTERM/SIGINT, how long running sync calls may take to finish.
    public var grace: Duration = .seconds(30)
    /// Send again a call that may or may not have reached Coze before a crash (at-least-once).
    public var resendInterrupted = false
    /// Calls per second to Coze, runs and polls together; 0 for no limit.
    public var maximumRequestsPerSecond: Double = 10
    /// How long an async start or a poll may wait for its answer.
    public var callTimeout: Duration = JobRunner.defaultCallTimeout
    /// How long a stream may stay silent (PINGs count) before it is given up as a timeout.
    public var streamIdleTimeout: Duration = JobRunner.defaultStreamIdleTimeout
    /// How often the agent rewrites its entry in `status.json`.
    public var statusInterval: Duration = .seconds(5)
    /// This program's version, shown in `status.json`.
    public var version = "unknown"
    /// The language of the result summaries and the status file.
    public var language: Language = .en
    /// The settings taken from the folder's `coze-drop.json`, as `key = value`, for the start-up line.
    public var folderSettings: [String] = []
    /// Write the short human summary (`NAME.result.txt`) next to each record; off (`--no-summaries`,
    /// `"summaries": false`) for pipelines that read only the records: fewer file operations per job.
    public var writesSummaries = true
    /// Log a line per scan of the inbox with its cost (for benchmarks).
    public var logsScans = false
    /// How often `processing/` is checked for work to recover (results to move, dead agents' jobs).
    public var recoveryInterval: Duration = .seconds(5)

    /// How async runs are polled when a request's `poll` does not say: until Coze's 24-hour limit,
    /// or the folder's `poll` in coze-drop.json.
    public var pollDefaults = PollPolicy.untilCozeLimit

    /// Check each request's parameters against the workflow's inputs (asked of Coze, kept a few
    /// minutes) before its first call; a request that would certainly fail is not run.
    public var checksParameters = false

    /// Results older than this many days move from `outbox/` and `failed/` into `archive/`
    /// (`keep_days`); `nil`: keep everything.
    public var keepDays: Int?
    /// With `keepDays`, old results are archived (`true`) or deleted (`"archive": false`).
    public var archivesOldResults = true
    /// How often retention looks for old results (one agent at a time).
    public var retentionInterval: Duration = .seconds(3600)
    /// Tokens a Beijing day may use (`daily_token_budget`, all agents' ledgers together); once
    /// reached, new requests wait in the inbox. `nil`: no budget.
    public var dailyTokenBudget: Int?
    /// Reads the budget again (every 15 s), so raising it in `coze-drop.json` takes effect without a
    /// restart; `nil`: `dailyTokenBudget` stays as it is.
    public var dailyTokenBudgetReader: (@Sendable () -> Int?)?

    public init(layout: FolderLayout) {
        self.layout = layout
    }

    var summary: String {
        "agent \(identity.id), interval \(Self.seconds(interval)), settle \(Self.seconds(settle)), concurrency \(concurrency), lease \(Self.seconds(lease)), grace \(Self.seconds(grace)), max \(maximumRequestsPerSecond > 0 ? Self.number(maximumRequestsPerSecond) + " calls/s" : "unlimited calls/s"), request limit \(maximumRequestBytes / 1024 / 1024) MB, stream idle \(Self.seconds(streamIdleTimeout)), language \(language.rawValue)\(resendInterrupted ? ", resend interrupted" : "")\(writesSummaries ? "" : ", no summaries")\(keepDays.map { ", keep \($0) days (\(archivesOldResults ? "archive" : "delete"))" } ?? "")\(dailyTokenBudget.map { ", daily token budget \($0)" } ?? "")\(once ? ", once" : "")\(folderSettings.isEmpty ? "" : "; from coze-drop.json: " + folderSettings.joined(separator: ", "))"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func seconds(_ duration: Duration) -> String {
        let value = duration.inSeconds
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
