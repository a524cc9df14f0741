/// A way the simulated service can misbehave, as the real one does now and then.
public enum SimulatedFault: String, CaseIterable, Sendable {
    /// The answer comes late (`FaultPlan.latency`).
    case latency
    /// The connection is closed without an answer, before anything was done.
    case reset
    /// The call is carried out (a run is started), then the connection is closed without an answer.
    case resetAfter = "reset_after"
    /// The call is carried out, then half the answer is sent and the connection is closed.
    case midBody = "mid_body"
    /// HTTP 429 with code 4020: slow down; nothing was done.
    case throttled = "429"
    /// HTTP 500 with an HTML page; nothing was done.
    case serverError = "500"
    /// HTTP 502 from the gateway; nothing was done.
    case badGateway = "502"
    /// HTTP 503; nothing was done.
    case unavailable = "503"
    /// HTTP 200 with an HTML page instead of JSON; nothing was done.
    case html
    /// No answer at all for `FaultPlan.hang`, then the connection is closed; nothing was done.
    case hang
    /// Code 4009, "system busy"; nothing was done.
    case busy = "4009"

    /// Whether the call's work (starting a run, counting a poll) happens before the fault shows.
    var carriesOut: Bool { self == .latency || self == .resetAfter || self == .midBody }
}

/// Faults injected into a share of all API calls, chosen by a seeded generator so a test run
/// can be repeated.
public struct FaultPlan: Sendable {
    public var rate: Double
    public var kinds: [SimulatedFault]
    public var latency: Duration
    public var hang: Duration
    public var seed: UInt64

    public init(rate: Double = 0, kinds: [SimulatedFault] = SimulatedFault.allCases, latency: Duration = .milliseconds(200),
                hang: Duration = .seconds(120), seed: UInt64 = 1) {
        self.rate = rate
        self.kinds = kinds
        self.latency = latency
        self.hang = hang
        self.seed = seed
    }

    public static let none = FaultPlan()
}

/// A small, seedable generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
