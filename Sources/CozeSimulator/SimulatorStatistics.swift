/// What the simulator has seen, so tests can check how many runs were really started.
public struct SimulatorStatistics: Sendable, Equatable {
    /// Sync runs answered (including refused ones).
    public var syncRuns = 0
    /// Async runs started.
    public var asyncStarts = 0
    /// `run_histories` polls answered.
    public var polls = 0
    /// Streamed runs started.
    public var streamRuns = 0
    /// Questions answered (`stream_resume` and `resume`).
    public var resumes = 0
    /// Files uploaded.
    public var uploads = 0
    /// The most run calls (sync or async start) being answered at the same moment.
    public var peakRunsInFlight = 0
    /// Requests refused for a missing or empty token.
    public var unauthorized = 0
    /// Faults injected, scripted or random.
    public var faultsInjected = 0
    /// Workflow info requests answered (`GET /v1/workflows/{id}`).
    public var workflowInfos = 0
    /// Access tokens issued by `POST /api/permission/oauth2/token`.
    public var oauthTokens = 0
    /// Token requests refused (bad JWT, replayed `jti`, bad body).
    public var oauthRefusals = 0
    /// Calls refused with 4100 because their token had expired (`--token-ttl`, or an issued token's `expires_in`).
    public var expiredTokenRefusals = 0
    /// The parameters of every run started (sync or async), as compact JSON, in arrival order.
    public var startedParameters: [String] = []

    public init() {}

    /// How many runs were started more than once with the same parameters.
    public var duplicateStarts: Int {
        var seen = Set<String>()
        return startedParameters.filter { !seen.insert($0).inserted }.count
    }
}
