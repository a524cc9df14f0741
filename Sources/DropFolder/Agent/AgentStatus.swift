import Foundation
import OrderedJSON
import WorkflowJobs

/// One agent's entry in the root `status.json`: that it is alive, what it is doing, how today went.
public struct AgentStatus: Sendable, Equatable {
    public var agent: String
    public var host: String
    public var pid: Int32
    public var version: String
    public var running: Bool
    public var startedAt: Date
    public var updatedAt: Date
    public var lastScanAt: Date?
    /// How often the entry is rewritten while the agent runs, in seconds.
    public var interval: Double
    /// Requests being run now (dropped names), and async runs waiting for their next poll.
    public var workingOn: [String] = []
    public var waiting = 0
    /// The Beijing date the counts are for, `2026-11-25`.
    public var day = ""
    public var done = 0
    public var failed = 0
    public var lastError: String?
    public var lastErrorAt: Date?
    /// Where the token comes from, until when the current one is valid, and why none can be had.
    public var tokenOrigin: String?
    public var tokenExpiresAt: Date?
    public var tokenProblem: String?
    /// The batches (tables in workflow folders) running, each as `BatchRunProgress.statusEntry`.
    public var batches: [JSONValue] = []
    /// The day's tokens against `daily_token_budget` (`TokenBudget.statusJSON`), when a budget is set.
    public var budget: JSONValue?

    public init(agent: String, host: String, pid: Int32, version: String, running: Bool, startedAt: Date, updatedAt: Date, interval: Double) {
        self.agent = agent
        self.host = host
        self.pid = pid
        self.version = version
        self.running = running
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.interval = interval
    }

    /// Running, and heard from recently enough (three missed rewrites and it counts as gone).
    public func isAlive(at now: Date) -> Bool {
        running && now.timeIntervalSince(updatedAt) <= max(3 * interval, 15)
    }

    public var json: JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string(BeijingTime.iso8601($0)) } ?? .null }
        return .object([
            JSONMember(key: "agent", value: .string(agent)),
            JSONMember(key: "host", value: .string(host)),
            JSONMember(key: "pid", value: .integer(Int(pid))),
            JSONMember(key: "version", value: .string(version)),
            JSONMember(key: "state", value: .string(running ? "running" : "stopped")),
            JSONMember(key: "started_at", value: time(startedAt)),
            JSONMember(key: "updated_at", value: time(updatedAt)),
            JSONMember(key: "updated_unix", value: .number(String(format: "%.3f", updatedAt.timeIntervalSince1970))),
            JSONMember(key: "last_scan_at", value: time(lastScanAt)),
            JSONMember(key: "interval_s", value: .number(String(interval))),
            JSONMember(key: "working_on", value: .array(workingOn.map(JSONValue.string))),
            JSONMember(key: "async_waiting", value: .integer(waiting)),
            JSONMember(key: "today", value: .object([
                JSONMember(key: "date", value: .string(day)),
                JSONMember(key: "done", value: .integer(done)),
                JSONMember(key: "failed", value: .integer(failed)),
            ])),
            JSONMember(key: "last_error", value: lastError.map { message in
                .object([JSONMember(key: "at", value: time(lastErrorAt)), JSONMember(key: "message", value: .string(message))])
            } ?? .null),
            JSONMember(key: "token", value: tokenOrigin.map { origin in
                .object([
                    JSONMember(key: "source", value: .string(origin)),
                    JSONMember(key: "expires_at", value: time(tokenExpiresAt)),
                    JSONMember(key: "problem", value: tokenProblem.map(JSONValue.string) ?? .null),
                ])
            } ?? .null),
            JSONMember(key: "batches", value: .array(batches)),
        ] + (budget.map { [JSONMember(key: "token_budget", value: $0)] } ?? []))
    }

    public init?(json: JSONValue) {
        guard let agent = json["agent"]?.stringValue, let host = json["host"]?.stringValue, let pid = json["pid"]?.integerValue,
              let updated = json["updated_unix"]?.doubleValue else { return nil }
        let updatedAt = Date(timeIntervalSince1970: updated)
        self.init(agent: agent, host: host, pid: Int32(clamping: pid), version: json["version"]?.stringValue ?? "?",
                  running: json["state"]?.stringValue == "running", startedAt: updatedAt, updatedAt: updatedAt,
                  interval: json["interval_s"]?.doubleValue ?? 5)
        startedText = json["started_at"]?.stringValue
        lastScanText = json["last_scan_at"]?.stringValue
        updatedText = json["updated_at"]?.stringValue
        workingOn = json["working_on"]?.arrayValue?.compactMap(\.stringValue) ?? []
        waiting = json["async_waiting"]?.integerValue ?? 0
        batches = json["batches"]?.arrayValue ?? []
        budget = json["token_budget"]
        day = json["today"]?["date"]?.stringValue ?? ""
        done = json["today"]?["done"]?.integerValue ?? 0
        failed = json["today"]?["failed"]?.integerValue ?? 0
        lastError = json["last_error"]?["message"]?.stringValue
        lastErrorText = json["last_error"]?["at"]?.stringValue
        tokenOrigin = json["token"]?["source"]?.stringValue
        tokenExpiresText = json["token"]?["expires_at"]?.stringValue
        tokenProblem = json["token"]?["problem"]?.stringValue
    }

    /// The times as written, when read back from a file (for showing them as they are).
    public var startedText: String?
    public var updatedText: String?
    public var lastScanText: String?
    public var lastErrorText: String?
    public var tokenExpiresText: String?

    /// The entries in `folder` (`<agent>.json` each), by file name; unreadable ones are skipped.
    public static func entries(in folder: String, fileSystem: any FileSystem) -> [(name: String, status: AgentStatus)] {
        ((try? fileSystem.namesInDirectory(folder)) ?? []).sorted().compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix("."),
                  let bytes = try? fileSystem.readFile("\(folder)/\(name)", limit: 1 << 20),
                  let json = try? JSONParser().parse(bytes: bytes), let status = AgentStatus(json: json) else { return nil }
            return (name, status)
        }
    }

    /// The whole `status.json`: every agent's entry, newest first.
    public static func board(_ entries: [AgentStatus], at now: Date) -> JSONValue {
        .object([
            JSONMember(key: "updated_at", value: .string(BeijingTime.iso8601(now))),
            JSONMember(key: "agents", value: .array(entries.sorted { $0.updatedAt > $1.updatedAt }.map(\.json))),
        ])
    }
}
