import OrderedJSON

/// The heartbeat an agent keeps in its own folder (`processing/<agent>/agent.lease`): a counter it
/// raises every few seconds. Others judge it by whether the counter moves, on their own clocks,
/// never by comparing a share's timestamps with theirs.
public struct AgentLease: Sendable, Equatable {
    public static let fileName = "agent.lease"

    public var agent: String
    public var host: String
    public var pid: Int32
    public var beat: Int
    /// False once the agent has stopped cleanly: its folder may be adopted at once.
    public var running: Bool

    public init(agent: String, host: String, pid: Int32, beat: Int, running: Bool) {
        self.agent = agent
        self.host = host
        self.pid = pid
        self.beat = beat
        self.running = running
    }

    public var json: JSONValue {
        .object([
            "agent": .string(agent), "host": .string(host), "pid": .integer(Int(pid)),
            "beat": .integer(beat), "state": .string(running ? "running" : "stopped"),
        ])
    }

    public init?(json: JSONValue) {
        guard let agent = json["agent"]?.stringValue, let host = json["host"]?.stringValue,
              let pid = json["pid"]?.integerValue, let beat = json["beat"]?.integerValue else { return nil }
        self.init(agent: agent, host: host, pid: Int32(clamping: pid), beat: beat, running: json["state"]?.stringValue != "stopped")
    }
}
