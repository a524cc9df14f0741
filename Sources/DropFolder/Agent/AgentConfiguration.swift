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
    public var maximumRequestBytes = 10 * 1024 * 1024
    /// Where the API calls go, for the start-up line.
    public var baseURLDescription = ""

    public init(layout: FolderLayout) {
        self.layout = layout
    }

    var summary: String {
        "interval \(Self.seconds(interval)), settle \(Self.seconds(settle)), concurrency \(concurrency)\(once ? ", once" : "")"
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
